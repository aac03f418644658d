"""Every health centre's numbers for its sheet, computed in one pass (vectorised over centres).

`compute_sheets(source, scenarios)` runs the 2020 model once, every scenario once (and its
step-by-step decomposition once), and returns a `Sheets` holding per-centre frames; nothing here
loops over centres except to hand out the rows. The same model functions as the chapters are
used (`analysis.model.compute_model`, `analysis.scenarios.run_scenario` and `decompose`), so a
sheet's totals are the chapter's numbers for that centre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.chapters.registry import SCENARIO_TABLES
from analysis.model import AGE_BANDS, CNI_VARIABLES, ModelInputs, compute_model
from analysis.model.cni import cni_contributions, normalise_scb_columns, weighted_mean_cni
from analysis.model.compute import PAYMENT_COLUMNS, ModelResult

#: Tables a sheet's numbers come from (their data status is shown on every sheet).
MODEL_TABLES = SCENARIO_TABLES
FOLLOWUP_TABLES = ("indikatorer", "besok")

#: Age groups summarised in the sheet's prose (lower bound, upper bound inclusive, label).
AGE_GROUPS = ((0, 19, "0–19 år"), (20, 64, "20–64 år"), (65, 200, "65 år och äldre"), (80, 200, "80 år och äldre"))
SEXES = ("kvinna", "man")


@dataclass(frozen=True)
class SheetSource:
    """What the sheets are computed from: the model's inputs and, when present, the follow-up tables."""

    inputs: ModelInputs
    statuses: dict[str, str]
    dataset_name: str
    year: int
    params: dict = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)  # the dataset's manifest (checksums for the register)
    indikatorer: pd.DataFrame | None = None
    besok: pd.DataFrame | None = None

    @classmethod
    def from_dataset(cls, ds) -> SheetSource:
        present = [t for t in (*MODEL_TABLES, *FOLLOWUP_TABLES) if ds.has_table(t)]
        return cls(
            inputs=ModelInputs.from_dataset(ds),
            statuses={t: ds.status(t) for t in present},
            dataset_name=ds.name,
            year=int(ds.year),
            params=ds.params or {},
            manifest=getattr(ds, "manifest", None) or {},
            indikatorer=ds.table("indikatorer") if ds.has_table("indikatorer") else None,
            besok=ds.table("besok") if ds.has_table("besok") else None,
        )

    @property
    def centres(self) -> pd.DataFrame:
        return self.inputs.halsocentraler


@dataclass
class Sheets:
    """Per-centre frames (index `hc_id`, in the model's order) and the region's reference values."""

    result: ModelResult
    centres: pd.DataFrame  # hc_id, namn, kommun, driftsform, listade, upptagningsomrade_befolkning
    age_sex: pd.DataFrame  # rows hc_id, columns (kon, aldersgrupp): share of the centre's listed
    region_age_sex: pd.Series  # (kon, aldersgrupp): share of all listed
    age_groups: pd.DataFrame  # rows hc_id, columns AGE_GROUPS labels + "kvinnor": shares
    region_age_groups: pd.Series
    per_listed: pd.DataFrame  # rows hc_id, columns PAYMENT_COLUMNS + ersattning_total: kr per listed
    region_per_listed: pd.Series
    cni_shares: pd.DataFrame  # rows hc_id, columns CNI_VARIABLES: share of the SCB base
    region_cni_shares: pd.Series
    cni_parts: pd.DataFrame  # rows hc_id, columns CNI_VARIABLES: contribution to the CNI
    region_cni: float
    scenarios: list = field(default_factory=list)  # ScenarioEffect per scenario with changes
    indicators: pd.DataFrame | None = None  # from `analysis.sheets.followup`
    statuses: dict[str, str] = field(default_factory=dict)
    dataset_name: str = ""
    year: int = 0
    min_n: int = 5  # the small-number rule (indicator targets)

    @property
    def ids(self) -> list[str]:
        return self.centres.index.tolist()

    @cached_property
    def money(self) -> pd.DataFrame:
        """The model's per-centre result, indexed by hc_id."""
        return self.result.per_centre.set_index("hc_id")

    @cached_property
    def indicators_by_centre(self) -> dict[str, pd.DataFrame]:
        if self.indicators is None:
            return {}
        return {str(k): g for k, g in self.indicators.groupby("hc_id", sort=False)}


@dataclass
class ScenarioEffect:
    """One scenario's effect on every centre: net per listed today, each step, after; rank."""

    name: str
    title: str
    label: str
    start: pd.Series  # net per listed person today (kr), index hc_id
    steps: pd.DataFrame  # rows hc_id, one column per change (label, in the engine's order)
    end: pd.Series  # net per listed person with the scenario
    change: pd.Series  # end − start
    rank: pd.Series  # 1 = the largest gain per listed person
    n_ranked: int


