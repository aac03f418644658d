"""The PDF book: one file, every chapter, the golden values, Swedish characters intact, and laid
out as a book (title page, contents, parts, numbered figures and tables, nothing off the page).

The first tests check the staged-source transformations for the PDF (fast); the rest read the
PDF of the book built once per session (slow; need TeX Live and poppler). docs/publishing.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import have_tex, normalise
from golden import GOLDEN_TEXTS

from analysis.pipeline import jupyterbook, latex
from analysis.pipeline.registry import CHAPTERS

SLOW_PDF = (pytest.mark.slow, pytest.mark.pdf)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
A4 = (595.28, 841.89)
MARGIN = 72.0  # Sphinx's 1 in margins, in PDF points


# -- the staged sources (fast) -------------------------------------------------------------------


def _spec_of(text: str) -> str:
    return re.search(r"\{tabularcolumns\} (.*)", text).group(1)


def _fractions(spec: str) -> list[float]:
    return [float(f) for f in re.findall(r"\\Y\{([0-9.]+)\}", spec)]


def test_a_narrow_table_keeps_natural_widths_with_numbers_right_aligned():
    text = ":::{table} Cap\n:name: t\n:align: left\n\n| Namn | Antal |\n|:---|---:|\n| Lit | 12 |\n:::\n"
    out = latex._tables_for_latex(text)
    assert out.index("{tabularcolumns} LR") < out.index(":::{table}")  # before the directive
    assert out.count("| Lit | 12 |") == 1


def test_a_wide_table_gets_widths_that_fit_and_never_split_a_word():
    header = ["Hälsocentral", "Befolkning", "Läkemedelskostnad", "Kr per invånare", "Härledd vikt",
              "Vikt i modellen", "Kr per listad"]
    rows = [["Hälsocentralen Ripan (Medstrand AB)", "7\u00a0250", "3,97\u00a0mnkr", "548\u00a0kr",
             "0,4384", "0,4384", "558\u00a0kr"]] * 20
    table = "\n".join(["| " + " | ".join(r) + " |" for r in [header, [":---"] + ["---:"] * 6] + rows])
    out = latex._tables_for_latex(table)
    fractions = _fractions(_spec_of(out))
    assert len(fractions) == 7 and sum(fractions) <= 1.0
    size = 9.0 if r"\footnotesize" in out else 8.0 if r"\scriptsize" in out else 10.0
    for word, f in zip(["Hälsocentralen", "Befolkning", "Läkemedelskostnad"], fractions):
        width = f * latex.TEXT_WIDTH_PT - latex.COLSEP_PT
        assert width >= latex._longest_word(word, size, head=True) - 0.1, word
    assert r"\raggedleft" in _spec_of(out)  # numbers right-aligned


def test_bare_tables_get_a_left_aligned_directive_and_code_blocks_are_left_alone():
    sha = "ab" * 32
    text = (
        "```python\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n"
        f"| Fil | SHA-256 |\n|---|---|\n| `data/x.csv` | `{sha}` |\n"
    )
    out = latex._tables_for_latex(text)
    assert out.count("{tabularcolumns}") == 1
    assert "```{table}\n:align: left" in out
    assert f"`{sha[:32]}\u200b{sha[32:]}`" in out  # a checksum may break in its middle


def test_directives_added_inside_fences_cannot_close_them():
    text = ":::{admonition} Data\n:class: note\n\n| A | B |\n|---|---|\n| x | y |\n:::\n"
    out = latex._tables_for_latex(text)
    inner = out[out.index("\n") + 1: out.rindex(":::")]
    assert ":::" not in inner  # the admonition's colon fence still closes only at the end


def test_parts_open_with_part_and_the_appendix(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n"
        "  - caption: Analys\n    numbered: true\n    chapters:\n      - file: kap/ett\n"
        "  - caption: Bilagor\n    chapters:\n      - file: bil/a\n", encoding="utf-8")
    (tmp_path / "kap").mkdir()
    (tmp_path / "bil").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Ett")])
    nbformat.write(nb, tmp_path / "kap" / "ett.ipynb")
    (tmp_path / "bil" / "a.md").write_text("# A\n", encoding="utf-8")
    latex._mark_parts(tmp_path)
    first = nbformat.read(tmp_path / "kap" / "ett.ipynb", as_version=4).cells[0].source
    assert "\\part{Analys}" in first and "\\appendix" not in first
    appendix = (tmp_path / "bil" / "a.md").read_text(encoding="utf-8")
    assert appendix.index("\\appendix") < appendix.index("\\part{Bilagor}") < appendix.index("# A")


# -- the built PDF (slow) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_path(built_book) -> Path:
    if not have_tex() or shutil.which("pdftotext") is None:
        pytest.skip("TeX Live/poppler not installed (scripts/install-system-deps.sh)")
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


def slow(test):
    """Marks a test that reads the built book's PDF."""
    for mark in SLOW_PDF:
        test = mark(test)
    return test


