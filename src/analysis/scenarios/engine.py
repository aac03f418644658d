"""Running a scenario: the 2020 model's result per centre, changed step by step.

The engine starts from the 2020 baseline (`analysis.model.compute_model`, one row per health
centre) and applies the scenario's changes **in a fixed order**, whatever their order in the file
(`analysis.scenarios.schema.CHANGE_ORDER`):

1. cost responsibilities removed (`ta_bort_kostnadsansvar`; LOF/LOL before foot care, file order),
2. the side items (`analysis.scenarios.side_items`): special duties funded centrally, PTP paid like
   ST, no opening-hours fine, out-of-county revenue kept or pooled,
3. patient fees pooled into capitation (`patientavgifter_i_kapitering`),
4. sparsity compensation by catchment population (`glesbygd_upptagningsomrade`),
5. CNI's share of the fixed capitation (`cni_andel`),
6. a separate Hälsoval for Östersund (`separat_halsoval_ostersund`).

What each change type does is in `analysis.scenarios.changes` (the 2020 model's rules) and
`analysis.scenarios.side_items` (money beside the capitation); comparing results per centre and
per group is in `analysis.scenarios.comparing`. The order is chosen so that every step works on a
well-defined pot: money lifted out of or kept in the compensation (1, 2) changes the size of the
fixed capitation before it is split between age and CNI (5); the Östersund split (6) comes last,
so that it divides the money each side has after all region-wide changes.

Money terms used throughout (kronor per year, price level of the dataset):

- **fixed capitation** ("fast kapitering") = age-weighted capitation (`ersattning_listad`) + CNI
  money (`ersattning_cni`); CNI share = CNI money / fixed capitation (2020: about 25 %);
- **compensation** (`ersattning_total`) = fixed capitation + drug budget + sparsity + (new in
  scenarios) the pooled-fee capitation and any retained money paid separately;
- **net** (`netto`) = compensation + patient fees the centre keeps − costs the centre carries,
  plus the side items (+ out-of-county compensation, − fines, − special-duty costs);
- **region cost** (`region_kostnad`) = Σ compensation + Σ central budgets − patient fees (and
  pooled out-of-county revenue) the region collects − fines. A scenario must leave it unchanged
  except for the money it adds (`tillforda_medel`: the 21 MSEK central LOF/LOL budget, new money for
  PTP or special duties, fines forgone); `ScenarioResult.check()` tests it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.scenarios.changes import (
    _apply_cni,
    _apply_fees,
    _apply_ostersund,
    _apply_remove_cost,
    _apply_sparsity,
    catchment_weights,  # noqa: F401 (re-exported)
)
from analysis.scenarios.columns import (  # noqa: F401 (re-exported)
    COMPONENTS,
    ID_COLUMNS,
    KEY_COLUMNS,
    OPTIONAL_COLUMNS,
    OSTERSUND,
    REQUIRED_COLUMNS,
)
from analysis.scenarios.comparing import COMPARE_VALUES, compare, group_change  # noqa: F401 (re-exported)
from analysis.scenarios.money import (  # noqa: F401 (re-exported)
    ScenarioRunError,
    Step,
    distribution_key,
    pot_summary,
    redistribute_fixed,
    share_out,
)
from analysis.scenarios.schema import Scenario
from analysis.scenarios.side_items import APPLY as SIDE_APPLY
from analysis.scenarios.side_items import SIDE_COLUMNS, SIDE_COSTS, SIDE_INCOME, add_side_columns
from analysis.vocabulary import COST_LABELS, COST_TYPES  # noqa: F401 (COST_LABELS re-exported)


# -- the baseline -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Baseline:
    """The 2020 result per centre that every scenario starts from.

    `per_centre` holds the model's columns (see `REQUIRED_COLUMNS`, `kostnad_<type>`) plus, when
    available, the centre's catchment population and coordinates from `halsocentraler`.
    `kostnadsansvar` is the set of cost types the centres carry in 2020.
    """

    per_centre: pd.DataFrame
    kostnadsansvar: frozenset[str] = frozenset(COST_TYPES)
    params: object | None = None
    fee_factor: float = 1.0
    sido: dict = field(default_factory=dict)  # scalars of the side items (`side_items.SIDE_PARAMETERS`)

    def __post_init__(self):
        df = self.per_centre
        missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
        if missing:
            raise ScenarioRunError(f"grunddata för scenarier saknar kolumnerna {missing}")
        if df["hc_id"].duplicated().any():
            raise ScenarioRunError("grunddata för scenarier: samma hc_id förekommer flera gånger")

    # construction -----------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        per_centre: pd.DataFrame,
        kostnadsansvar: Iterable[str] | None = None,
        centres: pd.DataFrame | None = None,
        params: object | None = None,
        side_params: dict | None = None,
        side_source: str = "parametrar.yml",
    ) -> Baseline:
        """From a per-centre frame (the model's `per_centre` or a hand-made one in tests).

        `side_params`: the parameter file's contents (a dict) holding the side items (out-of-county
        revenue, training compensation, fines, special duties; `analysis.scenarios.side_items`).
        """
        df = per_centre.copy().reset_index(drop=True)
        df["hc_id"] = df["hc_id"].astype(str)
        df["kommunkod"] = df["kommunkod"].astype(str).str.zfill(4)
        if "kommun" not in df.columns:
            df["kommun"] = df["kommunkod"]
        for typ in COST_TYPES:
            col = f"kostnad_{typ}"
            if col not in df.columns:
                df[col] = 0.0
        if centres is not None:
            extra = [c for c in OPTIONAL_COLUMNS if c in centres.columns and c not in df.columns]
            if extra:
                right = centres[["hc_id", *extra]].copy()
                right["hc_id"] = right["hc_id"].astype(str)
                df = df.merge(right, on="hc_id", how="left", validate="one_to_one")
        for col in (
            "ersattning_avgiftspott",
            "ersattning_behallna_medel",
            "ersattning_utbildning",
            "ersattning_utomlanspott",
        ):
            df[col] = 0.0
        float_cols = [*COMPONENTS, *(f"kostnad_{t}" for t in COST_TYPES), "patientavgifter"]
        df[float_cols] = df[float_cols].astype("float64")
        sido = add_side_columns(df, side_params, side_source)
        ansvar = frozenset(kostnadsansvar) if kostnadsansvar is not None else frozenset(COST_TYPES)
        return cls(per_centre=df, kostnadsansvar=ansvar, params=params, sido=sido)

    @classmethod
    def from_model(
        cls,
        inputs,
        result=None,
        centres: pd.DataFrame | None = None,
        side_params: dict | None = None,
        side_source: str = "parametrar.yml",
    ) -> Baseline:
        """From `analysis.model` inputs (and their result, computed if not given)."""
        from analysis.model import compute_model

        if result is None:
            result = compute_model(inputs)
        params = getattr(inputs, "params", None) or getattr(result, "params", None)
        ansvar = getattr(params, "kostnadsansvar", None)
        if centres is None:
            centres = _centres_from_inputs(inputs)
        return cls.from_frame(
            result.per_centre, ansvar, centres=centres, params=params, side_params=side_params, side_source=side_source
        )

    @classmethod
    def from_dataset(cls, dataset) -> Baseline:
        """From a loaded dataset (`analysis.data.load_dataset`): runs the 2020 model."""
        from analysis.data.manifest import params_file
        from analysis.model import ModelInputs

        inputs = ModelInputs.from_dataset(dataset)
        return cls.from_model(
            inputs,
            centres=dataset.table("halsocentraler"),
            side_params=dataset.params,
            side_source=params_file(dataset.manifest),
        )

    # variants for the sensitivity analysis ------------------------------------------------
    def with_fee_level(self, factor: float) -> Baseline:
        """The same baseline with every centre's patient fees multiplied by `factor`."""
        df = self.per_centre.copy()
        df["patientavgifter"] = df["patientavgifter"] * factor
        return replace(self, per_centre=df, fee_factor=self.fee_factor * factor)

    # derived --------------------------------------------------------------------------------
    @property
    def state(self) -> _State:
        df = self.per_centre.copy()
        _totals(df)
        return _State(df=df, kostnadsansvar=set(self.kostnadsansvar), sido=dict(self.sido))

    @property
    def cni_share(self) -> float:
        df = self.per_centre
        return float(df["ersattning_cni"].sum() / (df["ersattning_listad"].sum() + df["ersattning_cni"].sum()))

    @property
    def region_cost(self) -> float:
        return float(self.per_centre[list(COMPONENTS)].to_numpy().sum())


