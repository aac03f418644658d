"""The base of every scenario change model (pydantic, errors in Swedish) and the share parser.

Split from `schema` so that change types defined in other modules (`side_changes`) share it.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

_PERCENT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*%\s*$")


def parse_share(value: object) -> object:
    """`"40 %"`/`"40%"`/`"40,5 %"` → 0.40/0.405; numbers and anything else pass through unchanged.

    A bare number is taken as a share (0–1): `0.4`. A bare `40` is *not* read as 40 %; it fails
    the 0–1 check with a message that says how to write it.
    """
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return float(match.group(1).replace(",", ".")) / 100.0
    return value


Share = Annotated[float, Field(ge=0.0, le=1.0)]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class _Change(_Base):
    kalla: str | None = Field(default=None, description="Avsnitt i rapporten som förändringen bygger på.")
    kommentar: str | None = Field(default=None, description="Fri text: vår tolkning, antaganden.")
