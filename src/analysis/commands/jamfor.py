"""`python -m analysis jamfor FÖRRA NY`: what changed between two built editions of the book.

Reads both books (never writes into them) and writes the report, its tables (CSV) and waterfall
charts (PNG) into `--ut` (default `jamforelse/`); prints a summary.
"""

from __future__ import annotations

from pathlib import Path

from analysis.compare import BookError, open_book
from analysis.compare.editions import book_inputs, compare
from analysis.compare.report import table

EXIT_BAD_INPUT = 2


def run(old_path: Path, new_path: Path, out: Path, data_old: Path | None = None, data_new: Path | None = None) -> int:
    try:
        old, new = open_book(old_path), open_book(new_path)
    except BookError as err:
        print(err)
        return EXIT_BAD_INPUT
    out = Path(out).resolve()
    if _inside(out, old.html.parent if old.html.name == "html" else old.html):
        print(
            f"{out}: ligger i den äldre boken {old.path}; jämförelsen skriver aldrig i den. Välj en annan mapp med --ut."
        )
        return EXIT_BAD_INPUT
    out.mkdir(parents=True, exist_ok=True)
    old_inputs, old_note = book_inputs(old, data_old)
    new_inputs, new_note = book_inputs(new, data_new)
    result = compare(
        old, new.numbers, new_inputs, new.label, old_inputs=old_inputs, figures=out, notes=[old_note, new_note]
    )
    (out / "andringar.md").write_text(result.text, encoding="utf-8")
    n = result.numbers
    print(f"Förra: {old.label}\nNu:    {new.label}")
    print(
        f"Tal i texten: {len(n.changed)} ändrade, {len(n.added)} tillkomna, {len(n.removed)} försvunna, "
        f"{n.unchanged} oförändrade."
    )
    if n.unmatched:
        print("Namn som bara finns i den ena utgåvan: " + ", ".join(n.unmatched))
    for note in result.notes:
        print(note)
    if result.parts is not None:
        table(result.parts).to_csv(
            out / "andringar-per-halsocentral.csv", index=False, sep=";", decimal=",", encoding="utf-8-sig"
        )
        df = result.parts.per_centre
        region = result.parts.region()
        print(f"Ersättning totalt: {region['fore'] / 1e6:.1f} → {region['efter'] / 1e6:.1f} mnkr".replace(".", ","))
        for status, word in (("ny", "Nya hälsocentraler"), ("stängd", "Stängda hälsocentraler")):
            names = df.loc[df["status"] == status, "namn"].tolist()
            print(f"{word}: {', '.join(names) or 'inga'}")
    print(f"Rapporten: {out / 'andringar.md'}")
    return 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