def _centres_from_inputs(inputs) -> pd.DataFrame | None:
    """The `halsocentraler` table from model inputs, wherever the model keeps it."""
    for name in ("halsocentraler", "centres", "centers"):
        table = getattr(inputs, name, None)
        if isinstance(table, pd.DataFrame):
            return table
    tables = getattr(inputs, "tables", None)
    if isinstance(tables, Mapping) and isinstance(tables.get("halsocentraler"), pd.DataFrame):
        return tables["halsocentraler"]
    dataset = getattr(inputs, "dataset", None)
    if dataset is not None and hasattr(dataset, "table"):
        return dataset.table("halsocentraler")
    return None


# -- state while a scenario runs -------------------------------------------------------------
@dataclass
class _State:
    df: pd.DataFrame
    kostnadsansvar: set[str]
    centrala_budgetar: dict[str, float] = field(default_factory=dict)
    tillforda: dict[str, float] = field(default_factory=dict)
    avgifter_till_regionen: float = 0.0
    steg: list[Step] = field(default_factory=list)
    pots: dict[str, dict] = field(default_factory=dict)
    sido: dict[str, float] = field(default_factory=dict)
    flaggor: set[str] = field(default_factory=set)


def _totals(df: pd.DataFrame) -> None:
    df["ersattning_total"] = df[list(COMPONENTS)].sum(axis=1)
    df["kostnad_total"] = df[[f"kostnad_{t}" for t in COST_TYPES]].sum(axis=1)
    df["netto"] = df["ersattning_total"] + df["patientavgifter"] - df["kostnad_total"]
    for col in SIDE_INCOME:
        if col in df.columns:
            df["netto"] += df[col]
    for col in SIDE_COSTS:
        if col in df.columns:
            df["netto"] -= df[col]


