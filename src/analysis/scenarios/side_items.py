"""Money beside the capitation: what the baseline holds and what the side change types do.

Four items of the report and its board papers that the 2020 model itself leaves out (issue 19):

- **out-of-county revenue** (`utomlans`): visits by patients from other regions; the centre gets
  `ersattning_per_besok_kr` from the home region and keeps the patient's fee
  (`avgift_per_besok_kr`, part of the table `patientavgifter`);
- **training compensation** (`utbildning`): kronor per full-time ST doctor and PTP psychologist, and
  each centre's number of them;
- **the opening-hours fine** (`tillganglighet`): 2020 rule (report §5.2): `vite_per_vecka_kr` for each
  week the requirement is not met, at most `vite_max_kr` per occasion; each centre's weeks and
  occasions (the weeks are taken as evenly spread over the occasions);
- **special duties** (`sarskilda_ataganden`): the region-run centres' costs outside the Hälsoval
  mission (board paper RS/773/2021): `huvudmannauppdrag_kr` and `e_frikort_kr`, shared over the
  region-run centres by listed persons (an assumption: the paper gives only the totals).

All are read from `parametrar.yml` (`SIDE_PARAMETERS`); per-centre values are `varden: {hc_id: value}`
(a centre left out has 0). A missing group gives zeros, and the change that needs it stops with a
Swedish message. Baseline columns: `intakt_utomlans` (income), `vite` and
`kostnad_huvudmannauppdrag`/`kostnad_e_frikort` (costs) enter the net (`engine._totals`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import formatting as fmt
from analysis.scenarios.money import (
    ScenarioRunError,
    Step,
    distribution_key,
    fixed_pot,
    scale_fixed,
    share_out,
)
from analysis.scenarios.side_changes import (
    PtpSomSt,
    SarskildaAtagandenCentralt,
    TaBortVite,
    Utomlansersattning,
)
from analysis.side_parameters import SIDE_PARAMETERS
from analysis.vocabulary import REGION_RUN

SIDE_COLUMNS = (
    "utomlans_besok",
    "intakt_utomlans",
    "utomlans_avgifter",
    "st_lakare",
    "ptp_psykologer",
    "vite_veckor",
    "vite_tillfallen",
    "vite",
    "kostnad_huvudmannauppdrag",
    "kostnad_e_frikort",
)
#: Side columns that are money in the centre's net: + income, − costs.
SIDE_INCOME = ("intakt_utomlans",)
SIDE_COSTS = ("vite", "kostnad_huvudmannauppdrag", "kostnad_e_frikort")


def _where(source: str, group: str, key: str, *rest: str) -> str:
    return f"{source}, {'.'.join((group, key, *rest))}"


def read_side_parameters(
    params: dict | None, hc_ids: list[str], source: str = "parametrar.yml"
) -> tuple[dict[str, pd.Series], dict[str, float]]:
    """Per-centre series and scalars of `SIDE_PARAMETERS` found in `params` (checked, Swedish errors).

    Returns ({"group.key": Series by hc_id}, {"group.key": value, or the sum of a per-centre entry});
    absent entries are left out.
    """
    per_centre: dict[str, pd.Series] = {}
    scalars: dict[str, float] = {}
    known = set(hc_ids)
    for (group, key), (is_per_centre, what) in SIDE_PARAMETERS.items():
        entry = (params or {}).get(group, {}) if isinstance((params or {}).get(group), dict) else {}
        entry = entry.get(key)
        if entry is None:
            continue
        field = "varden" if is_per_centre else "varde"
        if not isinstance(entry, dict) or field not in entry:
            raise ScenarioRunError(f"{_where(source, group, key)}: väntade nyckeln '{field}' ({what})")
        value = entry[field]
        if is_per_centre:
            if not isinstance(value, dict):
                raise ScenarioRunError(
                    f"{_where(source, group, key, field)}: väntade hc_id: värde per hälsocentral ({what})"
                )
            for hc, number in value.items():
                if str(hc) not in known:
                    raise ScenarioRunError(
                        f"{_where(source, group, key, field, str(hc))}: okänd hälsocentral '{hc}'; väntade ett "
                        f"hc_id ur tabellen halsocentraler ({', '.join(sorted(known)[:5])} …)"
                    )
                _check_number(number, _where(source, group, key, field, str(hc)), what)
            series = pd.Series({str(k): float(v) for k, v in value.items()}, dtype="float64")
            per_centre[f"{group}.{key}"] = series.reindex(hc_ids, fill_value=0.0)
            scalars[f"{group}.{key}"] = float(series.sum())  # marks the entry as present
        else:
            _check_number(value, _where(source, group, key, field), what)
            scalars[f"{group}.{key}"] = float(value)
    return per_centre, scalars


def _check_number(value: Any, where: str, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ScenarioRunError(f"{where}: värdet '{value}' är inte ett tal ≥ 0 (väntade {what})")


def add_side_columns(df: pd.DataFrame, params: dict | None, source: str = "parametrar.yml") -> dict[str, float]:
    """Add `SIDE_COLUMNS` to the baseline frame (in place) from the parameters; return the scalars."""
    ids = df["hc_id"].astype(str).tolist()
    per, scal = read_side_parameters(params, ids, source)

    def col(name: str) -> pd.Series:
        return pd.Series(per[name].to_numpy(), index=df.index) if name in per else pd.Series(0.0, index=df.index)

    df["utomlans_besok"] = col("utomlans.besok")
    df["intakt_utomlans"] = df["utomlans_besok"] * scal.get("utomlans.ersattning_per_besok_kr", 0.0)
    df["utomlans_avgifter"] = df["utomlans_besok"] * scal.get("utomlans.avgift_per_besok_kr", 0.0)
    too_big = df["utomlans_avgifter"] > df["patientavgifter"] + 0.5
    if too_big.any():
        row = df[too_big].iloc[0]
        raise ScenarioRunError(
            f"{_where(source, 'utomlans', 'besok', 'varden', row['hc_id'])}: utomlänsbesökens avgifter "
            f"({fmt.kr(row['utomlans_avgifter'])}) är större än hälsocentralens patientavgifter "
            f"({fmt.kr(row['patientavgifter'])}, tabellen patientavgifter); väntade färre besök"
        )
    df["st_lakare"] = col("utbildning.st_lakare")
    df["ptp_psykologer"] = col("utbildning.ptp_psykologer")
    weeks, occasions = col("tillganglighet.vite_veckor"), col("tillganglighet.vite_tillfallen")
    occasions = occasions.where(~((weeks > 0) & (occasions <= 0)), 1.0)
    df["vite_veckor"], df["vite_tillfallen"] = weeks, occasions
    df["vite"] = fine(
        weeks,
        occasions,
        scal.get("tillganglighet.vite_per_vecka_kr", 0.0),
        scal.get("tillganglighet.vite_max_kr", float("inf")),
    )
    region_run = df["driftsform"] == REGION_RUN
    key = df["listade"].where(region_run, 0).astype("float64")
    for part in ("huvudmannauppdrag", "e_frikort"):
        total = scal.get(f"sarskilda_ataganden.{part}_kr", 0.0)
        df[f"kostnad_{part}"] = share_out(total, key) if total and key.sum() > 0 else 0.0
    return scal


def fine(weeks: pd.Series, occasions: pd.Series, per_week: float, ceiling: float) -> pd.Series:
    """The 2020 fine: per occasion min(weeks × per_week, ceiling), weeks evenly spread over occasions."""
    n = occasions.where(occasions > 0, 1.0)
    per_occasion = (weeks / n * per_week).clip(upper=ceiling)
    return (per_occasion * n).where(weeks > 0, 0.0)


def _missing(state, change_typ: str, *names: str) -> bool:
    """True (and a step saying so) when the dataset lacks a parameter the change needs.

    The shipped scenarios run on every dataset; one without these items gets no amounts and a
    note in the chapter's step table instead of a stopped build.
    """
    absent = [n for n in names if n not in state.sido]
    if not absent:
        return False
    state.steg.append(
        Step(change_typ, "uppgifter_saknas", {"saknas": [(n, SIDE_PARAMETERS[tuple(n.split("."))][1]) for n in absent]})
    )
    return True


def _finance(state, amount: float, financing: str, label: str) -> None:
    """Book `amount` as new money (`tillskott`) or take it from the fixed capitation."""
    if financing == "tillskott":
        state.tillforda[label] = state.tillforda.get(label, 0.0) + amount
        return
    scale_fixed(state.df, fixed_pot(state.df) - amount, label)


# -- the change types ---------------------------------------------------------------------------
def apply_out_of_county(state, change: Utomlansersattning) -> None:
    df = state.df
    if _missing(
        state, change.typ, "utomlans.besok", "utomlans.ersattning_per_besok_kr", "utomlans.avgift_per_besok_kr"
    ):
        return
    revenue, fees = float(df["intakt_utomlans"].sum()), float(df["utomlans_avgifter"].sum())
    if change.hantering == "behalls":
        state.flaggor.add("utomlans_behalls")
    else:
        key = distribution_key(df, change.fordelning)
        df["intakt_utomlans"] = 0.0
        df["ersattning_utomlanspott"] += share_out(revenue, key)
        state.avgifter_till_regionen += revenue
    state.steg.append(
        Step(change.typ, change.hantering, {"intakt_kr": revenue, "avgifter_kr": fees, "fordelning": change.fordelning})
    )


def apply_ptp(state, change: PtpSomSt) -> None:
    df = state.df
    needed = ["utbildning.ptp_psykologer", "utbildning.ersattning_ptp_kr"]
    if change.ersattning_kr is None:
        needed.append("utbildning.ersattning_st_kr")
    if _missing(state, change.typ, *needed):
        return
    st_rate = float(
        change.ersattning_kr if change.ersattning_kr is not None else state.sido["utbildning.ersattning_st_kr"]
    )
    ptp_rate = state.sido["utbildning.ersattning_ptp_kr"]
    extra = (st_rate - ptp_rate) * df["ptp_psykologer"]
    total = float(extra.sum())
    label = "PTP-psykologer som ST-läkare"
    df["ersattning_utbildning"] += extra
    _finance(state, total, change.finansiering, label)
    state.steg.append(
        Step(
            change.typ,
            change.finansiering,
            {"hojning_kr": total, "ptp_kr": ptp_rate, "st_kr": st_rate, "tjanster": float(df["ptp_psykologer"].sum())},
        )
    )


def apply_no_fine(state, change: TaBortVite) -> None:
    df = state.df
    if _missing(state, change.typ, "tillganglighet.vite_per_vecka_kr", "tillganglighet.vite_veckor"):
        return
    total = float(df["vite"].sum())
    fined = int((df["vite"] > 0).sum())
    df["vite"] = 0.0
    label = "Uteblivna viten"
    if total:
        state.tillforda[label] = state.tillforda.get(label, 0.0) + total
    state.steg.append(Step(change.typ, "", {"viten_kr": total, "hc_med_vite": fined}))


def apply_special_duties(state, change: SarskildaAtagandenCentralt) -> None:
    df = state.df
    values, financed = {}, {}
    if _missing(state, change.typ, *(f"sarskilda_ataganden.{part}_kr" for part in change.delar)):
        return
    for part in change.delar:
        amount = state.sido[f"sarskilda_ataganden.{part}_kr"]
        col = f"kostnad_{part}"
        df[col] = 0.0
        label = "Särskilda åtaganden" if part == "huvudmannauppdrag" else "E-frikortsmodulen"
        state.centrala_budgetar[label] = state.centrala_budgetar.get(label, 0.0) + amount
        financing = getattr(change, f"finansiering_{part}")
        _finance(state, amount, financing, label)
        values[part], financed[part] = amount, financing
    state.steg.append(Step(change.typ, "", {**values, "finansiering": financed}))


APPLY = {
    "utomlansersattning": apply_out_of_county,
    "ptp_som_st": apply_ptp,
    "ta_bort_vite": apply_no_fine,
    "sarskilda_ataganden_centralt": apply_special_duties,
}
