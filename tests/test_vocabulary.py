"""One owner per piece of domain vocabulary (`analysis.vocabulary`), and an indicator added to
its table flows through the per-centre values, the comparison table and the targets."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from analysis import vocabulary as V
from analysis.chapters.uppfoljning.centres_text import comparison_download
from analysis.indicators import centres as C
from analysis.indicators.targets import targets
from analysis.vocabulary import indicators as VI

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
OWNER = SRC / "vocabulary"
#: Hand-made test input, not a definition (moves to tests/ with issue #16's pipeline part).
NOT_DEFINITIONS = {SRC / "model" / "toy.py"}
CONCEPTS = {
    "CNI variables": set(V.CNI_VARIABLES),
    "cost types": set(V.COST_TYPES),
    "ownership forms": set(V.OWNERSHIP_KEYS),
    "indicators": set(V.INDICATOR_KEYS),
}


def _literal_strings(node: ast.AST) -> list[str]:
    """The string constants a dict (its keys), list, tuple or set literal lists directly."""
    items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


def vocabulary_literals(path: Path, root: Path = SRC.parent) -> list[str]:
    """Container literals in `path` that name two or more keys of one concept."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            continue
        strings = set(_literal_strings(node))
        for concept, keys in CONCEPTS.items():
            if len(strings & keys) >= 2:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {concept} {sorted(strings & keys)}")
    return found


def test_the_vocabulary_is_defined_only_in_its_owner():
    files = [p for p in sorted(SRC.rglob("*.py")) if OWNER not in p.parents and p not in NOT_DEFINITIONS]
    found = [hit for p in files for hit in vocabulary_literals(p)]
    assert not found, "define these in analysis.vocabulary and import them:\n" + "\n".join(found)


def test_the_scan_finds_a_second_definition(tmp_path):
    copy = tmp_path / "analysis" / "copy.py"
    copy.parent.mkdir()
    copy.write_text(
        'FORMS = {"regiondriven": "Regiondrivna", "privat": "Privata"}\n'
        'CNI = ["utrikes_fodda", "arbetslosa"]\nONE = ("lokaler",)\n'
        'ACCESS = ("noll_an", "tre_an")\n',
        encoding="utf-8",
    )
    found = [hit.split(": ", 1)[1] for hit in vocabulary_literals(copy, tmp_path)]
    assert [f.split(" [")[0] for f in found] == ["ownership forms", "CNI variables", "indicators"]


def test_tables_are_consistent():
    assert len(V.CNI_VARIABLES) == 7 and len(V.COST_TYPES) == 7
    assert list(V.REPORT_CNI_WEIGHTS.values()) == sorted(V.REPORT_CNI_WEIGHTS.values(), reverse=True)
    assert set(V.OWNERSHIP_COLOURS) == set(V.OWNERSHIP_LABELS) == set(V.OWNERSHIP_KEYS)
    for i in V.INDICATOR_TABLE:
        assert i.kind in ("andel", "takt") and "{ar}" in i.download
        assert (i.per != 1.0) == (i.kind == "takt")


# -- adding an indicator -----------------------------------------------------------------------

WAIT = VI.Indicator(
    "vantetid",
    "Väntetid",
    "besök inom sju dagar",
    "andel",
    "besök",
    "väntetiden",
    "Väntetid{ar}, besök inom sju dagar (%)",
    access=True,
    target=VI.IndicatorTarget(
        "vantetid_mal",
        "min",
        VI.Target(0.9, "andel", "Mål för besök inom sju dagar", "påhittat för testet", "syntetisk"),
    ),
)


@pytest.fixture
def with_new_indicator(monkeypatch):
    table = (*VI.INDICATOR_TABLE, WAIT)
    monkeypatch.setattr(VI, "INDICATOR_TABLE", table)
    monkeypatch.setattr(VI, "INDICATORS", {i.key: i for i in table})


def _indikatorer() -> pd.DataFrame:
    rows = [
        ("a", "vantetid", 2020, 90, 100),
        ("b", "vantetid", 2020, 40, 50),
        ("a", "noll_an", 2020, 50, 100),
        ("b", "noll_an", 2020, 30, 40),
    ]
    return pd.DataFrame(rows, columns=["hc_id", "indikator", "ar", "taljare", "namnare"])


def test_a_new_indicator_flows_through_the_model_side(with_new_indicator):
    ind = _indikatorer()
    assert C.available(ind) == ["noll_an", "vantetid"]
    assert C.region_value(ind, "vantetid", 2020) == pytest.approx(130 / 150)
    assert C.comparison_columns()["vantetid"] == "Väntetid"
    assert list(C.comparison_columns())[:3] == ["noll_an", "tre_an", "vantetid"]  # an access measure
    centres = pd.DataFrame({"hc_id": ["a", "b"], "namn": ["A", "B"], "driftsform": ["privat", "privat"]})
    continuity = pd.DataFrame(columns=["hc_id", "yrke", "patienter", "mfpc", "coc"])
    shown, download, years = C.comparison_table(centres, ind, continuity, 2020, min_n=5)
    assert years["vantetid"] == 2020 and "Väntetid" in shown.columns
    out = comparison_download(download, years)
    assert "Väntetid 2020, besök inom sju dagar (%)" in out.columns
    assert out["Väntetid 2020, antal besök"].tolist() == [100, 50]
    target = targets()["vantetid_mal"]
    assert (target.varde, target.kalla) == (0.9, "påhittat för testet")
    override = {"uppfoljning": {"vantetid_mal": {"varde": 0.8, "kalla": "regionens mål", "status": "publicerad"}}}
    assert targets(override)["vantetid_mal"].varde == 0.8


def test_without_the_new_indicator_nothing_changes():
    assert "vantetid" not in C.comparison_columns() and "vantetid_mal" not in targets()
