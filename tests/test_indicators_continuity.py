"""Continuity (MFPC, Bice–Boxerman COC) on a hand-made visit table worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.indicators import (
    centre_continuity,
    eligible_visits,
    patient_continuity,
    reference_date,
    region_continuity,
    window_start,
)

REF = pd.Timestamp("2020-12-31")  # window: 2019-06-30 < datum <= 2020-12-31


def visits() -> pd.DataFrame:
    rows = [
        # patient, listad, besokt, datum, yrke, personal
        # p1 @a: doctor d1 x3, d2 x1 -> n=4, MFPC 3/4, COC (9+1-4)/(4*3) = 0.5
        ("p1", "a", "a", "2020-01-10", "lakare", "d1"),
        ("p1", "a", "a", "2020-03-01", "lakare", "d1"),
        ("p1", "a", "a", "2020-05-01", "lakare", "d2"),
        ("p1", "a", "a", "2020-09-01", "lakare", "d1"),
        ("p1", "a", "b", "2020-06-01", "lakare", "d9"),  # other unit: not counted
        ("p1", "a", "a", "2020-02-01", "sjukskoterska", "n1"),  # only 2 nurse visits
        ("p1", "a", "a", "2020-04-01", "sjukskoterska", "n1"),
        # p2 @a: the window edge. 2019-06-30 is outside, 2019-07-01 inside.
        ("p2", "a", "a", "2019-06-30", "lakare", "d1"),  # outside (exactly 18 months before)
        ("p2", "a", "a", "2019-07-01", "lakare", "d1"),
        ("p2", "a", "a", "2020-01-01", "lakare", "d2"),
        ("p2", "a", "a", "2020-02-01", "lakare", "d3"),  # n=3, each once: MFPC 1/3, COC 0
        ("p2", "a", "a", "2020-03-01", "sjukskoterska", "n1"),
        ("p2", "a", "a", "2020-04-01", "sjukskoterska", "n1"),
        ("p2", "a", "a", "2020-12-31", "sjukskoterska", "n1"),  # on the reference date: inside
        # p3 @a: 2 visits inside, one at the edge and one after the reference date -> not eligible
        ("p3", "a", "a", "2019-06-30", "lakare", "d1"),
        ("p3", "a", "a", "2020-10-01", "lakare", "d1"),
        ("p3", "a", "a", "2020-11-01", "lakare", "d1"),
        ("p3", "a", "a", "2021-01-05", "lakare", "d1"),
        # p4 @a: 'ovrig' is not measured; a doctor visit without personal_id is dropped
        ("p4", "a", "a", "2020-01-01", "ovrig", "o1"),
        ("p4", "a", "a", "2020-02-01", "ovrig", "o1"),
        ("p4", "a", "a", "2020-03-01", "ovrig", "o1"),
        ("p4", "a", "a", "2020-04-01", "lakare", "d4"),
        ("p4", "a", "a", "2020-05-01", "lakare", "d4"),
        ("p4", "a", "a", "2020-06-01", "lakare", None),
        # p5 @b: d5 x3, d6 x2 -> n=5, MFPC 0.6, COC (9+4-5)/(5*4) = 0.4
        ("p5", "b", "b", "2020-01-01", "lakare", "d5"),
        ("p5", "b", "b", "2020-02-01", "lakare", "d6"),
        ("p5", "b", "b", "2020-03-01", "lakare", "d5"),
        ("p5", "b", "b", "2020-04-01", "lakare", "d6"),
        ("p5", "b", "b", "2020-05-01", "lakare", "d5"),
        # p6 @b: d5 x3 -> MFPC 1, COC 1; visits at a are not counted
        ("p6", "b", "b", "2020-01-01", "lakare", "d5"),
        ("p6", "b", "b", "2020-02-01", "lakare", "d5"),
        ("p6", "b", "b", "2020-03-01", "lakare", "d5"),
        ("p6", "b", "a", "2020-04-01", "lakare", "d1"),
        ("p6", "b", "a", "2020-05-01", "lakare", "d2"),
        # p7 switched listing: 2 visits while at a, 2 while at b -> eligible nowhere
        ("p7", "a", "a", "2019-09-01", "lakare", "d1"),
        ("p7", "a", "a", "2019-10-01", "lakare", "d1"),
        ("p7", "b", "b", "2020-09-01", "lakare", "d5"),
        ("p7", "b", "b", "2020-10-01", "lakare", "d5"),
        # p8 not listed anywhere
        ("p8", None, "a", "2020-01-01", "lakare", "d1"),
        ("p8", None, "a", "2020-02-01", "lakare", "d1"),
        ("p8", None, "a", "2020-03-01", "lakare", "d1"),
    ]
    df = pd.DataFrame(rows, columns=["patient_id", "listad_hc", "besokt_hc", "datum", "yrke", "personal_id"])
    df.insert(0, "besok_id", [f"v{i}" for i in range(len(df))])
    df["datum"] = pd.to_datetime(df["datum"]).dt.date
    return df


def test_window_is_18_calendar_months_exclusive_start():
    assert window_start(REF) == pd.Timestamp("2019-06-30")
    assert reference_date(visits(), 2020) == REF
    assert reference_date(visits()) == pd.Timestamp("2021-01-05")


def test_eligible_visits_filters_window_unit_profession_and_missing_staff():
    v = eligible_visits(visits(), REF)
    assert not (v["besokt_hc"] != v["listad_hc"]).any()
    assert set(v["yrke"]) == {"lakare", "sjukskoterska"}
    assert v["personal_id"].notna().all()
    d = pd.to_datetime(v["datum"])
    assert d.min() == pd.Timestamp("2019-07-01") and d.max() == REF
    assert "p8" not in set(v["patient_id"])


def test_patient_values_by_hand():
    pat = patient_continuity(visits(), REF).set_index(["hc_id", "yrke", "patient_id"])
    expected = {
        ("a", "lakare", "p1"): (4, 0.75, 0.5),
        ("a", "lakare", "p2"): (3, 1 / 3, 0.0),
        ("a", "sjukskoterska", "p2"): (3, 1.0, 1.0),
        ("b", "lakare", "p5"): (5, 0.6, 0.4),
        ("b", "lakare", "p6"): (3, 1.0, 1.0),
    }
    assert set(pat.index) == set(expected)  # p1 nurse, p3, p4, p7, p8 are not eligible
    for key, (n, mfpc, coc) in expected.items():
        assert pat.loc[key, "besok"] == n
        assert pat.loc[key, "mfpc"] == pytest.approx(mfpc)
        assert pat.loc[key, "coc"] == pytest.approx(coc)


def test_centre_means_and_counts_by_hand():
    c = centre_continuity(visits(), REF, centres=["a", "b"]).set_index(["hc_id", "yrke"])
    assert c.loc[("a", "lakare"), "patienter"] == 2
    assert c.loc[("a", "lakare"), "mfpc"] == pytest.approx((0.75 + 1 / 3) / 2)
    assert c.loc[("a", "lakare"), "coc"] == pytest.approx(0.25)
    assert c.loc[("a", "sjukskoterska"), "patienter"] == 1
    assert c.loc[("b", "lakare"), "patienter"] == 2
    assert c.loc[("b", "lakare"), "mfpc"] == pytest.approx(0.8)
    assert c.loc[("b", "lakare"), "coc"] == pytest.approx(0.7)
    # every centre and profession has a row, with 0 patients where nobody is eligible
    assert c.loc[("b", "sjukskoterska"), "patienter"] == 0
    assert pd.isna(c.loc[("b", "sjukskoterska"), "mfpc"])


def test_region_pools_patients_not_centres():
    r = region_continuity(visits(), REF).set_index("yrke")
    assert r.loc["lakare", "patienter"] == 4
    assert r.loc["lakare", "mfpc"] == pytest.approx((0.75 + 1 / 3 + 0.6 + 1.0) / 4)


def test_min_visits_and_window_are_parameters():
    # with a 19-month window p2's visit on 2019-06-30 counts: d1 x2, d2, d3 -> MFPC 0.5
    pat = patient_continuity(visits(), REF, months=19).set_index(["hc_id", "yrke", "patient_id"])
    assert pat.loc[("a", "lakare", "p2"), "mfpc"] == pytest.approx(0.5)
    # with min_visits=2 p1's two nurse visits count
    pat2 = patient_continuity(visits(), REF, min_visits=2).set_index(["hc_id", "yrke", "patient_id"])
    assert pat2.loc[("a", "sjukskoterska", "p1"), "coc"] == pytest.approx(1.0)


def test_bounds_hold_on_random_visits():
    import numpy as np

    rng = np.random.default_rng(1)
    n = 3000
    df = pd.DataFrame(
        {
            "besok_id": range(n),
            "patient_id": rng.integers(0, 300, n).astype(str),
            "listad_hc": rng.choice(["a", "b"], n),
            "datum": pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 730, n), "D"),
            "yrke": rng.choice(["lakare", "sjukskoterska", "ovrig"], n),
            "personal_id": rng.choice([f"x{i}" for i in range(6)], n),
        }
    )
    df["besokt_hc"] = np.where(rng.random(n) < 0.9, df["listad_hc"], "c")
    pat = patient_continuity(df, REF)
    assert (pat["besok"] >= 3).all()
    assert ((pat["mfpc"] > 0) & (pat["mfpc"] <= 1)).all()
    assert ((pat["coc"] >= 0) & (pat["coc"] <= 1)).all()
    # COC never exceeds MFPC for n >= 2 (both equal 1 only with a single professional)
    assert (pat["coc"] <= pat["mfpc"] + 1e-12).all()
