"""Load a dataset folder: manifest, parameters and every table, each read, typed and validated."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# `analysis.parameters` imports this package's leaf modules: its names are read at call time (PM.x).
from analysis import parameters as PM
from analysis.data import tablecache
from analysis.data.aggregate import aggregate_listing
from analysis.data.convert import convert_frame
from analysis.data.crosschecks import cross_table_problems
from analysis.data.dataset import AGGREGATED_NOTE, Dataset
from analysis.data.errors import DatasetError, Problem
from analysis.data.manifest import (MANIFEST_NAME, PARAMS_KEY, file_problems, hash_problems, inside,
                                    params_file, read_manifest)
from analysis.data.readers import read_table
from analysis.data.schemas import SCHEMAS, SUBSTITUTES
from analysis.data.validation import MODES, TableResult, check_table
from analysis.data.yamlfile import YamlFile, read_yaml


def load_dataset(path: str | os.PathLike, tables: list[str] | None = None, validate: str = "full",
                 cache_dir: str | os.PathLike | None = None) -> Dataset:
    """Read and validate a dataset folder; raise DatasetError listing every problem.

    `tables` limits which tables are read (halsocentraler is always read, for id checks).
    `validate="fast"` skips the row-by-row schema checks on tables over a million rows
    (types, keys and centre ids are still checked); use it for benchmark-size data.
    `cache_dir` keeps each clean table's checked result by content (`analysis.data.tablecache`),
    so the same bytes are parsed once; the cross-table checks always run.
    """
    run = _LoadRun(Path(path), tables, validate, Path(cache_dir) if cache_dir else None)
    run.execute()
    if run.problems:
        raise DatasetError(run.problems, str(path))
    return run.dataset()


def validate_dataset(path: str | os.PathLike, tables: list[str] | None = None,
                     validate: str = "full") -> list[Problem]:
    """Every problem in a dataset folder; an empty list when it is valid. Never raises for bad data."""
    run = _LoadRun(Path(path), tables, validate)
    run.execute()
    return run.problems


@dataclass
class _LoadRun:
    folder: Path
    wanted: list[str] | None
    mode: str
    cache_dir: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    manifest: YamlFile | None = None
    params: YamlFile | None = None
    results: dict[str, TableResult] = field(default_factory=dict)
    substituted: dict[str, str] = field(default_factory=dict)

    def execute(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"validate must be one of {MODES}, not {self.mode!r}")
        self.manifest, problems = read_manifest(self.folder)
        self.problems += problems
        if self.manifest is None or not isinstance(self.manifest.data.get("tabeller"), dict):
            return
        self._read_params()
        for name in self._tables_to_read():
            self._read_table(name)
        self._substitute()
        self.problems += cross_table_problems(self.results, self.params)

    def _read_params(self) -> None:
        name = params_file(self.manifest.data)
        if name is None:
            return
        self.params, problems = read_yaml(self.folder / name, name)
        self.problems += problems
        if self.params is None:
            return
        if isinstance(self.manifest.data.get(PARAMS_KEY), dict):
            self.problems += hash_problems(self.folder, self.manifest, (PARAMS_KEY,))
        self.problems += PM.validate_params(self.params)
        year, params_year = self.manifest.data.get("ar"), self.params.data.get("ar")
        if isinstance(year, int) and isinstance(params_year, int) and year != params_year:
            self.problems.append(self.params.problem(("ar",), params_year, f"{year} som i {MANIFEST_NAME}",
                                                     f"året {params_year} skiljer sig från manifestets"))

    def _tables_to_read(self) -> list[str]:
        declared = [t for t in self.manifest.data["tabeller"] if t in SCHEMAS]
        if self.wanted is None:
            return declared
        unknown = [t for t in self.wanted if t not in SCHEMAS]
        if unknown:
            raise ValueError(f"okända tabeller: {', '.join(unknown)}")
        wanted = set(self.wanted) | {"halsocentraler"}
        wanted |= {SUBSTITUTES[t] for t in self.wanted if t in SUBSTITUTES and t not in declared}
        return [t for t in declared if t in wanted]

    def _read_table(self, name: str) -> None:
        entry = self.manifest.data["tabeller"][name]
        if not isinstance(entry, dict) or not isinstance(entry.get("fil"), str):
            return  # reported by the manifest's structure check
        problems = file_problems(self.folder, self.manifest, name)
        self.problems += problems
        path = self.folder / entry["fil"]
        if not path.is_file() or not inside(self.folder, path):
            return
        cache_key = tablecache.key(path, name, self.mode) if self.cache_dir else None
        cached = tablecache.load(self.cache_dir, cache_key) if cache_key else None
        result = TableResult(name, entry["fil"], *cached) if cached else self._check_table(name, path, entry["fil"])
        if result is None:
            return
        if cache_key and not cached and result.clean:
            tablecache.store(self.cache_dir, cache_key, (result.frame, result.source, result.assumptions))
        self.problems += result.problems
        self.results[name] = result

    def _check_table(self, name: str, path: Path, file: str) -> TableResult | None:
        schema = SCHEMAS[name]
        try:
            raw, assumptions = read_table(path, list(schema.columns), file)
        except DatasetError as exc:
            self.problems += exc.problems
            return None
        converted = convert_frame(raw, schema, file)
        result = TableResult(name, file, converted.frame, converted.source, assumptions,
                             converted.problems, converted.complete)
        result.problems += check_table(result, schema, self.mode)
        return result

    def _substitute(self) -> None:
        """Aggregate person-level listing into `listade` when the dataset has no `listade` table."""
        for target, source in SUBSTITUTES.items():
            if target in self.results or source not in self.results:
                continue
            if self.wanted is not None and target not in self.wanted:
                continue
            origin = self.results[source]
            if not origin.complete:
                continue
            frame = aggregate_listing(origin.frame)
            frame.index = pd.RangeIndex(1, len(frame) + 1)
            label = f"{origin.file} ({AGGREGATED_NOTE.format(source=source)})"
            self.results[target] = TableResult(target, label, frame, frame, origin.assumptions,
                                               list(origin.problems), origin.complete)
            self.substituted[target] = source

    def dataset(self) -> Dataset:
        tables = {name: r.frame.reset_index(drop=True) for name, r in self.results.items()}
        assumptions = {name: r.assumptions for name, r in self.results.items()}
        return Dataset(self.folder, self.manifest.data, self.params.data if self.params else {},
                       tables, assumptions, self.substituted)
