"""The parameter file `parametrar.yml`: reading its entries, validating it, the model's parameters.

Each entry carries its value with unit, source and status (PolicyEngine style), e.g.
`{varde: 2453, enhet: kr per listad och år, kalla: "rapporten §6", status: publicerad}`.

- `entry`, `value`, `source`, `status`: an entry at a dotted path;
- `ParameterFile` and `validate_params`: the file's structure as pydantic models, the only
  validator; every problem names the YAML key path, e.g. `ersattning_listad.pris_per_viktenhet.varde`.
  Keys the models do not name are allowed (scenarios may add parameters) and validated as `Entry`:
  every `varde` and every value of a `varden` mapping is a number ≥ 0, and a share (an entry whose
  `enhet` is `andel`, or whose key contains `andel` and which names no `enhet`) lies within 0–1.
  The CNI weights are a model with one field per variable (`CniWeightValues`): a missing or unknown
  variable is its own error. Age-band keys are checked one by one (`AgeWeights`); gaps and overlaps
  relate all the keys of a mapping, so they are one error for the mapping, listing every gap and
  overlap, and pydantic runs that check once the mapping's keys and values are valid;
- `ModelParams`: what the 2020 model needs besides the tables, a frozen pydantic model.

The side items (issue 19) have their own module, `analysis.side_parameters`.

The data package and the model package import this module: it reads them only at call time
(`analysis.data` through its leaf modules, `analysis.model.bands` inside a validator).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from analysis.data.agebands import COVERAGE_TEXT, coverage_problems, parse_band
from analysis.data.errors import Problem
from analysis.data.yamlfile import YamlFile, pydantic_problems
from analysis.status import Status
from analysis.vocabulary import CNI_VARIABLES, COST_TYPES

# --- entries at a dotted path ------------------------------------------------------------------


def entry(params: dict, path: str) -> dict:
    """The whole entry at a dotted path, e.g. `ersattning_listad.pris_per_viktenhet`."""
    node: Any = params
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"parametern '{path}' saknas (stannade vid '{key}')")
        node = node[key]
    return node


def value(params: dict, path: str) -> Any:
    """The value of an entry: its `varde` (scalar) or `varden` (mapping)."""
    node = entry(params, path)
    if isinstance(node, dict):
        if "varde" in node:
            return node["varde"]
        if "varden" in node:
            return node["varden"]
    return node


def source(params: dict, path: str) -> str:
    """The cited source of an entry, e.g. `rapporten §6`."""
    node = entry(params, path)
    return node.get("kalla", "") if isinstance(node, dict) else ""


def status(params: dict, path: str) -> str:
    """The data status of an entry: publicerad, offentlig statistik, sammanstalld, syntetisk."""
    node = entry(params, path)
    return node.get("status", "") if isinstance(node, dict) else ""


def get_path(data: Any, path: tuple) -> Any:
    """The node at a key path, or None where the path does not exist."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


# --- the file's structure ----------------------------------------------------------------------

Positive = Annotated[float, Field(strict=True, gt=0)]
NonNegative = Annotated[float, Field(strict=True, ge=0)]
YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
AGE_WEIGHT_PATHS = [("ersattning_listad", "aldersvikter", "varden"), ("lakemedel", "vikter", "varden")]
CNI_WEIGHT_PATH = ("cni", "vikter", "varden")
SHARE_WORD = "andel"
_SHARE_TEXT = "en andel mellan 0 och 1 (25 % skrivs 0.25)"


