"""Render the executed notebooks with jupyter-book, from a staged copy of the book sources.

The book is built from a copy (`_build/.staging/<id>/src`) so that nothing the build does can
touch the sources, and so that HTML and PDF can differ where they must:

- HTML: the code of each cell is hidden behind a click (for auditors); in the PDF it is removed.
- PDF: Sphinx's LaTeX writer drops the part captions of `_toc.yml` and lays out every table with
  equal, justified columns. The staged copy therefore gets a `\part` (and `\appendix` before the
  unnumbered part) at the start of each part, and a `tabularcolumns` spec before each table:
  column widths from the cell contents, numbers right-aligned, smaller type where a table
  would not fit otherwise (see docs/publishing.md).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_DIRS = ("book",)


class BookBuildError(RuntimeError):
    """jupyter-book failed; the message holds the tail of its log."""


def stage_sources(root: Path, staging: Path, builder: str) -> Path:
    src = staging / f"src-{builder}"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, src / name)
    for name in BOOK_DIRS:
        shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("*.running.ipynb"))
    if builder == "html":
        for path in (src / "book").rglob("*.ipynb"):
            _code_behind_a_click(path)
    else:
        _mark_parts(src)
        _lay_out_tables(src / "book")
    _bundle_plotly(src / "book" / "_static")
    return src


def _bundle_plotly(static: Path) -> None:
    """Ship plotly.js with the book so interactive figures work offline."""
    from plotly.offline import get_plotlyjs

    static.mkdir(parents=True, exist_ok=True)
    (static / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")


def _code_behind_a_click(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "remove-input" in tags:
            cell.metadata["tags"] = [("hide-input" if t == "remove-input" else t) for t in tags]
    nbformat.write(nb, path)


def run_jupyter_book(src: Path, out: Path, builder: str, log: Path) -> Path:
    """Build `src` with jupyter-book; return the folder with the result."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", str(src), "--path-output", str(out), "--builder", builder]
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, text=True)
    result = out / "_build" / ("html" if builder == "html" else "latex")
    if proc.returncode != 0 or not result.exists():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BookBuildError(f"jupyter-book ({builder}) misslyckades; logg: {log}\n{tail}")
    return result


def find_pdf(latex_dir: Path) -> Path:
    pdfs = sorted(latex_dir.glob("*.pdf"))
    if not pdfs:
        raise BookBuildError(f"ingen PDF skapades i {latex_dir}")
    return pdfs[0]


# -- PDF: parts --------------------------------------------------------------------------------
# Sphinx's LaTeX writer inlines the toctrees of the front page and drops their captions, so the
# parts of `_toc.yml` ("Analys", "Bilagor") would not exist in the PDF.


def _mark_parts(src: Path) -> None:
    """Open each captioned part of `_toc.yml` with `\\part{caption}` in its first chapter.

    The first unnumbered part after a numbered one holds the appendices: `\\appendix` before it
    letters its chapters A, B, … ("Bilaga A"), as they are unnumbered in the web book.
    """
    toc = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8")) or {}
    numbered_before = appendix_done = False
    for part in toc.get("parts") or []:
        chapters = part.get("chapters") or []
        if not part.get("caption") or not chapters:
            continue
        latex = ""
        if part.get("numbered"):
            numbered_before = True
        elif numbered_before and not appendix_done:
            latex, appendix_done = "\\appendix\n", True
        latex += "\\part{" + _tex_escape(str(part["caption"])) + "}"
        path = _toc_file(src, chapters[0]["file"])
        if path is not None:
            _prepend_raw_latex(path, latex)


def _toc_file(src: Path, entry: str) -> Path | None:
    for suffix in ("", ".md", ".ipynb"):
        path = src / f"{entry}{suffix}"
        if path.is_file():
            return path
    return None


