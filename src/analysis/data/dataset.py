"""The `Dataset` object: typed tables, parameters and provenance of a loaded dataset folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.manifest import MANIFEST_NAME, params_file, sha256_of

AGGREGATED_NOTE = "summerad från {source} till åldersgrupper"


class Dataset:
    """A validated dataset: typed tables, parameters and provenance from the manifest."""

    def __init__(self, path: Path, manifest: dict, params: dict, tables: dict[str, pd.DataFrame],
                 assumptions: dict[str, list[str]], substituted: dict[str, str]) -> None:
        self.path = Path(path)
        self.manifest = manifest
        self.params = params
        self._tables = tables
        self.assumptions = assumptions
        self._substituted = substituted
        self._input_files: dict[str, str] | None = None

    @property
    def name(self) -> str:
        return self.manifest["namn"]

    @property
    def year(self) -> int:
        return self.manifest["ar"]

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in self._tables}

    def has_table(self, name: str) -> bool:
        return name in self._tables

    def table(self, name: str) -> pd.DataFrame:
        """The typed table (a cheap copy: changing it leaves the dataset as loaded)."""
        if name not in self._tables:
            loaded = ", ".join(self._tables) or "inga"
            raise KeyError(f"tabellen '{name}' är inte inläst (inlästa: {loaded})")
        return self._tables[name].copy(deep=False)

    def _entry(self, name: str) -> dict:
        return self.manifest["tabeller"][self._substituted.get(name, name)]

    def status(self, name: str) -> str:
        return self._entry(name)["status"]

    def source(self, name: str) -> str:
        text = self._entry(name)["kalla"]
        if name in self._substituted:
            text += f" ({AGGREGATED_NOTE.format(source=self._substituted[name])})"
        return text

    def table_info(self) -> pd.DataFrame:
        """One row per table in the manifest: tabell, fil, status, kalla, licens, sha256, rader."""
        rows = []
        for name, entry in self.manifest["tabeller"].items():
            frame = self._tables.get(name)
            rows.append({"tabell": name, "fil": entry["fil"], "status": entry["status"],
                         "kalla": entry["kalla"], "licens": entry["licens"], "sha256": entry["sha256"],
                         "rader": len(frame) if frame is not None else pd.NA})
        info = pd.DataFrame(rows)
        info["rader"] = info["rader"].astype("Int64")
        return info

    def input_files(self) -> dict[str, str]:
        """{file name: sha256 of the bytes on disk} for the manifest, the parameters and every table.

        Names are relative to the dataset folder, so they do not depend on where the build runs.
        """
        if self._input_files is None:
            names = [MANIFEST_NAME, params_file(self.manifest)]
            names += [entry["fil"] for entry in self.manifest["tabeller"].values()]
            self._input_files = {n: sha256_of(self.path / n) for n in names}
        return dict(self._input_files)

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}, år {self.year}, {len(self._tables)} tabeller, {str(self.path)!r})"
