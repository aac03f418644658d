"""Check one typed table against its pandera schema and translate failures into Swedish Problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from analysis.data.convert import MAX_PROBLEMS_PER_RULE
from analysis.data.describe import expected_text, key_text
from analysis.data.errors import Problem
from analysis.data.schemas import key_columns

# In "fast" mode, tables longer than this get only type, key and reference checks.
FAST_ROW_LIMIT = 1_000_000
MODES = ("full", "fast")

_RANGE_CHECKS = {"greater_than_or_equal_to", "greater_than", "less_than_or_equal_to", "less_than", "in_range"}


@dataclass
class TableResult:
    """A loaded table: typed frame (index = row in the file), the file's own cells, and problems."""

    name: str
    file: str
    frame: pd.DataFrame
    source: pd.DataFrame
    assumptions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True

    @property
    def clean(self) -> bool:
        return self.complete and not self.problems


def check_table(result: TableResult, schema: pa.DataFrameSchema, mode: str = "full") -> list[Problem]:
    """Key uniqueness and every schema check on the typed frame."""
    frame = result.frame
    if result.source.empty:
        return [Problem(result.file, None, None, None, "minst en datarad",
                        "filen har inga datarader (bara rubrikraden)")]
    key = key_columns(schema)
    problems = key_problems(result, key) if set(key) <= set(frame.columns) else []
    if mode == "full" or len(frame) <= FAST_ROW_LIMIT:
        problems += schema_problems(result, schema)
    return problems


def key_problems(result: TableResult, key: list[str]) -> list[Problem]:
    """Every repeated key after its first occurrence, pointing at the first one."""
    frame = result.frame
    dup = frame[key[0]].duplicated(keep=False) if len(key) == 1 else frame.duplicated(subset=key, keep=False)
    if not dup.any():
        return []
    rows = frame.loc[dup, key].assign(rad=frame.index[dup.to_numpy()])
    first = rows.groupby(key, sort=False, dropna=False)["rad"].transform("min")
    repeats = rows.loc[rows["rad"] != first, "rad"]
    first = first[repeats.index]
    label = ", ".join(key)
    what = "värdet" if len(key) == 1 else "kombinationen"
    problems = []
    for row, first_row in zip(repeats.head(MAX_PROBLEMS_PER_RULE), first.head(MAX_PROBLEMS_PER_RULE)):
        shown = _source_key(result, row, key)
        problems.append(Problem(result.file, int(row), label, shown, key_text(key),
                                f"{what} {shown} finns redan på rad {int(first_row)}"))
    if len(repeats) > MAX_PROBLEMS_PER_RULE:
        problems.append(Problem(result.file, None, label, None, key_text(key),
                                f"samma fel på ytterligare {len(repeats) - MAX_PROBLEMS_PER_RULE} rader"))
    return problems


def _source_key(result: TableResult, row: int, key: list[str]) -> str:
    values = [str(result.source.at[row, c]).strip() for c in key]
    return f"'{values[0]}'" if len(values) == 1 else "(" + ", ".join(values) + ")"


def schema_problems(result: TableResult, schema: pa.DataFrameSchema) -> list[Problem]:
    # Types and missing values were settled by the conversion: only columns with rules remain.
    present = [c for c in schema.columns if c in result.frame.columns and schema.columns[c].checks]
    checks = schema.checks if result.complete else []
    if not present and not checks:
        return []
    partial = pa.DataFrameSchema({c: schema.columns[c] for c in present}, checks=checks,
                                 strict=False, ordered=False)
    try:
        partial.validate(result.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return translate_failures(exc.failure_cases, partial, result)
    return []


def translate_failures(cases: pd.DataFrame, schema: pa.DataFrameSchema, result: TableResult) -> list[Problem]:
    """pandera's failure_cases -> Problems with the file's row number and the file's own value."""
    problems = []
    cases = cases.assign(check_number=cases["check_number"].astype("object"))
    table_level = cases["schema_context"] == "DataFrameSchema"
    # A table-level check lists each failing row once per column: group by check only.
    for _, group in cases[table_level].groupby("check", dropna=False, sort=False):
        check = schema.checks[int(group["check_number"].iloc[0])]
        problems += _row_rule_problems(group, check, result)
    for (column, check_label), group in cases[~table_level].groupby(["column", "check"], dropna=False, sort=False):
        problems += _column_problems(group, schema.columns[column], column, str(check_label), result)
    return problems


def _row_rule_problems(group: pd.DataFrame, check: pa.Check, result: TableResult) -> list[Problem]:
    column = (check.statistics or {}).get("column")
    rows = pd.unique(group["index"].dropna())
    return _capped(result, column, rows, check.description or str(check.error),
                   lambda value: f"värdet '{value}' bryter mot regeln")


def _column_problems(group: pd.DataFrame, column: pa.Column, name: str, label: str,
                     result: TableResult) -> list[Problem]:
    rows = pd.unique(group["index"].dropna())
    check_number = group["check_number"].iloc[0]
    if label == "not_nullable":
        verb = lambda value: "värde saknas"  # noqa: E731
    elif check_number is not None and not pd.isna(check_number):
        check_name = column.checks[int(check_number)].name
        verb = _verb(check_name)
    else:
        verb = lambda value: f"värdet '{value}' är ogiltigt ({label})"  # noqa: E731
    return _capped(result, name, rows, expected_text(column), verb)


def _verb(check_name: str):
    if check_name == "isin":
        return lambda value: f"värdet '{value}' är inte tillåtet"
    if check_name in _RANGE_CHECKS:
        return lambda value: f"värdet '{value}' ligger utanför det tillåtna intervallet"
    if check_name == "str_matches":
        return lambda value: f"värdet '{value}' har fel format"
    return lambda value: f"värdet '{value}' är ogiltigt"


def _capped(result: TableResult, column: str | None, rows, expected: str, message) -> list[Problem]:
    problems = []
    for row in list(rows)[:MAX_PROBLEMS_PER_RULE]:
        value = source_value(result, int(row), column)
        problems.append(Problem(result.file, int(row), column, value, expected, message(value)))
    if len(rows) > MAX_PROBLEMS_PER_RULE:
        problems.append(Problem(result.file, None, column, None, expected,
                                f"samma fel på ytterligare {len(rows) - MAX_PROBLEMS_PER_RULE} rader"))
    return problems


def source_value(result: TableResult, row: int, column: str | None):
    """The cell as written in the file (text for CSV), for messages."""
    if column is None or column not in result.source.columns or row not in result.source.index:
        return None
    value = result.source.at[row, column]
    return value.strip() if isinstance(value, str) else value
