"""The scenario file format (YAML), validated with pydantic; every error in Swedish.

A scenario file describes one proposal for Hälsoval 2021 as an ordered list of changes to the
2020 model (report §6.1, §9)::

    namn: majoritetens-forslag
    titel: Majoritetens förslag
    kortnamn: Majoriteten            # optional: short label for figures
    beskrivning: >-
      ...
    forslag_av: majoriteten          # majoriteten | oppositionen | enighet | utredningen | regionstyrelsen
    kalla: "rapporten §9"
    ordning: 20                      # optional: position in tables (lower first)
    forandringar:
      - typ: ta_bort_kostnadsansvar
        kostnadstyp: lof_lol
        ...
      - typ: cni_andel
        andel: 0.40                  # or "40 %"

The change types and their keys are the pydantic models below (`extra="forbid"`: an unknown key
is an error, with a suggestion when it looks like a typo). How the changes combine is described
in `analysis.scenarios.engine` (they are applied in a fixed order, `CHANGE_ORDER`).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from analysis.scenarios.schema_base import Share, _Base, _Change, parse_share  # noqa: F401 (re-exported)
from analysis.scenarios.side_changes import (
    SIDE_CHANGE_LABELS,
    PtpSomSt,
    SarskildaAtagandenCentralt,
    TaBortVite,
    Utomlansersattning,
)
from analysis.vocabulary import REMOVABLE_COST_TYPES

#: The order in which changes are applied, whatever their order in the file.
CHANGE_ORDER: tuple[str, ...] = (
    "ta_bort_kostnadsansvar",
    "sarskilda_ataganden_centralt",
    "ptp_som_st",
    "ta_bort_vite",
    "utomlansersattning",
    "patientavgifter_i_kapitering",
    "glesbygd_upptagningsomrade",
    "cni_andel",
    "separat_halsoval_ostersund",
)

#: Who proposed a scenario (report §9, §6.1).
PROPOSERS: dict[str, str] = {
    "majoriteten": "Majoriteten",
    "oppositionen": "Oppositionen (S och V)",
    "enighet": "Hela styrgruppen",
    "utredningen": "Utredningen/boken",
    "regionstyrelsen": "Regiondirektören (styrelseärende)",
}

#: How pooled or retained money can be distributed over the health centres.
DISTRIBUTIONS: dict[str, str] = {
    "fast_kapitering": "som den fasta kapiteringen (åldersvikt + CNI, i proportion)",
    "aldersviktad": "efter de listades åldersvikter",
    "per_listad": "lika mycket per listad",
}


class TaBortKostnadsansvar(_Change):
    """Remove a cost responsibility from the health centres (report §6.1, §9).

    The costs are then paid from a central budget outside Hälsoval. `finansiering` says where the
    central budget comes from:

    - `tillskott`: new money (the LOF/LOL reading of §6.1: 21 MSEK added); the Hälsoval
      compensation keeps its size, and `behall_i_ersattning_kr` (19 MSEK for LOF/LOL) names the
      part of it that paid for these costs and now stays "to strengthen the primary-care
      mission", distributed by `fordelning`;
    - `ur_ersattningen`: the compensation is reduced by the central budget (the foot-care reading
      of §9: "kostnaden lyfts ur ersättningen och behålls centralt"); the fixed capitation is
      scaled down pro rata, so the region's cost is unchanged.

    `central_budget_kr: null` means "the cost of that type in the dataset".
    """

    typ: Literal["ta_bort_kostnadsansvar"]
    kostnadstyp: Literal[REMOVABLE_COST_TYPES]
    finansiering: Literal["tillskott", "ur_ersattningen"] = "tillskott"
    central_budget_kr: float | None = Field(default=None, ge=0)
    behall_i_ersattning_kr: float = Field(default=0.0, ge=0)
    fordelning: Literal["fast_kapitering", "aldersviktad", "per_listad"] = "fast_kapitering"

    @model_validator(mode="after")
    def _retained_only_with_new_money(self):
        if self.finansiering == "ur_ersattningen" and self.behall_i_ersattning_kr:
            raise ValueError(
                "'behall_i_ersattning_kr' kan bara användas med finansiering: tillskott "
                "(med 'ur_ersattningen' lyfts pengarna ur ersättningen)"
            )
        return self


class CniAndel(_Change):
    """Set CNI's share of the fixed capitation (age-weighted + CNI money) (report §9).

    The pot stays the same: CNI money = andel × pot, shared by CNI × listed; age money =
    (1 − andel) × pot, shared by age-weighted listed persons. 2020: about 25 %.
    """

    typ: Literal["cni_andel"]
    andel: Share

    @field_validator("andel", mode="before")
    @classmethod
    def _share(cls, value):
        return parse_share(value)


class Band(_Base):
    """One band of the catchment rule: centres with at most `max_befolkning` inhabitants."""

    max_befolkning: int = Field(gt=0)
    vikt: float = Field(ge=0)


class GlesbygdUpptagningsomrade(_Change):
    """Share the sparsity budget by the catchment population instead of distance (report §9).

    Each centre gets a weight from its catchment population P (table `halsocentraler`, column
    `upptagningsomrade_befolkning`); the budget is shared in proportion to the weights (an amount
    per centre, since the argument is the fixed costs of a small centre):

    - `regel: linjar`: weight = max(0, grans − P): the smaller the catchment, the more;
    - `regel: band`: weight = `vikt` of the first band with P ≤ `max_befolkning` (0 above all bands).

    `andel_avstand` (0–1) keeps that share of the budget on the 2020 distance rule (the board paper
    000 speaks of distance *and* size); `budget_kr: null` keeps the 2020 sparsity budget. A
    different budget is financed from (or returned to) the fixed capitation, so the total is kept.
    """

    typ: Literal["glesbygd_upptagningsomrade"]
    regel: Literal["linjar", "band"] = "linjar"
    grans: int | None = Field(default=None, gt=0)
    band: list[Band] | None = None
    andel_avstand: Share = 0.0
    budget_kr: float | None = Field(default=None, ge=0)

    @field_validator("andel_avstand", mode="before")
    @classmethod
    def _share(cls, value):
        return parse_share(value)

    @model_validator(mode="after")
    def _rule_parameters(self):
        if self.regel == "linjar" and self.grans is None:
            raise ValueError("regel 'linjar' kräver nyckeln 'grans' (invånare i upptagningsområdet)")
        if self.regel == "band":
            if not self.band:
                raise ValueError("regel 'band' kräver nyckeln 'band' (en lista med max_befolkning och vikt)")
            limits = [b.max_befolkning for b in self.band]
            if limits != sorted(limits) or len(set(limits)) != len(limits):
                raise ValueError("'band' måste vara ordnade efter stigande max_befolkning")
        return self


class PatientavgifterIKapitering(_Change):
    """Patient fees are no longer kept by the centre; the region pools them into capitation (§9).

    The pool (Σ fees of all centres) is paid back as a capitation component, by `fordelning`.
    """

    typ: Literal["patientavgifter_i_kapitering"]
    fordelning: Literal["aldersviktad", "per_listad", "fast_kapitering"] = "aldersviktad"


class SeparatHalsovalOstersund(_Change):
    """A separate Hälsoval for Östersund (opposition, report §9).

    The centres in `kommunkoder` get their own pot: the money they had at that point from the
    fixed capitation and the sparsity compensation. Inside it: CNI share `cni_andel` (null =
    unchanged), no sparsity compensation unless `glesbygd: true` (that money stays in the pot) and,
    unless `kostnadsansvar_lof_lol: true`, no LOF/LOL responsibility (the pot pays a central
    LOF/LOL budget for Östersund of the same size, so the total is kept). The rest of the region
    is unchanged.
    """

    typ: Literal["separat_halsoval_ostersund"]
    kommunkoder: list[str] = Field(default_factory=lambda: ["2380"], min_length=1)
    cni_andel: Share | None = None
    glesbygd: bool = False
    kostnadsansvar_lof_lol: bool = False

    @field_validator("cni_andel", mode="before")
    @classmethod
    def _share(cls, value):
        return parse_share(value)

    @field_validator("kommunkoder", mode="before")
    @classmethod
    def _codes_as_text(cls, value):
        if isinstance(value, (str, int)):
            value = [value]
        if isinstance(value, list):
            return [str(v).zfill(4) if isinstance(v, int) else v for v in value]
        return value


Change = Annotated[
    TaBortKostnadsansvar
    | CniAndel
    | GlesbygdUpptagningsomrade
    | PatientavgifterIKapitering
    | SeparatHalsovalOstersund
    | Utomlansersattning
    | PtpSomSt
    | TaBortVite
    | SarskildaAtagandenCentralt,
    Field(discriminator="typ"),
]

#: typ → model class (for messages and suggestions), read from `Change`.
CHANGE_TYPES: dict[str, type[_Change]] = {
    get_args(cls.model_fields["typ"].annotation)[0]: cls for cls in get_args(get_args(Change)[0])
}

#: Swedish names of the change types (tables, figure legends).
CHANGE_LABELS: dict[str, str] = {
    "ta_bort_kostnadsansvar": "Kostnadsansvar tas bort",
    "patientavgifter_i_kapitering": "Patientavgifter in i kapiteringen",
    "glesbygd_upptagningsomrade": "Glesbygdsersättning efter upptagningsområde",
    "cni_andel": "Ny CNI-andel",
    "separat_halsoval_ostersund": "Separat hälsoval för Östersund",
    **SIDE_CHANGE_LABELS,
}


class Scenario(_Base):
    """One scenario file, validated. `path` is set by the loader (not a key in the file)."""

    namn: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    titel: str = Field(min_length=1)
    kortnamn: str | None = Field(default=None, max_length=30)
    beskrivning: str = Field(min_length=1)
    forslag_av: Literal["majoriteten", "oppositionen", "enighet", "utredningen", "regionstyrelsen"]
    kalla: str = Field(min_length=1)
    ordning: int = 100
    forandringar: list[Change] = Field(default_factory=list)
    path: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _each_change_once(self):
        seen: dict[str, int] = {}
        for number, change in enumerate(self.forandringar, start=1):
            key = change.typ
            if isinstance(change, TaBortKostnadsansvar):
                key = f"{change.typ}:{change.kostnadstyp}"
            if key in seen:
                raise ValueError(
                    f"förändring {number} upprepar förändring {seen[key]} ('{key.replace(':', ' ')}'); "
                    "varje förändring får förekomma en gång"
                )
            seen[key] = number
        return self

    @property
    def etikett(self) -> str:
        """A short label for figures: `kortnamn`, else `titel`."""
        return self.kortnamn or self.titel

    @property
    def forslagsstallare(self) -> str:
        return PROPOSERS[self.forslag_av]

    def ordered_changes(self) -> list:
        """The changes in the order they are applied (`CHANGE_ORDER`; file order within a type)."""
        rank = {typ: i for i, typ in enumerate(CHANGE_ORDER)}
        return sorted(self.forandringar, key=lambda c: rank[c.typ])  # sorted() is stable

    def change(self, typ: str):
        """The first change of a type, or None."""
        return next((c for c in self.forandringar if c.typ == typ), None)


#: Keys allowed at the top of a file (for suggestions).
TOP_LEVEL_KEYS: tuple[str, ...] = tuple(k for k in Scenario.model_fields if k != "path")
