"""Sweeps and sensitivity analysis on top of `run_scenario`.

- `cni_sweep`: each centre's compensation per listed person for a range of CNI shares (the
  report's "raise CNI markedly", §9, leaves the level open; the book lets the reader choose).
- `sensitivity`: vary one assumption at a time to a low and a high value and record the effect on
  a stated outcome (default: the spread between the biggest winner and the biggest loser, in
  kronor of net per listed person). The result feeds a tornado chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.scenarios.engine import Baseline, ScenarioResult, run_scenario
from analysis.scenarios.schema import (
    CniAndel,
    GlesbygdUpptagningsomrade,
    PatientavgifterIKapitering,
    Scenario,
    SeparatHalsovalOstersund,
    TaBortKostnadsansvar,
)

#: CNI shares shown in the chapter's sweep and the interactive figure: 25 %, 30 %, …, 60 %.
CNI_SWEEP_SHARES: tuple[float, ...] = tuple(round(0.25 + 0.05 * i, 2) for i in range(8))


def with_change(scenario: Scenario, change, namn: str | None = None) -> Scenario:
    """A copy of `scenario` where `change` replaces the change of the same type (or is added)."""

    def same(c) -> bool:
        if c.typ != change.typ:
            return False
        if isinstance(c, TaBortKostnadsansvar):
            return c.kostnadstyp == change.kostnadstyp
        return True

    changes = [change if same(c) else c for c in scenario.forandringar]
    if not any(same(c) for c in scenario.forandringar):
        changes.append(change)
    return scenario.model_copy(update={"forandringar": changes, "namn": namn or scenario.namn})


def _baseline(inputs) -> Baseline:
    return inputs if isinstance(inputs, Baseline) else Baseline.from_model(inputs)


def empty_scenario(namn: str = "bas") -> Scenario:
    return Scenario(
        namn=namn,
        titel="bas",
        beskrivning="no changes: the model as given",
        forslag_av="utredningen",
        kalla="rapporten §6",
    )


def cni_sweep(inputs, shares: Sequence[float] = CNI_SWEEP_SHARES, base: Scenario | None = None) -> pd.DataFrame:
    """Compensation per centre for each CNI share, on top of `base` (default: the 2020 model).

    Long frame: hc_id, namn, kommunkod, driftsform, listade, andel, ersattning_total,
    ersattning_per_listad, fast_kapitering_per_listad, skillnad_per_listad (vs the first share).
    """
    baseline = _baseline(inputs)
    base = base or empty_scenario()
    frames = []
    for share in shares:
        scen = with_change(base, CniAndel(typ="cni_andel", andel=float(share)), f"cni-{round(share * 100)}")
        df = run_scenario(baseline, scen).per_centre
        part = df[["hc_id", "namn", "kommunkod", "driftsform", "listade", "ersattning_total"]].copy()
        part["andel"] = float(share)
        part["ersattning_per_listad"] = df["ersattning_total"] / df["listade"]
        part["fast_kapitering_per_listad"] = (df["ersattning_listad"] + df["ersattning_cni"]) / df["listade"]
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    first = out[out["andel"] == float(shares[0])].set_index("hc_id")["ersattning_per_listad"]
    out["skillnad_per_listad"] = out["ersattning_per_listad"] - out["hc_id"].map(first)
    return out


# -- outcomes ------------------------------------------------------------------------------------
def _spread(r: ScenarioResult) -> float:
    s = r.per_centre["skillnad_netto_per_listad"]
    return float(s.max() - s.min())


OUTCOMES: dict[str, tuple[str, Callable[[ScenarioResult], float]]] = {
    "spridning": (
        "skillnaden mellan största vinnare och största förlorare (förändring av netto, kr per listad)",
        _spread,
    ),
    "storsta_forlust": (
        "största förlust (förändring av netto, kr per listad)",
        lambda r: float(r.per_centre["skillnad_netto_per_listad"].min()),
    ),
    "storsta_vinst": (
        "största vinst (förändring av netto, kr per listad)",
        lambda r: float(r.per_centre["skillnad_netto_per_listad"].max()),
    ),
}


# -- assumptions ---------------------------------------------------------------------------------
Variant = Callable[[Baseline, Scenario], tuple[Baseline, Scenario]]


@dataclass(frozen=True)
class Assumption:
    """One assumption varied to a low and a high variant (each returns a new baseline+scenario).

    `varde` is the value as chosen, `lag_varde`/`hog_varde` the values of the variants (shares,
    counts, factors or a distribution key, by `namn`); the chapter writes them as labels
    (`analysis.chapters.forandringar.assumptions`).
    """

    namn: str
    lag: Variant
    hog: Variant
    varde: float | str | None = None
    lag_varde: float | str | None = None
    hog_varde: float | str | None = None


def _replace(change) -> Variant:
    return lambda b, s: (b, with_change(s, change))


def _fee_level(factor: float) -> Variant:
    return lambda b, s: (b.with_fee_level(factor), s)


def default_assumptions(scenario: Scenario, inputs=None) -> list[Assumption]:
    """The assumptions that matter for `scenario` (only those of its change types)."""
    out: list[Assumption] = []
    cni = scenario.change("cni_andel")
    if isinstance(cni, CniAndel):
        lo, hi = max(0.0, cni.andel - 0.10), min(1.0, cni.andel + 0.10)
        out.append(
            Assumption(
                "cni_andel",
                _replace(cni.model_copy(update={"andel": lo})),
                _replace(cni.model_copy(update={"andel": hi})),
                cni.andel,
                lo,
                hi,
            )
        )
    sparse = scenario.change("glesbygd_upptagningsomrade")
    if isinstance(sparse, GlesbygdUpptagningsomrade):
        if sparse.regel == "linjar":
            lo, hi = int(round(sparse.grans * 0.75)), int(round(sparse.grans * 1.25))
            out.append(
                Assumption(
                    "glesbygd_grans",
                    _replace(sparse.model_copy(update={"grans": lo})),
                    _replace(sparse.model_copy(update={"grans": hi})),
                    sparse.grans,
                    lo,
                    hi,
                )
            )
        else:

            def scaled(f):
                bands = [b.model_copy(update={"max_befolkning": int(round(b.max_befolkning * f))}) for b in sparse.band]
                return sparse.model_copy(update={"band": bands})

            out.append(
                Assumption(
                    "glesbygd_band",
                    _replace(scaled(0.75)),
                    _replace(scaled(1.25)),
                    1.0,
                    0.75,
                    1.25,
                )
            )
        other = 0.5 if sparse.andel_avstand == 0 else 0.0
        out.append(
            Assumption(
                "glesbygd_avstand",
                _replace(sparse),
                _replace(sparse.model_copy(update={"andel_avstand": other})),
                sparse.andel_avstand,
                sparse.andel_avstand,
                other,
            )
        )
    fees = scenario.change("patientavgifter_i_kapitering")
    if isinstance(fees, PatientavgifterIKapitering):
        out.append(Assumption("avgiftsniva", _fee_level(0.8), _fee_level(1.2), 1.0, 0.8, 1.2))
        others = [d for d in ("aldersviktad", "per_listad", "fast_kapitering") if d != fees.fordelning]
        out.append(
            Assumption(
                "avgift_fordelning",
                _replace(fees.model_copy(update={"fordelning": others[0]})),
                _replace(fees.model_copy(update={"fordelning": others[1]})),
                fees.fordelning,
                others[0],
                others[1],
            )
        )
    for change in scenario.forandringar:
        if isinstance(change, TaBortKostnadsansvar) and change.behall_i_ersattning_kr:
            others = [d for d in ("fast_kapitering", "aldersviktad", "per_listad") if d != change.fordelning]
            out.append(
                Assumption(
                    f"behall_{change.kostnadstyp}",
                    _replace(change.model_copy(update={"fordelning": others[0]})),
                    _replace(change.model_copy(update={"fordelning": others[1]})),
                    float(change.behall_i_ersattning_kr),
                    others[0],
                    others[1],
                )
            )
    ost = scenario.change("separat_halsoval_ostersund")
    if isinstance(ost, SeparatHalsovalOstersund) and ost.cni_andel is not None:
        lo, hi = max(0.0, ost.cni_andel - 0.10), min(1.0, ost.cni_andel + 0.10)
        out.append(
            Assumption(
                "ostersund_cni",
                _replace(ost.model_copy(update={"cni_andel": lo})),
                _replace(ost.model_copy(update={"cni_andel": hi})),
                ost.cni_andel,
                lo,
                hi,
            )
        )
    return out


def sensitivity(
    inputs, scenario: Scenario, assumptions: Iterable[Assumption] | None = None, outcome: str = "spridning"
) -> pd.DataFrame:
    """One row per assumption: the outcome with the assumption low, as chosen, and high.

    Columns: antagande, varde, lag_varde, hog_varde, utfall_bas, utfall_lag, utfall_hog, spann
    (largest distance from the base value); the chapter adds the labels. Sorted by `spann`, largest first; the outcome's
    description is in `df.attrs["utfall"]`.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome måste vara en av {list(OUTCOMES)}, fick {outcome!r}")
    label, measure = OUTCOMES[outcome]
    baseline = _baseline(inputs)
    assumptions = list(assumptions) if assumptions is not None else default_assumptions(scenario)
    base_value = measure(run_scenario(baseline, scenario))
    rows = []
    for a in assumptions:
        values = []
        for variant in (a.lag, a.hog):
            b, s = variant(baseline, scenario)
            values.append(measure(run_scenario(b, s)))
        rows.append(
            {
                "antagande": a.namn,
                "varde": a.varde,
                "lag_varde": a.lag_varde,
                "hog_varde": a.hog_varde,
                "utfall_bas": base_value,
                "utfall_lag": values[0],
                "utfall_hog": values[1],
                "spann": float(np.max(np.abs(np.array(values) - base_value))),
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "antagande",
            "varde",
            "lag_varde",
            "hog_varde",
            "utfall_bas",
            "utfall_lag",
            "utfall_hog",
            "spann",
        ],
    )
    df = df.sort_values("spann", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs["utfall"] = label
    df.attrs["utfall_bas"] = base_value
    return df


# -- decomposition ---------------------------------------------------------------------------------
def step_key(change) -> str:
    """A change as a code-style key: its type, with the cost type for `ta_bort_kostnadsansvar`."""
    return f"{change.typ}:{change.kostnadstyp}" if isinstance(change, TaBortKostnadsansvar) else change.typ


def decompose(
    inputs,
    scenario: Scenario,
    value: str = "skillnad_netto_per_listad",
    label: Callable[[object], str] = step_key,
) -> pd.DataFrame:
    """Each change's contribution to each centre's change, adding the changes one at a time in
    the engine's order (`CHANGE_ORDER`). Contributions add up to the scenario's total change.

    Long frame: hc_id, namn, steg (`label(change)`: by default `step_key`; the chapter passes its
    reader label), ordning, bidrag_per_listad (or `value`'s unit).
    """
    baseline = _baseline(inputs)
    changes = scenario.ordered_changes()
    previous = run_scenario(baseline, scenario.model_copy(update={"forandringar": []})).per_centre[value]
    rows = []
    for k, change in enumerate(changes, start=1):
        partial = scenario.model_copy(update={"forandringar": changes[:k]})
        df = run_scenario(baseline, partial).per_centre
        part = df[["hc_id", "namn"]].copy()
        part["steg"] = label(change)
        part["ordning"] = k
        part["bidrag_per_listad"] = df[value].to_numpy() - previous.to_numpy()
        previous = df[value]
        rows.append(part)
    return (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["hc_id", "namn", "steg", "ordning", "bidrag_per_listad"])
    )
