"""Synthetic visit-level extract `besok.parquet` (1 Jul 2019 – 31 Dec 2020, 18 months).

Used for continuity (report §7: listed patients with ≥ 3 visits in 18 months, visits at their own
centre only). Per centre:

* PATIENT_SHARE of the listed are patients in the extract; their age band is drawn ∝ listings;
* visits per patient = 1 + negative binomial with mean ∝ the age weight (VISITS_MEAN at weight 1);
* each patient has an own doctor and an own nurse among the centre's permanent staff (one doctor
  per DOCTOR_PER_LISTED listed, one nurse per NURSE_PER_LISTED, 2–4 others);
* a visit is at another centre with probability ELSEWHERE (mostly Östersund town centres);
* a doctor visit is with a temporary doctor (stafett, new pseudonym every quarter) with the
  centre's TEMP_SHARE, otherwise with the own doctor with probability OWN_DOCTOR, otherwise with a
  colleague; nurse visits are with the own nurse with probability OWN_NURSE;
* dates are weekdays, fewer in July and in the spring 2020 pandemic months (SEASON).
TEMP_SHARE is set by hand (assumption): high at inland centres that relied on temporary doctors,
low where the report says staffing is stable (Gäddede §8.6, Fjällhälsan "better now than with
stafetter" §8.3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from exempeldata.common import AGE_BANDS, OSTERSUND, rng_for

START, END = "2019-07-01", "2020-12-31"
PATIENT_SHARE = 0.24
VISITS_MEAN = 4.2
DOCTOR_PER_LISTED, NURSE_PER_LISTED = 1500, 1100
ELSEWHERE = 0.04
OWN_DOCTOR, OWN_NURSE = 0.75, 0.6
PROFESSION_P = {"lakare": 0.45, "sjukskoterska": 0.45, "ovrig": 0.10}
TEMP_SHARE_DEFAULT = 0.10
TEMP_SHARE = {
    "hammerdal": 0.55,
    "stromsund": 0.45,
    "hoting": 0.40,
    "bracke": 0.50,
    "hammarstrand": 0.55,
    "sveg": 0.40,
    "funasdalen": 0.35,
    "svenstavik": 0.30,
    "follinge": 0.35,
    "jarpen": 0.25,
    "gaddede": 0.03,
    "offerdal": 0.05,
    "hede": 0.08,
    "ripan": 0.04,
    "nnv": 0.06,
    "froso": 0.05,
}
SEASON = {7: 0.6, 4: 0.75, 5: 0.8}  # month → relative visit intensity (others 1); April–May only occur in 2020


def _weekdays(start: str = START, end: str = END) -> tuple[np.ndarray, np.ndarray]:
    days = pd.bdate_range(start, end)
    weight = np.array([SEASON.get(d.month, 1.0) for d in days])
    return days.values.astype("datetime64[D]"), weight / weight.sum()


class _Ids:
    """Unique pseudonymous ids drawn without replacement (deterministic)."""

    def __init__(self, rng: np.random.Generator, prefix: str, space: int, size: int = 5000):
        self.prefix, self.pool, self.used = prefix, rng.choice(space, size=size, replace=False), 0

    def take(self, n: int) -> list[str]:
        out = [f"{self.prefix}{x:06d}" for x in self.pool[self.used : self.used + n]]
        self.used += n
        return out


def _staff(listed: int, ids: _Ids) -> dict[str, list[str]]:
    return {
        "lakare": ids.take(max(1, round(listed / DOCTOR_PER_LISTED))),
        "sjukskoterska": ids.take(max(1, round(listed / NURSE_PER_LISTED))),
        "ovrig": ids.take(int(np.clip(round(listed / 3000), 2, 4))),
        "stafett": ids.take(6 * 2),  # two temporary doctors per quarter, six quarters
    }


def _elsewhere_choice(hc: str, centres: pd.DataFrame, listed: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    others = centres[centres["hc_id"] != hc]
    w = listed[others["hc_id"]].to_numpy() * np.where(
        (others["kommunkod"] == OSTERSUND) | (others["kommunkod"] == centres.set_index("hc_id").at[hc, "kommunkod"]),
        1.0,
        0.1,
    )
    return others["hc_id"].to_numpy(), w / w.sum()


def centre_visits(
    hc: str,
    wide_row: pd.Series,
    age_w: pd.Series,
    staff: dict,
    days,
    day_p,
    elsewhere: tuple,
    staff_of: dict,
    first_patient: int,
    rng: np.random.Generator,
    start: str = START,
) -> pd.DataFrame:
    n_pat = int(round(wide_row.sum() * PATIENT_SHARE))
    bands = rng.choice(len(AGE_BANDS), size=n_pat, p=(wide_row / wide_row.sum()).to_numpy())
    mean = VISITS_MEAN * age_w.to_numpy()[bands]
    n_vis = 1 + rng.negative_binomial(2, 2 / (2 + np.maximum(mean - 1, 0.05)))
    patient = np.repeat(np.arange(first_patient, first_patient + n_pat), n_vis)
    own_doc = np.repeat(rng.integers(0, len(staff["lakare"]), n_pat), n_vis)
    own_nurse = np.repeat(rng.integers(0, len(staff["sjukskoterska"]), n_pat), n_vis)
    k = len(patient)
    date = days[rng.choice(len(days), size=k, p=day_p)]
    yrke = rng.choice(list(PROFESSION_P), size=k, p=list(PROFESSION_P.values()))
    visited = np.where(rng.random(k) < ELSEWHERE, rng.choice(elsewhere[0], size=k, p=elsewhere[1]), hc)
    personal = _personal(hc, yrke, visited, date, own_doc, own_nurse, staff, staff_of, rng, start)
    return pd.DataFrame(
        {
            "patient_id": patient,
            "listad_hc": hc,
            "besokt_hc": visited,
            "datum": date,
            "yrke": yrke,
            "personal_id": personal,
        }
    )


def _personal(hc, yrke, visited, date, own_doc, own_nurse, staff, staff_of, rng, start: str = START) -> np.ndarray:
    k = len(yrke)
    u = rng.random(k)
    temp = TEMP_SHARE.get(hc, TEMP_SHARE_DEFAULT)
    quarter = (date.astype("datetime64[M]").astype(int) - np.datetime64(start, "M").astype(int)) // 3
    out = np.empty(k, dtype=object)
    docs, nurses, other, stafett = (np.array(staff[r]) for r in ("lakare", "sjukskoterska", "ovrig", "stafett"))
    doc = yrke == "lakare"
    out[doc] = np.where(
        u[doc] < temp,
        stafett[2 * quarter[doc] + rng.integers(0, 2, doc.sum())],
        np.where(
            u[doc] < temp + (1 - temp) * OWN_DOCTOR, docs[own_doc[doc]], docs[rng.integers(0, len(docs), doc.sum())]
        ),
    )
    nur = yrke == "sjukskoterska"
    out[nur] = np.where(u[nur] < OWN_NURSE, nurses[own_nurse[nur]], nurses[rng.integers(0, len(nurses), nur.sum())])
    oth = yrke == "ovrig"
    out[oth] = other[rng.integers(0, len(other), oth.sum())]
    for other in np.unique(visited[visited != hc]):  # visits elsewhere: a staff member of that centre
        for role in PROFESSION_P:
            rows = np.flatnonzero((visited == other) & (yrke == role))
            pool = np.array(staff_of[other][role])
            out[rows] = pool[rng.integers(0, len(pool), len(rows))]
    return out


def make_besok(
    wide: pd.DataFrame, age_w: pd.Series, centres: pd.DataFrame, period: tuple[str, str] = (START, END)
) -> pa.Table:
    rng = rng_for("besok")
    staff_ids = _Ids(rng, "P", 1_000_000)
    listed = wide.sum(axis=1)
    staff_of = {hc: _staff(int(listed[hc]), staff_ids) for hc in wide.index}
    days, day_p = _weekdays(*period)
    parts, first = [], 0
    for hc in wide.index:
        part = centre_visits(
            hc,
            wide.loc[hc],
            age_w[list(AGE_BANDS)],
            staff_of[hc],
            days,
            day_p,
            _elsewhere_choice(hc, centres, listed),
            staff_of,
            first,
            rng,
            period[0],
        )
        first = int(part["patient_id"].max()) + 1
        parts.append(part)
    df = pd.concat(parts, ignore_index=True)
    pseudo = rng.choice(9_000_000, size=first, replace=False) + 1_000_000  # 7-digit pseudonymous ids
    df["patient_id"] = pseudo[df["patient_id"].to_numpy()]
    df = df.sort_values(["datum", "listad_hc", "patient_id", "yrke", "personal_id"], kind="mergesort")
    df.insert(0, "besok_id", np.arange(1, len(df) + 1))
    return _to_arrow(df)


def _to_arrow(df: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            "besok_id": pa.array(df["besok_id"].to_numpy(), pa.int32()),
            "patient_id": pa.array(df["patient_id"].to_numpy(), pa.int32()),
            "listad_hc": pa.array(df["listad_hc"].astype(str).tolist(), pa.string()),
            "besokt_hc": pa.array(df["besokt_hc"].astype(str).tolist(), pa.string()),
            "datum": pa.array(df["datum"].to_numpy().astype("datetime64[D]"), pa.date32()),
            "yrke": pa.array(df["yrke"].astype(str).tolist(), pa.string()),
            "personal_id": pa.array(df["personal_id"].astype(str).tolist(), pa.string()),
        }
    )
