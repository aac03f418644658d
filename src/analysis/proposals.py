"""Every proposal of the investigation and its board papers, and how the book treats each one.

The list is data (`proposals.yml` beside this module): one entry per proposal with its source, who
made it and the book's treatment (a scenario file, a follow-up indicator, a section of the book, or
"not quantifiable with the data at hand" and why). `load_proposals()` validates it (pydantic, Swedish
messages naming the file and the entry); `proposals_table()` is what the chapter
"Förslagen i utredningen" shows, with MyST links to where the book answers each proposal.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.scenarios.schema import PROPOSERS

FILE_NAME = "proposals.yml"

#: Who made a proposal; the three of the steering group as in the scenario files.
PROPOSED_BY: dict[str, str] = {
    "majoriteten": PROPOSERS["majoriteten"],
    "oppositionen": PROPOSERS["oppositionen"],
    "enighet": PROPOSERS["enighet"],
    "regiondirektoren": "Regiondirektören (styrelseärende)",
}

#: How the book treats a proposal (Swedish labels for the table).
TREATMENTS: dict[str, str] = {
    "scenario": "Scenario",
    "uppfoljning": "Uppföljning",
    "avsnitt": "Avsnitt",
    "ej_kvantifierbar": "Räknas inte",
}


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    doc: str | None = None
    ref: str | None = None

    @model_validator(mode="after")
    def _one(self):
        if (self.doc is None) == (self.ref is None):
            raise ValueError("'lank' ska ha precis en av nycklarna 'doc' (ett kapitel) eller 'ref' (ett avsnitt)")
        return self

    def myst(self, doc_prefix: str = "") -> str:
        return f"{{doc}}`{doc_prefix}{self.doc}`" if self.doc else f"{{ref}}`{self.ref}`"


class Proposal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    forslag: str = Field(min_length=1)
    kalla: str = Field(min_length=1)
    forslag_av: Literal["majoriteten", "oppositionen", "enighet", "regiondirektoren"]
    behandling: Literal["scenario", "uppfoljning", "avsnitt", "ej_kvantifierbar"]
    scenario: str | None = None
    lank: Link | None = None
    varfor: str | None = None

    @model_validator(mode="after")
    def _treatment_needs(self):
        if self.behandling == "scenario" and not self.scenario:
            raise ValueError("behandling 'scenario' kräver nyckeln 'scenario' (scenariofilens namn utan .yml)")
        if self.behandling == "ej_kvantifierbar" and not self.varfor:
            raise ValueError("behandling 'ej_kvantifierbar' kräver nyckeln 'varfor' (varför det inte går att räkna)")
        if self.behandling != "ej_kvantifierbar" and self.lank is None:
            raise ValueError(f"behandling '{self.behandling}' kräver nyckeln 'lank' (var boken svarar)")
        return self


class ProposalsError(ValueError):
    """The proposal list is not valid; the message is Swedish and names the file and entry."""


def default_file() -> Path:
    return Path(str(resources.files("analysis") / FILE_NAME))


def load_proposals(path: str | Path | None = None, scenario_names: set[str] | None = None) -> list[Proposal]:
    """The validated list; with `scenario_names`, every scenario named must be one of them."""
    path = Path(path) if path is not None else default_file()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProposalsError(f"{path.name}: inte giltig YAML ({exc})") from None
    if not isinstance(raw, list):
        raise ProposalsError(f"{path.name}: väntade en lista med förslag")
    proposals = []
    for number, entry in enumerate(raw, start=1):
        name = entry.get("id", "?") if isinstance(entry, dict) else "?"
        try:
            proposals.append(Proposal.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "posten"
            message = first["msg"].removeprefix("Value error, ")
            raise ProposalsError(f"{path.name}, förslag {number} ('{name}'), {where}: {message}") from None
    duplicated = [k for k, n in Counter(p.id for p in proposals).items() if n > 1]
    if duplicated:
        raise ProposalsError(f"{path.name}: id förekommer flera gånger: {', '.join(duplicated)}")
    if scenario_names is not None:
        for p in proposals:
            if p.scenario and p.scenario not in scenario_names:
                raise ProposalsError(
                    f"{path.name}, förslag '{p.id}': scenariofilen '{p.scenario}.yml' finns inte "
                    f"i scenarios/ (kända: {', '.join(sorted(scenario_names))})"
                )
    return proposals


def treatment_text(p: Proposal, scenario_titles: dict[str, str] | None = None, doc_prefix: str = "") -> str:
    """The table's last column: what the book does with the proposal, with a link."""
    if p.behandling == "ej_kvantifierbar":
        return f"Räknas inte: {p.varfor}"
    where = p.lank.myst(doc_prefix)
    if p.behandling == "scenario":
        title = (scenario_titles or {}).get(p.scenario, p.scenario)
        return f"Scenario *{title}*, se {where}"
    if p.behandling == "uppfoljning":
        return f"Uppföljning, se {where}"
    return f"Belyses i {where}"


def proposals_table(
    proposals: list[Proposal], scenario_titles: dict[str, str] | None = None, doc_prefix: str = ""
) -> pd.DataFrame:
    """One row per proposal: Förslag, Föreslaget av, Källa, Så behandlar boken förslaget."""
    return pd.DataFrame(
        [
            {
                "Förslag": p.forslag,
                "Föreslaget av": PROPOSED_BY[p.forslag_av],
                "Källa": p.kalla,
                "Så behandlar boken förslaget": treatment_text(p, scenario_titles, doc_prefix),
            }
            for p in proposals
        ]
    )


def counts(proposals: list[Proposal]) -> dict[str, int]:
    """Number of proposals per treatment (all treatments, zeros included) and in all (`alla`)."""
    c = Counter(p.behandling for p in proposals)
    return {"alla": len(proposals), **{t: c.get(t, 0) for t in TREATMENTS}}
