"""The health-centre sheets in the built book: one per centre, the chapter's totals, waterfalls that add up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE, normalise

from analysis import formatting as fmt
from analysis.chapters.ersattningsmodell.presentation import compensation_table
from analysis.data import load_dataset
from analysis.model import ModelInputs, compute_model
from analysis.sheets.pages import slugs_for

pytestmark = pytest.mark.slow

COMPONENTS = {
    "Ersättning listad (ålder)": "Listad",
    "CNI": "CNI",
    "Läkemedel": "Läkemedel",
    "Glesbygd": "Glesbygd",
    "Totalt": "Totalt",
}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _rows(table) -> list[list[str]]:
    return [
        [normalise(td.get_text(" ", strip=True)) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    ]


def _kr(text: str) -> int:
    return int(text.replace("kr", "").replace(" ", "").replace("+", ""))


@pytest.fixture(scope="module")
def centres():
    return load_dataset(EXAMPLE, tables=["halsocentraler"]).table("halsocentraler")


@pytest.fixture(scope="module")
def sheet_pages(built_book, centres) -> dict[str, Path]:
    folder = built_book / "_build" / "html" / "book" / "halsocentraler" / "blad"
    slugs = slugs_for(centres["hc_id"].astype(str))
    return {hc_id: folder / f"{slug}.html" for hc_id, slug in slugs.items()}


def test_each_centre_has_exactly_one_sheet(built_book, centres, sheet_pages):
    folder = built_book / "_build" / "html" / "book" / "halsocentraler" / "blad"
    assert {p.name for p in folder.glob("*.html")} == {p.name for p in sheet_pages.values()}
    names = centres.set_index(centres["hc_id"].astype(str))["namn"]
    titles = {
        hc_id: normalise(_soup(p).find("h1").get_text(strip=True)).rstrip("#") for hc_id, p in sheet_pages.items()
    }
    assert titles == {hc_id: normalise(names[hc_id]) for hc_id in sheet_pages}
    overview = _soup(folder.parent / "index.html")
    linked = {a["href"].split("#")[0] for a in overview.select("main a[href^='blad/']")}
    assert linked == {f"blad/{p.name}" for p in sheet_pages.values()}


def test_totals_equal_the_chapters_compensation_table(built_book, sheet_pages):
    ds = load_dataset(EXAMPLE)
    expected = compensation_table(compute_model(ModelInputs.from_dataset(ds))).set_index("Hälsocentral")
    chapter = _soup(built_book / "_build" / "html" / "book" / "kapitel" / "01-ersattningsmodell-2020.html")
    chapter_rows = {r[0]: r for r in _rows(chapter.find("table", id="tab-ersattningsmodell-ersattning"))}
    header = [
        normalise(th.get_text(strip=True))
        for th in chapter.find("table", id="tab-ersattningsmodell-ersattning").find_all("th")
    ]
    names = ds.table("halsocentraler").set_index("hc_id")["namn"]
    for hc_id, page in sheet_pages.items():
        name = names[hc_id]
        table = _soup(page).find("table", id=f"tab-hc-{hc_id}-ersattning")
        shown = {r[0]: r[-1] for r in _rows(table)}  # component -> per year
        for label, column in COMPONENTS.items():
            want = normalise(fmt.mkr(expected.loc[name, column], 2))
            assert shown[label] == want, (hc_id, label)
            assert chapter_rows[normalise(name)][header.index(column)] == want, (hc_id, column)


def test_waterfalls_add_up_to_the_total_change(sheet_pages):
    checked = 0
    for hc_id, page in sheet_pages.items():
        soup = _soup(page)
        changes = {r[0]: _kr(r[1]) for r in _rows(soup.find("table", id=f"tab-hc-{hc_id}-scenarier"))}
        prefix = f"tab-hc-{hc_id}-vattenfall-"
        for table in soup.find_all("table", id=lambda i, prefix=prefix: i and i.startswith(prefix)):
            rows = _rows(table)
            assert rows[0][0] == "I dag" and rows[-1][0] == "Med förslaget"
            start, end = _kr(rows[0][1]), _kr(rows[-1][1])
            steps = [_kr(r[1]) for r in rows[1:-1]]
            assert start + sum(steps) == end, (hc_id, table["id"])
            title = normalise(table.find("caption").get_text(" ", strip=True)).split(": netto")[0]
            title = title.split(" ", 2)[-1] if title.startswith("Tabell") else title
            assert changes[title] == end - start, (hc_id, title)
            checked += 1
    assert checked >= len(sheet_pages)


def test_sheet_figures_have_alt_text_and_status(sheet_pages):
    for hc_id, page in sheet_pages.items():
        soup = _soup(page)
        images = soup.select("main img")
        assert len(images) >= 2 and all(len(img.get("alt", "")) > 40 for img in images), hc_id
        text = normalise(soup.get_text(" "))
        assert "Syntetisk exempeldata" in text, hc_id


def test_sheet_numbers_link_to_their_origin_and_the_register_is_published(built_book, sheet_pages):
    html = built_book / "_build" / "html"
    register = json.loads((html / "halsocentralsblad-register.json").read_text(encoding="utf-8"))
    assert (html / "halsocentralsblad-register.csv").exists()
    values: dict[str, set[str]] = {}
    for r in register["tal"]:
        values.setdefault(r["hc_id"], set()).add(normalise(r["varde"]))
    for hc_id, page in sheet_pages.items():
        soup = _soup(page)
        links = soup.select(f'main a[href^="#ursprung-{page.stem}-"]')  # the numbers' links
        assert len(links) > 50, hc_id
        for a in links:
            assert soup.find(id=a["href"][1:]) is not None, (hc_id, a["href"])
            assert normalise(a.get_text(strip=True)) in values[hc_id], (hc_id, a.get_text())
        origin = soup.find("section", id="siffrornas-ursprung")
        assert origin is not None and "analysis.sheets.numbers.compensation_numbers" in origin.get_text()


def test_the_build_manifest_covers_the_sheets(built_book, sheet_pages):
    manifest = json.loads((built_book / "_build" / "manifest.json").read_text(encoding="utf-8"))
    outputs = set(manifest["utdata"])
    folder = "book/halsocentraler"
    assert f"{folder}/register.json" in outputs and f"{folder}/index.md" in outputs
    for page in sheet_pages.values():  # the pages' numbers are in register.json
        assert f"{folder}/bilder/{page.stem}-alder.png" in outputs
