"""`python -m analysis.sheets --root ROOT --data DIR [--scenario FILE …]`: write the sheets.

Started by the build while the chapters run (`analysis.sheets.background.SheetsJob`); usable by
hand too. The dataset has been validated by the build; its checked tables are read from
`--tabellcache`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--scenario", type=Path, action="append", default=[])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--pdf", action="store_true", help="the build prints the sheets: link their PDFs")
    parser.add_argument("--tabellcache", type=Path)
    args = parser.parse_args(argv)
    # Below the chapters' kernels: the sheets fill the cores' idle moments instead of slowing the
    # chapters down (measured: about 4 points less added to a clean build, docs/sheets.md).
    os.nice(10)
    start = time.perf_counter()
    from analysis.data import load_dataset
    from analysis.sheets.pages import write_sheets

    dataset = load_dataset(args.data, cache_dir=args.tabellcache)
    report = write_sheets(args.root, dataset, args.scenario, args.jobs, force=args.force, pdf=args.pdf)
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    print(
        f"{report.centres} blad, {report.figures_drawn} figurer ritade; {parts}; "
        f"totalt {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
