"""The PDF book: printed by Chromium from the single-page render, tagged and accessible.

The first tests check the print document and the PDF finishing on small inputs (fast); the rest
read the PDF of the book built once per session (slow; need Debian's chromium and poppler).
docs/publishing.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import have_chromium, normalise
from golden import GOLDEN_TEXTS

from analysis.chapters.registry import CHAPTERS
from analysis.pdf import layout as book_pdf
from analysis.pdf import printing
from analysis.vintage import MONTHS

SLOW_PDF = (pytest.mark.slow, pytest.mark.pdf)
APPENDICES = ("Om data", "Metod och formler", "Datakatalog", "Reproducerbarhet")
A4_WIDTH = 595.0
LEFT, RIGHT = 62.4, 56.7  # the print style sheet's page margins (22 mm, 20 mm) in points

# -- the print document and the finishing (fast) -------------------------------------------------

SINGLE = """<!DOCTYPE html><html lang="sv"><head><title>x</title>
<link rel="stylesheet" href="_static/styles/theme.css"><script src="_static/searchtools.js"></script>
<script>window.MathJax = {}</script><script src="_static/mathjax/tex-chtml.js"></script></head>
<body><nav class="bd-sidebar">meny</nav><article class="bd-article">
<section id="bok"><h1>Boken<a class="headerlink" href="#bok">#</a></h1><p>Inledning.</p>
<h2 class="rubric">Vad boken innehåller</h2>
<div class="toctree-wrapper compound"><span id="document-kap/sammanfattning"></span>
<section id="sammanfattning"><h2>Sammanfattning</h2><p>Kort.</p></section></div>
<div class="toctree-wrapper compound"><span id="document-kap/ett"></span>
<section id="ett"><h2>1. Ett</h2><section id="ett-a"><h3>1.1. Del</h3>
<figure><img src="_images/a.png" alt="Stapeldiagram."><figcaption><p>Figur 1.1 Text.</p></figcaption></figure>
<p>Ladda ner tabellen: <a class="reference download" href="_downloads/a.csv">CSV</a></p>
</section></section></div>
<div class="toctree-wrapper compound"><span id="document-bil/a"></span>
<section id="a"><h2>Om data</h2><p>Bilaga.</p></section></div>
</section></article></body></html>"""

PARTS = [
    book_pdf.Part(None, ("kap/sammanfattning",)),
    book_pdf.Part("Analys", ("kap/ett",), numbered=True),
    book_pdf.Part("Bilagor", ("bil/a",)),
]


@pytest.fixture
def layout(tmp_path) -> BeautifulSoup:
    (tmp_path / "book").mkdir()
    single = tmp_path / "book" / "intro.html"
    single.write_text(SINGLE, encoding="utf-8")
    path = book_pdf.print_layout(single, tmp_path, PARTS, title="Boken", day=date(2026, 12, 3))
    assert path == tmp_path / book_pdf.LAYOUT_NAME
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_toc_parts_reads_the_parts_and_their_files():
    toc = {
        "parts": [
            {"chapters": [{"file": "kap/s"}]},
            {"caption": "Analys", "numbered": True, "chapters": [{"file": "kap/ett.ipynb"}, {"file": "kap/tva"}]},
        ]
    }
    assert book_pdf.toc_parts(toc) == [
        book_pdf.Part(None, ("kap/s",)),
        book_pdf.Part("Analys", ("kap/ett", "kap/tva"), numbered=True),
    ]


def test_print_document_order_title_page_summary_contents_front_parts(layout):
    body = layout.body
    assert layout.html["lang"] == "sv" and layout.title.string == "Boken"
    order = [n.get("class", [n.name])[0] if n.get("class") else n.name for n in body.find_all(recursive=False)]
    assert order == ["titelsida", "kapitel", "innehall", "main"], order
    assert body.select_one(".titelsida h1").string == "Boken"
    assert "3 december 2026" in body.select_one(".titelsida").get_text()
    assert body.find_all(recursive=False)[1].find("h2").get_text() == "Sammanfattning"
    headings = [(h.name, h.get_text(" ", strip=True)) for h in layout.select("main h2, main h3, main h4")]
    assert headings == [
        ("h2", "Om boken"),
        ("h3", "Vad boken innehåller"),
        ("h2", "Analys"),
        ("h3", "1. Ett"),
        ("h4", "1.1. Del"),
        ("h2", "Bilagor"),
        ("h3", "Om data"),
    ]


def test_print_document_contents_link_every_heading_with_a_page_number_slot(layout):
    links = layout.select(".innehall a")
    targets = [a["href"] for a in links]
    assert "#ett" in targets and "#ett-a" in targets and "#a" in targets
    for a in links:
        assert layout.find(id=a["href"][1:]) is not None, a["href"]
        assert a.select_one(".sida").string == book_pdf.PAGE_PLACEHOLDER


def test_print_document_keeps_mathjax_and_styles_and_drops_the_web_parts(layout):
    scripts = [s.get("src") for s in layout.find_all("script")]
    assert "_static/mathjax/tex-chtml.js" in scripts and "_static/searchtools.js" not in scripts
    assert book_pdf.PRINT_CSS in [link["href"] for link in layout.find_all("link")]
    text = layout.get_text()
    assert "meny" not in text and "Ladda ner" not in text and "#" not in text
    assert not layout.find("figure"), "a <figure> would be a second PDF figure without alt text"
    assert layout.select_one("div.figur img")["alt"] == "Stapeldiagram."


def _pdf_with_text(path: Path, content: bytes) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], Dest=pikepdf.Name("/ett")
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))
    pdf.save(path)
    return path


def test_finish_marks_untagged_text_as_artifact_and_describes_links(tmp_path):
    tagged = b"/P <</MCID 0>> BDC BT /F1 12 Tf 10 10 Td (text) Tj ET EMC "
    footer = b"BT /F1 9 Tf 90 5 Td (7) Tj ET"
    path = _pdf_with_text(tmp_path / "a.pdf", tagged + footer)
    printing.finish_pdf(path, title="Boken", lang="sv", links={"ett": "1. Ett"})
    with pikepdf.open(path) as pdf:
        assert pdf.Root.Lang == "sv" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Boken"
        ops = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
        assert ops.count("BDC") == 1 and ops.count("BMC") == 1 and ops.count("EMC") == 2
        assert ops.index("BMC") < ops.index("BT", ops.index("EMC"))  # the footer, wrapped
        assert str(pdf.pages[0].obj.Annots[0].Contents) == "1. Ett"
        assert pdf.pages[0].obj.Tabs == pikepdf.Name.S


# -- the built PDF (slow) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_path(built_book) -> Path:
    if not have_chromium() or shutil.which("pdftotext") is None:
        pytest.skip("chromium/poppler not installed (scripts/install-system-deps.sh)")
    pdfs = list((built_book / "_build" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    return pdfs[0]


def _pdftotext(pdf: Path, *args: str) -> str:
    out = subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def pdf_text(pdf_path) -> str:
    return normalise(_pdftotext(pdf_path, "-layout"))


@pytest.fixture(scope="module")
def pdf_pages(pdf_path) -> list[str]:
    return [normalise(p) for p in _pdftotext(pdf_path, "-layout").split("\f")[:-1]]


def _struct_elements(pdf: pikepdf.Pdf):
    """Every structure element of a tagged PDF, depth first."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield node
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            elif kids is not None:
                stack.append(kids)


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []
    with pdf.open_outline() as outline:
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(reversed(item.children))
    return titles


