"""The report's published figures as the built book must show them (docs/report-facts.md, *Golden values*).

Derived from the code's copy of the figures, `analysis.model.published.REPORT_FIGURES`, in the
book's number format (plain spaces, as tests compare normalised text); `tests/test_docs.py` checks
them against the table in docs/report-facts.md, so each figure is typed once in the code and once
in the documentation.
"""

from analysis import formatting as fmt
from analysis.model.published import REPORT

#: The figures the report prints (§6, §9) that the chapter Ersättningsmodell 2020 glues.
GOLDEN_KEYS = (
    "pris_vikt1",
    "aldersvikt_min",
    "aldersvikt_max",
    "listad_min_kr",
    "listad_max_kr",
    "cni_snitt",
    "cni_min",
    "cni_max",
    "cni_min_kr",
    "cni_max_kr",
    "lakemedel_vikt1",
    "lakemedelsvikt_min",
    "lakemedelsvikt_max",
    "lakemedel_min_kr",
    "lakemedel_max_kr",
    "cni_andel",
)


def printed(key: str) -> str:
    """A published figure as the report prints it: `2 453 kr`, `0,33`, `25 %`."""
    figure = REPORT[key]
    if figure.enhet == "kr/listad":
        text = fmt.kr(figure.rapporten)
    elif figure.enhet == "andel":
        text = fmt.pct(figure.rapporten)
    else:
        text = fmt.num(figure.rapporten, 2)
    return text.replace(fmt.NBSP, " ")


# Each text appears in the chapter Ersättningsmodell 2020 as computed (glued) by the book.
GOLDEN_TEXTS = tuple(printed(key) for key in GOLDEN_KEYS)
