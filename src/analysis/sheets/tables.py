"""The sheets' tables, written as HTML in their Markdown pages (the Jinja filter `table`).

Why HTML: Sphinx's table nodes cost about 2,3 CPU-seconds for the example's 24 sheets (about
250 tables), half of what the sheets add to the book's render; the same tables as HTML blocks,
which MyST passes through to the HTML and single-page (PDF) builders, cost almost nothing
(measured in docs/sheets.md). The template still writes each table in Markdown; markdown-it-py,
the parser MyST itself uses, turns it into HTML here, in the markup the theme gives its own
tables (a scrolling container, `table.table`, a caption, `text-right` cells), so the book's CSS
and script apply alike. What the sheets lose: Sphinx's running table numbers (a sheet is read alone) and the
search index's copy of the cells.
"""

from __future__ import annotations

import re
from functools import cache

from docutils.nodes import make_id
from markdown_it import MarkdownIt


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def table(markdown: str, name: str, caption: str) -> str:
    """One Markdown table as HTML with its caption (Markdown allowed) and `name` as its `id`
    (made a valid id as Sphinx makes its labels')."""
    html = _markdown().render(markdown.strip() + "\n")
    if not (html.startswith("<table>") and html.rstrip().endswith("</table>") and html.count("<table>") == 1):
        raise ValueError(f"tabellen {name} är inte en Markdown-tabell")
    caption_html = _markdown().renderInline(caption)
    html = re.sub(r' style="text-align:(left|right|center)"', r' class="text-\1"', html)  # Sphinx's classes
    return (
        f'<div class="pst-scrollable-table-container"><table class="table" id="{make_id(name)}">\n'
        f'<caption><span class="caption-text">{caption_html}</span></caption>\n'
        + html.removeprefix("<table>\n").rstrip()
        + "</div>\n"
    )
