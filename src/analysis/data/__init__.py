"""Loading and validating a dataset folder (the contract: docs/data-contract.md).

    from analysis.data import load_dataset
    ds = load_dataset("data/exempel-2020")            # raises DatasetError listing every problem
    ds.table("listade"), ds.params, ds.status("listade"), ds.table_info(), ds.input_files()
    problems = validate_dataset("data/exempel-2020")  # [] when valid; never raises for bad data

`load_dataset(path, tables=[...])` reads only some tables (plus halsocentraler, for id checks);
`validate="fast"` skips the row-by-row schema checks on tables over a million rows.

Modules: readers (files → raw frames), convert (names and types), schemas (pandera, the source of
truth), validation (schema checks → Problems), crosschecks (across tables), params and manifest
(the YAML files), loading (the whole folder), dataset (the result), dictionary (the appendix).
"""

from analysis.data.aggregate import aggregate_listing
from analysis.data.dataset import Dataset
from analysis.data.errors import DatasetError, Problem, format_report
from analysis.data.loading import load_dataset, validate_dataset
from analysis.data.manifest import rehash_manifest
from analysis.data.readers import read_table
from analysis.data.schemas import SCHEMAS

__all__ = ["Dataset", "DatasetError", "Problem", "SCHEMAS", "aggregate_listing", "format_report",
           "load_dataset", "read_table", "rehash_manifest", "validate_dataset"]