_APPLY = {
    "ta_bort_kostnadsansvar": _apply_remove_cost,
    "patientavgifter_i_kapitering": _apply_fees,
    "glesbygd_upptagningsomrade": _apply_sparsity,
    "cni_andel": _apply_cni,
    "separat_halsoval_ostersund": _apply_ostersund,
    **SIDE_APPLY,
}


# -- result -------------------------------------------------------------------------------------
@dataclass
class ScenarioResult:
    """A scenario's outcome per centre and for the region, with the change from the baseline."""

    scenario: Scenario
    per_centre: pd.DataFrame
    centrala_budgetar: dict[str, float]
    tillforda: dict[str, float]
    avgifter_till_regionen: float
    bas_region_kostnad: float
    steg: list[Step]
    pots: dict[str, dict]

    @property
    def namn(self) -> str:
        return self.scenario.namn

    @property
    def tillforda_medel(self) -> float:
        """Money the report adds to the system (the central LOF/LOL budget), kronor."""
        return float(sum(self.tillforda.values()))

    @property
    def region_kostnad(self) -> float:
        """Σ compensation + Σ central budgets − patient fees and fines collected by the region."""
        return float(
            self.per_centre["ersattning_total"].sum()
            + sum(self.centrala_budgetar.values())
            - self.avgifter_till_regionen
            - self.per_centre["vite"].sum()
        )

    def reconciliation(self) -> dict:
        """The region-cost identity: cost − baseline cost − added money should be 0 kr."""
        diff = self.region_kostnad - self.bas_region_kostnad
        return {
            "bas_region_kostnad": self.bas_region_kostnad,
            "region_kostnad": self.region_kostnad,
            "skillnad": diff,
            "tillforda_medel": self.tillforda_medel,
            "avvikelse": diff - self.tillforda_medel,
        }

    def check(self, tolerance_kr: float = 1.0) -> None:
        """Raise if the region's cost changed by anything but the added money."""
        r = self.reconciliation()
        if abs(r["avvikelse"]) > tolerance_kr:
            raise AssertionError(
                f"scenario {self.namn}: regionens kostnad ändras med {fmt.kr(r['skillnad'])}, men bara "
                f"{fmt.kr(r['tillforda_medel'])} tillförs (avvikelse {fmt.kr(r['avvikelse'])})"
            )

    def summary(self, measure: str = "skillnad_netto_per_listad") -> dict:
        """Headline numbers: total change, biggest winner and loser by `measure`."""
        df = self.per_centre
        best, worst = df.loc[df[measure].idxmax()], df.loc[df[measure].idxmin()]
        some_gain, some_loss = best[measure] > 0.5, worst[measure] < -0.5
        return {
            "scenario": self.namn,
            "titel": self.scenario.titel,
            "skillnad_ersattning_kr": float(df["skillnad_kr"].sum()),
            "skillnad_netto_kr": float(df["skillnad_netto_kr"].sum()),
            "tillforda_medel": self.tillforda_medel,
            "vinnare": best["namn"] if some_gain else None,
            "vinnare_varde": float(best[measure]) if some_gain else 0.0,
            "forlorare": worst["namn"] if some_loss else None,
            "forlorare_varde": float(worst[measure]) if some_loss else 0.0,
            "antal_vinnare": int((df[measure] > 0.5).sum()),
            "antal_forlorare": int((df[measure] < -0.5).sum()),
        }