def _prepend_raw_latex(path: Path, latex: str) -> None:
    block = "```{raw} latex\n" + latex + "\n```\n"
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(block))
        nbformat.write(nb, path)
        return
    text = path.read_text(encoding="utf-8")
    front = re.match(r"---\n.*?\n---\n", text, re.S)  # keep YAML front matter first
    cut = front.end() if front else 0
    path.write_text(text[:cut] + block + "\n" + text[cut:], encoding="utf-8")


def _tex_escape(text: str) -> str:
    special = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
               "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    return "".join(special.get(c, c) for c in text)


# -- PDF: tables -------------------------------------------------------------------------------
# Sphinx sets a Markdown table in LaTeX with `tabulary`, whose columns get widths proportional
# to their longest cell: short columns with a long header ("Befolkning") are squeezed until the
# header word breaks, numbers are left-aligned, and a table taller than a page runs off it.
# Before each table the staged copy gets a `tabularcolumns` spec: a table that fits keeps
# tabulary's natural widths (L/R/C per column); one that does not gets fixed widths, never
# narrower than its longest word, in smaller type if needed; a tall one becomes a longtable
# that breaks across pages. Widths are estimated from the fonts' average glyph widths.

TEXT_WIDTH_PT = 452.0  # \textwidth: A4, Sphinx's 1 in margins, 11 pt (see the LaTeX log)
TEXT_HEIGHT_PT = 698.0  # \textheight: A4, 1 in margins
COLSEP_PT = 12.0  # 2 × \tabcolsep
TABLE_SIZES = ((10.0, ""), (9.0, r"\footnotesize"), (8.0, r"\scriptsize"))  # \small is the default
LONG_TABLE_PT = 0.85 * TEXT_HEIGHT_PT  # taller than this (about a page): a longtable
HEX_SPLIT = 40  # hexadecimal checksums at least this long are printed in two halves

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DIRECTIVE = re.compile(r"^\s*(:{3,}|`{3,})\{table\}")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_CODE = re.compile(r"(`+)(.+?)\1")
_HEX = re.compile(r"`([0-9a-f]{%d,})`" % HEX_SPLIT)
_LETTER = {"l": "L", "r": "R", "c": "C"}
_ALIGN = {"l": r"\raggedright", "r": r"\raggedleft", "c": r"\centering"}


