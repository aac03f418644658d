"""Per-centre values, the comparison table (suppression, ≤ 7 shown columns), targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.chapters.uppfoljning.centres_text import association_display, association_download
from analysis.chapters.uppfoljning.followup_text import swedish_list
from analysis.indicators import (
    association_table,
    centre_values,
    comparison_table,
    indicator_year,
    region_series,
    region_value,
    targets,
)


def halsocentraler() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hc_id": ["a", "b", "c"],
            "namn": ["Alfa", "Beta", "Gamma"],
            "driftsform": ["regiondriven", "privat", "regiondriven"],
        }
    )


def indikatorer() -> pd.DataFrame:
    rows = [
        ("a", "noll_an", 2020, 900, 1000),
        ("b", "noll_an", 2020, 400, 500),
        ("c", "noll_an", 2020, 3, 4),
        ("a", "tre_an", 2020, 80, 100),
        ("b", "tre_an", 2020, 30, 50),
        ("c", "tre_an", 2020, 7, 10),
        ("a", "antibiotika", 2020, 500, 2000),
        ("b", "antibiotika", 2020, 300, 1000),
        ("c", "antibiotika", 2020, 1, 4),
        ("a", "npe_helhetsintryck", 2019, 40, 50),
        ("b", "npe_helhetsintryck", 2019, 20, 25),
        ("c", "npe_helhetsintryck", 2019, 25, 30),
        ("a", "noll_an", 2019, 850, 1000),
        ("b", "noll_an", 2019, 450, 500),
        ("c", "noll_an", 2019, 8, 10),
    ]
    return pd.DataFrame(rows, columns=["hc_id", "indikator", "ar", "taljare", "namnare"])


def continuity() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hc_id": ["a", "a", "b", "b", "c", "c"],
            "yrke": ["lakare", "sjukskoterska"] * 3,
            "patienter": [50, 40, 4, 20, 0, 6],
            "mfpc": [0.7, 0.8, 0.9, 0.6, np.nan, 0.5],
            "coc": [0.5, 0.6, 0.8, 0.4, np.nan, 0.3],
        }
    )


def test_centre_values_and_pooled_region():
    c = centre_values(indikatorer(), "antibiotika", 2020).set_index("hc_id")
    assert c.loc["a", "varde"] == pytest.approx(250.0)  # per 1 000 listed
    assert region_value(indikatorer(), "antibiotika", 2020) == pytest.approx(801 / 3004 * 1000)
    assert region_value(indikatorer(), "noll_an", 2020) == pytest.approx(1303 / 1504)  # pooled
    s = region_series(indikatorer(), "noll_an").set_index("ar")
    assert s.loc[2019, "varde"] == pytest.approx(1308 / 1510)
    assert s.loc[2020, "centraler"] == 3


def test_indicator_year_falls_back_to_latest_available():
    assert indicator_year(indikatorer(), "npe_helhetsintryck", 2020) == 2019
    assert indicator_year(indikatorer(), "noll_an", 2020) == 2020
    assert indicator_year(indikatorer(), "tackningsgrad", 2020) is None


def test_comparison_table_suppresses_small_cells():
    shown, download, years = comparison_table(halsocentraler(), indikatorer(), continuity(), 2020)
    assert len(shown.columns) <= 7
    assert shown.columns[0] == "Hälsocentral"
    s = shown.set_index("Hälsocentral")
    assert pd.isna(s.loc["Gamma", "0:an"])  # 4 calls < 5
    assert s.loc["Gamma", "3:an"] == pytest.approx(0.7)  # 10 assessments: shown
    assert pd.isna(s.loc["Gamma", "Antibiotika per 1 000"])  # 4 listed
    assert pd.isna(s.loc["Beta", "Kontinuitet läkare"])  # 4 patients
    assert pd.isna(s.loc["Gamma", "Kontinuitet läkare"])  # nobody eligible
    assert s.loc["Beta", "Kontinuitet sjuksköterska"] == pytest.approx(0.6)
    assert s.loc["Alfa", "NPE helhetsintryck"] == pytest.approx(0.8)  # from 2019
    d = download.set_index("hc_id")
    assert d.loc["c", "noll_an_n"] == "<5" and d.loc["a", "noll_an_n"] == 1000
    assert d.loc["b", "kont_lakare_n"] == "<5" and pd.isna(d.loc["b", "coc_lakare"])
    assert years["npe_helhetsintryck"] == 2019 and years["tackningsgrad"] is None


def test_association_table_shape_and_display():
    rng = np.random.default_rng(0)
    hcs = [f"h{i}" for i in range(12)]
    n = rng.integers(500, 3000, 12)
    ind = pd.concat(
        [
            pd.DataFrame(
                {"hc_id": hcs, "indikator": "tre_an", "ar": 2020, "namnare": n, "taljare": rng.binomial(n, 0.75)}
            ),
            pd.DataFrame(
                {"hc_id": hcs, "indikator": "antibiotika", "ar": 2020, "namnare": n * 4, "taljare": rng.poisson(n)}
            ),
        ]
    )
    cni = pd.DataFrame({"enhet": hcs, "cni": rng.uniform(0.7, 1.4, 12)})
    listade = pd.DataFrame({"hc_id": hcs, "antal": n * 4})
    a = association_table(ind, cni, listade, 2020)
    assert len(a) == 4 and set(a["matt"]) == {"oddskvot", "kvot mellan takter"}
    assert ((a["nedre"] <= a["effekt"]) & (a["effekt"] <= a["ovre"])).all()
    shown = association_display(a)
    assert len(shown.columns) == 6
    # the step in words, in the shown table and the download (the frame itself keeps the number)
    assert set(shown["Steg"]) == {"0,1 enheter", "1\u00a0000 listade"}
    assert set(association_download(a)["enhet"]) == set(shown["Steg"]) and "steg" in a.columns


def test_targets_defaults_and_parameter_file():
    t = targets()
    assert t["komiljard_troskel"].varde == 0.85 and t["tre_an_mal"].varde == 1.0
    assert t["antibiotika_mal"].varde == 250
    p = {
        "tillganglighet": {"kommiljard_grans_procent": {"varde": 80, "kalla": "x", "status": "publicerad"}},
        "uppfoljning": {"antibiotika_mal": {"varde": 200}},
    }
    t2 = targets(p)
    assert t2["komiljard_troskel"].varde == pytest.approx(0.80) and t2["komiljard_troskel"].kalla == "x"
    assert t2["antibiotika_mal"].varde == 200


def test_swedish_list():
    assert swedish_list([]) == "ingen"
    assert swedish_list(["A"]) == "A"
    assert swedish_list(["A", "B", "C"]) == "A, B och C"
