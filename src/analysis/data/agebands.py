"""Age bands such as `0-4` and `100+`: parsing, coverage checks, and mapping ages to bands."""

from __future__ import annotations

import re
from typing import Iterable

import numpy as np

BAND_WIDTH = 5
TOP_AGE = 100
STANDARD_BANDS = [f"{a}-{a + BAND_WIDTH - 1}" for a in range(0, TOP_AGE, BAND_WIDTH)] + [f"{TOP_AGE}+"]
COVERAGE_TEXT = "åldersgrupper som täcker 0 till 100+ utan glapp eller överlapp"
_BAND = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|\+)\s*$")


def parse_band(label: str) -> tuple[int, float]:
    """'5-9' -> (5, 9); '100+' -> (100, inf). Raises ValueError for anything else."""
    match = _BAND.match(str(label))
    if not match:
        raise ValueError(f"ogiltig åldersgrupp '{label}'")
    low = int(match.group(1))
    high = float(match.group(2)) if match.group(2) is not None else float("inf")
    if high < low:
        raise ValueError(f"åldersgruppen '{label}' slutar före den börjar")
    return low, high


def coverage_problems(labels: Iterable[str]) -> list[tuple[str, str]]:
    """(band label, Swedish message) for every gap, overlap or bad end of a set of bands."""
    parsed, problems = [], []
    for label in dict.fromkeys(str(x) for x in labels):
        try:
            parsed.append((*parse_band(label), label))
        except ValueError as exc:
            problems.append((label, str(exc)))
    if not parsed:
        return problems or [("", "inga åldersgrupper")]
    parsed.sort()
    if parsed[0][0] != 0:
        problems.append((parsed[0][2], f"åldersgrupperna börjar vid {parsed[0][0]} år, inte 0"))
    for (lo1, hi1, a), (lo2, hi2, b) in zip(parsed, parsed[1:]):
        if lo2 <= hi1:
            problems.append((b, f"åldersgrupperna '{a}' och '{b}' överlappar"))
        elif lo2 > hi1 + 1:
            problems.append((b, f"glapp mellan '{a}' och '{b}': åldrarna {int(hi1) + 1}–{lo2 - 1} saknas"))
    if np.isfinite(parsed[-1][1]):
        problems.append((parsed[-1][2], f"sista åldersgruppen '{parsed[-1][2]}' är inte öppen uppåt "
                                        f"(t.ex. '{TOP_AGE}+')"))
    return problems

