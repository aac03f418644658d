"""Byte-stable writers: CSV (UTF-8, comma, LF, fixed decimals), YAML, Parquet; SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml


def write_csv(df: pd.DataFrame, path: Path, decimals: dict[str, int] | None = None) -> None:
    """Write `df` as CSV; float columns listed in `decimals` are formatted with that many decimals."""
    out = df.copy()
    for col, n in (decimals or {}).items():
        out[col] = out[col].map(lambda x, n=n: f"{float(x):.{n}f}")
    floats = [c for c in out.columns if pd.api.types.is_float_dtype(out[c])]
    if floats:
        raise ValueError(f"{path.name}: float columns without stated decimals: {floats}")
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, data):
    style = '"' if any(ch in data for ch in ":#§{}[],&*!|>'%@`") or data[:1] in "-?" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def write_yaml(data: dict, path: Path, header: str = "") -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8", newline="\n")


def write_parquet(table: pa.Table, path: Path) -> None:
    """Parquet with fixed settings (zstd, dictionary encoding, no pandas metadata)."""
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=9,
        use_dictionary=True,
        write_statistics=True,
        row_group_size=1 << 20,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_excel_csv(df: pd.DataFrame, path: Path, decimals: dict[str, int] | None = None) -> None:
    """CSV as Swedish Excel saves it ("CSV (semikolonavgränsad)"): Windows-1252, `;`, decimal comma, CRLF."""
    out = df.copy()
    for col, n in (decimals or {}).items():
        out[col] = out[col].map(lambda x, n=n: f"{float(x):.{n}f}".replace(".", ","))
    text = out.to_csv(index=False, sep=";", lineterminator="\r\n")
    path.write_bytes(text.encode("cp1252"))


#: A fixed time for everything an .xlsx records about when it was made, so a rerun is byte-identical.
FIXED_TIME = (2021, 3, 1, 0, 0, 0)


def write_xlsx(df: pd.DataFrame, path: Path, title: str) -> None:
    """One sheet with a title row and an empty row above the header, as a hand-made Excel file often has."""
    import datetime
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([title])
    ws.append([])
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in row])
    wb.properties.creator = "scripts/make_example_data.py"
    wb.properties.created = datetime.datetime(*FIXED_TIME)
    buffer = io.BytesIO()
    wb.save(buffer)  # stamps docProps/core.xml with the current time: replaced below
    stamp = datetime.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