class _Open(BaseModel):
    """A mapping whose keys beyond its fields are entries the models do not name (`Entry`)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Entry]

    @model_validator(mode="before")
    @classmethod
    def _shares_by_key(cls, data: Any) -> Any:
        """An entry under a key containing `andel` with no `enhet` of its own is a share."""
        if not isinstance(data, dict):
            return data
        return {
            key: {"enhet": SHARE_WORD, **item}
            if SHARE_WORD in str(key) and isinstance(item, dict) and "enhet" not in item
            else item
            for key, item in data.items()
        }


def _share(number: float, info: ValidationInfo) -> float:
    """A number of a share entry (its `enhet` starts with `andel`) lies within 0–1."""
    if str(info.data.get("enhet") or "").startswith(SHARE_WORD) and number > 1:
        raise PydanticCustomError(
            "share_range", "andelen {number} ligger utanför 0–1", {"number": f"{number:g}", "expected_sv": _SHARE_TEXT}
        )
    return number


EntryNumber = Annotated[NonNegative, AfterValidator(_share)]


class Entry(_Open):
    """An entry no model names: its numbers are ≥ 0, a share's within 0–1."""

    enhet: Any = None  # before the numbers: their validators read it
    varde: EntryNumber = None  # absent is fine; `varde: null` is reported as not a number
    varden: dict[str, EntryNumber] = None

    @model_validator(mode="wrap")
    @classmethod
    def _mappings_only(cls, data: Any, handler):
        """A text, number or list under a key no model names has nothing to check."""
        return handler(data) if isinstance(data, dict) else data


class Quantity(_Open):
    varde: Positive
    enhet: str | None = None
    kalla: str | None = None
    status: Status


class Weights(_Open):
    varden: dict[str, Positive]
    kalla: str | None = None
    status: Status


_ABSENT = object()  # a CNI weight not written in the file (null is a value, reported as not a number)
_CNI_EXPECTED = "vikter för " + ", ".join(CNI_VARIABLES)


def _known_cni_variable(key: str) -> str:
    raise PydanticCustomError(
        "cni_variable_unknown", "okänd CNI-variabel '{key}'", {"key": key, "expected_sv": _CNI_EXPECTED}
    )


class _CniWeightRules(_Open):
    __pydantic_extra__: dict[Annotated[str, AfterValidator(_known_cni_variable)], Any]

    @field_validator(*CNI_VARIABLES, mode="before", check_fields=False)
    @classmethod
    def _present(cls, weight: Any, info: ValidationInfo) -> Any:
        if weight is _ABSENT:
            raise PydanticCustomError(
                "cni_weight_missing",
                "vikt saknas för '{variable}'",
                {"variable": info.field_name, "expected_sv": _CNI_EXPECTED, "missing_key": True},
            )
        return weight


#: One weight per CNI variable, each its own field: every missing or unknown key is its own problem.
CniWeightValues = create_model(
    "CniWeightValues",
    __base__=_CniWeightRules,
    **{v: (Positive, Field(default=_ABSENT, validate_default=True)) for v in CNI_VARIABLES},
)


class CniWeights(Weights):
    varden: CniWeightValues


def _age_band(label: str) -> str:
    try:
        parse_band(label)
    except ValueError as exc:
        raise PydanticCustomError("age_band", str(exc), {"expected_sv": COVERAGE_TEXT}) from None
    return label


class AgeWeights(Weights):
    """Weights per age band: each key a band, together covering 0 to 100+ without gaps or overlaps."""

    varden: dict[Annotated[str, AfterValidator(_age_band)], Positive]

    @field_validator("varden")
    @classmethod
    def _covered(cls, weights: dict[str, float]) -> dict[str, float]:
        problems = [message for _, message in coverage_problems(weights)]
        if problems:
            raise PydanticCustomError("age_band_coverage", "; ".join(problems), {"expected_sv": COVERAGE_TEXT})
        return weights


class ListedCompensation(_Open):
    pris_per_viktenhet: Quantity
    aldersvikter: AgeWeights


class CniParams(_Open):
    vikter: CniWeights
    referensvarde: Quantity
    snitt_per_listad: Quantity


class DrugParams(_Open):
    pris_per_viktenhet: Quantity
    vikter: AgeWeights


class SparsityParams(_Open):
    budget_kr: Quantity
    troskel_km: Quantity


class Period(_Open):
    """Months a statistic covers, e.g. `fran: 2018-11`, `till: 2019-10` (shown in the book's text)."""

    fran: YearMonth
    till: YearMonth
    kalla: str | None = None
    status: Status

    @model_validator(mode="after")
    def _ordered(self) -> Period:
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


class CostResponsibility(_Open):
    """The cost types the centres carry (optional; all seven, as in 2020, when absent)."""

    varden: list[Literal[COST_TYPES]]
    kalla: str | None = None
    status: Status


