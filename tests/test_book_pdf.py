"""The PDF book: one file, every chapter, the golden values, Swedish characters intact."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from analysis.pipeline.registry import CHAPTERS
from conftest import have_tex, normalise
from golden import GOLDEN_TEXTS

pytestmark = [pytest.mark.slow, pytest.mark.pdf]


@pytest.fixture(scope="module")
def pdf_text(built_book) -> str:
    if not have_tex() or shutil.which("pdftotext") is None:
        pytest.skip("TeX Live/poppler not installed (scripts/install-system-deps.sh)")
    pdfs = list((built_book / "_build" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    out = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True)
    return normalise(out.stdout)


def test_every_chapter_title_is_in_the_pdf(pdf_text):
    for chapter in CHAPTERS:
        assert chapter.title in pdf_text, chapter.title
    for title in ("Om data", "Metod och formler", "Datakatalog", "Reproducerbarhet"):
        assert title in pdf_text, title


def test_golden_values_are_in_the_pdf(pdf_text):
    flat = " ".join(pdf_text.split())
    missing = [g for g in GOLDEN_TEXTS if g not in flat]
    assert not missing, missing


def test_no_code_or_reprs_in_the_pdf(pdf_text):
    for leak in ("<Figure size", "<pandas", "Styler object", "Traceback", "import ", "ch.glue("):
        assert leak not in pdf_text, leak


def test_swedish_characters_survive(pdf_text):
    for word in ("Ersättningsmodell", "Förändringar", "Uppföljning", "hälsocentral"):
        assert word in pdf_text, word
