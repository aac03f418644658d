"""The built HTML book: every page there, readable, honest about its data, and offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from analysis.pipeline.registry import CHAPTERS
from conftest import normalise

pytestmark = pytest.mark.slow

APPENDICES = ("om-data", "metod", "datakatalog", "reproducerbarhet")
STATUS_WORDS = ("Syntetisk exempeldata", "Offentlig statistik", "Publicerad i rapporten",
                "Sammanställd från offentliga källor")


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
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.on("request", lambda r: external.append(r.url) if r.url.startswith("http") else None)
        for chapter in CHAPTERS:
            page.goto((html / Path(chapter.output).with_suffix(".html")).as_uri())
            page.wait_for_load_state("load")
            assert chapter.title in page.inner_text("h1")
            images = page.eval_on_selector_all(
                "figure img", "els => els.map(e => [e.complete && e.naturalWidth > 0, e.src])")
            assert all(ok for ok, _ in images) and (images or chapter.key == "sammanfattning"), images
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390 + 5, f"{chapter.key}: page scrolls sideways on a phone ({width}px)"
            page.screenshot(path=str(tmp_path / f"{chapter.key}.png"), full_page=False)
        browser.close()
    assert not external, f"the book fetched from the internet: {external[:5]}"