def compute_sheets(source: SheetSource, scenarios=(), follow_up: bool = True) -> Sheets:
    """All sheets' numbers. `scenarios`: loaded `Scenario`s (those without changes are skipped)."""
    result = compute_model(source.inputs)
    pc = result.per_centre.set_index("hc_id")
    centres = _centres(source.centres, pc)
    age_sex, region_age_sex = _age_sex(source.inputs.listade, centres.index)
    age_groups, region_age_groups = _age_groups(age_sex, region_age_sex)
    listed = pc["listade"].astype("float64")
    money = pc[[*PAYMENT_COLUMNS, "ersattning_total"]]
    per_listed = money.div(listed.where(listed > 0), axis=0)
    region_per_listed = money.sum() / listed.sum()
    cni_shares, region_cni_shares, cni_parts = _cni(source.inputs, result, centres.index)
    active = pc[pc["listade"] > 0]
    sheets = Sheets(
        result=result,
        centres=centres,
        age_sex=age_sex,
        region_age_sex=region_age_sex,
        age_groups=age_groups,
        region_age_groups=region_age_groups,
        per_listed=per_listed,
        region_per_listed=region_per_listed,
        cni_shares=cni_shares,
        region_cni_shares=region_cni_shares,
        cni_parts=cni_parts,
        region_cni=weighted_mean_cni(active["cni"], active["listade"]),
        statuses=dict(source.statuses),
        dataset_name=source.dataset_name,
        year=source.year,
    )
    sheets.scenarios = scenario_effects(source.inputs, result, scenarios)
    if follow_up and source.indikatorer is not None:
        from analysis.indicators.targets import targets
        from analysis.sheets.followup import indicator_positions

        sheets.indicators = indicator_positions(source, centres.index)
        sheets.min_n = int(targets(source.params)["minsta_antal"].varde)
    return sheets


def _centres(halsocentraler: pd.DataFrame, pc: pd.DataFrame) -> pd.DataFrame:
    hc = halsocentraler.assign(hc_id=halsocentraler["hc_id"].astype(str)).set_index("hc_id")
    out = pc[["namn", "kommun", "driftsform", "listade"]].copy()
    for col in ("ort", "upptagningsomrade_befolkning"):
        out[col] = hc[col].reindex(out.index) if col in hc.columns else np.nan
    return out


def _age_sex(listade: pd.DataFrame, ids: pd.Index) -> tuple[pd.DataFrame, pd.Series]:
    """Share of each centre's listed in each sex × age band, and the same for all listed."""
    counts = listade.pivot_table(
        index=listade["hc_id"].astype(str),
        columns=["kon", "aldersgrupp"],
        values="antal",
        aggfunc="sum",
        fill_value=0,
        observed=True,
    )
    cols = pd.MultiIndex.from_product([SEXES, AGE_BANDS], names=["kon", "aldersgrupp"])
    counts = counts.reindex(index=ids, columns=cols, fill_value=0).astype("float64")
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    region = counts.sum() / counts.to_numpy().sum()
    return shares, region


def _band_start(band: str) -> int:
    return int(band.rstrip("+").split("-")[0])


def _age_groups(shares: pd.DataFrame, region: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    starts = np.array([_band_start(b) for b in shares.columns.get_level_values("aldersgrupp")])

    def groups(values: np.ndarray) -> dict[str, np.ndarray]:
        out = {label: values[..., (starts >= lo) & (starts <= hi)].sum(axis=-1) for lo, hi, label in AGE_GROUPS}
        women = shares.columns.get_level_values("kon") == "kvinna"
        out["kvinnor"] = values[..., women].sum(axis=-1)
        return out

    centre = pd.DataFrame(groups(shares.to_numpy()), index=shares.index)
    centre[shares.isna().all(axis=1).to_numpy()] = np.nan
    return centre, pd.Series(groups(region.to_numpy()))


def _cni(inputs: ModelInputs, result: ModelResult, ids: pd.Index):
    scb = normalise_scb_columns(inputs.cni_underlag).set_index("enhet").reindex(ids)
    counts = scb[list(CNI_VARIABLES)].astype("float64")
    base = scb["befolkning"].astype("float64")
    shares = counts.div(base.where(base > 0), axis=0)
    region = counts.sum() / base.sum()
    parts = cni_contributions(scb, result.params.cni_vikter, result.params.cni_referens)
    return shares, region, parts.reindex(columns=list(CNI_VARIABLES))


def scenario_effects(inputs: ModelInputs, result: ModelResult, scenarios) -> list[ScenarioEffect]:
    """Each scenario's waterfall per centre (net per listed person, kr): today, one step per change
    in the engine's order (`analysis.scenarios.decompose`), with the scenario; and the rank."""
    from analysis.chapters.forandringar.assumptions import step_label
    from analysis.scenarios import Baseline, decompose, run_scenario

    scenarios = [s for s in scenarios if s.ordered_changes()]
    if not scenarios:
        return []
    baseline = Baseline.from_model(inputs, result, centres=inputs.halsocentraler)
    effects = []
    for scenario in scenarios:
        run = run_scenario(baseline, scenario)
        run.check()
        df = run.per_centre.set_index("hc_id")
        listed = df["listade"].astype("float64").where(df["listade"] > 0)
        start = df["bas_netto"] / listed
        parts = decompose(baseline, scenario, label=step_label)
        steps = parts.pivot(index="hc_id", columns="ordning", values="bidrag_per_listad").reindex(df.index)
        labels = parts.drop_duplicates("ordning").set_index("ordning")["steg"]
        steps.columns = [labels[k] for k in steps.columns]
        change = df["skillnad_netto_per_listad"]
        rank = change.rank(ascending=False, method="min")
        effects.append(
            ScenarioEffect(
                name=scenario.namn,
                title=scenario.titel,
                label=scenario.etikett,
                start=start,
                steps=steps,
                end=start + change,
                change=change,
                rank=rank,
                n_ranked=int(change.notna().sum()),
            )
        )
    return effects
