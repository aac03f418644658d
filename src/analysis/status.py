"""The data statuses a table can have: their order, the Swedish labels readers see, and the one
rule for combining them (a result is as strong as its weakest input). Import from here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Status = Literal["publicerad", "offentlig statistik", "sammanstalld", "syntetisk"]

#: Strongest first.
STATUSES: tuple[str, ...] = ("publicerad", "offentlig statistik", "sammanstalld", "syntetisk")

STATUS_LABELS = {
    "publicerad": "Publicerad i rapporten",
    "offentlig statistik": "Offentlig statistik",
    "sammanstalld": "Sammanställd från offentliga källor",
    "syntetisk": "Syntetisk exempeldata",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def weakest(statuses: Iterable[str]) -> str:
    """The weakest of `statuses`; a status not in `STATUSES` counts as weaker than all of them,
    and with none given nothing is claimed (`syntetisk`)."""
    rank = {s: i for i, s in enumerate(STATUSES)}
    return max(statuses, key=lambda s: rank.get(s, len(STATUSES)), default="syntetisk")


def weakest_in(dataset, tables: Iterable[str]) -> str:
    """The weakest status among a dataset's `tables` (those a figure or table is computed from)."""
    return weakest(dataset.status(t) for t in tables)
