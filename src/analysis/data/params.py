"""Validate `parametrar.yml`: required keys, positive numbers, statuses, weights and shares.

The structure is a pydantic model; extra keys are allowed (scenarios may add parameters). Each
problem names the YAML key path, e.g. `ersattning_listad.pris_per_viktenhet.varde`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.data.agebands import COVERAGE_TEXT, coverage_problems
from analysis.data.errors import Problem
from analysis.data.schemas import CNI_VARIABLES
from analysis.data.yamlfile import YamlFile, pydantic_problems
from analysis.status import Status

Positive = Annotated[float, Field(strict=True, gt=0)]
AGE_WEIGHT_PATHS = [("ersattning_listad", "aldersvikter", "varden"), ("lakemedel", "vikter", "varden")]
CNI_WEIGHT_PATH = ("cni", "vikter", "varden")
SHARE_WORD = "andel"


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Quantity(_Open):
    varde: Positive
    enhet: str | None = None
    kalla: str | None = None
    status: Status


class Weights(_Open):
    varden: dict[str, Positive]
    kalla: str | None = None
    status: Status


class ListedCompensation(_Open):
    pris_per_viktenhet: Quantity
    aldersvikter: Weights


class CniParams(_Open):
    vikter: Weights
    referensvarde: Quantity
    snitt_per_listad: Quantity


class DrugParams(_Open):
    pris_per_viktenhet: Quantity
    vikter: Weights


class SparsityParams(_Open):
    budget_kr: Quantity
    troskel_km: Quantity


YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class Period(_Open):
    """Months a statistic covers, e.g. `fran: 2018-11`, `till: 2019-10` (shown in the book's text)."""
    fran: YearMonth
    till: YearMonth
    kalla: str | None = None
    status: Status

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.till < self.fran:
            raise ValueError(f"perioden slutar ({self.till}) före den börjar ({self.fran})")
        return self


class DatedEntry(_Open):
    datum: datetime.date
    kalla: str | None = None
    status: Status


class Basis(_Open):
    """What the year's weights and population are based on (optional; the book's text says it)."""
    viktperiod: Period | None = None
    befolkning_datum: DatedEntry | None = None


class Params(_Open):
    ar: Annotated[int, Field(strict=True, ge=1990, le=2100)]
    prisniva: str
    underlag: Basis | None = None
    ersattning_listad: ListedCompensation
    cni: CniParams
    lakemedel: DrugParams
    glesbygd: SparsityParams


def validate_params(params: YamlFile) -> list[Problem]:
    """Every problem in the parameter file (structure, numbers, CNI weights, age bands, shares)."""
    try:
        Params.model_validate(params.data)
        failed: list[tuple] = []
        problems: list[Problem] = []
    except ValidationError as exc:
        problems = pydantic_problems(params, exc)
        failed = [tuple(str(p) for p in err["loc"]) for err in exc.errors()]
    problems += _cni_weight_keys(params)
    for path in AGE_WEIGHT_PATHS:
        problems += _age_band_keys(params, path)
    problems += _other_numbers(params, failed)
    return problems


def get_path(data: Any, path: tuple) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _cni_weight_keys(params: YamlFile) -> list[Problem]:
    weights = get_path(params.data, CNI_WEIGHT_PATH)
    if not isinstance(weights, dict):
        return []
    expected = "vikter för " + ", ".join(CNI_VARIABLES)
    missing = [params.problem(CNI_WEIGHT_PATH, None, expected, f"vikt saknas för '{v}'")
               for v in CNI_VARIABLES if v not in weights]
    extra = [params.problem(CNI_WEIGHT_PATH + (k,), k, expected, f"okänd CNI-variabel '{k}'")
             for k in weights if k not in CNI_VARIABLES]
    return missing + extra


def _age_band_keys(params: YamlFile, path: tuple) -> list[Problem]:
    weights = get_path(params.data, path)
    if not isinstance(weights, dict):
        return []
    return [params.problem(path + (label,) if label in weights else path, label, COVERAGE_TEXT, message)
            for label, message in coverage_problems(weights)]


def _other_numbers(params: YamlFile, failed: list[tuple]) -> list[Problem]:
    """Shares in [0, 1] and non-negative numbers anywhere, also under keys the model does not know."""
    problems = []
    for path, value in _numbers(params.data, ()):
        if any(path[:len(f)] == f for f in failed):
            continue
        is_share = any(SHARE_WORD in part for part in path)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(params.problem(path, value, "ett tal", f"värdet '{value}' är inte ett tal"))
        elif is_share and not 0 <= value <= 1:
            problems.append(params.problem(path, value, "en andel mellan 0 och 1 (25 % skrivs 0.25)",
                                           f"andelen {value} ligger utanför 0–1"))
        elif value < 0:
            problems.append(params.problem(path, value, "ett tal ≥ 0", f"värdet {value} är negativt"))
    return problems


def _numbers(node: Any, path: tuple):
    """(path, value) of every `varde` and every entry of every `varden`."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = path + (str(key),)
        if key == "varde":
            yield here, value
        elif key == "varden" and isinstance(value, dict):
            for name, number in value.items():
                yield here + (str(name),), number
        else:
            yield from _numbers(value, here)
