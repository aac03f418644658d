"""The sensitivity analysis and the decomposition in words: labels of the assumptions and steps.

The engine (`analysis.scenarios.sensitivity`) varies each assumption and reports the values it
used (`varde`, `lag_varde`, `hog_varde`); here they become the labels of the tornado chart and
the prose (`etikett`, `lag_etikett`, `hog_etikett`). `step_label` names one change in the
decomposition's legends and in the sheets.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.scenarios.schema import CHANGE_LABELS, CniAndel, SeparatHalsovalOstersund, TaBortKostnadsansvar
from analysis.vocabulary import COST_SHORT_LABELS

#: How a pot is distributed, in the tornado chart's words.
DISTRIBUTION_SHORT = {
    "aldersviktad": "åldersviktat",
    "per_listad": "lika per listad",
    "fast_kapitering": "som fast kapitering",
}

_NAMES = {
    "glesbygd_band": "Bandgränser för glesbygdsstöd",
    "glesbygd_avstand": "Andel av glesbygdsbudgeten kvar på avstånd",
    "avgift_fordelning": "Fördelning av avgiftspotten",
}


def _factor(f: float) -> str:
    """0,75 → `−25 %`, 1,2 → `+20 %`."""
    change = round((float(f) - 1) * 100)
    return f"{'−' if change < 0 else '+'}{abs(change)} %"


def assumption_labels(namn: str, varde, lag_varde, hog_varde) -> tuple[str, str, str]:
    """(label, low label, high label) of one assumption of the sensitivity analysis."""
    if namn == "cni_andel":
        return f"CNI-andel (vår läsning: {fmt.pct(varde)})", fmt.pct(lag_varde), fmt.pct(hog_varde)
    if namn == "ostersund_cni":
        return f"CNI-andel i Östersunds hälsoval ({fmt.pct(varde)})", fmt.pct(lag_varde), fmt.pct(hog_varde)
    if namn == "glesbygd_grans":
        return (
            f"Gräns för glesbygdsstöd ({fmt.num(varde)} invånare)",
            f"{fmt.num(lag_varde)} inv.",
            f"{fmt.num(hog_varde)} inv.",
        )
    if namn == "glesbygd_band":
        return _NAMES[namn], _factor(lag_varde), _factor(hog_varde)
    if namn == "glesbygd_avstand":
        return _NAMES[namn], fmt.pct(lag_varde), fmt.pct(hog_varde)
    if namn == "avgiftsniva":
        return f"Patientavgifternas nivå (±{_factor(hog_varde)[1:]})", _factor(lag_varde), _factor(hog_varde)
    low, high = DISTRIBUTION_SHORT.get(lag_varde, lag_varde), DISTRIBUTION_SHORT.get(hog_varde, hog_varde)
    if namn == "avgift_fordelning":
        return _NAMES[namn], low, high
    if namn.startswith("behall_"):
        return f"Fördelning av de {fmt.mkr(varde, 0)} som stannar", low, high
    return namn, str(lag_varde), str(hog_varde)


def labelled(sens: pd.DataFrame) -> pd.DataFrame:
    """`analysis.scenarios.sensitivity(...)` with the labels the chart and the prose show
    (`etikett`, `lag_etikett`, `hog_etikett` after `antagande`); attrs kept."""
    out = sens.copy()
    labels = [assumption_labels(r.antagande, r.varde, r.lag_varde, r.hog_varde) for r in sens.itertuples(index=False)]
    for i, column in enumerate(("etikett", "lag_etikett", "hog_etikett")):
        out.insert(1 + i, column, [lab[i] for lab in labels])
    out.attrs = dict(sens.attrs)
    return out


def step_label(change) -> str:
    """A short Swedish label for one change (figure legends, the sheets)."""
    if isinstance(change, TaBortKostnadsansvar):
        return f"{COST_SHORT_LABELS.get(change.kostnadstyp, change.kostnadstyp)} ur kostnadsansvaret"
    if isinstance(change, CniAndel):
        return f"CNI-andel {fmt.pct(change.andel)}"
    if isinstance(change, SeparatHalsovalOstersund) and change.cni_andel is not None:
        return f"Separat hälsoval Östersund (CNI {fmt.pct(change.cni_andel)})"
    return {
        "patientavgifter_i_kapitering": "Patientavgifter i kapiteringen",
        "glesbygd_upptagningsomrade": "Glesbygd efter upptagningsområde",
        "separat_halsoval_ostersund": "Separat hälsoval Östersund",
    }.get(change.typ) or CHANGE_LABELS[change.typ]
