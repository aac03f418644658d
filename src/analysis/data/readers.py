"""Read one table file (CSV, Parquet or Excel), detecting format, encoding, separator and decimal mark.

`read_table` returns the raw frame and the assumptions it made, in Swedish. The frame's index is the
row number as the user sees it in the file (CSV: the header is line 1, so the first data row is 2;
Excel: the sheet row; Parquet: the record number from 1). CSV cells are left as text: converting
them to numbers is done against the schema (`analysis.data.convert`), which knows which columns are
numeric. `frame.attrs` holds what the converter needs: `kind`, `decimal`, `header_row` and
`short_rows`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from analysis.data.errors import DatasetError, Problem

PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
SEPARATORS = {",": "kommaseparerad", ";": "semikolonseparerad", "\t": "tabbseparerad"}
DECIMAL_SAMPLE_ROWS = 2000
HEADER_SEARCH_ROWS = 30
_QUOTED = r'"(?:[^"]|"")*"'
_NUMBER_WITH = r"\s*[-+\u2212]?\d[\d \u00a0\u202f]*{mark}\d+\s*"


def read_table(path: str | Path, expected_columns: list[str] | None = None,
               display_name: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a table file of any supported format; raise `DatasetError` if it cannot be read.

    `expected_columns` helps find the header row of an Excel sheet with title rows above it.
    `display_name` is the file name used in problems (default: the file's name).
    """
    path = Path(path)
    name = display_name or path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _unreadable(name, _open_error(exc, name)) from exc
    if head.startswith(PARQUET_MAGIC):
        return _read_parquet(path, name)
    if head.startswith(ZIP_MAGIC):
        return _read_excel(path, name, expected_columns)
    if head.startswith(OLE_MAGIC):
        raise _unreadable(name, "filen är i det gamla Excel-formatet (.xls), som inte stöds",
                          "spara den som .xlsx eller CSV")
    return _read_csv(path, name)


def _open_error(exc: OSError, name: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return "filen finns inte"
    if isinstance(exc, IsADirectoryError):
        return f"'{name}' är en mapp, inte en fil"
    if isinstance(exc, PermissionError):
        return "filen får inte läsas (behörighet saknas)"
    return f"filen går inte att öppna ({exc.strerror or exc})"


def _unreadable(name: str, message: str, expected: str | None = None) -> DatasetError:
    return DatasetError([Problem(name, None, None, None, expected, message)])


# --- CSV -------------------------------------------------------------------------------------

def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, list[str]]:
    raw = path.read_bytes()
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _unreadable(name, "filen är tom", "en rubrikrad med kolumnnamn och minst en datarad")
    text, encoding = _decode_utf16(raw, name)
    if text is None:
        _reject_binary(raw, name)
        text, encoding = _decode(raw, name)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    sep = _sniff_separator(header_line)
    text, trailing = _strip_trailing_separator(text, sep)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            na_values=[], skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        raise _parser_problem(name, str(exc), sep) from exc
    except (pd.errors.EmptyDataError, UnicodeError, ValueError) as exc:
        raise _unreadable(name, f"filen går inte att läsa som CSV ({exc})") from exc
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame.columns = _header_names(header_line, sep, list(frame.columns))
    frame, blank = _drop_blank_lines(frame, text)
    decimal, mixed = _sniff_decimal(frame)
    frame.attrs.update(kind="csv", decimal=decimal, header_row=1,
                       short_rows=_short_rows(frame, text, sep))
    parts = [f"läste som {encoding}", SEPARATORS[sep]]
    if decimal:
        parts.append("decimalkomma" if decimal == "," else "decimalpunkt")
    assumptions = [", ".join(parts)]
    if mixed:
        assumptions.append(f"både decimalkomma och decimalpunkt förekommer; antog "
                           f"{'decimalkomma' if decimal == ',' else 'decimalpunkt'}")
    if trailing:
        assumptions.append("hoppade över en tom kolumn sist på raderna (avslutande avgränsare, som Excel "
                           "ibland skriver)")
    if blank:
        assumptions.append(f"hoppade över {blank} tomma rader")
    return frame, assumptions


