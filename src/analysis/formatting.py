"""Swedish number formats for the book: `2 453 kr`, `0,33`, `25 %`.

Everything the reader sees goes through these functions, so the book has one style. Babel's
Swedish locale separates thousands with a no-break space and writes minus as U+2212.
"""

from __future__ import annotations

import math
from numbers import Real

from babel.numbers import format_decimal

LOCALE = "sv_SE"
NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus, as Swedish print uses


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def num(value: Real, decimals: int = 0) -> str:
    """A number in Swedish form: `130 810`, `0,33`, `−1 234,5`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(value, format=_pattern(decimals), locale=LOCALE)
    return text.replace("-", MINUS)


def kr(value: Real, decimals: int = 0) -> str:
    """An amount in kronor: `2 453 kr`."""
    return f"{num(value, decimals)}{NBSP}kr"


def mkr(value: Real, decimals: int = 1) -> str:
    """An amount in millions of kronor from kronor: `21,0 mnkr`."""
    return f"{num(value / 1e6, decimals)}{NBSP}mnkr"


def pct(share: Real, decimals: int = 0) -> str:
    """A share (0–1) as per cent: `25 %`."""
    return f"{num(share * 100, decimals)}{NBSP}%"


def pct_points(diff: Real, decimals: int = 1) -> str:
    """A difference of shares as percentage points: `+9,0 procentenheter`."""
    sign = "+" if diff > 0 else ""
    return f"{sign}{num(diff * 100, decimals)}{NBSP}procentenheter"


def signed_kr(value: Real, decimals: int = 0) -> str:
    """An amount with its sign always shown: `+120 kr`, `−45 kr`."""
    sign = "+" if value > 0 else ""
    return sign + kr(value, decimals)


def ticks_kr(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format a matplotlib axis in Swedish numbers (no unit on each tick)."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda v, _pos: num(v, decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def ticks_pct(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format a matplotlib axis holding shares (0–1) as per cent."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda v, _pos: pct(v, decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)
