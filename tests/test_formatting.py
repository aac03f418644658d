"""Swedish number formats used everywhere in the book."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(2453, 0, f"2{NBSP}453"), (0.33, 2, "0,33"), (130810, 0, f"130{NBSP}810"), (-1234.5, 1, f"\u22121{NBSP}234,5")],
)
def test_num(value, decimals, expected):
    assert fmt.num(value, decimals) == expected


def test_units():
    assert fmt.kr(2453) == f"2{NBSP}453{NBSP}kr"
    assert fmt.pct(0.25) == f"25{NBSP}%"
    assert fmt.pct(0.2506, 1) == f"25,1{NBSP}%"
    assert fmt.mkr(21_000_000) == f"21,0{NBSP}mnkr"
    assert fmt.signed_kr(120) == f"+120{NBSP}kr"
    assert fmt.signed_kr(-45).startswith("\u2212")
    assert fmt.num(float("nan")) == "–"


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_integers_round_trip(value):
    text = fmt.num(value).replace(NBSP, "").replace("\u2212", "-")
    assert int(text) == value
