"""Property tests: age-band coverage and listing aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data import aggregate_listing
from analysis.data.agebands import STANDARD_BANDS, coverage_problems, parse_band

cuts = st.lists(st.integers(1, 110), min_size=1, max_size=25, unique=True).map(sorted)


def bands_from(points: list[int]) -> list[str]:
    edges = [0] + points
    return [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]


@given(points=cuts)
def test_any_partition_covers(points):
    assert coverage_problems(bands_from(points)) == []


@given(points=cuts.filter(lambda p: len(p) >= 2), data=st.data())
def test_removing_an_inner_band_leaves_a_gap(points, data):
    bands = bands_from(points)
    drop = data.draw(st.integers(1, len(bands) - 2))
    low, high = parse_band(bands[drop])
    problems = coverage_problems(bands[:drop] + bands[drop + 1 :])
    assert [m for _, m in problems] == [
        f"glapp mellan '{bands[drop - 1]}' och '{bands[drop + 1]}': åldrarna {low}–{int(high)} saknas"
    ]


people = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["kvinna", "man"]), st.integers(0, 110)),
    min_size=1,
    max_size=200,
)


@settings(deadline=None, max_examples=50)
@given(rows=people)
def test_aggregate_listing_counts_every_person_once(rows):
    frame = pd.DataFrame(rows, columns=["hc_id", "kon", "alder"])
    out = aggregate_listing(frame)
    assert out["antal"].sum() == len(frame)
    pairs = frame[["hc_id", "kon"]].drop_duplicates()
    assert len(out) == len(pairs) * len(STANDARD_BANDS)
    for (hc, kon), group in out.groupby(["hc_id", "kon"]):
        assert group["aldersgrupp"].tolist() == STANDARD_BANDS
        ages = frame.loc[(frame.hc_id == hc) & (frame.kon == kon), "alder"].to_numpy()
        expected = np.bincount(np.minimum(ages // 5, 20), minlength=21)
        assert group["antal"].tolist() == expected.tolist()
