"""Checks across tables and parameters: centre ids, age bands, listing totals, CNI arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd

# `analysis.parameters` and `analysis.side_parameters` import this package's leaf modules: their names are
# read at call time (PM.x, SP.x).
from analysis import parameters as PM
from analysis import side_parameters as SP
from analysis.data.agebands import COVERAGE_TEXT, coverage_problems
from analysis.data.convert import cell_problems
from analysis.data.errors import Problem
from analysis.data.schemas import HC_REF, SCHEMAS
from analysis.data.validation import TableResult, source_value
from analysis.data.yamlfile import YamlFile
from analysis.vocabulary import CNI_VARIABLES

INDEX_TOLERANCE = 1e-3  # relative, at least 1 (SCB rounds the index)
CNI_TOLERANCE = 0.01  # absolute (CNI is published with two decimals)


def cross_table_problems(tables: dict[str, TableResult], params: YamlFile | None) -> list[Problem]:
    problems = reference_problems(tables)
    problems += age_band_problems(tables)
    problems += listing_total_problems(tables)
    if params is not None:
        problems += weight_key_problems(tables, params)
        problems += cni_problems(tables, params)
        problems += SP.side_parameter_problems(tables, params)
    return problems


def reference_problems(tables: dict[str, TableResult]) -> list[Problem]:
    """Every hc_id-like column holds ids that exist in halsocentraler."""
    centres = tables.get("halsocentraler")
    if centres is None or "hc_id" not in centres.source.columns or centres.source.empty:
        return []
    # Ids as written, also on rows with other problems, so one bad cell does not cascade.
    known = pd.Index(centres.source["hc_id"].astype("str").str.strip().unique())
    expected = f"ett hc_id från {centres.file}"
    problems = []
    for name, result in tables.items():
        for column in _columns_with(name, "refererar", HC_REF):
            if column not in result.frame.columns:
                continue
            values = result.frame[column]
            bad = values[~values.isin(known)]
            if len(bad):
                problems += cell_problems(result.file, bad, column, expected,
                                          lambda v: f"värdet '{v}' finns inte i {centres.file}")
    return problems


def _columns_with(table: str, key: str, value) -> list[str]:
    return [name for name, column in SCHEMAS[table].columns.items()
            if (column.metadata or {}).get(key) == value]


def age_band_problems(tables: dict[str, TableResult]) -> list[Problem]:
    """Age-band columns cover 0 to 100+ without gaps or overlaps."""
    problems = []
    for name, result in tables.items():
        for column in _columns_with(name, "aldersband", True):
            if column not in result.frame.columns or result.frame.empty:
                continue
            first_rows = _first_rows(result.frame, column)
            for label, message in coverage_problems(first_rows.index):
                problems.append(Problem(result.file, first_rows.get(label), column, label,
                                        COVERAGE_TEXT, message))
    return problems


def _first_rows(frame: pd.DataFrame, column: str) -> pd.Series:
    """value -> first row where it occurs."""
    values = frame[column]
    first = ~values.duplicated()
    return pd.Series(frame.index[first.to_numpy()], index=values[first].astype(str).to_numpy())


def weight_key_problems(tables: dict[str, TableResult], params: YamlFile) -> list[Problem]:
    """The age weights in the parameters have exactly the age bands of `listade`."""
    listed = tables.get("listade")
    if listed is None or "aldersgrupp" not in listed.frame.columns or listed.frame.empty:
        return []
    bands = list(dict.fromkeys(listed.frame["aldersgrupp"].astype(str)))
    problems = []
    for path in PM.AGE_WEIGHT_PATHS:
        weights = PM.get_path(params.data, path)
        if not isinstance(weights, dict):
            continue
        keys = [str(k) for k in weights]
        expected = f"en vikt per åldersgrupp i {listed.file}: " + ", ".join(bands)
        problems += [params.problem(path, band, expected, f"vikt saknas för åldersgruppen '{band}'")
                     for band in bands if band not in keys]
        problems += [params.problem(path + (key,), key, expected,
                                    f"åldersgruppen '{key}' finns inte i {listed.file}")
                     for key in keys if key not in bands]
    return problems


def listing_total_problems(tables: dict[str, TableResult]) -> list[Problem]:
    """Per centre, listade_ort sums to the same number of listed persons as listade."""
    by_place, listed = tables.get("listade_ort"), tables.get("listade")
    if by_place is None or listed is None or not (by_place.clean and listed.clean):
        return []
    place_sum = by_place.frame.groupby("hc_id")["antal"].sum()
    listed_sum = listed.frame.groupby("hc_id")["antal"].sum()
    both = pd.concat([place_sum.rename("ort"), listed_sum.rename("listade")], axis=1).fillna(0)
    differ = both[both["ort"] != both["listade"]]
    first_rows = _first_rows(by_place.frame, "hc_id")
    return [Problem(by_place.file, first_rows.get(str(hc)), "antal", int(row.ort),
                    f"summan {int(row.listade)} som i {listed.file}",
                    f"summan av antal för hc_id '{hc}' är {int(row.ort)}, "
                    f"men {listed.file} har {int(row.listade)}")
            for hc, row in differ.iterrows()]


def cni_problems(tables: dict[str, TableResult], params: YamlFile) -> list[Problem]:
    """index = Σ weight × count, and cni = (index / befolkning) / R, within rounding."""
    cni = tables.get("cni_underlag")
    weights = PM.get_path(params.data, PM.CNI_WEIGHT_PATH)
    reference = PM.get_path(params.data, ("cni", "referensvarde", "varde"))
    if cni is None or not cni.clean or not isinstance(weights, dict) or not _number(reference) or reference <= 0:
        return []
    if not all(_number(weights.get(v)) for v in CNI_VARIABLES):
        return []
    frame = cni.frame
    index = sum(frame[v] * float(weights[v]) for v in CNI_VARIABLES)
    bad_index = (frame["index"] - index).abs() > np.maximum(1.0, INDEX_TOLERANCE * index.abs())
    expected_cni = frame["index"] / frame["befolkning"] / float(reference)
    bad_cni = ~bad_index & ((frame["cni"] - expected_cni).abs() > CNI_TOLERANCE)
    problems = [Problem(cni.file, int(row), "index", source_value(cni, row, "index"),
                        f"Σ vikt × antal = {index[row]:.1f} (vikter från parametrarna)",
                        f"index {source_value(cni, row, 'index')} stämmer inte med antalen och vikterna")
                for row in frame.index[bad_index.to_numpy()]]
    problems += [Problem(cni.file, int(row), "cni", source_value(cni, row, "cni"),
                         f"(index / befolkning) / R = {expected_cni[row]:.3f} med R = {reference}",
                         f"cni {source_value(cni, row, 'cni')} stämmer inte med index och befolkning")
                 for row in frame.index[bad_cni.to_numpy()]]
    return problems


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
