"""What every chapter notebook uses: the dataset, glued numbers, figures and tables.

A notebook does `ch = Chapter.open("ersattningsmodell", data_dir, output_dir)`, lets its chapter
module (`analysis.chapters.<key>`) compute, and then only tells the story: `ch.glue(...)` for numbers in the prose, `ch.figure(...)` and `ch.table(...)`
for figures and tables. Figures and tables are written as files (PNG, CSV, Excel) so that the
build manifest can checksum them and readers can download them; the notebook output is MyST
Markdown that the book renders as a numbered figure or table with caption, alt text and source.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis.figures import style
from analysis.status import status_label

FIXED_TIME = datetime(2020, 5, 5)  # the report's date; keeps Excel files byte-stable


@dataclass
class Chapter:
    """One chapter's context while its notebook runs."""

    key: str
    dataset: object
    output_dir: Path
    notebook_dir: Path = field(default_factory=Path.cwd)
    numbers: dict = field(default_factory=dict, repr=False)  # the register entries glued so far

    @classmethod
    def open(
        cls,
        key: str,
        data_dir: str,
        output_dir: str,
        tables: Iterable[str] | None = None,
        table_cache: str | None = None,
    ):
        """Load the chapter's tables: by default exactly those its registry entry declares, so
        the build cache (which hashes only those) can never miss an input the chapter reads.
        `table_cache` is the build's folder of tables it has already checked (speed only)."""
        from analysis.chapters.registry import by_key
        from analysis.data import load_dataset

        style.apply()
        out = Path(output_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        wanted = list(tables) if tables else list(by_key(key).tables)
        dataset = load_dataset(data_dir, tables=wanted, cache_dir=table_cache)
        return cls(key=key, dataset=dataset, output_dir=out)

    # -- paths ---------------------------------------------------------------------------
    def _rel(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.notebook_dir)).as_posix()

    # -- numbers in the prose ------------------------------------------------------------
    def glue(self, name: str, text: str) -> None:
        """Glue a formatted text for the prose (never shown in place) and record it in the
        chapter's register of numbers (`analysis.register`): `{glue:md}`name:myst`` shows it as
        a link to its entry in the appendix, `{glue:text}`name`` as plain text. `text` should be
        a `Number` from a function decorated with `@registers`, which says what computed it.

        The plain text is glued as a quoted repr on purpose: myst-nb strips the quotes with
        `ast.literal_eval`, which would turn an unquoted `0,33` into the tuple `(0, 33)`.
        """
        from myst_nb import glue

        from analysis import register

        self.numbers[name] = register.entry(self.key, name, text, self.dataset)
        register.write_chapter_register(self.output_dir, self.numbers)
        glue(name, register.GluedNumber(str(text), register.anchor(self.key, name)), display=False)

    def glue_all(self, values: Mapping[str, str]) -> None:
        for name, text in values.items():
            self.glue(name, text)

    # -- data status ---------------------------------------------------------------------
    def status_banner(self, tables: Iterable[str] | None = None) -> None:
        """Show which tables this chapter uses (by default those its registry entry declares) and
        whether each is real or synthetic."""
        from analysis.chapters.registry import by_key
        from analysis.data.schemas import SCHEMAS

        tables = list(tables) if tables is not None else list(by_key(self.key).tables)

        rows = ["| Underlag | Tabell | Status |", "|---|---|---|"]
        rows += [
            f"| {SCHEMAS[name].title or name} | `{name}` | **{status_label(self.dataset.status(name))}** |"
            for name in tables
        ]
        text = (
            ":::{admonition} Data i detta kapitel\n:class: note\n\n"
            f"Datamängd: **{self.dataset.name}** (år {self.dataset.year}). Syntetisk exempeldata "
            "är framtagen med ett skript (för rapportens år kalibrerad mot dess publicerade siffror); den "
            "visar hur modellen fungerar men beskriver inga verkliga hälsocentraler i detalj. "
            "Källa, licens och kontrollsumma för varje tabell finns i bilagan "
            "{doc}`Om data <../bilagor/om-data>`.\n\n" + "\n".join(rows) + "\n:::\n"
        )
        _show_markdown(text)

    # -- figures -------------------------------------------------------------------------
    def figure(self, fig, name: str, caption: str, alt: str, source: str, status: str) -> None:
        """Save a matplotlib figure as PNG and show it as a numbered, captioned figure.

        The PNG carries its source line and data status, and a visible "Exempeldata" mark when
        `status` is `syntetisk`; its text is raised to a size that reads at page width
        (`analysis.figures.style.stamp`, `readable_text`)."""
        import matplotlib.pyplot as plt

        from analysis.figures.saving import save_png

        path = self.output_dir / f"{name}.png"
        size = style.readable_text(fig)
        style.stamp(fig, source_line(source, status), synthetic=status == "syntetisk", size=size)
        save_png(fig, path)
        plt.close(fig)
        text = (
            f":::{{figure}} {self._rel(path)}\n:name: fig-{self.key}-{name}\n"
            f":alt: {alt}\n:width: 100%\n\n"
            f"{caption} {_source_note(source, status)}\n:::\n"
        )
        _show_markdown(text)

    # -- tables --------------------------------------------------------------------------
    def table(
        self,
        df: pd.DataFrame,
        name: str,
        caption: str,
        source: str,
        status: str,
        formats: Mapping[str, Callable[[object], str]] | None = None,
        download: bool | pd.DataFrame = True,
    ) -> None:
        """Show a table in Swedish number format; offer it as CSV and Excel.

        `download` may be a wider DataFrame than the one shown (all columns, unrounded): that
        one is offered for download instead.
        """
        formats = dict(formats or {})
        shown = df.copy()
        for col in shown.columns:
            fn = formats.get(col) or _default_format(shown[col])
            shown[col] = [fn(v) for v in shown[col]]
        lines = [
            ":::{table} " + caption + " " + _source_note(source, status),
            f":name: tab-{self.key}-{name}",
            ":align: left",
            "",
            "| " + " | ".join(_cell(c) for c in shown.columns) + " |",
            "|" + "|".join(_align(df[c]) for c in df.columns) + "|",
        ]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in shown.itertuples(index=False)]
        lines.append(":::")
        if download is not False:
            csv, xlsx = self.save_table(df if download is True else download, name)
            lines.append(  # downloads are for the web book; the PDF has no files to open
                "\n::::{only} html\nLadda ner tabellen: "
                f"{{download}}`CSV <{self._rel(csv)}>` · {{download}}`Excel <{self._rel(xlsx)}>`\n::::\n"
            )
        _show_markdown("\n".join(lines) + "\n")

    def save_table(self, df: pd.DataFrame, name: str) -> tuple[Path, Path]:
        """Write a table as CSV (UTF-8, `;`, decimal comma, as Swedish Excel reads it) and xlsx."""
        csv = self.output_dir / f"{name}.csv"
        xlsx = self.output_dir / f"{name}.xlsx"
        df.to_csv(csv, index=False, sep=";", decimal=",", encoding="utf-8-sig", lineterminator="\n")
        with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
            df.to_excel(writer, index=False, sheet_name=name[:31])
            writer.book.properties.created = FIXED_TIME
            writer.book.properties.modified = FIXED_TIME
        _normalise_zip(xlsx)
        return csv, xlsx


def _source_note(source: str, status: str) -> str:
    return f"*{source_line(source, status)}*"


def source_line(source: str, status: str) -> str:
    """The source and data-status line under (and inside) every figure and table."""
    return f"Källa: {source.strip().rstrip('.')}. Data: {status_label(status).lower()}."


def _show_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _align(series: pd.Series) -> str:
    return "---:" if pd.api.types.is_numeric_dtype(series) else ":---"


def _default_format(series: pd.Series) -> Callable[[object], str]:
    if pd.api.types.is_integer_dtype(series):
        return lambda v: fmt.num(v)
    if pd.api.types.is_float_dtype(series):
        return lambda v: fmt.num(v, 2)
    return lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def _normalise_zip(path: Path) -> None:
    """Rewrite a zip (xlsx) with fixed timestamps so identical tables give identical bytes.

    openpyxl stamps the save time into docProps/core.xml whatever the workbook says, and zip
    entries carry their own times; both are pinned to the report's date.
    """
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    entries = [
        (
            name,
            re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            if name == "docProps/core.xml"
            else data,
        )
        for name, data in entries
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for filename, data in entries:
            info = zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
