"""Each health centre's sheet as a one-page tagged PDF (`build --pdf`), linked from its sheet."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE, have_chromium, normalise

from analysis import formatting as fmt
from analysis.chapters.ersattningsmodell.presentation import compensation_table
from analysis.data import load_dataset
from analysis.model import ModelInputs, compute_model
from analysis.sheets.pages import slugs_for

pytestmark = [pytest.mark.slow, pytest.mark.pdf]


@pytest.fixture(scope="module")
def sheet_pdfs(built_book) -> dict[str, Path]:
    if not have_chromium() or shutil.which("pdftotext") is None:
        pytest.skip("chromium/poppler not installed (scripts/install-system-deps.sh)")
    ds = load_dataset(EXAMPLE, tables=["halsocentraler"])
    folder = built_book / "_build" / "html" / "halsocentralsblad"
    return {
        hc_id: folder / f"{slug}.pdf"
        for hc_id, slug in slugs_for(ds.table("halsocentraler")["hc_id"].astype(str)).items()
    }


def test_every_centre_has_a_one_page_tagged_swedish_pdf(sheet_pdfs):
    names = load_dataset(EXAMPLE, tables=["halsocentraler"]).table("halsocentraler").set_index("hc_id")["namn"]
    assert {p.name for p in next(iter(sheet_pdfs.values())).parent.glob("*.pdf")} == {
        p.name for p in sheet_pdfs.values()
    }
    for hc_id, path in sheet_pdfs.items():
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1, hc_id
            assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked is True, hc_id
            assert str(pdf.Root.Lang) == "sv" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert str(pdf.docinfo.Title).startswith(str(names[hc_id])), hc_id


def test_pdf_text_holds_the_name_and_the_chapters_total(sheet_pdfs):
    ds = load_dataset(EXAMPLE)
    totals = compensation_table(compute_model(ModelInputs.from_dataset(ds))).set_index("Hälsocentral")["Totalt"]
    names = ds.table("halsocentraler").set_index("hc_id")["namn"]
    for hc_id, path in sheet_pdfs.items():
        text = normalise(
            " ".join(
                subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
            )
        )
        assert normalise(names[hc_id]) in text, hc_id
        assert normalise(fmt.mkr(totals[names[hc_id]], 2)) in text, hc_id
        assert "Syntetisk exempeldata" in text and "Skriv ut" not in text, hc_id


def test_each_sheet_links_to_its_pdf(built_book, sheet_pdfs):
    html = built_book / "_build" / "html"
    for hc_id, path in sheet_pdfs.items():
        page = html / "book" / "halsocentraler" / "blad" / f"{path.stem}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.find("a", string=lambda s: s and "Skriv ut: PDF, en sida" in s)
        assert link is not None, hc_id
        assert (page.parent / link["href"]).resolve() == path.resolve(), hc_id
