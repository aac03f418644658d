"""Trust-based steering of accessibility (analysis.indicators.steering): requirement verdicts with
the funnel-plot logic for chance, the revisit parameter and the fine of the rule it replaces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.chapters.uppfoljning.steering_text import display_table
from analysis.indicators.steering import (
    fines_from_params,
    requirement_verdicts,
    revisit_counts,
    revisit_verdicts,
    steering_table,
    verdict_counts,
)


def values(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["hc_id", "taljare", "namnare"])


class TestRequirement:
    def test_three_verdicts(self):
        v = requirement_verdicts(values([("a", 900, 1000), ("b", 845, 1000), ("c", 780, 1000)]), 0.85)
        assert list(v["bedomning"]) == ["uppfyller", "inom slumpen", "under kravet"]

    def test_lower_limit_is_the_exact_binomial_quantile_around_the_requirement(self):
        v = requirement_verdicts(values([("a", 70, 100)]), 0.85)
        assert v["nedre_grans"].iloc[0] == pytest.approx(stats.binom.ppf(0.001, 100, 0.85) / 100)

    def test_a_small_centre_is_given_more_room(self):
        small = requirement_verdicts(values([("s", 16, 20)]), 0.85)  # 80 % of 20
        large = requirement_verdicts(values([("l", 1600, 2000)]), 0.85)  # 80 % of 2 000
        assert small["bedomning"].iloc[0] == "inom slumpen"
        assert large["bedomning"].iloc[0] == "under kravet"

    def test_too_few_gets_no_verdict(self):
        v = requirement_verdicts(values([("x", 2, 3)]), 0.85, min_n=5)
        assert v["bedomning"].iloc[0] is None

    def test_level_must_be_a_share(self):
        with pytest.raises(ValueError, match="kravnivån måste vara en andel"):
            requirement_verdicts(values([("a", 1, 2)]), 85)


def visits(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["patient_id", "besokt_hc", "datum", "yrke"])
    df["datum"] = pd.to_datetime(df["datum"])
    df["listad_hc"] = df["besokt_hc"]
    return df


class TestRevisits:
    def test_counts_a_second_visit_within_the_window_at_the_same_centre(self):
        b = visits(
            [
                (1, "a", "2020-01-01", "lakare"),
                (1, "a", "2020-01-20", "sjukskoterska"),  # revisit
                (2, "a", "2020-02-01", "lakare"),
                (2, "a", "2020-04-01", "lakare"),  # too late
                (3, "a", "2020-03-01", "lakare"),
                (3, "b", "2020-03-05", "lakare"),  # other centre
                (4, "b", "2020-12-31", "lakare"),  # sets the end
            ]
        )
        c = revisit_counts(b, window_days=30).set_index("hc_id")
        # a: visits of 1 (yes), 2 (no, twice; the second is within the cut-off), 3 (no)
        assert c.loc["a", "namnare"] == 4 and c.loc["a", "taljare"] == 1
        assert c.loc["b", "namnare"] == 1 and c.loc["b", "taljare"] == 0  # the Dec 31 visit is cut off

    def test_window_must_be_positive(self):
        with pytest.raises(ValueError, match="fönstret"):
            revisit_counts(visits([(1, "a", "2020-01-01", "lakare")]), window_days=0)

    def test_verdict_against_the_region(self):
        counts = pd.DataFrame(
            {"hc_id": list("abcdef"), "taljare": [250, 260, 240, 255, 600, 245], "namnare": [1000] * 6}
        )
        pts, region = revisit_verdicts(counts)
        assert region == pytest.approx(counts["taljare"].sum() / 6000)
        assert pts.set_index("hc_id").loc["e", "bedomning"] == "högre än regionen"
        assert pts.set_index("hc_id").loc["a", "bedomning"] == "som regionen"


def test_fines_follow_the_2020_rule():
    centres = pd.DataFrame({"hc_id": ["a", "b", "c"]})
    params = {
        "tillganglighet": {
            "vite_per_vecka_kr": {"varde": 10_000},
            "vite_max_kr": {"varde": 100_000},
            "vite_veckor": {"varden": {"a": 4, "b": 30}},
            "vite_tillfallen": {"varden": {"b": 2}},
        }
    }
    f = fines_from_params(params, centres)
    assert list(f) == [40_000, 200_000, 0]
    assert fines_from_params({}, centres) is None


def test_table_and_counts_on_the_example_data():
    from pathlib import Path

    from analysis.data import load_dataset
    from analysis.indicators.targets import targets

    ds = load_dataset(
        Path(__file__).resolve().parents[1] / "data" / "exempel-2020", tables=["halsocentraler", "indikatorer", "besok"]
    )
    hc = ds.table("halsocentraler")
    level = targets(ds.params)["komiljard_troskel"].varde
    table, info = steering_table(
        ds.table("indikatorer"), ds.table("besok"), hc, level, ds.year, fines_from_params(ds.params, hc)
    )
    assert len(table) == len(hc) and info["niva"] == level
    counts = verdict_counts(table)
    assert sum(counts[f"tre_an_{v}"] for v in ("uppfyller", "inom slumpen", "under kravet")) == len(hc)
    assert counts["med_vite"] == int((table["vite_kr"] > 0).sum()) > 0
    shown = display_table(table)
    assert len(shown.columns) <= 7 and "Vite i dag" in shown.columns
    assert np.all(
        table["klarar_kraven"]
        == (
            table["noll_an_bedomning"].isin(["uppfyller", "inom slumpen"])
            & table["tre_an_bedomning"].isin(["uppfyller", "inom slumpen"])
        )
    )


def test_follow_up_chapter_shows_the_steering_section(tmp_path):
    """The section appended to the follow-up chapter runs and shows its figure and table (papermill)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out_nb, out_dir, cwd = tmp_path / "kapitel.ipynb", tmp_path / "genererat", tmp_path / "kapitel"
    cwd.mkdir()
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(root / "notebooks" / "03-uppfoljning.ipynb"),
        str(out_nb),
        "-p",
        "data_dir",
        str(root / "data" / "exempel-2020"),
        "-p",
        "output_dir",
        str(out_dir),
        "--cwd",
        str(cwd),
        "--execution-timeout",
        "600",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out_dir / "tillitskrav.png").exists()
    table = pd.read_csv(out_dir / "tillitskrav.csv", sep=";", encoding="utf-8-sig")
    assert {"noll_an_bedomning", "tre_an_bedomning", "aterbesok_bedomning", "vite_kr"} <= set(table.columns)
    text = json.dumps(json.loads(out_nb.read_text(encoding="utf-8")), ensure_ascii=False)
    assert "(tillitsbaserad-styrning)=" in text and "ts_klarar" in text
