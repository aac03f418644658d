"""What the chapter on the proposals shows: scenario sets, tables and glued numbers.

The chapter module (`analysis.chapters.forandringar`) calls `ScenarioChapter.build(...)` once and
then asks it for tables (`proposals_table`, `summary_table`, `comparison_tables`, `steps_table`) and
for the formatted numbers it glues into the prose (`numbers()`); every number comes from the
dataset, the parameter file or a scenario file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.chapters.forandringar.assumptions import labelled, step_label
from analysis.chapters.forandringar.numbers import ScenarioNumbers
from analysis.chapters.forandringar.sets import BASE, MAIN, SINGLES
from analysis.chapters.forandringar.steps import step_heading, step_text
from analysis.chapters.forandringar.wording import (
    _change_phrase,
    _mkr,
    _short,
    _signed,
)
from analysis.scenarios.engine import (
    Baseline,
    ScenarioResult,
    compare,
    group_change,
    run_scenario,
)
from analysis.scenarios.loader import load_scenarios, shipped_scenario_files
from analysis.scenarios.schema import PROPOSERS, Scenario
from analysis.scenarios.sensitivity import CNI_SWEEP_SHARES, cni_sweep, decompose, sensitivity


@dataclass
class ScenarioChapter(ScenarioNumbers):
    """All scenario results the chapter needs, computed once."""

    baseline: Baseline
    scenarios: list[Scenario]
    results: list[ScenarioResult]
    shipped_names: frozenset[str]
    sweep: pd.DataFrame = field(default=None)
    sens: pd.DataFrame = field(default=None)
    steps: pd.DataFrame = field(default=None)

    @classmethod
    def build(
        cls,
        baseline: Baseline,
        files: Sequence[str | Path],
        root: str | Path | None = None,
        sensitivity_of: str = "majoritetens-forslag",
    ) -> ScenarioChapter:
        """Load the files (shipped + extra), run every scenario, check the money identities."""
        shipped = {p.stem for p in shipped_scenario_files(root)}
        scenarios = load_scenarios(files)
        results = []
        for s in scenarios:
            r = run_scenario(baseline, s)
            r.check()
            results.append(r)
        shipped_names = frozenset(s.namn for s in scenarios if Path(s.path).stem in shipped)
        chapter = cls(baseline, scenarios, results, shipped_names)
        chapter.sweep = cni_sweep(baseline, CNI_SWEEP_SHARES)
        if sensitivity_of in chapter.by_name:
            scen = chapter.by_name[sensitivity_of].scenario
            chapter.sens = labelled(sensitivity(baseline, scen))
            chapter.steps = decompose(baseline, scen, label=step_label)
        return chapter

    # -- access ---------------------------------------------------------------------------------
    @property
    def by_name(self) -> dict[str, ScenarioResult]:
        return {r.namn: r for r in self.results}

    def __getitem__(self, name: str) -> ScenarioResult:
        return self.by_name[name]

    @property
    def extras(self) -> list[ScenarioResult]:
        """The investigator's own scenarios (not shipped with the book)."""
        return [r for r in self.results if r.namn not in self.shipped_names]

    @property
    def main(self) -> list[ScenarioResult]:
        return [self[n] for n in MAIN if n in self.by_name]

    @property
    def singles(self) -> list[ScenarioResult]:
        return [self[n] for n in SINGLES if n in self.by_name]

    @property
    def compared(self) -> list[ScenarioResult]:
        """The whole proposals plus the investigator's scenarios (tables and group figures)."""
        return self.main + self.extras

    @property
    def long(self) -> pd.DataFrame:
        return compare(self.results)

    # -- tables ---------------------------------------------------------------------------------
    def proposals_table(self, base_title: str | None = None) -> pd.DataFrame:
        """One row per scenario: title, who proposed it, its changes (in applied order), source.

        `base_title` replaces the shipped baseline's title (which names the report's year) with
        one for the dataset's year.
        """
        rows = []
        for s in self.scenarios:
            changes = "; ".join(_change_phrase(c) for c in s.ordered_changes()) or "inga (utgångsläget)"
            title = base_title if base_title and s.namn == BASE else s.titel
            rows.append(
                {
                    "Scenario": title,
                    "Föreslaget av": PROPOSERS[s.forslag_av],
                    "Förändringar": changes,
                    "Källa": s.kalla,
                    "Fil": Path(s.path).name if s.path else "",
                }
            )
        return pd.DataFrame(rows)

    def steps_table(self, name: str) -> pd.DataFrame:
        """What each change of a scenario did (Swedish text with the amounts)."""
        return pd.DataFrame(
            [
                {"Steg": i, "Förändring": step_heading(st), "Vad som händer": step_text(st)}
                for i, st in enumerate(self[name].steg, start=1)
            ]
        )

    def summary_table(self, results: Sequence[ScenarioResult] | None = None) -> pd.DataFrame:
        """Headline per scenario: added money, change of all centres' net, winners and losers."""
        rows = []
        for r in results if results is not None else self.results:
            s = r.summary()
            rows.append(
                {
                    "Scenario": r.scenario.etikett,
                    "Tillförda medel": _mkr(s["tillforda_medel"]),
                    "Hälsocentralernas netto": _mkr(s["skillnad_netto_kr"]),
                    "Vinner / förlorar": f"{s['antal_vinnare']} / {s['antal_forlorare']}",
                    "Största vinst, kr per listad": (
                        f"{_short(s['vinnare'])} {_signed(s['vinnare_varde'])}" if s["vinnare"] else "–"
                    ),
                    "Största förlust, kr per listad": (
                        f"{_short(s['forlorare'])} {_signed(s['forlorare_varde'])}" if s["forlorare"] else "–"
                    ),
                }
            )
        return pd.DataFrame(rows)

    def comparison_tables(self, max_shown: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(narrow, wide): narrow = centre, listed and the change of net per listed person under the
        whole proposals and the investigator's scenarios (at most `max_shown` scenario columns, so
        that the table fits a PDF page); wide = every scenario, per listed and in kronor, for download.
        """
        shown = self.compared[:max_shown]
        base = self.results[0].per_centre
        narrow = base[["hc_id", "namn", "listade"]].copy()
        narrow["namn"] = narrow["namn"].map(_short)
        for r in shown:
            narrow[r.scenario.etikett] = r.per_centre["skillnad_netto_per_listad"].round(0).astype("int64")
        narrow = narrow.sort_values("namn", kind="stable").drop(columns="hc_id")
        narrow = narrow.rename(columns={"namn": "Hälsocentral", "listade": "Listade"})
        wide = base[
            [
                c
                for c in ("hc_id", "namn", "kommun", "driftsform", "listade", "upptagningsomrade_befolkning")
                if c in base.columns
            ]
        ].copy()
        for r in self.results:
            lab = r.scenario.etikett
            df = r.per_centre
            wide[f"{lab}: ersättning kr"] = df["ersattning_total"].round(0)
            wide[f"{lab}: netto kr"] = df["netto"].round(0)
            wide[f"{lab}: förändring netto kr"] = df["skillnad_netto_kr"].round(0)
            wide[f"{lab}: förändring netto kr per listad"] = df["skillnad_netto_per_listad"].round(1)
        return narrow.reset_index(drop=True), wide

    def groups(self, by: str, results: Sequence[ScenarioResult] | None = None) -> pd.DataFrame:
        return group_change(results if results is not None else self.compared, by)

    # -- numbers for the prose ---------------------------------------------------------------------
