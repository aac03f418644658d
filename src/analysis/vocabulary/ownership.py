"""The forms of operation of a health centre (`halsocentraler.driftsform`), one table.

The order is the order of legends and lists; each form has one colour in every chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

REGION_RUN = "regiondriven"
PRIVATE = "privat"
MUNICIPAL = "kommunal"


@dataclass(frozen=True)
class OwnershipForm:
    key: str
    label: str  # one centre, capitalised: "Regiondriven" (lower case: `label.lower()`)
    plural: str  # several centres, lower case: "regiondrivna" (capitalised: `plural.capitalize()`)
    colour: str


OWNERSHIP_TABLE: tuple[OwnershipForm, ...] = (
    OwnershipForm(REGION_RUN, "Regiondriven", "regiondrivna", "#1f5f8b"),
    OwnershipForm(PRIVATE, "Privat", "privata", "#e07b39"),
    OwnershipForm(MUNICIPAL, "Kommunal", "kommunala", "#5a9e5a"),
)

OWNERSHIP_KEYS: tuple[str, ...] = tuple(f.key for f in OWNERSHIP_TABLE)
OWNERSHIP_LABELS: dict[str, str] = {f.key: f.label for f in OWNERSHIP_TABLE}
#: Lower-case plural words for running text ("3 regiondrivna").
OWNERSHIP_PLURAL: dict[str, str] = {f.key: f.plural for f in OWNERSHIP_TABLE}
#: Capitalised plural words for table headings ("Regiondrivna: per listad").
OWNERSHIP_FORMS: dict[str, str] = {f.key: f.plural.capitalize() for f in OWNERSHIP_TABLE}
#: One colour per ownership form, used in every chapter.
OWNERSHIP_COLOURS: dict[str, str] = {f.key: f.colour for f in OWNERSHIP_TABLE}
