"""What a built book holds, read without writing anything into it.

A built book is a folder with `manifest.json` (the build manifest) and the register of numbers
`sifferregister.json`, published in the HTML book beside a copy of the manifest. Accepted: a
project folder (its `_build/`), a `_build/` folder or a copy of it, a release
(`_build/.releases/<id>`), or the `html/` folder itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REGISTER = "sifferregister.json"
MANIFEST = "manifest.json"


class BookError(ValueError):
    """Not a built book, or one that cannot be read; the message is for the user (Swedish)."""


@dataclass
class Book:
    path: Path  # the folder as given
    html: Path  # the folder holding the register
    manifest: dict
    numbers: list[dict]

    @property
    def label(self) -> str:
        built = self.manifest.get("bygge", {}).get("datum", "okänt datum")
        return f"{self.manifest.get('dataset', '?')} ({built})"

    def dataset_dir(self, given: Path | None = None) -> Path | None:
        """The dataset the book was built from: `given`, else the manifest's path, looked up
        from the project folder the book sits in, else from the working directory's project.
        None when it is not there."""
        if given is not None:
            return Path(given)
        relative = self.manifest.get("dataset")
        if not relative:
            return None
        if Path(relative).is_absolute():
            return Path(relative) if Path(relative).is_dir() else None
        bases = (self.path.resolve(), *self.path.resolve().parents, Path.cwd(), *Path.cwd().parents)
        for folder in bases:  # the book's project, else (a copy of _build kept elsewhere) this one
            if (folder / relative / "manifest.yml").exists():
                return folder / relative
        return None


def open_book(path: str | Path) -> Book:
    path = Path(path)
    if not path.exists():
        raise BookError(f"{path}: finns inte. Ange mappen för en byggd bok (projektmappen, _build/ eller html/).")
    for html, manifest in _candidates(path):
        if (html / REGISTER).is_file() and manifest.is_file():
            return Book(
                path=path,
                html=html,
                manifest=_read(manifest, "byggets manifest"),
                numbers=_read(html / REGISTER, "sifferregistret"),
            )
    raise BookError(
        f"{path}: är ingen byggd bok. Förväntade en mapp med {MANIFEST} och html/{REGISTER} "
        f"(till exempel projektmappen, dess _build/ eller en kopia av _build/), eller en html-mapp med "
        f"{REGISTER} och {MANIFEST}. Böcker byggda före sifferregistret kan inte jämföras; bygg om dem."
    )


def _candidates(path: Path):
    yield path / "_build" / "html", path / "_build" / MANIFEST
    yield path / "html", path / MANIFEST
    yield path, path / MANIFEST


def _read(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BookError(f"{path}: {what} går inte att läsa ({err}).") from None
