"""The seven Care Need Index variables: keys, Swedish labels and the report's weights (one table).

The keys are the column names of table `cni_underlag` and the keys of `cni.vikter` in
`parametrar.yml`; the table's order is SCB's delivery order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CniVariable:
    key: str
    label: str  # as in the report (§6) and SCB's product sheet
    short: str  # figure legends and the centre sheets
    title: str  # column title in the data catalogue (table `cni_underlag`)
    report_weight: float  # SCB's standard weight as printed in report §6
    scb_header: str  # regular expression matching SCB's column heading (lower case) or our key


_SOUTH_EAST = "Syd- och Östeuropa utom EU, Asien, Afrika, Sydamerika"

#: (key, label, short, title, report weight, SCB header pattern), in SCB's delivery order.
CNI_VARIABLE_TABLE: tuple[CniVariable, ...] = (
    CniVariable(
        "alder_under_5",
        "Ålder yngre än 5 år",
        "Under 5 år",
        "Yngre än 5 år",
        3.23,
        r"yngre än 5|yngre än fem|under.?5|alder_under_5",
    ),
    CniVariable(
        "utrikes_fodda",
        f"Utlandsfödd ({_SOUTH_EAST})",
        "Utlandsfödda",
        f"Utrikes födda ({_SOUTH_EAST})",
        5.72,
        r"födda i|utlandsfödd|utrikes",
    ),
    CniVariable(
        "aldre_ensamboende",
        "Ålder över 65 år och ensamboende",
        "Äldre ensamboende",
        "Äldre än 65 år och ensamboende",
        6.15,
        r"ensamboende|aldre_ensam",
    ),
    CniVariable(
        "ensamstaende_foralder",
        "Ensamstående förälder med barn 17 år eller yngre",
        "Ensamstående förälder",
        "Ensamstående förälder med barn 17 år eller yngre",
        4.19,
        r"förälder|foralder",
    ),
    CniVariable(
        "inflyttade",
        "Person 1 år eller äldre som flyttat in i området",
        "Inflyttade",
        "Inflyttade (1 år eller äldre)",
        4.19,
        r"flytta|inflyttade",
    ),
    CniVariable(
        "arbetslosa",
        "Arbetslös eller i åtgärd 16–64 år",
        "Arbetslösa",
        "Arbetslösa eller i åtgärd 16–64 år",
        5.13,
        r"arbetslös|arbetslos",
    ),
    CniVariable(
        "lagutbildade", "Lågutbildad 25–64 år", "Lågutbildade", "Lågutbildade 25–64 år", 3.97, r"lågutbild|lagutbild"
    ),
)

#: The keys in SCB's delivery order (column names of table `cni_underlag`).
CNI_VARIABLES: tuple[str, ...] = tuple(v.key for v in CNI_VARIABLE_TABLE)
#: Swedish labels as in the report (§6) and SCB's product sheet.
CNI_LABELS: dict[str, str] = {v.key: v.label for v in CNI_VARIABLE_TABLE}
#: Short labels for figure legends.
CNI_SHORT_LABELS: dict[str, str] = {v.key: v.short for v in CNI_VARIABLE_TABLE}
#: Column titles of `cni_underlag` in the data catalogue.
CNI_TITLES: dict[str, str] = {v.key: v.title for v in CNI_VARIABLE_TABLE}
#: The weights as printed in report §6 (SCB's standard CNI weights), heaviest first.
REPORT_CNI_WEIGHTS: dict[str, float] = {
    v.key: v.report_weight for v in sorted(CNI_VARIABLE_TABLE, key=lambda v: -v.report_weight)
}
