"""The sheets' numbers are registered like the chapters' glued numbers: a function and its inputs
with checksums for every number, a link from each number to its origin on the sheet."""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from conftest import EXAMPLE, ROOT

from analysis.data import load_dataset
from analysis.register import Number
from analysis.scenarios import load_scenarios, shipped_scenario_files
from analysis.sheets.compute import SheetSource, compute_sheets
from analysis.sheets.context import sheet_numbers
from analysis.sheets.numbers import SECTIONS
from analysis.sheets.origin import REGISTER_CSV, REGISTER_JSON, SECTION_NAMES, label
from analysis.sheets.pages import write_from_source

MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(#(ursprung-[a-z0-9-]+)\)")
HTML_LINK = re.compile(r'<a href="#(ursprung-[a-z0-9-]+)">([^<]+)</a>')  # in the tables (analysis.sheets.tables)


def links(text: str) -> list[tuple[str, str]]:
    """(shown text, target) of every link to a number's origin, in prose and in tables."""
    prose = [(re.sub(r"\\(.)", r"\1", shown), target) for shown, target in MARKDOWN_LINK.findall(text)]
    return prose + [(html.unescape(shown), target) for target, shown in HTML_LINK.findall(text)]


@pytest.fixture(scope="module")
def source() -> SheetSource:
    return SheetSource.from_dataset(load_dataset(EXAMPLE))


@pytest.fixture(scope="module")
def scenario_files():
    return shipped_scenario_files(ROOT)


@pytest.fixture(scope="module")
def written(tmp_path_factory, source, scenario_files):
    out = tmp_path_factory.mktemp("blad") / "halsocentraler"
    write_from_source(ROOT, source, load_scenarios(scenario_files), out=out, scenario_files=scenario_files)
    return out


def test_every_section_function_is_registered_and_named_on_the_sheet():
    assert {fn.__name__ for fn in SECTIONS} == set(SECTION_NAMES)
    for fn in SECTIONS:
        assert fn.register_source.tables, fn.__name__


def test_every_value_is_a_number_with_its_function(source, scenario_files):
    sheets = compute_sheets(source, load_scenarios(scenario_files))
    for hc_id in sheets.ids[:3]:
        for name, values in sheet_numbers(sheets, hc_id).items():
            assert values, name
            for key, text in values.items():
                assert isinstance(text, Number) and text.source.function.endswith(f".{name}"), (hc_id, key)


def test_each_number_on_a_sheet_links_to_its_origin_on_that_sheet(written):
    for page in (written / "blad").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        anchors = set(re.findall(r"^\((ursprung-[a-z0-9-]+)\)=$", text, re.M))
        found = links(text)
        assert len(MARKDOWN_LINK.findall(text)) > 5 and len(HTML_LINK.findall(text)) > 50, page.name
        assert {target for _, target in found} <= anchors, page.name
        assert label(page.stem, "population_numbers") in anchors


def test_the_register_has_every_number_with_inputs_and_checksums(written, source):
    data = json.loads((written / REGISTER_JSON).read_text(encoding="utf-8"))
    assert set(data["funktioner"]) == {f"{fn.__module__}.{fn.__qualname__}" for fn in SECTIONS}
    for function, inputs in data["funktioner"].items():
        tables = [i for i in inputs if i["typ"] == "tabell"]
        assert tables and all(len(i["sha256"]) == 64 for i in tables), function
        assert all(i["sha256"] == source.manifest["tabeller"][i["namn"]]["sha256"] for i in tables)
    scenario_inputs = [
        i for i in data["funktioner"]["analysis.sheets.numbers.scenario_numbers"] if i["typ"] == "scenariofil"
    ]
    assert scenario_inputs and all(i["fil"].startswith("scenarios/") and i["sha256"] for i in scenario_inputs)
    records = data["tal"]
    assert {r["hc_id"] for r in records} == set(source.centres["hc_id"].astype(str))
    assert len({(r["hc_id"], r["nyckel"]) for r in records}) == len(records)
    # every linked number on a sheet is a record of that centre with the same text
    by_centre: dict[str, set[str]] = {}
    for r in records:
        by_centre.setdefault(r["hc_id"], set()).add(r["varde"])
    for page in (written / "blad").glob("*.md"):
        shown = {t for t, _ in links(page.read_text(encoding="utf-8"))}
        assert shown <= by_centre[page.stem], page.name
    with open(written / REGISTER_CSV, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == len(records) and rows[0]["funktion"] and "tabell:" in rows[0]["indata"]
