"""The appendix *Metod och formler* shows each formula beside the code that computes it."""

from __future__ import annotations

from analysis import appendices, method
from analysis.scenarios.schema import CHANGE_TYPES


def test_every_formula_names_code_that_exists_and_reads_well():
    """The code shown beside a formula exists, and has no import lines (readers see it)."""
    for _part, items in method.SECTIONS:
        for heading, _text, _latex, target in items:
            source, _name = method.source_of(target)
            assert source.strip(), (heading, target)
            assert "import " not in source, (heading, target)


def test_every_change_kind_has_its_formula():
    """A new scenario kind needs its formula (docs/recipes.md, *Add a scenario kind*)."""
    headings = " ".join(heading for _part, items in method.SECTIONS for heading, *_ in items)
    missing = [typ for typ in CHANGE_TYPES if f"`{typ}`" not in headings]
    assert not missing, missing


def test_chapter_one_formulas_exist():
    assert appendices.FORMULAS