RESULT_COLUMNS = (
    *ID_COLUMNS,
    *KEY_COLUMNS,
    *COMPONENTS,
    "ersattning_total",
    *(f"kostnad_{t}" for t in COST_TYPES),
    "kostnad_total",
    "patientavgifter",
    *SIDE_COLUMNS,
    "netto",
    "bas_ersattning_total",
    "bas_netto",
    "skillnad_kr",
    "skillnad_per_listad",
    "skillnad_netto_kr",
    "skillnad_netto_per_listad",
)


def run_scenario(inputs, scenario: Scenario) -> ScenarioResult:
    """Apply a scenario to the 2020 baseline.

    `inputs` is a `Baseline` (fast: build it once with `Baseline.from_model`/`from_dataset`) or
    `analysis.model.ModelInputs` (the model is run first). Changes are applied in `CHANGE_ORDER`.
    """
    baseline = inputs if isinstance(inputs, Baseline) else Baseline.from_model(inputs)
    base = baseline.state
    state = baseline.state
    for change in scenario.ordered_changes():
        try:
            _APPLY[change.typ](state, change)
        except ScenarioRunError as exc:
            where = f"{scenario.path}: " if scenario.path else f"scenario {scenario.namn}: "
            raise ScenarioRunError(where + str(exc)) from None
    df = state.df
    _totals(df)
    df["bas_ersattning_total"] = base.df["ersattning_total"].to_numpy()
    df["bas_netto"] = base.df["netto"].to_numpy()
    listed = df["listade"].astype("float64").replace(0, np.nan)
    df["skillnad_kr"] = df["ersattning_total"] - df["bas_ersattning_total"]
    df["skillnad_per_listad"] = df["skillnad_kr"] / listed
    df["skillnad_netto_kr"] = df["netto"] - df["bas_netto"]
    df["skillnad_netto_per_listad"] = df["skillnad_netto_kr"] / listed
    extra = [c for c in OPTIONAL_COLUMNS if c in df.columns]
    per_centre = df[[c for c in RESULT_COLUMNS if c in df.columns] + extra].reset_index(drop=True)
    if not state.pots:
        state.pots["region"] = pot_summary(df)
    return ScenarioResult(
        scenario=scenario,
        per_centre=per_centre,
        centrala_budgetar=dict(state.centrala_budgetar),
        tillforda=dict(state.tillforda),
        avgifter_till_regionen=float(state.avgifter_till_regionen),
        bas_region_kostnad=float(base.df["ersattning_total"].sum() - base.df["vite"].sum()),
        steg=list(state.steg),
        pots=dict(state.pots),
    )


def run_all(baseline: Baseline, scenarios: Iterable[Scenario]) -> list[ScenarioResult]:
    """Run several scenarios on one baseline; each result is checked (`ScenarioResult.check`)."""
    results = []
    for scenario in scenarios:
        result = run_scenario(baseline, scenario)
        result.check()
        results.append(result)
    return results
