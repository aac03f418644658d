"""The data dictionary ("Datakatalog") as MyST Markdown, rendered from the schemas themselves."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.data.describe import allowed_text, key_text, type_noun
from analysis.data.schemas import SCHEMAS, key_columns

INTRO = (
    "Tabellerna som en datamängd består av, med kolumner, typer och tillåtna värden. "
    "Sidan genereras från valideringsreglerna i `analysis.data.schemas`, så den beskriver "
    "exakt det som kontrolleras när data läses in."
)


def data_dictionary_markdown() -> str:
    """MyST Markdown for the appendix: one section per table with a column table."""
    parts = ["(datakatalog)=", "# Datakatalog", "", INTRO, ""]
    for schema in SCHEMAS.values():
        parts += table_section(schema)
    return "\n".join(parts).rstrip() + "\n"


def table_section(schema: pa.DataFrameSchema) -> list[str]:
    optional = " (valfri)" if (schema.metadata or {}).get("valfri") else ""
    lines = [f"({_label(schema.name)})=", f"## {schema.title}{optional}", "",
             f"Tabell `{schema.name}`. {schema.description}", "",
             f"**Nyckel:** {_key(key_columns(schema))}.", ""]
    lines += ["| Kolumn | Typ | Tillåtna värden | Beskrivning |", "|---|---|---|---|"]
    for name, column in schema.columns.items():
        lines.append(f"| `{name}` | {type_noun(column)} | {_cell(allowed_text(column))} | "
                     f"{_cell(_describe(column))} |")
    rules = [check.description or str(check.error) for check in schema.checks]
    if rules:
        lines += ["", "**Regler per rad:** " + "; ".join(f"`{r}`" for r in rules) + "."]
    return lines + [""]


def _describe(column: pa.Column) -> str:
    text = f"**{column.title}.** {column.description}" if column.title else column.description or ""
    reference = (column.metadata or {}).get("refererar")
    if reference:
        text += f" Ska finnas i `{reference}`."
    if (column.metadata or {}).get("aldersband"):
        text += " Grupperna ska täcka 0 till 100+ utan glapp eller överlapp."
    return text


def _key(columns: list[str]) -> str:
    return key_text([f"`{c}`" for c in columns])


def _label(name: str) -> str:
    return "datakatalog-" + name.replace("_", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
