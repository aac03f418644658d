"""The seven cost types a health centre could carry in 2020 (report §6, "Kostnadsansvar"), one table.

The keys are the values of `kostnader.kostnadstyp`, the list under `kostnadsansvar` in
`parametrar.yml` and the suffixes of the model's `kostnad_<typ>` columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CostType:
    key: str
    label: str  # tables, figures and downloads
    short: str  # column headings ("Kostnad <short in lower case>")
    shown_apart: bool  # its own column in the book's cost table (else summed under "Övriga")
    removable: bool = False  # a scenario may lift it out of the centres' responsibility (2021 proposals)


COST_TYPE_TABLE: tuple[CostType, ...] = (
    CostType("lakemedel", "Läkemedel", "Läkemedel", True),
    CostType("lof_lol", "LOF/LOL (nationella taxan)", "LOF/LOL", True, removable=True),
    CostType("fotvard", "Medicinsk fotvård", "Fotvård", False, removable=True),
    CostType("tjanstekop_kommun", "Tjänsteköp kommun", "Tjänsteköp kommun", False),
    CostType("lab_rontgen", "Lab och röntgen", "Lab/röntgen", False),
    CostType("lokaler", "Lokaler", "Lokaler", True),
    CostType("sjukresor", "Sjukresor", "Sjukresor", False),
)

COST_TYPES: tuple[str, ...] = tuple(c.key for c in COST_TYPE_TABLE)
#: Swedish labels for the cost types (for tables and figures).
COST_LABELS: dict[str, str] = {c.key: c.label for c in COST_TYPE_TABLE}
COST_SHORT_LABELS: dict[str, str] = {c.key: c.short for c in COST_TYPE_TABLE}
#: The cost types a scenario (`ta_bort_kostnadsansvar`) may lift out of the centres' responsibility.
REMOVABLE_COST_TYPES: tuple[str, ...] = tuple(c.key for c in COST_TYPE_TABLE if c.removable)
