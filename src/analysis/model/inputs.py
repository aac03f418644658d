"""The tables and parameters one model run reads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from analysis.parameters import ModelParams

REQUIRED_TABLES = ("halsocentraler", "listade", "listade_ort", "cni_underlag", "kostnader")
OPTIONAL_TABLES = ("patientavgifter",)


@dataclass(frozen=True)
class ModelInputs:
    """Inputs of `compute_model`. Replace a table or the params with `dataclasses.replace`."""

    halsocentraler: pd.DataFrame
    listade: pd.DataFrame
    listade_ort: pd.DataFrame
    cni_underlag: pd.DataFrame
    kostnader: pd.DataFrame
    params: ModelParams
    patientavgifter: pd.DataFrame | None = None

    @classmethod
    def from_dataset(cls, ds, params: ModelParams | None = None) -> ModelInputs:
        """Collect the model's tables from a loaded dataset (`analysis.data.load_dataset`)."""
        tables = {name: ds.table(name) for name in REQUIRED_TABLES}
        optional = {name: _optional_table(ds, name) for name in OPTIONAL_TABLES}
        return cls(
            **tables,
            **optional,
            params=params if params is not None else ModelParams.from_params(ds.params),
        )

    def replace(self, **changes) -> ModelInputs:
        return dataclasses.replace(self, **changes)


def _optional_table(ds, name: str) -> pd.DataFrame | None:
    has = getattr(ds, "has_table", None) or getattr(ds, "has", None)
    if callable(has):
        return ds.table(name) if has(name) else None
    names = getattr(ds, "table_names", None) or getattr(ds, "tables", None)
    if names is not None and not callable(names):
        return ds.table(name) if name in names else None
    try:
        return ds.table(name)
    except (KeyError, LookupError, FileNotFoundError):
        return None