class ParameterFile(_Open):
    ar: Annotated[int, Field(strict=True, ge=1990, le=2100)]
    prisniva: str
    underlag: Basis | None = None
    ersattning_listad: ListedCompensation
    cni: CniParams
    lakemedel: DrugParams
    glesbygd: SparsityParams
    kostnadsansvar: CostResponsibility | None = None


def validate_params(params: YamlFile) -> list[Problem]:
    """Every problem in the parameter file, as found by `ParameterFile`."""
    try:
        ParameterFile.model_validate(params.data)
    except ValidationError as exc:
        return pydantic_problems(params, exc)
    return []


# --- the model's parameters --------------------------------------------------------------------


def _age_weights(what: str):
    def check(weights: Mapping[str, float]) -> dict[str, float]:
        from analysis.model.bands import weights_series  # the model package imports this module

        return weights_series(weights, what).to_dict()

    return AfterValidator(check)


def _known(kind: str, known: tuple[str, ...]):
    def check(keys):
        unknown = sorted(set(keys) - set(known))
        if unknown:
            raise ValueError(f"okända {kind} {unknown}; giltiga är {', '.join(known)}")
        return keys

    return AfterValidator(check)


def _amount(name: str, zero_allowed: bool = True):
    def check(number: float) -> float:
        if number < 0 or (number == 0 and not zero_allowed):
            raise ValueError(f"parametern {name} har ett ogiltigt värde ({number})")
        return number

    return AfterValidator(check)


#: The parameter entries `ModelParams.from_params` reads, by field (the inputs the 2020 model's
#: numbers are registered with).
MODEL_ENTRIES = {
    "pris_per_viktenhet": "ersattning_listad.pris_per_viktenhet",
    "aldersvikter": "ersattning_listad.aldersvikter",
    "cni_vikter": "cni.vikter",
    "cni_referens": "cni.referensvarde",
    "cni_snitt_per_listad": "cni.snitt_per_listad",
    "lakemedel_pris": "lakemedel.pris_per_viktenhet",
    "lakemedelsvikter": "lakemedel.vikter",
    "glesbygd_budget": "glesbygd.budget_kr",
    "glesbygd_troskel_km": "glesbygd.troskel_km",
}


class ModelParams(BaseModel):
    """Everything the 2020 model needs besides the tables.

    Amounts in kr per listed person and year (price level of the parameter file, February 2020
    for the report's year). Use `params.replace(...)` for variants: it validates again, and the
    mappings are new copies, so a variant never shares state with its original.
    """

    model_config = ConfigDict(frozen=True)

    pris_per_viktenhet: Annotated[float, _amount("pris_per_viktenhet")]
    aldersvikter: Annotated[dict[str, float], _age_weights("åldersvikter")]
    cni_vikter: Annotated[dict[str, float], _known("CNI-variabler", CNI_VARIABLES)]
    cni_referens: Annotated[float, _amount("cni_referens", zero_allowed=False)]
    cni_snitt_per_listad: Annotated[float, _amount("cni_snitt_per_listad")]
    lakemedel_pris: Annotated[float, _amount("lakemedel_pris")]
    lakemedelsvikter: Annotated[dict[str, float], _age_weights("läkemedelsvikter")]
    glesbygd_budget: Annotated[float, _amount("glesbygd_budget")]
    glesbygd_troskel_km: Annotated[float, _amount("glesbygd_troskel_km")]
    kostnadsansvar: Annotated[frozenset[str], _known("kostnadstyper i kostnadsansvar:", COST_TYPES)] = frozenset(
        COST_TYPES
    )
    prisniva: str = ""

    @classmethod
    def from_params(cls, params: dict) -> ModelParams:
        """Read the entries of a parameter file (`parametrar.yml`, see the data contract).

        `kostnadsansvar` (a list of cost types under `varden`) is optional: default all seven
        cost types, as in 2020 (report §6).
        """
        try:
            carried = value(params, "kostnadsansvar")
        except KeyError:
            carried = COST_TYPES
        return cls(
            **{field: value(params, path) for field, path in MODEL_ENTRIES.items()},
            kostnadsansvar=frozenset(carried),
            prisniva=str(params.get("prisniva", "")),
        )

    def replace(self, **changes) -> ModelParams:
        """A validated copy with some parameters changed."""
        return type(self)(**(dict(self) | changes))