def slow(test):
    """Marks a test that reads the built book's PDF."""
    for mark in SLOW_PDF:
        test = mark(test)
    return test


@slow
def test_pdf_is_tagged_in_swedish_with_its_title_shown(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), info
    with pikepdf.open(pdf_path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "sv"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Hälsoval i Jämtland Härjedalen"


@slow
def test_pdfua_finds_nothing_but_the_missing_conformance_claim(pdf_path):
    """The machine-checkable part of PDF/UA-1 (pdfua). The book does not claim PDF/UA
    conformance in its metadata (UA-28-004): what pdfua cannot check is not checked."""
    from pdfua import validate

    report = validate(str(pdf_path))
    findings = [(f.rule_id, f.severity.name, f.message) for f in report.findings if f.rule_id != "UA-28-004"]
    assert not findings, findings[:5]
    # pdfua 0.1.3's empty-heading rule stops on headings whose /K is an array: checked below.
    skipped = [o.rule_id for o in report.outcomes if o.skipped_reason and o.rule_id != "UA-14-001"]
    assert not skipped, skipped


@slow
def test_headings_are_not_empty_and_tables_have_header_cells(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        elements = list(_struct_elements(pdf))

        def has_content(node) -> bool:
            kids = node.get("/K")
            if kids is None:
                return False
            items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            return any(
                isinstance(k, int) or (isinstance(k, pikepdf.Dictionary) and ("/MCID" in k or has_content(k)))
                for k in items
            )

        headings = [e for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
        assert headings and all(has_content(h) for h in headings)
        tables = [e for e in elements if str(e.S) == "/Table"]
        assert tables
        for table in tables:
            cells = [str(e.S) for e in _struct_elements_under(table)]
            assert "/TH" in cells, "a table without header cells"


def _struct_elements_under(node):
    stack = [node.get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            stack.append(kid.get("/K"))


@slow
def test_outline_names_every_chapter_and_appendix(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        titles = " | ".join(_outline_titles(pdf))
    for chapter in CHAPTERS:
        assert chapter.title in titles, chapter.title
    for title in APPENDICES + ("Innehåll",):
        assert title in titles, title


@slow
def test_every_figure_carries_its_alt_text(pdf_path, built_book):
    with pikepdf.open(pdf_path) as pdf:
        figures = [e for e in _struct_elements(pdf) if str(e.S) == "/Figure"]
        alts = {" ".join(str(e.get("/Alt", "")).split()) for e in figures}
    assert figures and all(alts), "a figure without alt text"
    html = built_book / "_build" / "html"
    expected = set()
    for chapter in CHAPTERS:
        page = html / Path(chapter.output).with_suffix(".html")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        expected |= {" ".join(img["alt"].split()) for img in soup.select("figure img[alt]")}
    missing = expected - alts
    assert not missing, sorted(missing)[:3]


@slow
def test_contents_give_the_page_of_every_chapter(pdf_path, pdf_pages):
    with pikepdf.open(pdf_path) as pdf:
        pages = {p.objgen: k + 1 for k, p in enumerate(pdf.pages)}
        where = {}
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                stack.extend(item.children)
                dest = item.destination
                if isinstance(dest, pikepdf.Array) and len(dest):
                    where[item.title] = pages[dest[0].objgen]
    start = next(k for k, page in enumerate(pdf_pages) if re.search(r"^\s*Innehåll\s*$", page, re.M))
    contents = "\n".join(pdf_pages[start : start + 3])
    for chapter in CHAPTERS:
        title = min((t for t in where if chapter.title in t), key=where.get)  # the chapter, not a later mention
        words = r"\s+".join(re.escape(w) for w in title.split())  # a long title may wrap in the contents
        assert re.search(rf"{words}\s+{where[title]}\s*$", contents, re.M), (title, where[title])


@slow
def test_every_chapter_title_is_in_the_pdf(pdf_text):
    for chapter in CHAPTERS:
        assert chapter.title in pdf_text, chapter.title
    for title in APPENDICES:
        assert title in pdf_text, title


@slow
def test_golden_values_are_in_the_pdf(pdf_text):
    flat = " ".join(pdf_text.split())
    missing = [g for g in GOLDEN_TEXTS if g not in flat]
    assert not missing, missing


@slow
def test_no_code_or_reprs_in_the_pdf(pdf_text):
    leaks = [
        leak
        for leak in (
            "<Figure size",
            "<pandas",
            "Styler object",
            "Traceback",
            "import ",
            "ch.glue(",
            "PosixPath(",
            "Ladda ner",
            "Visa koden",
        )  # web book only
        if leak in pdf_text
    ]
    assert not leaks, leaks


@slow
def test_swedish_characters_survive(pdf_text):
    for word in ("Ersättningsmodell", "Förändringar", "Uppföljning", "hälsocentral"):
        assert word in pdf_text, word


@slow
def test_title_page_is_clean_and_swedish(pdf_pages):
    title = " ".join(pdf_pages[0].split())
    assert "Hälsoval i Jämtland Härjedalen" in title
    assert "Ersättningsmodell, förändringar och uppföljning" in title
    assert "genererad ur data och kod" in title
    assert re.search(rf"\b\d{{1,2}} ({'|'.join(MONTHS)}) \d{{4}}\b", title), title
    assert not re.search(r"^\s*1\s*$", pdf_pages[0], re.M), "no page number on the title page"


@slow
def test_pages_are_numbered(pdf_pages):
    for number, page in enumerate(pdf_pages[1:], start=2):
        assert re.search(rf"^\s*{number}\s*$", page, re.M), f"page {number} has no number"


@slow
def test_no_blank_pages(pdf_pages):
    blank = [k + 1 for k, page in enumerate(pdf_pages) if not page.strip()]
    assert not blank, f"blank pages: {blank}"


@slow
def test_figures_and_tables_are_numbered_in_swedish(pdf_text):
    flat = " ".join(pdf_text.split())
    assert re.search(r"Figur 1\.1 \S", flat) and re.search(r"Tabell 1\.1 \S", flat)
    assert not re.search(r"\b(Fig\.|Table) \d", flat)


@slow
def test_nothing_runs_off_the_page(pdf_path):
    """Every word lies inside the page (tables, checksums, code, equations): nothing clipped."""
    boxes = _pdftotext(pdf_path, "-bbox")
    off = []
    for page, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.S), start=1):
        for x0, x1, word in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
            r'yMax="[\d.]+">([^<]*)<',
            body,
        ):
            if float(x0) < LEFT - 2 or float(x1) > A4_WIDTH - RIGHT + 2:
                off.append((page, word, round(float(x0)), round(float(x1))))
    assert not off, f"{len(off)} words outside the text area, e.g. {off[:8]}"
