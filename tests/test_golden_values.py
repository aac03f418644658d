"""Backtest: the built chapter shows every published figure of the report, as computed by the book."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import normalise
from golden import GOLDEN_TEXTS

from analysis.chapters.registry import by_key

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chapter_text(built_book) -> str:
    page = built_book / "_build" / "html" / Path(by_key("ersattningsmodell").output).with_suffix(".html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for table in soup.select("table"):  # the check table lists the report's own values: not proof
        table.decompose()
    return " ".join(normalise(soup.get_text(" ")).split())


@pytest.mark.parametrize("text", GOLDEN_TEXTS)
def test_golden_value_in_computed_prose(chapter_text, text):
    assert text in chapter_text
