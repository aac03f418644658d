r"""Prepare the staged book sources for Sphinx's LaTeX writer (PDF only).

Sphinx's LaTeX writer drops the part captions of `_toc.yml` and lays out every table with
equal, justified columns. The staged copy therefore gets a `\part` (and `\appendix` before the
unnumbered part) at the start of each part, and a `tabularcolumns` spec before each table:
column widths from the cell contents, numbers right-aligned, smaller type where a table would
not fit otherwise (see docs/publishing.md).
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import nbformat
import yaml


def prepare_for_latex(src: Path) -> None:
    """Add part pages and table layouts to a staged copy of the book."""
    _mark_parts(src)
    _lay_out_tables(src / "book")


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
        path = _toc_file(src, chapters[0].get("file", ""))
        if path is not None:
            _prepend_raw_latex(path, latex)


def _toc_file(src: Path, entry: str) -> Path | None:
    if not entry:
        return None
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
# that breaks across pages. Widths are estimated from the fonts' glyph widths.

TEXT_WIDTH_PT = 452.0  # \textwidth: A4, Sphinx's 1 in margins, 11 pt (see the LaTeX log)
TEXT_HEIGHT_PT = 698.0  # \textheight: A4, 1 in margins
COLSEP_PT = 12.0  # 2 × \tabcolsep
TABLE_SIZES = ((10.0, ""), (9.0, r"\footnotesize"), (8.0, r"\scriptsize"))  # \small is the default
LONG_TABLE_PT = 0.85 * TEXT_HEIGHT_PT  # taller than this (about a page): a longtable
SAFETY = 1.03  # widths are estimated from glyph advances, without kerning
HEX_SPLIT = 40  # hexadecimal checksums at least this long may break in their middle
ZWSP = "\u200b"

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DIRECTIVE = re.compile(r"^\s*(:{3,}|`{3,}|~{3,})\{table\}")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_CODE = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\S*)")  # opens (code or a directive) or closes
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
    fences: list[tuple[str, bool]] = []  # open backtick/tilde fences: (fence, is a code block)
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and fences and not fence.group(2) and fence.group(1).startswith(fences[-1][0]):
            fences.pop()  # a closing fence
        elif fence and not (fences and fences[-1][1]):
            fences.append((fence.group(1), not fence.group(2).startswith("{")))
        in_code = any(code for _, code in fences)  # tables in code blocks are examples
        starts_table = (
            not in_code and line.lstrip().startswith("|") and i + 1 < len(lines)
            and _DELIMITER.match(lines[i + 1]) and not (out and out[-1].lstrip().startswith("|"))
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
        f = _free_fence(fences)
        block = [f"{indent}{f}{{tabularcolumns}} {spec}", f"{indent}{f}", ""]
        if at is None:  # a bare table: in a table directive, left-aligned as the chapters' tables
            options = [f"{indent}:align: left"] + ([f"{indent}:class: longtable"] if long else [])
            table = [f"{indent}{f}{{table}}", *options, ""] + table + [f"{indent}{f}"]
            out += ([""] if out and out[-1].strip() else []) + block + table
        else:
            if long:
                _add_class(out, at, indent, "longtable")
            out[at:at] = block
            out += table
        i = end
    return "\n".join(out)


def _free_fence(fences: list[tuple[str, bool]]) -> str:
    """A fence for a new directive that cannot close any fence open around it."""
    for char in "`:~":
        open_ = [f for f, _ in fences if f[0] == char]
        if not open_ or min(map(len, open_)) > 3:  # none, or all longer: it nests inside them
            return char * 3
    return "~" * (max(len(f) for f, _ in fences) + 1)  # not reached by the book's sources


def _directive_start(out: list[str]) -> int | None:
    """Index of the `{table}` directive that the lines just emitted open, if any."""
    k = len(out) - 1
    while k >= 0 and (not out[k].strip() or _OPTION.match(out[k])):
        k -= 1
    if k >= 0 and _DIRECTIVE.match(out[k]):
        return k
    return None


def _add_class(out: list[str], at: int, indent: str, name: str) -> None:
    """Add a class to the options of the directive opened at `out[at]`."""
    for k in range(at + 1, len(out)):
        if out[k].strip().startswith(":class:"):
            out[k] = f"{out[k].rstrip()} {name}"
            return
        if not _OPTION.match(out[k]):
            break
    out.insert(at + 1, f"{indent}:class: {name}")


def _split_hex(match: re.Match) -> str:
    """A checksum may break in its middle (U+200B, a break point that prints nothing: preamble)."""
    digits = match.group(1)
    half = math.ceil(len(digits) / 2)
    return f"`{digits[:half]}{ZWSP}{digits[half:]}`"


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
    """The column spec of one table, and whether it must be a longtable."""
    n = len(header)
    rows = [(r + [""] * n)[:n] for r in rows]
    aligns = (aligns + ["l"] * n)[:n]
    avail = TEXT_WIDTH_PT - n * COLSEP_PT
    size, font, widths = _choose_widths(header, rows, avail)
    long = len(rows) + 1 > 30 or _height(header, rows, widths, size) > LONG_TABLE_PT
    if size == TABLE_SIZES[0][0] and sum(_measure(header, rows, size)[0]) <= avail and not long:
        return "".join(_LETTER[a] for a in aligns), False  # tabulary: natural widths, exact
    if long:  # as wide as the text, like its caption (Sphinx makes > 30 rows a longtable itself)
        widths = [w * avail / sum(widths) for w in widths]
    fractions = [math.floor(10000 * (w + COLSEP_PT) / TEXT_WIDTH_PT) / 10000 for w in widths]
    spec = "".join(  # \Y{f}: f × \linewidth, column separation included (rounded down)
        f">{{{font}{_ALIGN[a]}\\arraybackslash}}\\Y{{{f:.4f}}}" for f, a in zip(fractions, aligns)
    )
    return spec, long


def _choose_widths(header: list[str], rows: list[list[str]], avail: float):
    """(size, font command, column widths in pt), in order of preference:

    1. every cell on one line, or only the headers wrap between words: 10 pt, then 9 pt;
    2. cells wrap between words too: 10 pt, or 9 pt when that saves a tenth of the height;
       8 pt only when neither fits;
    3. words break (a table too wide for any size; see the LaTeX log).
    """
    for size, font in TABLE_SIZES[:2]:
        full, body, _ = _measure(header, rows, size)
        if sum(full) <= avail:
            return size, font, [w * min(1.06, avail / sum(full)) for w in full]
        if sum(body) <= avail:
            return size, font, _widen(body, full, avail)
    best = None
    for size, font in TABLE_SIZES:
        if best is not None and size < TABLE_SIZES[1][0]:
            break
        full, _, need = _measure(header, rows, size)
        if sum(need) <= avail:
            widths = _share(header, rows, size, avail)
            height = _height(header, rows, widths, size)
            if best is None or height < 0.9 * best[3]:
                best = size, font, widths, height
    if best is not None:
        return best[:3]
    size, font = TABLE_SIZES[-1]
    need = _measure(header, rows, size)[2]
    return size, font, [w * avail / sum(need) for w in need]


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


def _share(header: list[str], rows: list[list[str]], size: float, avail: float) -> list[float]:
    """Column widths for a table whose cells must wrap: start from the longest words, then give
    the room left, step by step, to the column where it saves the most per point: rows' lines
    first, then lines within cells (a file name kept whole even if its row wraps elsewhere)."""
    full, _, widths = _measure(header, rows, size)
    table = [[_words(c, head=True) for c in header]] + [[_words(c) for c in r] for r in rows]
    n = len(header)
    lines = [[_lines(row[j], widths[j], size) for j in range(n)] for row in table]
    room = avail - sum(widths)
    while room > 0.5:
        best = None  # (saving per pt, column, new width, its lines)
        for j in range(n):
            target = _next_width(table, lines, j, widths[j], size)
            if target is None or target - widths[j] > room:
                continue
            column = [_lines(row[j], target, size) for row in table]
            rows_saved = sum(max(r) - max(r[:j] + [c] + r[j + 1:]) for r, c in zip(lines, column))
            cells_saved = sum(r[j] - c for r, c in zip(lines, column))
            gain = (10 * rows_saved + cells_saved) / (target - widths[j])
            if gain > 0 and (best is None or gain > best[0]):
                best = gain, j, target, column
        if best is None:
            break
        _, j, target, column = best
        room -= target - widths[j]
        widths[j] = target
        for r, c in zip(lines, column):
            r[j] = c
    slack = [max(f - w, 0.0) for f, w in zip(full, widths)]  # what is left: to the wrapping columns
    if room > 0.5 and sum(slack) > 0:
        widths = [w + min(e, room * e / sum(slack)) for w, e in zip(widths, slack)]
    return widths


def _next_width(table, lines, j: int, width: float, size: float) -> float | None:
    """The least width of column `j` that takes a line off one of its cells."""
    best = None
    for row, counts in zip(table, lines):
        if counts[j] > 1:
            lo, hi = width, sum(w + g for w, g in row[j]) * size + 1.0
            for _ in range(20):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if _lines(row[j], mid, size) < counts[j] else (mid, hi)
            best = hi if best is None else min(best, hi)
    return best


def _height(header: list[str], rows: list[list[str]], widths: list[float], size: float) -> float:
    table = [[_words(c, head=True) for c in header]] + [[_words(c) for c in r] for r in rows]
    return sum(max(_lines(w, wd, size) for w, wd in zip(row, widths)) * size * 1.2 + 0.5
               for row in table)


def _lines(words: tuple[tuple[float, float], ...], width: float, size: float) -> int:
    """Lines a cell takes in a column `width` pt wide (words laid out greedily)."""
    count, used = 1, 0.0
    for w, glue in words:
        w *= size
        if used and used + w > width:
            count, used = count + 1, 0.0
        used += w + glue * size
    return count


# Glyph widths (em) of the book's fonts, read from the font files when they are installed (they
# are wherever the PDF can be built), else averages: FreeSerif (cells), FreeSerif Bold (**cells**),
# FreeSans (headers), DejaVu Sans Mono scaled to FreeSerif's x-height (inline code).
FONT_DIRS = (Path("/usr/share/fonts/opentype/freefont"), Path("/usr/share/fonts/truetype/dejavu"))
_FONTS = {"serif": "FreeSerif.otf", "bold": "FreeSerifBold.otf", "sans": "FreeSans.otf"}
_AVERAGE = {"serif": 0.47, "bold": 0.51, "sans": 0.50}
_MONO_EM = 0.602 * 0.823  # DejaVu Sans Mono, Scale=MatchLowercase (see the LaTeX log)
_BREAK_AFTER_CODE = set(",;?!/_")  # in tables: Sphinx's breaks in inline code but ".", and "_"
_BREAK_AFTER_TEXT = set("-/")  # explicit hyphens, and "/" in tables (preamble)
_SPACES = "\u00a0\u202f"


@functools.lru_cache(maxsize=None)
def _glyph_widths(face: str) -> dict[str, float]:
    for folder in FONT_DIRS:
        path = folder / _FONTS[face]
        if path.is_file():
            try:
                from fontTools.ttLib import TTFont

                font = TTFont(path, lazy=True)
                units, advances = font["head"].unitsPerEm, font["hmtx"]
                return {chr(code): advances[name][0] / units for code, name in font.getBestCmap().items()}
            except Exception:  # noqa: BLE001 - any trouble: fall back to the averages
                break
    return {}


def _char_em(c: str, face: str) -> float:
    if c in _SPACES:
        c = " "
    return _glyph_widths(face).get(c, _AVERAGE[face])


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


def _piece_em(text: str, code: bool, bold: bool, head: bool) -> float:
    if code:
        return len(text) * _MONO_EM
    face = "sans" if head else "bold" if bold else "serif"
    return sum(_char_em(c, face) for c in text)


@functools.lru_cache(maxsize=None)
def _words(cell: str, head: bool = False) -> tuple[tuple[float, float], ...]:
    """The pieces of a cell that LaTeX cannot break, as (width, space after) in em × SAFETY."""
    words: list[tuple[float, float]] = []
    current = 0.0
    for text, code, bold in _segments(cell):
        for c in text:
            if c == ZWSP:
                words.append((current, 0.0))
                current = 0.0
                continue
            if c == " ":
                words.append((current, _piece_em(" ", code, bold, head) * SAFETY))
                current = 0.0
                continue
            current += _piece_em(c, code, bold, head) * SAFETY
            if c in (_BREAK_AFTER_CODE if code else _BREAK_AFTER_TEXT):
                words.append((current, 0.0))
                current = 0.0
    words.append((current, 0.0))
    return tuple((w, g) for w, g in words if w or g)


def _width(cell: str, size: float, head: bool = False) -> float:
    """Natural width (pt) of a cell set on one line."""
    words = _words(cell, head)
    return (sum(w + g for w, g in words) - (words[-1][1] if words else 0.0)) * size


def _longest_word(cell: str, size: float, head: bool = False) -> float:
    """Width (pt) of the widest piece of a cell that LaTeX cannot break."""
    return max([0.0] + [w for w, _ in _words(cell, head)]) * size
