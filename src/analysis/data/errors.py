"""Problems found in a dataset, and the exception that lists them in Swedish."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

MAX_SHOWN_PER_FILE = 50
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located as the user sees it.

    `row` is the row number in the file (CSV: the header is line 1; Excel: the sheet row;
    YAML: the line). `column` is a column name, or a key path such as
    `cni.vikter.varden` for YAML files.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    expected: str | None
    message: str

    def location(self) -> str:
        """`rad 14, kolumn 'antal'` (without the file)."""
        parts = []
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            label = "nyckel" if self.file.endswith(YAML_SUFFIXES) else "kolumn"
            if label == "kolumn" and ", " in self.column:
                label = "kolumnerna"
            parts.append(f"{label} '{self.column}'")
        return ", ".join(parts)

    def format(self, with_file: bool = True) -> str:
        """A Swedish one-liner: `listade.csv, rad 14, kolumn 'antal': värdet … (förväntat: …)`."""
        where = ", ".join(p for p in (self.file if with_file else "", self.location()) if p)
        text = f"{where}: {self.message}" if where else self.message
        if self.expected:
            text += f" (förväntat: {self.expected})"
        return text


def format_report(problems: Iterable[Problem], title: str, limit: int = MAX_SHOWN_PER_FILE) -> str:
    """A multi-line Swedish report, grouped by file, at most `limit` lines per file."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.file].append(problem)
    total = sum(len(v) for v in by_file.values())
    lines = [f"{title}: {total} problem i {len(by_file)} fil{'er' if len(by_file) != 1 else ''}."]
    for file, items in by_file.items():
        lines.append("")
        lines.append(f"{file} ({len(items)} problem):")
        lines.extend(f"  {p.format(with_file=False)}" for p in items[:limit])
        if len(items) > limit:
            lines.append(f"  … och {len(items) - limit} till")
    return "\n".join(lines)


class DatasetError(Exception):
    """A dataset could not be loaded; `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem], path: str = "") -> None:
        self.problems = list(problems)
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        title = f"Datamängden '{self.path}' har fel" if self.path else "Datamängden har fel"
        return format_report(self.problems, title)