@slow
def test_every_chapter_title_is_in_the_pdf(pdf_text):
    for chapter in CHAPTERS:
        assert chapter.title in pdf_text, chapter.title
    for title in ("Om data", "Metod och formler", "Datakatalog", "Reproducerbarhet"):
        assert title in pdf_text, title


@slow
def test_golden_values_are_in_the_pdf(pdf_text):
    flat = " ".join(pdf_text.split())
    missing = [g for g in GOLDEN_TEXTS if g not in flat]
    assert not missing, missing


@slow
def test_no_code_or_reprs_in_the_pdf(pdf_text):
    leaks = [leak for leak in ("<Figure size", "<pandas", "Styler object", "Traceback", "import ",
                               "ch.glue(", "PosixPath(", "Ladda ner")  # downloads: web book only
             if leak in pdf_text]
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
    assert not re.search(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\.", title), title


@slow
def test_contents_parts_and_chapters(pdf_pages):
    toc = "\n".join(pdf_pages[1:4])
    assert "Innehåll" in toc
    assert re.search(r"^\s*Om boken\s+1\s*$", toc, re.M), "the front page is an unnumbered preface"
    assert re.search(r"^\s*I\s+Analys\b", toc, re.M) and re.search(r"^\s*II\s+Bilagor\b", toc, re.M)
    first = CHAPTERS[0].title
    assert re.search(rf"^\s*1\s+{re.escape(first)}", toc, re.M), f"chapter 1 is not {first}"
    assert re.search(r"^\s*A\s+Om data", toc, re.M), "the appendices are lettered"
    for heading in ("Vad boken innehåller", "Vem boken är för"):
        assert not re.search(rf"^\s*\d+\s+{heading}", toc, re.M), f"{heading} became a chapter"


@slow
def test_no_blank_pages(pdf_pages):
    blank = [k + 1 for k, page in enumerate(pdf_pages) if not page.strip()]
    assert not blank, f"blank pages: {blank}"


@slow
def test_figures_and_tables_are_numbered_in_swedish(pdf_text):
    flat = " ".join(pdf_text.split())
    assert re.search(r"Figur 1\.1\. \S", flat) and re.search(r"Tabell 1\.1\. \S", flat)
    assert not re.search(r"\b(Fig\.|Table) \d", flat)


@slow
def test_nothing_runs_off_the_page(pdf_path):
    """Every word lies inside the page's margins (tables, checksums, code, headings)."""
    boxes = _pdftotext(pdf_path, "-bbox")
    off = []
    for page, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.S), start=1):
        for x0, x1, word in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                       r'yMax="[\d.]+">([^<]*)<', body):
            if float(x0) < MARGIN - 2 or float(x1) > A4[0] - MARGIN + 2:
                off.append((page, word, round(float(x0)), round(float(x1))))
    assert not off, f"{len(off)} words outside the margins, e.g. {off[:8]}"


@slow
def test_latex_log_has_no_missing_glyphs_or_overfull_lines(built_book, tmp_path):
    """Render the built book's staged PDF sources again and read XeLaTeX's log."""
    src = jupyterbook.stage_sources(built_book, tmp_path, "pdflatex")
    latex = jupyterbook.run_jupyter_book(src, tmp_path / "out", "pdflatex", tmp_path / "pdf.log")
    log = next(latex.glob("*.log")).read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, re.findall(r"Missing character: .*", log)[:5]
    overfull = [float(pt) for pt in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert not [pt for pt in overfull if pt > 1.0], f"overfull lines (pt): {sorted(overfull)[-5:]}"
