"""The built HTML book: every page there, readable, honest about its data, and offline."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import normalise

from analysis.chapters.registry import CHAPTERS, by_key

pytestmark = pytest.mark.slow

APPENDICES = ("om-data", "metod", "datakatalog", "reproducerbarhet")
STATUS_WORDS = (
    "Syntetisk exempeldata",
    "Offentlig statistik",
    "Publicerad i rapporten",
    "Sammanställd från offentliga källor",
)


def _page(root: Path, chapter) -> Path:
    return root / "_build" / "html" / Path(chapter.output).with_suffix(".html")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_exists(built_book):
    html = built_book / "_build" / "html"
    assert (html / "index.html").exists()
    for chapter in CHAPTERS:
        assert _page(built_book, chapter).exists(), chapter.key
    for name in APPENDICES:
        assert (html / "book" / "bilagor" / f"{name}.html").exists(), name


def test_front_page_headings_are_headings_for_screen_readers(built_book):
    soup = _soup(built_book / "_build" / "html" / "book" / "intro.html")
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2.rubric")]
    assert "Vad boken innehåller" in headings and "Underlag" in headings
    assert not soup.select("p.rubric")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.key)
def test_chapter_page_is_clean(built_book, chapter):
    soup = _soup(_page(built_book, chapter))
    text = normalise(soup.get_text(" "))
    assert chapter.title in text
    assert any(word in text for word in STATUS_WORDS), "the data-status box is missing"
    for leak in ("<Figure size", "<pandas", "Styler", "Traceback", "<IPython", "NaN"):
        assert leak not in text, f"{leak!r} leaked into the page"
    if chapter.key == "sammanfattning":  # one page of text and one table, links to the figures
        return
    figures = soup.select("figure")
    assert figures, "a chapter without figures"
    for fig in figures:
        img = fig.find("img")
        if img is not None:
            assert img.get("alt"), f"figure without alt text: {img.get('src')}"
            assert (_page(built_book, chapter).parent / img["src"]).exists(), img["src"]
        assert fig.find("figcaption"), "figure without caption"
    assert soup.select("a.download, a.reference.download"), "no downloadable table"


def test_every_glue_was_resolved(built_book):
    for chapter in CHAPTERS:
        text = _page(built_book, chapter).read_text(encoding="utf-8")
        assert "{glue" not in text and "glue:text" not in text, chapter.key


def test_no_resource_is_fetched_from_the_internet(built_book):
    html = built_book / "_build" / "html"
    for page in html.rglob("*.html"):
        soup = _soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for node in soup.find_all(tag):
                url = node.get(attr) or ""
                assert not url.startswith(("http://", "https://", "//")), f"{page.name}: {url}"


def test_manifest_lists_inputs_and_outputs(built_book):
    manifest = json.loads((built_book / "_build" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["indata"]["dataset"]
    assert any(name.endswith("parametrar.yml") for name in manifest["indata"]["dataset"])
    assert all(len(sha) == 64 for sha in manifest["utdata"].values())
    assert {c["kapitel"] for c in manifest["kapitel"]} == {c.key for c in CHAPTERS}


@pytest.mark.browser
def test_pages_render_in_a_real_browser_offline(built_book, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    html = built_book / "_build" / "html"
    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.on("request", lambda r: external.append(r.url) if r.url.startswith("http") else None)
        for chapter in CHAPTERS:
            page.goto((html / Path(chapter.output).with_suffix(".html")).as_uri())
            page.wait_for_load_state("load")
            assert chapter.title in page.inner_text("h1")
            images = page.eval_on_selector_all(
                "figure img", "els => els.map(e => [e.complete && e.naturalWidth > 0, e.src])"
            )
            assert all(ok for ok, _ in images) and (images or chapter.key == "sammanfattning"), images
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390 + 5, f"{chapter.key}: page scrolls sideways on a phone ({width}px)"
            page.screenshot(path=str(tmp_path / f"{chapter.key}.png"), full_page=False)
        browser.close()
    assert not external, f"the book fetched from the internet: {external[:5]}"


# --- the book built from next year's data (data/exempel-2021) -------------------------------------

NEXT_YEAR = "exempel-2021"
REPORT_YEAR_DATA = "exempel-2020"
PER_LISTED = "kr per listad och år"


@pytest.fixture(scope="module")
def next_year_book(tmp_path_factory) -> Path:
    """The project built once from the second example year, its data inside the project."""
    from conftest import ROOT, copy_project, run_cli

    root = copy_project(tmp_path_factory.mktemp("nasta-ar") / "projekt")
    shutil.copytree(ROOT / "data" / NEXT_YEAR, root / "data" / NEXT_YEAR)
    result = run_cli(root, "build", "--data", f"data/{NEXT_YEAR}", "--quiet")
    assert result.returncode == 0, f"bygget misslyckades:\n{result.stdout}\n{result.stderr}"
    return root


def _years_of(ds) -> set[int]:
    from analysis.vintage import Vintage

    v = Vintage.from_params(ds.params)
    years = {int(ds.params["ar"]), int(ds.year), v.next_year}
    years |= {int(p[:4]) for p in (v.viktperiod or ())}
    years |= {v.befolkning_datum.year} if v.befolkning_datum else set()
    for table in ("kolada", "indikatorer"):
        years |= set(ds.table(table)["ar"].astype(int))
    dates = ds.table("besok")["datum"]
    return years | set(dates.dt.year.astype(int))


def _prices(params: dict) -> set[float]:
    """Every amount per listed person in the parameter file (prices, CNI mean)."""
    out = set()
    for group in params.values():
        if isinstance(group, dict):
            for entry in group.values():
                if isinstance(entry, dict) and entry.get("enhet") == PER_LISTED and "varde" in entry:
                    out.add(float(entry["varde"]))
    return out


def only_in_report_year() -> dict[str, re.Pattern]:
    """What belongs to the 2020 dataset and not to next year's, derived from the two datasets:
    years, periods and dates the prose would say, prices per listed person, centre names."""
    from conftest import ROOT

    from analysis import formatting as fmt
    from analysis.data import load_dataset
    from analysis.vintage import Vintage

    old, new = (load_dataset(ROOT / "data" / name) for name in (REPORT_YEAR_DATA, NEXT_YEAR))
    vo, vn = Vintage.from_params(old.params), Vintage.from_params(new.params)
    out = {}
    for year in sorted(_years_of(old) - _years_of(new) - _cited_years()):
        out[f"år {year}"] = re.compile(rf"(?<![\w.]){year}(?![\w.])")
    for a, b in (
        (vo.prisniva, vn.prisniva),
        (vo.weight_period, vn.weight_period),
        (vo.population_text, vn.population_text),
    ):
        if a and a != b:
            out[a] = re.compile(re.escape(a))
    for price in sorted(_prices(old.params) - _prices(new.params)):
        text = fmt.kr(price)
        out[text] = re.compile(rf"(?<![\d\u00a0,.]){re.escape(text)}")
    for name in sorted(set(old.table("halsocentraler")["namn"]) - set(new.table("halsocentraler")["namn"])):
        out[name] = re.compile(re.escape(name))
    return out


def _cited_years() -> set[int]:
    """Years the project cites as facts of the report and its board papers (the proposals and the
    scenario files), whatever the dataset: they are no data vintage."""
    from conftest import ROOT

    files = [*(ROOT / "scenarios").glob("*.yml"), ROOT / "src" / "analysis" / "proposals.yml"]
    return {int(y) for f in files for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", f.read_text(encoding="utf-8"))}


def _visible_text(page: Path, tables: bool = True) -> str:
    soup = _soup(page)
    for node in soup.select("script, style, .cell_input, div.highlight" + ("" if tables else ", table")):
        node.decompose()
    return soup.get_text(" ")


def test_next_year_book_says_nothing_that_belongs_only_to_the_report_year(next_year_book):
    forbidden = only_in_report_year()
    assert any(k.startswith("år ") for k in forbidden) and len(forbidden) >= 6, forbidden  # the list is derived
    found = []
    for page in sorted((next_year_book / "_build" / "html").rglob("*.html")):
        if page.name in ("genindex.html", "search.html"):
            continue
        text = _visible_text(page)
        prose = _visible_text(page, tables=False)  # an amount in a per-centre table may equal an old price
        for what, pattern in forbidden.items():
            for m in pattern.finditer(prose if what.endswith("kr") else text):
                found.append(f"{page.name}: {what!r} i …{text[max(0, m.start() - 60) : m.end() + 30]}…")
    assert not found, "\n".join(found)


def test_next_year_book_has_no_machine_paths(next_year_book):
    for page in sorted((next_year_book / "_build" / "html").rglob("*.html")):
        text = _visible_text(page)
        assert str(next_year_book) not in text and "/tmp/" not in text, page.name
    for path in (next_year_book / "_build" / "html").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ipynb", ".md", ".txt", ".js", ".csv"):
            assert str(next_year_book) not in path.read_text(encoding="utf-8", errors="replace"), path.name
    repro = _visible_text(next_year_book / "_build" / "html" / "book" / "bilagor" / "reproducerbarhet.html")
    assert f"data/{NEXT_YEAR}" in repro


def test_next_year_centres_in_every_per_centre_table(next_year_book):
    from conftest import ROOT

    from analysis.data import load_dataset
    from analysis.figures.scenarios import short_name

    def names(dataset: str) -> set[str]:
        return set(load_dataset(ROOT / "data" / dataset).table("halsocentraler")["namn"])

    new, old = names(NEXT_YEAR), names(REPORT_YEAR_DATA)
    opened, closed = new - old, old - new

    def shown(name: str, text: str) -> bool:
        return name in text or bool(re.search(rf"(?<!\w){re.escape(short_name(name))}(?!\w)", text))

    per_centre = 0
    for chapter in (by_key("ersattningsmodell"), by_key("forandringar")):
        for table in _soup(_page(next_year_book, chapter)).select("table"):
            text = table.get_text(" ")
            if sum(bool(shown(name, text)) for name in new) >= len(new) // 2:
                per_centre += 1
                assert all(shown(name, text) for name in opened), text[:200]
            assert not any(shown(name, text) for name in closed), text[:200]
    assert per_centre >= 4
    title = _soup(_page(next_year_book, by_key("ersattningsmodell"))).find("h1").get_text(" ")
    assert "2021" in title