def _lay_out_tables(book: Path) -> None:
    for path in sorted(book.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = _tables_for_latex(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    for path in sorted(book.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                new = _tables_for_latex(cell.source)
                changed |= new != cell.source
                cell.source = new
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    text = data["text/markdown"]
                    text = "".join(text) if isinstance(text, list) else text
                    new = _tables_for_latex(text)
                    changed |= new != text
                    data["text/markdown"] = new
        if changed:
            nbformat.write(nb, path)


def _tables_for_latex(text: str) -> str:
    """Put a `tabularcolumns` spec before every pipe table in a Markdown text."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        starts_table = (
            line.lstrip().startswith("|") and i + 1 < len(lines) and _DELIMITER.match(lines[i + 1])
            and not (out and out[-1].lstrip().startswith("|"))
        )
        if not starts_table:
            out.append(line)
            i += 1
            continue
        end = i + 2
        while end < len(lines) and lines[end].lstrip().startswith("|"):
            end += 1
        table = [_HEX.sub(_split_hex, row) for row in lines[i:end]]
        header, aligns = _cells(table[0]), _aligns(table[1])
        rows = [_cells(row) for row in table[2:]]
        spec, long = _colspec(header, rows, aligns)
        indent = line[: len(line) - len(line.lstrip())]
        at = _directive_start(out)
        block = [f"{indent}```{{tabularcolumns}} {spec}", f"{indent}```", ""]
        if at is None:
            if long:  # a bare table: wrap it in a table directive to make it a longtable
                table = [f"{indent}```{{table}}", f"{indent}:class: longtable", ""] + table + [f"{indent}```"]
            out += ([""] if out and out[-1].strip() else []) + block + table
        else:
            if long:
                out.insert(at + 1, f"{indent}:class: longtable")
            out[at:at] = block
            out += table
        i = end
    return "\n".join(out)


def _directive_start(out: list[str]) -> int | None:
    """Index of the `{table}` directive that the lines just emitted open, if any."""
    k = len(out) - 1
    while k >= 0 and (not out[k].strip() or _OPTION.match(out[k])):
        k -= 1
    if k >= 0 and _DIRECTIVE.match(out[k]):
        return k
    return None


def _split_hex(match: re.Match) -> str:
    digits = match.group(1)
    half = math.ceil(len(digits) / 2)
    return f"`{digits[:half]}` `{digits[half:]}`"


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


def _aligns(row: str) -> list[str]:
    aligns = []
    for cell in _cells(row):
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("c" if left and right else "r" if right else "l")
    return aligns


def _colspec(header: list[str], rows: list[list[str]], aligns: list[str]) -> tuple[str, bool]:
    """The column spec of one table, and whether it must be a longtable.

    In order of preference: every cell on one line (10 pt, then 9 pt); only the headers wrap,
    between words (10 pt, then 9 pt); cells wrap between words too (10, 9, 8 pt); words break.
    """
    n = len(header)
    rows = [(r + [""] * n)[:n] for r in rows]
    aligns = (aligns + ["l"] * n)[:n]
    avail = TEXT_WIDTH_PT - n * COLSEP_PT
    choice = None
    for size, font in TABLE_SIZES[:2]:
        full, body, need = _measure(header, rows, size)
        if sum(full) <= avail:
            choice = size, font, [w * min(1.06, avail / sum(full)) for w in full]
        elif sum(body) <= avail:
            choice = size, font, _widen(body, full, avail)
        if choice:
            break
    else:
        for size, font in TABLE_SIZES:
            full, body, need = _measure(header, rows, size)
            if sum(need) <= avail:
                choice = size, font, _share(full, need, avail)
                break
        else:  # words must break: shrink the longest words alike
            choice = size, font, [w * avail / sum(need) for w in need]
    size, font, widths = choice
    height = sum(_row_height([header] + rows, k, widths, size) for k in range(len(rows) + 1))
    long = len(rows) + 1 > 30 or height > LONG_TABLE_PT  # Sphinx makes > 30 rows a longtable itself
    if size == TABLE_SIZES[0][0] and sum(full) <= avail and not long:
        return "".join(_LETTER[a] for a in aligns), False  # tabulary: natural widths, exact
    spec = "".join(  # \Y{f}: f × \linewidth, column separation included; round down
        f">{{{font}{_ALIGN[a]}\\arraybackslash}}\\Y{{{math.floor(1000 * (w + COLSEP_PT) / TEXT_WIDTH_PT) / 1000:.3f}}}"
        for w, a in zip(widths, aligns)
    )
    return spec, long


def _measure(header: list[str], rows: list[list[str]], size: float):
    """Per column: widths with every cell on one line, with only the header wrapped, and of
    the longest unbreakable word."""
    n = len(header)
    head_full = [_width(header[j], size, head=True) for j in range(n)]
    head_word = [_longest_word(header[j], size, head=True) for j in range(n)]
    body_full = [max([0.0] + [_width(r[j], size) for r in rows]) for j in range(n)]
    body_word = [max([0.0] + [_longest_word(r[j], size) for r in rows]) for j in range(n)]
    full = [max(a, b) for a, b in zip(head_full, body_full)]
    body = [max(a, b) for a, b in zip(body_full, head_word)]
    need = [max(a, b) for a, b in zip(head_word, body_word)]
    return full, body, need


def _widen(body: list[float], full: list[float], avail: float) -> list[float]:
    """Body widths plus the room left, shared among the columns whose header wraps."""
    extra = [f - b for f, b in zip(full, body)]
    room = avail - sum(body)
    return [b + e * room / sum(extra) for b, e in zip(body, extra)]


def _share(natural: list[float], longest: list[float], avail: float) -> list[float]:
    """Widths ∝ natural widths, never below the longest word, summing to `avail`."""
    lo, hi = 0.0, 1.0
    for _ in range(50):
        ratio = (lo + hi) / 2
        if sum(max(m, ratio * w) for w, m in zip(natural, longest)) > avail:
            hi = ratio
        else:
            lo = ratio
    return [max(m, lo * w) for w, m in zip(natural, longest)]


def _row_height(cells: list[list[str]], k: int, widths: list[float], size: float) -> float:
    lines = max(
        math.ceil(_width(cell, size, head=k == 0) / max(w * 0.9, 1.0)) if cell else 1
        for cell, w in zip(cells[k], widths)
    )
    return max(lines, 1) * size * 1.2 + 0.5


# Average advance widths (em) of the book's fonts: FreeSerif (body), FreeSans (table headers),
# DejaVu Sans Mono scaled to FreeSerif's x-height (code).
_SERIF = {"lower": 0.46, "upper": 0.68, "digit": 0.5, "space": 0.25, "narrow": 0.3, "other": 0.55}
_SANS = {"lower": 0.50, "upper": 0.68, "digit": 0.56, "space": 0.28, "narrow": 0.3, "other": 0.58}
_MONO_EM = 0.5
_NARROW = set(".,:;'!|()[]/-")
_WIDE = {"%": 0.85, "–": 0.5, "§": 0.5, "×": 0.57, "≈": 0.57, "−": 0.57}
_BREAK_AFTER_CODE = set(".,;?!/_")  # Sphinx's breaks in inline code, and "_" (preamble)
_BREAK_AFTER_TEXT = set("-/")  # explicit hyphens, and "/" in tables (preamble)


def _segments(cell: str) -> list[tuple[str, bool, bool]]:
    """(text, is_code, is_bold) pieces of a cell's Markdown."""
    pieces: list[tuple[str, bool, bool]] = []
    pos = 0
    for match in _CODE.finditer(cell):
        pieces += _text_pieces(cell[pos:match.start()])
        pieces.append((match.group(2).strip(), True, False))
        pos = match.end()
    return pieces + _text_pieces(cell[pos:])


def _text_pieces(text: str) -> list[tuple[str, bool, bool]]:
    text = re.sub(r"\{[\w:-]+\}", "", text)  # roles such as {doc}
    text = re.sub(r"\s*<[^>]*>", "", text)  # role targets
    parts = text.split("**")
    return [(p.replace("*", ""), False, k % 2 == 1) for k, p in enumerate(parts) if p]


def _char_em(c: str, table: dict) -> float:
    if c in " ":
        return table["space"]
    if c in "\u00a0\u202f":
        return table["space"]
    if c in _WIDE:
        return _WIDE[c]
    if c.isdigit():
        return table["digit"]
    if c in _NARROW:
        return table["narrow"]
    if c.isalpha():
        return table["upper"] if c.isupper() else table["lower"]
    return table["other"]


def _piece_em(text: str, code: bool, bold: bool, head: bool) -> float:
    if code:
        return len(text) * _MONO_EM
    table = _SANS if head else _SERIF
    return sum(_char_em(c, table) for c in text) * (1.07 if bold else 1.0)


def _width(cell: str, size: float, head: bool = False) -> float:
    """Natural width (pt) of a cell set on one line."""
    return sum(_piece_em(t, code, bold, head) for t, code, bold in _segments(cell)) * size * 1.04


def _longest_word(cell: str, size: float, head: bool = False) -> float:
    """Width (pt) of the widest piece of a cell that LaTeX cannot break."""
    words: list[float] = []
    current = 0.0
    for text, code, bold in _segments(cell):
        for c in text:
            if c == " ":
                words.append(current)
                current = 0.0
                continue
            current += _piece_em(c, code, bold, head)
            if c in (_BREAK_AFTER_CODE if code else _BREAK_AFTER_TEXT):
                words.append(current)
                current = 0.0
    words.append(current)
    return max(words) * size * 1.04
