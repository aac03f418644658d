"""The model's parameters as one typed, immutable object (read from `parametrar.yml`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis import params as P
from analysis.model.bands import COST_TYPES, weights_series
from analysis.model.cni import CNI_VARIABLES


@dataclass(frozen=True)
class ModelParams:
    """Everything the 2020 model needs besides the tables.

    Amounts in kr per listed person and year (price level of the parameter file, February 2020
    for the report's year). Use `dataclasses.replace(params, ...)` for variants; mappings are
    copied on construction so a variant never shares state with its original.
    """

    pris_per_viktenhet: float
    aldersvikter: Mapping[str, float]
    cni_vikter: Mapping[str, float]
    cni_referens: float
    cni_snitt_per_listad: float
    lakemedel_pris: float
    lakemedelsvikter: Mapping[str, float]
    glesbygd_budget: float
    glesbygd_troskel_km: float
    kostnadsansvar: frozenset = field(default_factory=lambda: frozenset(COST_TYPES))
    prisniva: str = ""

    def __post_init__(self) -> None:
        set_ = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        set_("aldersvikter", weights_series(self.aldersvikter, "åldersvikter").to_dict())
        set_("lakemedelsvikter", weights_series(self.lakemedelsvikter, "läkemedelsvikter").to_dict())
        cni = {str(k): float(v) for k, v in dict(self.cni_vikter).items()}
        unknown = sorted(set(cni) - set(CNI_VARIABLES))
        if unknown:
            raise ValueError(f"okända CNI-variabler {unknown}")
        set_("cni_vikter", cni)
        kinds = frozenset(map(str, self.kostnadsansvar))
        if kinds - set(COST_TYPES):
            raise ValueError(f"okända kostnadstyper i kostnadsansvar: {sorted(kinds - set(COST_TYPES))}")
        set_("kostnadsansvar", kinds)
        for name in ("pris_per_viktenhet", "cni_referens", "cni_snitt_per_listad", "lakemedel_pris",
                     "glesbygd_budget", "glesbygd_troskel_km"):
            value = float(getattr(self, name))
            if value < 0 or (name == "cni_referens" and value == 0):
                raise ValueError(f"parametern {name} har ett ogiltigt värde ({value})")
            set_(name, value)

    @classmethod
    def from_params(cls, params: dict) -> ModelParams:
        """Read the entries of a parameter file (`parametrar.yml`, see the data contract).

        `kostnadsansvar` (a list of cost types under `varden`) is optional: default all seven
        cost types, as in 2020 (report §6).
        """
        try:
            carried = P.value(params, "kostnadsansvar")
        except KeyError:
            carried = COST_TYPES
        return cls(
            pris_per_viktenhet=P.value(params, "ersattning_listad.pris_per_viktenhet"),
            aldersvikter=P.value(params, "ersattning_listad.aldersvikter"),
            cni_vikter=P.value(params, "cni.vikter"),
            cni_referens=P.value(params, "cni.referensvarde"),
            cni_snitt_per_listad=P.value(params, "cni.snitt_per_listad"),
            lakemedel_pris=P.value(params, "lakemedel.pris_per_viktenhet"),
            lakemedelsvikter=P.value(params, "lakemedel.vikter"),
            glesbygd_budget=P.value(params, "glesbygd.budget_kr"),
            glesbygd_troskel_km=P.value(params, "glesbygd.troskel_km"),
            kostnadsansvar=frozenset(carried),
            prisniva=str(params.get("prisniva", "")),
        )

    def replace(self, **changes) -> ModelParams:
        """Shorthand for `dataclasses.replace(self, **changes)`."""
        return dataclasses.replace(self, **changes)
