"""Cost responsibilities ("kostnadsansvar", report §6): what each centre pays out of its money."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.vocabulary import COST_TYPES


def costs_by_type(kostnader: pd.DataFrame, carried: Iterable[str] = COST_TYPES) -> pd.DataFrame:
    """Costs per centre (rows, hc_id) and type: columns `kostnad_<type>` for every COST_TYPE.

    `kostnader` is the long table (hc_id, kostnadstyp, belopp_kr). Types not in `carried` are 0:
    the centre does not carry them (e.g. LOF/LOL moved to a central budget by a proposal).
    """
    carried = frozenset(carried)
    unknown = sorted(set(kostnader["kostnadstyp"].astype(str)) - set(COST_TYPES))
    if unknown:
        raise ValueError(f"kostnader: okända kostnadstyper {unknown}; giltiga är {', '.join(COST_TYPES)}")
    wide = (
        kostnader.pivot_table(index="hc_id", columns="kostnadstyp", values="belopp_kr", aggfunc="sum", fill_value=0.0)
        .reindex(columns=list(COST_TYPES), fill_value=0.0)
        .astype("float64")
    )
    for kind in COST_TYPES:
        if kind not in carried:
            wide[kind] = 0.0
    wide.index = wide.index.astype(str)
    wide.index.name = "hc_id"
    wide.columns = [f"kostnad_{k}" for k in COST_TYPES]
    return wide
