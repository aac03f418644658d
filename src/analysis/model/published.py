"""The report's published figures (literal data, cited by section) and the check against them.

Every number in `REPORT_FIGURES` is copied from the report "Hälsoval 2021 utredning" (Östersund
2020-05-05), §6 "Ersättningsmodell Hälsoval 2020" and §9, as printed there. Two rows are an
auditor's derivations from printed numbers (marked "härlett"): one CNI point is worth
1 078/1,32 ≈ 646/0,79 ≈ 817 kr, so the listed-weighted mean CNI is 820/817 ≈ 1,00.
`published_checks` recomputes each figure from a model run.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.model.cni import cni_point_value, weighted_mean_cni
from analysis.vocabulary import CNI_LABELS, REPORT_CNI_WEIGHTS  # noqa: F401 (REPORT_CNI_WEIGHTS re-exported)

#: The model year the report's figures describe ("Ersättningsmodell Hälsoval 2020", §6).
REPORT_YEAR = 2020


@dataclass(frozen=True)
class ReportFigure:
    key: str
    storhet: str  # Swedish label
    rapporten: float  # as printed in the report
    enhet: str  # "kr/listad", "vikt", "CNI", "andel"
    avsnitt: str  # the report's section
    tolerans: float  # half a unit of the printed last digit (or as stated for derivations)
    band: str | None = None  # age band or centre the report names for this figure


REPORT_FIGURES: tuple[ReportFigure, ...] = (
    ReportFigure("pris_vikt1", "Ersättning listad vid vikt 1,0", 2453, "kr/listad", "§6", 0.5),
    ReportFigure("aldersvikt_min", "Lägsta åldersvikt", 0.33, "vikt", "§6", 0.005, "10-14"),
    ReportFigure("aldersvikt_max", "Högsta åldersvikt", 2.21, "vikt", "§6", 0.005, "85-89"),
    ReportFigure("listad_min_kr", "Ersättning listad, lägsta belopp", 816, "kr/listad", "§6", 0.5),
    ReportFigure("listad_max_kr", "Ersättning listad, högsta belopp", 5429, "kr/listad", "§6", 0.5),
    ReportFigure("cni_snitt", "CNI-ersättning, snitt per listad", 820, "kr/listad", "§6", 0.5),
    ReportFigure("cni_min", "Lägsta CNI", 0.79, "CNI", "§6", 0.005, "Hallen"),
    ReportFigure("cni_max", "Högsta CNI", 1.32, "CNI", "§6", 0.005, "Järpen"),
    ReportFigure("cni_min_kr", "CNI-ersättning per listad, lägsta", 646, "kr/listad", "§6", 0.5, "Hallen"),
    ReportFigure("cni_max_kr", "CNI-ersättning per listad, högsta", 1078, "kr/listad", "§6", 0.5, "Järpen"),
    ReportFigure("lakemedel_vikt1", "Läkemedelsersättning vid vikt 1,0", 1272, "kr/listad", "§6", 0.5),
    ReportFigure("lakemedelsvikt_min", "Lägsta läkemedelsvikt", 0.23, "vikt", "§6", 0.005, "25-29"),
    ReportFigure("lakemedelsvikt_max", "Högsta läkemedelsvikt", 3.22, "vikt", "§6", 0.005, "100+"),
    ReportFigure("lakemedel_min_kr", "Läkemedelsersättning, lägsta belopp", 290, "kr/listad", "§6", 0.5),
    ReportFigure("lakemedel_max_kr", "Läkemedelsersättning, högsta belopp", 4098, "kr/listad", "§6", 0.5),
    ReportFigure("cni_andel", "CNI:s andel av fast kapitering, 820/(2 453 + 820)", 0.25, "andel", "§9", 0.005),
    ReportFigure(
        "cni_andel_modell",
        "CNI:s andel av fast kapitering i modellen (summa CNI/(listad + CNI))",
        0.25,
        "andel",
        "§9",
        0.005,
    ),
    ReportFigure("cni_poang_kr", "Värde av en CNI-poäng (härlett: 1 078/1,32)", 817, "kr/listad", "§6", 1.0),
    ReportFigure("cni_medel", "Listviktat medel-CNI i regionen (härlett: 820/817)", 1.00, "CNI", "§6", 0.005),
)

#: The published figures by key, for prose and figures (e.g. the published endpoints of a curve).
REPORT = {f.key: f for f in REPORT_FIGURES}

#: Report labels of the centres it names (our hc_id → name in the report).
_REPORT_CENTRE_IDS = {"Hallen": "hallen", "Järpen": "jarpen"}


def published_checks(result, inputs=None) -> pd.DataFrame:
    """One row per published figure: the report's value, ours, the difference and whether it agrees.

    Columns: storhet, band, bandtyp, band_beraknat, rapporten, beraknat, differens, enhet, avsnitt,
    tolerans, stammer. `storhet` is the report's label; `band` is the age band or centre the report
    names (`bandtyp` says which), `band_beraknat` ours when it is another one (else None).
    Weights and their kr amounts come from the model's parameters; CNI figures from the per-centre
    result (lowest and highest CNI among centres with listed persons).
    `inputs` is accepted for symmetry with `compute_model` and not needed.
    """
    p = result.params
    pc = result.per_centre
    active = pc[pc["listade"] > 0]
    age = pd.Series(p.aldersvikter)
    drug = pd.Series(p.lakemedelsvikter)
    per_listed_cni = active["ersattning_cni"] / active["listade"]
    i_min, i_max = active["cni"].idxmin(), active["cni"].idxmax()
    listad_cni = result.totals["ersattning_listad"] + result.totals["ersattning_cni"]

    computed = {
        "pris_vikt1": (p.pris_per_viktenhet, None),
        "aldersvikt_min": (age.min(), age.idxmin()),
        "aldersvikt_max": (age.max(), age.idxmax()),
        "listad_min_kr": (age.min() * p.pris_per_viktenhet, None),
        "listad_max_kr": (age.max() * p.pris_per_viktenhet, None),
        "cni_snitt": (result.totals["ersattning_cni"] / result.totals["listade"], None),
        "cni_min": (active.loc[i_min, "cni"], _centre(active, i_min)),
        "cni_max": (active.loc[i_max, "cni"], _centre(active, i_max)),
        "cni_min_kr": (per_listed_cni[i_min], _centre(active, i_min)),
        "cni_max_kr": (per_listed_cni[i_max], _centre(active, i_max)),
        "lakemedel_vikt1": (p.lakemedel_pris, None),
        "lakemedelsvikt_min": (drug.min(), drug.idxmin()),
        "lakemedelsvikt_max": (drug.max(), drug.idxmax()),
        "lakemedel_min_kr": (drug.min() * p.lakemedel_pris, None),
        "lakemedel_max_kr": (drug.max() * p.lakemedel_pris, None),
        "cni_andel": (p.cni_snitt_per_listad / (p.pris_per_viktenhet + p.cni_snitt_per_listad), None),
        "cni_andel_modell": (result.totals["ersattning_cni"] / listad_cni, None),
        "cni_poang_kr": (
            cni_point_value(
                active.set_index("hc_id")["cni"], active.set_index("hc_id")["listade"], p.cni_snitt_per_listad
            ),
            None,
        ),
        "cni_medel": (weighted_mean_cni(active.set_index("hc_id")["cni"], active.set_index("hc_id")["listade"]), None),
    }
    rows = []
    for fig in REPORT_FIGURES:
        value, where = computed[fig.key]
        rows.append(
            {
                "storhet": fig.storhet,
                **_bands(fig, where),
                "rapporten": float(fig.rapporten),
                "beraknat": float(value),
                "differens": float(value) - float(fig.rapporten),
                "enhet": fig.enhet,
                "avsnitt": fig.avsnitt,
                "tolerans": fig.tolerans,
            }
        )
    out = pd.DataFrame(rows)
    out["stammer"] = out["differens"].abs() <= out["tolerans"] + 1e-9
    return out


def comparable_checks(result, year: int) -> pd.DataFrame:
    """The checks that mean something for a dataset of `year`, in `published_checks`' columns.

    For the report's year: every published figure. For another year the report's amounts, weights
    and CNI span describe another year's model; only the CNI weights (SCB's, printed in §6) are
    still comparable.
    """
    if year == REPORT_YEAR:
        return published_checks(result)
    ours = result.params.cni_vikter
    rows = [
        {
            "storhet": f"CNI-vikt: {CNI_LABELS.get(var, var).lower()}",
            "band": None,
            "bandtyp": None,
            "band_beraknat": None,
            "rapporten": float(w),
            "beraknat": float(ours.get(var, float("nan"))),
            "differens": float(ours.get(var, float("nan"))) - w,
            "enhet": "vikt",
            "avsnitt": "§6",
            "tolerans": 0.005,
        }
        for var, w in REPORT_CNI_WEIGHTS.items()
    ]
    out = pd.DataFrame(rows)
    out["stammer"] = out["differens"].abs() <= out["tolerans"] + 1e-9
    return out


def _centre(active: pd.DataFrame, i) -> tuple[str, str]:
    return str(active.loc[i, "hc_id"]), str(active.loc[i, "namn"])


def _bands(fig: ReportFigure, where) -> dict:
    """The band or centre the report names (`band`, `bandtyp`: `aldersgrupp` or `central`) and ours
    (`band_beraknat`) when it is another one; the chapter writes them into the label."""
    if fig.band is None:
        return {"band": None, "bandtyp": None, "band_beraknat": None}
    if fig.band in _REPORT_CENTRE_IDS:
        other = where is not None and where[0] != _REPORT_CENTRE_IDS[fig.band]
        return {"band": fig.band, "bandtyp": "central", "band_beraknat": where[1] if other else None}
    other = where is not None and str(where) != fig.band
    return {"band": fig.band, "bandtyp": "aldersgrupp", "band_beraknat": str(where) if other else None}
