"""The small-number rule: cells built from fewer than five are not shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.chapters.uppfoljning.centres_text import format_count
from analysis.indicators import is_suppressed, suppress_small


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hc_id": ["a", "b", "c", "d", "e"],
            "patienter": [0, 4, 5, 120, np.nan],
            "mfpc": [np.nan, 0.9, 0.5, 0.61, 0.7],
            "coc": [np.nan, 0.8, 0.4, 0.55, 0.6],
            "other": [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )


def test_suppresses_below_five_keeps_five():
    out = suppress_small(frame(), "patienter")
    assert list(out["hc_id"]) == ["a", "b", "c", "d", "e"]  # rows kept
    assert out["mfpc"].isna().tolist() == [True, True, False, False, True]
    assert out.loc[2, "mfpc"] == 0.5 and out.loc[3, "coc"] == 0.55
    assert out["patienter"].tolist() == ["<5", "<5", 5, 120, "<5"]


def test_default_value_cols_are_all_numeric_others():
    out = suppress_small(frame(), "patienter")
    assert pd.isna(out.loc[1, "other"])


def test_explicit_value_cols_leave_the_rest():
    out = suppress_small(frame(), "patienter", value_cols=["mfpc"])
    assert pd.isna(out.loc[1, "mfpc"]) and out.loc[1, "coc"] == 0.8


def test_min_n_and_label():
    out = suppress_small(frame(), "patienter", min_n=10, label="–")
    assert out["patienter"].tolist() == ["–", "–", "–", 120, "–"]


def test_input_not_modified_and_missing_column():
    f = frame()
    suppress_small(f, "patienter")
    assert f.loc[1, "mfpc"] == 0.9
    with pytest.raises(KeyError):
        suppress_small(f, "saknas")


def test_is_suppressed_before_and_after():
    f = frame()
    expected = [True, True, False, False, True]
    assert is_suppressed(f, "patienter").tolist() == expected
    assert is_suppressed(suppress_small(f, "patienter"), "patienter").tolist() == expected


def test_format_count():
    assert format_count("<5") == "<5"
    assert format_count(1234) == "1\u00a0234"
    assert format_count(float("nan")) == "–"
