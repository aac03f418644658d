"""Compare an older built book with a newer edition (a built book, or the build under way)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.chapters.registry import SCENARIO_TABLES
from analysis.compare.books import Book
from analysis.compare.causes import Decomposition, decompose
from analysis.compare.numbers import NumberChanges, compare_numbers
from analysis.compare.report import markdown

MODEL_TABLES = list(SCENARIO_TABLES)


@dataclass
class Comparison:
    numbers: NumberChanges
    parts: Decomposition | None
    text: str  # Markdown
    notes: list[str]


def book_inputs(book: Book, given: Path | None = None):
    """The model inputs of the dataset a book was built from, and a note when there is a problem
    (no dataset found, or files that differ from the checksums in the book's manifest)."""
    from analysis.data import DatasetError, load_dataset
    from analysis.model import ModelInputs

    folder = book.dataset_dir(given)
    if folder is None:
        return None, (
            f"{book.path}: datamängden {book.manifest.get('dataset', '?')} som boken byggdes från "
            "finns inte; ange den med --data-fore/--data-efter."
        )
    try:
        ds = load_dataset(folder, tables=MODEL_TABLES)
    except DatasetError as err:
        return None, f"{folder}: datamängden går inte att läsa:\n{err}"
    recorded = book.manifest.get("indata", {}).get("dataset", {})
    differ = sorted(name for name, sha in ds.input_files().items() if name in recorded and recorded[name] != sha)
    note = (
        (
            f"{folder}: filerna {', '.join(differ)} har ändrats sedan boken {book.path} byggdes; "
            "uppdelningen gäller filerna som de är nu."
        )
        if differ
        else ""
    )
    return ModelInputs.from_dataset(ds), note


def compare(
    old: Book,
    new_numbers: list[dict],
    new_inputs,
    new_label: str,
    old_inputs=None,
    figures: Path | None = None,
    figure_prefix: str = "",
    notes: list[str] | None = None,
) -> Comparison:
    notes = [n for n in (notes or []) if n]
    numbers = compare_numbers(old.numbers, new_numbers)
    parts = decompose(old_inputs, new_inputs) if old_inputs is not None and new_inputs is not None else None
    text = markdown(old.label, new_label, numbers, parts, figures, figure_prefix, note="\n\n".join(notes))
    return Comparison(numbers, parts, text, notes)
