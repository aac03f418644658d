"""Small Swedish wording helpers for the proposals chapter (`analysis.chapters.forandringar.report`)."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.forandringar.assumptions import step_label
from analysis.vocabulary import OWNERSHIP_LABELS, OWNERSHIP_PLURAL


def _signed(value: float) -> str:
    value = round(value)
    return fmt.signed_kr(value if value != 0 else 0)


def _mkr(value: float) -> str:
    """Millions of kronor; rounding noise (|x| < 1 000 kr) shown as 0,0."""
    return fmt.mkr(value if abs(value) >= 1000 else 0.0)


_GROUP_WORDS = OWNERSHIP_PLURAL
_GROUP_ONE = {key: label.lower() for key, label in OWNERSHIP_LABELS.items()}


def _lower_first(text: str) -> str:
    """`Gräns för …` → `gräns för …`, but `CNI-andel` stays (an acronym)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _list_sv(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def sensitivity_sentence(top: pd.Series, low: pd.Series) -> str:
    """The assumptions that matter most and least, as whole sentences (rows of `sensitivity`)."""
    return (
        f"Mest betyder antagandet ”{top['etikett']}”: med {top['lag_etikett']} blir utfallet "
        f"{fmt.kr(top['utfall_lag'])} och med {top['hog_etikett']} {fmt.kr(top['utfall_hog'])}. "
        f"Minst betyder ”{low['etikett']}”, som flyttar utfallet högst {fmt.kr(low['spann'])} "
        "åt något håll."
    )


def _short(name: str | None) -> str:
    from analysis.figures.scenarios import short_name

    return short_name(name) if name else ""


def _change_phrase(change) -> str:
    return step_label(change)
