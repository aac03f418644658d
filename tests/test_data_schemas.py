"""The schemas, their Swedish descriptions and the data dictionary rendered from them."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from analysis.data.describe import expected_text
from analysis.data.dictionary import data_dictionary_markdown
from analysis.data.schemas import SCHEMAS, key_columns

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_table_and_column_is_described(name):
    schema = SCHEMAS[name]
    assert schema.name == name and schema.title and schema.description
    assert key_columns(schema) and set(key_columns(schema)) <= set(schema.columns)
    for column_name, column in schema.columns.items():
        assert column.title and column.description, f"{name}.{column_name}"


def test_expected_texts():
    assert expected_text(SCHEMAS["listade"].columns["antal"]) == "ett heltal ≥ 0"
    assert expected_text(SCHEMAS["listade"].columns["kon"]) == "ett av: kvinna, man"
    assert expected_text(SCHEMAS["halsocentraler"].columns["lat"]) == "ett tal mellan 55 och 70"
    assert expected_text(SCHEMAS["halsocentraler"].columns["kommunkod"]) == "text: fyra siffror, t.ex. 2380"
    assert expected_text(SCHEMAS["besok"].columns["datum"]) == "ett datum (ÅÅÅÅ-MM-DD)"


def test_dictionary_covers_every_table_and_column():
    text = data_dictionary_markdown()
    assert text.startswith("(datakatalog)=\n# Datakatalog\n")
    for name, schema in SCHEMAS.items():
        assert f"## {schema.title}" in text and f"Tabell `{name}`" in text
        for column in schema.columns:
            assert f"| `{column}` |" in text
    assert "| `kon` | text | `kvinna`, `man` |" in text
    assert "**Nyckel:** unik kombination av `hc_id`, `kon`, `aldersgrupp`." in text
    assert "`besok_hogkostnadsskydd ≤ besok_totalt`" in text


def test_fixtures_are_reproducible(tmp_path):
    """tests/data/make_bad_cases.py regenerates the committed fixtures (Excel files aside: zip timestamps)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_bad_cases", DATA / "make_bad_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for sub in ("good", "bad"):
        fresh = sorted(p.relative_to(tmp_path / sub) for p in (tmp_path / sub).rglob("*") if p.is_file())
        committed = sorted(p.relative_to(DATA / sub) for p in (DATA / sub).rglob("*") if p.is_file())
        assert fresh == committed
        for rel in fresh:
            if rel.suffix not in (".xlsx", ".parquet"):
                assert filecmp.cmp(tmp_path / sub / rel, DATA / sub / rel, shallow=False), rel
