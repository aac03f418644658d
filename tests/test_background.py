"""The background chapter (book/bakgrund.md): it cites the report's sections it summarises, links to
where the book answers each question, and mentions no number that is neither glued nor cited."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "bakgrund.md"
TEXT = PAGE.read_text(encoding="utf-8")

#: The sections the chapter summarises: the mandate, the directions, the questions, the alternatives,
#: the themes of §5 and the conclusions.
SECTIONS = [
    "§1",
    "§2.1",
    "§2.2",
    "§3",
    "§4",
    "§4.3",
    "§5.1",
    "§5.2",
    "§5.3",
    "§5.4",
    "§5.5",
    "§5.6",
    "§5.7",
    "§5.8",
    "§6.1",
    "§9",
]
THEMES = [
    "nära vård",
    "Tillgänglighet och kontinuitet",
    "Ekonomisk hållbarhet",
    "Konkurrensneutralitet",
    "Samarbete med kommunerna",
    "sistahandsansvar",
]


def test_cites_every_section_it_summarises():
    for section in SECTIONS:
        assert re.search(re.escape(section) + r"(?![\d.])", TEXT), section


def test_each_theme_of_section_5_has_a_row_that_says_where_it_is_answered():
    rows = [line for line in TEXT.splitlines() if line.startswith("| ") and "§5." in line]
    assert len(rows) == 8
    for theme in THEMES:
        row = next(r for r in rows if theme.lower() in r.lower())
        answer = row.split("|")[3]
        assert "{doc}`" in answer or "{ref}`" in answer or "Går inte att räkna på" in answer, theme


def test_links_point_to_chapters_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = {c["file"] for part in toc["parts"] for c in part["chapters"] if "file" in c}
    assert "book/bakgrund" in files
    for doc in re.findall(r"\{doc\}`([^`]+)`", TEXT):
        assert f"book/{doc}" in files, doc


def test_no_number_without_a_citation():
    text = re.sub(r"```\{raw\} latex.*?```", "", TEXT, flags=re.S)  # layout commands for the PDF
    text = re.sub(r"\*\([^)]*\)\*", "", text)  # citations *(rapporten §…)*
    text = re.sub(r"\{(doc|ref)\}`[^`]*`", "", text)  # links
    text = re.sub(r"^\|.*$", lambda m: re.sub(r"§[\d.–§]+", "", m.group(0)), text, flags=re.M)
    text = text.replace("Hälsoval 2021", "").replace("0:an", "").replace("3:an", "")
    text = text.replace("0:a", "").replace("3:a", "")
    assert not re.findall(r"\d", text), re.findall(r".{20}\d.{20}", text)
