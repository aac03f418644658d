"""One-off: copy the public source files the generator needs into the repo's `data/raw/`.

Not part of the build. `scripts/make_example_data.py` reads only `data/raw/`; this helper records
how those copies were made from a folder of the original downloads (one folder per source, each
with its SOURCE.md), so that they can be re-made. Each folder's SOURCE.md is copied unchanged and
a note saying which files were copied (and how they were filtered) is appended.

    python scripts/exempeldata/copy_raw.py --src FOLDER_OF_ORIGINALS
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEST = REPO / "data" / "raw"
JAMTLAND_KOMMUNER = ("Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund")

NOTE_HEADER = "\n\n## Copied into this repository (data/raw)\n\n"


def _copy_source_md(src: Path, dest: Path, note: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    text = (src / "SOURCE.md").read_text(encoding="utf-8").rstrip("\n")
    (dest / "SOURCE.md").write_text(text + NOTE_HEADER + note.strip() + "\n", encoding="utf-8")


def _filter_lines(src: Path, dest: Path, keep, header_lines: int = 0, footer_lines: int = 0) -> None:
    lines = src.read_bytes().split(b"\n")
    trailing = lines[-1] == b""
    body = lines[:-1] if trailing else lines
    head, mid = body[:header_lines], body[header_lines : len(body) - footer_lines]
    foot = body[len(body) - footer_lines :] if footer_lines else []
    out = head + [line for line in mid if keep(line)] + foot
    dest.write_bytes(b"\n".join(out) + (b"\n" if trailing else b""))


def copy_scb(src: Path) -> None:
    s, d = src / "scb-via-SCBHandlerPlotter", DEST / "scb-via-SCBHandlerPlotter"
    _copy_source_md(
        s,
        d,
        """
- `SCB_alderkon.csv`: copied unchanged (all 290 municipalities; the generator uses the 8 in Jämtland).
- `SCB_hushallsstorlek.csv`: copied unchanged.
- `SCB_utbildningsniva.csv`: FILTERED to the 8 Jämtland municipalities (header line plus every line whose
  `region` is Berg, Bräcke, Härjedalen, Krokom, Ragunda, Strömsund, Åre or Östersund; lines otherwise
  byte-identical) to keep the repository small.
- Copied by `scripts/exempeldata/copy_raw.py`.
""",
    )
    shutil.copyfile(s / "SCB_alderkon.csv", d / "SCB_alderkon.csv")
    shutil.copyfile(s / "SCB_hushallsstorlek.csv", d / "SCB_hushallsstorlek.csv")
    wanted = tuple(f'"{k}",'.encode() for k in JAMTLAND_KOMMUNER)
    _filter_lines(
        s / "SCB_utbildningsniva.csv",
        d / "SCB_utbildningsniva.csv",
        lambda line: line.startswith(wanted),
        header_lines=1,
    )


def copy_geonames(src: Path) -> None:
    s, d = src / "geonames-postal-SE", DEST / "geonames-postal-SE"
    _copy_source_md(
        s,
        d,
        """
- `SE-23.txt`: FILTERED copy of `SE.txt`: only the 364 rows whose `admin_code2` (kommun code, column 7)
  starts with `23` (Jämtland), lines otherwise byte-identical. Same columns, tab-separated, no header.
- Copied by `scripts/exempeldata/copy_raw.py`.
""",
    )
    _filter_lines(s / "SE.txt", d / "SE-23.txt", lambda line: line.split(b"\t")[6].startswith(b"23"))


def copy_kolada(src: Path) -> None:
    s, d = src / "kolada-hosrapport-halland", DEST / "kolada-hosrapport-halland"
    _copy_source_md(
        s,
        d,
        """
- `ar-skr-tillganglighet.json` (N79179 0:an, N79173 3:an) and `ar-skr-syn-pa-varden.json` (U71451 NPE
  helhetsintryck): copied unchanged. The other JSON files listed above were not copied.
- Copied by `scripts/exempeldata/copy_raw.py`.
""",
    )
    for name in ("ar-skr-tillganglighet.json", "ar-skr-syn-pa-varden.json"):
        shutil.copyfile(s / name, d / name)


def copy_geojson(src: Path) -> None:
    s, d = src / "geo-okfse-sweden-geojson", DEST / "geo-okfse-sweden-geojson"
    _copy_source_md(
        s,
        d,
        """
- `swedish_municipalities_23.geojson`: FILTERED copy of `swedish_municipalities.geojson` with only the 8
  features whose `lan_code` is `"23"` (Jämtland); the file has one feature per line and the kept lines
  are byte-identical (the separating comma of the last kept feature removed).
- `swedish_regions_23.geojson`: FILTERED copy of `swedish_regions.geojson` with only the feature `l_id` 23.
- Copied by `scripts/exempeldata/copy_raw.py`. For maps only; the generator does not read them.
""",
    )
    _filter_geojson(s / "swedish_municipalities.geojson", d / "swedish_municipalities_23.geojson", b'"lan_code":"23"')
    _filter_geojson(s / "swedish_regions.geojson", d / "swedish_regions_23.geojson", b'"l_id":23}')


def _filter_geojson(src: Path, dest: Path, marker: bytes) -> None:
    lines = src.read_bytes().rstrip(b"\n").split(b"\n")
    features = [line.rstrip(b",") for line in lines[1:-1] if marker in line]
    dest.write_bytes(lines[0] + b"\n" + b",\n".join(features) + b"\n" + lines[-1] + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder of the original downloads")
    src = parser.parse_args().src
    for copy in (copy_scb, copy_geonames, copy_kolada, copy_geojson):
        copy(src)


if __name__ == "__main__":
    main()