def _decode_utf16(raw: bytes, name: str) -> tuple[str | None, str | None]:
    """UTF-16 text, as Excel saves "Unicode-text": with a byte-order mark, or with every other byte 0."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        sample = raw[:2000]
        odd, even = sample[1::2], sample[0::2]
        if len(sample) < 4 or b"\x00" not in sample:
            return None, None
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            codec = "utf-16-le"
        elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            codec = "utf-16-be"
        else:
            return None, None
    try:
        text = raw.decode(codec).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise _unreadable(name, "filen ser ut att vara sparad som UTF-16 (Excels \"Unicode-text\") men går "
                          f"inte att avkoda (byte {exc.start})",
                          "en textfil i UTF-8: spara om den i Excel som \"CSV UTF-8 (kommaavgränsad)\"") from exc
    return text, "UTF-16 (Excels \"Unicode-text\")"


def _strip_trailing_separator(text: str, sep: str) -> tuple[str, bool]:
    """Drop an empty last column that every line ends with (a separator at the end of each line).

    Applies when the header ends with the separator (an unnamed last column) and no data row has a
    value there, or when every data row has exactly one (empty) field more than the header.
    """
    lines = text.split("\n")
    filled = [line.rstrip("\r") for line in lines if line.strip()]
    if len(filled) < 2:
        return text, False
    header, rows = filled[0], filled[1:]

    def fields(line: str) -> int:
        return re.sub(_QUOTED, "", line).count(sep) + 1

    width = fields(header)
    if header.endswith(sep):
        strip = all(line.endswith(sep) or fields(line) < width for line in rows)
    else:
        strip = all(line.endswith(sep) and fields(line) == width + 1 for line in rows)
    if not strip:
        return text, False
    out = []
    for line in lines:
        end = "\r" if line.endswith("\r") else ""
        body = line[:-1] if end else line
        out.append((body[:-len(sep)] if body.endswith(sep) else body) + end)
    return "\n".join(out), True


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (strict, with or without BOM), else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "UTF-8 (med BOM)"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise _unreadable(name, f"filen är varken UTF-8 eller Windows-1252 (byte {exc.start})",
                          "en textfil (CSV) i UTF-8 eller Windows-1252, Parquet eller Excel (.xlsx)") from exc


def _reject_binary(raw: bytes, name: str) -> None:
    sample = raw[:65536]
    control = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    if b"\x00" in sample or control > max(2, len(sample) // 100):
        raise _unreadable(name, "filen ser inte ut som en tabell (binärt eller trasigt innehåll)",
                          "CSV, Parquet eller Excel (.xlsx)")


def _sniff_separator(header_line: str) -> str:
    unquoted = re.sub(_QUOTED, "", header_line)
    counts = {sep: unquoted.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _header_names(header_line: str, sep: str, parsed: list) -> list:
    """The header as written (pandas renames duplicates to 'x.1' and blanks to 'Unnamed: 0')."""
    names = next(csv.reader([header_line], delimiter=sep), [])
    return names if len(names) == len(parsed) else parsed


def _parser_problem(name: str, message: str, sep: str) -> DatasetError:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if not match:
        return _unreadable(name, f"filen går inte att läsa som CSV ({message})")
    expected, line, seen = (int(g) for g in match.groups())
    return DatasetError([Problem(
        name, line, None, None, f"{expected} fält som rubrikraden ({SEPARATORS[sep]})",
        f"raden har {seen} fält men rubrikraden har {expected}; kontrollera avgränsare och citattecken")])


def _drop_blank_lines(frame: pd.DataFrame, text: str) -> tuple[pd.DataFrame, int]:
    if frame.empty:
        return frame, 0
    all_empty = (frame == "").all(axis=1)
    if not all_empty.any():
        return frame, 0
    lines = pd.Series(text.splitlines())
    lines.index = pd.RangeIndex(1, len(lines) + 1)
    candidate = all_empty[all_empty].index
    blank = lines.reindex(candidate).fillna("").str.strip() == ""
    drop = candidate[blank.to_numpy()]
    return frame.drop(index=drop), len(drop)


def _short_rows(frame: pd.DataFrame, text: str, sep: str) -> dict[int, int]:
    """Rows with fewer fields than the header (pandas pads them with empty strings)."""
    if frame.empty or frame.shape[1] < 2:
        return {}
    candidates = frame.index[(frame.iloc[:, -1] == "").to_numpy()]
    if len(candidates) == 0:
        return {}
    lines = pd.Series(text.splitlines())
    lines.index = pd.RangeIndex(1, len(lines) + 1)
    picked = lines.reindex(candidates).fillna("").str.replace(_QUOTED, "", regex=True)
    fields = picked.str.count(re.escape(sep)) + 1
    short = fields[fields < frame.shape[1]]
    return {int(k): int(v) for k, v in short.items()}


def _sniff_decimal(frame: pd.DataFrame) -> tuple[str | None, bool]:
    """Which decimal mark the number-looking cells use: ',', '.', or None if no decimals seen."""
    if frame.empty:
        return None, False
    cells = pd.Series(frame.head(DECIMAL_SAMPLE_ROWS).to_numpy().ravel(), dtype="str")
    comma = int(cells.str.fullmatch(_NUMBER_WITH.format(mark=",")).sum())
    point = int(cells.str.fullmatch(_NUMBER_WITH.format(mark=r"\.")).sum())
    if not comma and not point:
        return None, False
    return ("," if comma > point else "."), bool(comma and point)


# --- Parquet ---------------------------------------------------------------------------------

def _read_parquet(path: Path, name: str) -> tuple[pd.DataFrame, list[str]]:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise _unreadable(name, f"Parquet-filen går inte att läsa ({type(exc).__name__})",
                          "en hel Parquet-fil (skriven av t.ex. pandas eller pyarrow)") from exc
    frame = frame.reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    frame.attrs.update(kind="parquet", decimal=None, header_row=None, short_rows={})
    return frame, ["läste som Parquet (radnummer räknas från 1)"]


# --- Excel -----------------------------------------------------------------------------------

def _read_excel(path: Path, name: str, expected: list[str] | None) -> tuple[pd.DataFrame, list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unreadable(name, f"Excel-filen går inte att läsa ({type(exc).__name__})",
                          "en .xlsx-fil sparad av Excel eller LibreOffice") from exc
    except Exception as exc:  # openpyxl's InvalidFileException and friends
        raise _unreadable(name, f"Excel-filen går inte att läsa ({type(exc).__name__})",
                          "en .xlsx-fil sparad av Excel eller LibreOffice") from exc
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=1, values_only=True))
    if not any(_non_empty(row) for row in rows):
        raise _unreadable(name, f"Excel-bladet '{sheet.title}' är tomt",
                          "en rubrikrad med kolumnnamn och minst en datarad")
    header_at = _find_header_row(rows, expected)
    frame = _sheet_frame(rows, header_at)
    frame.attrs.update(kind="excel", decimal=None, header_row=header_at + 1, short_rows={})
    assumptions = [f"läste Excel, blad '{sheet.title}'"
                   + (f" (första av {len(book.worksheets)} blad)" if len(book.worksheets) > 1 else "")]
    if header_at > 0:
        assumptions.append(f"rubrikraden är rad {header_at + 1} i bladet; "
                           f"raderna ovanför (rubrik/titel) hoppades över")
    return frame, assumptions


def _non_empty(row: tuple) -> list:
    return [c for c in row if c is not None and str(c).strip() != ""]


def _normalise(name: object) -> str:
    return str(name).strip().lower()


def _find_header_row(rows: list[tuple], expected: list[str] | None) -> int:
    first_filled = next(i for i, row in enumerate(rows) if _non_empty(row))
    if not expected:
        return first_filled
    wanted = {_normalise(c) for c in expected}
    scores = [len({_normalise(c) for c in _non_empty(row)} & wanted)
              for row in rows[:HEADER_SEARCH_ROWS]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return best if scores[best] > 0 else first_filled


def _sheet_frame(rows: list[tuple], header_at: int) -> pd.DataFrame:
    header = list(rows[header_at])
    body = [list(r) + [None] * (len(header) - len(r)) for r in rows[header_at + 1:]]
    frame = pd.DataFrame(body, columns=range(len(header)), dtype=object)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    empty = frame.map(lambda v: v is None or (isinstance(v, str) and v.strip() == ""))
    keep_cols = [i for i, h in enumerate(header) if h is not None or not empty[i].all()]
    frame = frame[keep_cols]
    frame.columns = ["" if header[i] is None else str(header[i]) for i in keep_cols]
    return frame[~empty[keep_cols].all(axis=1)]
