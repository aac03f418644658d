"""The side items of `parametrar.yml` (issue 19): what they are, and their per-centre keys checked by pydantic.

Out-of-county visits, trainees, fines and special duties (docs/data-contract.md, *Side items*):
the scenario engine reads them (`analysis.scenarios.side_items`); `python -m analysis validate`
checks here (`side_parameter_problems`) that every per-centre value names a centre of
`halsocentraler`. The centres come into the pydantic model as validation context, since they are
in another file; their numbers are checked with the rest of the file (`analysis.parameters`).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from analysis.data.errors import Problem
from analysis.data.yamlfile import pydantic_problems

#: Parameter paths in `parametrar.yml`: (group, key) → (per centre?, Swedish description).
SIDE_PARAMETERS: dict[tuple[str, str], tuple[bool, str]] = {
    ("utomlans", "besok"): (True, "besök av patienter från andra regioner per hälsocentral och år"),
    ("utomlans", "ersattning_per_besok_kr"): (False, "ersättning från patientens hemregion, kr per besök"),
    ("utomlans", "avgift_per_besok_kr"): (False, "patientavgift per utomlänsbesök, kr"),
    ("utbildning", "st_lakare"): (True, "ST-läkare per hälsocentral, helårstjänster"),
    ("utbildning", "ptp_psykologer"): (True, "PTP-psykologer per hälsocentral, helårstjänster"),
    ("utbildning", "ersattning_st_kr"): (False, "utbildningsersättning per ST-läkare, kr per helår"),
    ("utbildning", "ersattning_ptp_kr"): (False, "utbildningsersättning per PTP-psykolog, kr per helår"),
    ("tillganglighet", "vite_per_vecka_kr"): (False, "vite per vecka då öppettidskravet inte uppfylls, kr"),
    ("tillganglighet", "vite_max_kr"): (False, "högsta vite per tillfälle, kr"),
    ("tillganglighet", "vite_veckor"): (True, "veckor under året då öppettidskravet inte uppfylldes"),
    ("tillganglighet", "vite_tillfallen"): (True, "tillfällen (perioder) då öppettidskravet inte uppfylldes"),
    ("sarskilda_ataganden", "huvudmannauppdrag_kr"): (
        False,
        "regiondrivna hälsocentralers särskilda åtaganden, kr per år",
    ),
    ("sarskilda_ataganden", "e_frikort_kr"): (
        False,
        "regiondrivna primärvårdens andel av e-frikortsmodulen, kr per år",
    ),
}

_ABSENT = object()  # `varden` not written in the file


def _known_centre(hc: Any, info: ValidationInfo) -> Any:
    centres, file = info.context["centres"], info.context["file"]
    if str(hc) not in centres:
        raise PydanticCustomError(
            "centre_unknown", "okänd hälsocentral '{hc}'", {"hc": str(hc), "expected_sv": f"ett hc_id från {file}"}
        )
    return hc


class PerCentreItem(BaseModel):
    """A per-centre side item: `varden: {hc_id: value}`, every hc_id a centre of `halsocentraler`."""

    model_config = ConfigDict(extra="allow")
    what: ClassVar[str] = ""
    varden: dict[Annotated[Any, AfterValidator(_known_centre)], Any] = Field(default=_ABSENT, validate_default=True)

    @field_validator("varden", mode="before")
    @classmethod
    def _mapping(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            raise PydanticCustomError(
                "side_values_missing",
                "väntade nyckeln 'varden' ({what})",
                {"what": cls.what, "expected_sv": "varden: {hc_id: värde}", "missing_key": True},
            )
        return values


def _item(key: str, what: str) -> type[PerCentreItem]:
    return type(f"PerCentre_{key}", (PerCentreItem,), {"what": what, "__module__": __name__})


_GROUPS = dict.fromkeys(group for group, _ in SIDE_PARAMETERS)
#: The side groups with their per-centre items (other keys, e.g. the scalar amounts, are extras).
SideItems = create_model(
    "SideItems",
    __config__=ConfigDict(extra="allow"),
    **{
        group: (
            create_model(
                f"Side_{group}",
                __config__=ConfigDict(extra="allow"),
                **{
                    key: (_item(key, what) | None, None)
                    for (g, key), (per_centre, what) in SIDE_PARAMETERS.items()
                    if g == group and per_centre
                },
            )
            | None,
            None,
        )
        for group in _GROUPS
    },
)


def side_parameter_problems(tables: dict, params) -> list[Problem]:
    """Per-centre side entries: `varden` keys must be hc_ids of halsocentraler (numbers are checked elsewhere)."""
    centres = tables.get("halsocentraler")
    data = getattr(params, "data", None)
    if centres is None or "hc_id" not in centres.source.columns or not isinstance(data, dict):
        return []
    known = set(centres.source["hc_id"].astype("str").str.strip())
    try:
        SideItems.model_validate(data, context={"centres": known, "file": centres.file})
    except ValidationError as exc:
        return pydantic_problems(params, exc)
    return []
