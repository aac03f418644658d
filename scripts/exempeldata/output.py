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
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
                     default_flow_style=False)
    path.write_text(header + text, encoding="utf-8", newline="\n")


def write_parquet(table: pa.Table, path: Path) -> None:
    """Parquet with fixed settings (zstd, dictionary encoding, no pandas metadata)."""
    pq.write_table(table, path, compression="zstd", compression_level=9, use_dictionary=True,
                   write_statistics=True, row_group_size=1 << 20)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
