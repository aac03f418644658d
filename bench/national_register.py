"""National scale: a synthetic person-level listing register for all of Sweden, and fast helpers.

Used by the benchmark (`bench/`, `make bench`) to check that the model runs on a register the size
of Sweden (10 327 589 persons in 2019). Nothing here is real patient data: the register is made
from SCB's public population per municipality × age × sex (2019), with centres, listing choices,
home localities and distances drawn at random with a fixed seed.

* `read_scb_population`: SCB's table (`data/raw/scb-via-SCBHandlerPlotter/SCB_alderkon.csv`) as
  kommun × kon × alder × antal.
* `allocate_centres`: about 1 100 synthetic centres spread over the municipalities ∝ population,
  at least one each.
* `synthetic_register`: one row per person (person_id, hc_id, kon, alder, avstand_km), vectorised
  (`np.repeat` over the population cells, one `searchsorted` per drawn attribute; no loop per
  person). Reproduces the population table exactly: every person of a municipality × age × sex
  cell is listed at a centre of that municipality.
* `write_register` / `read_register`: Parquet with dictionary-encoded hc_id and kon.
* `listade_ort_from_register`, `national_model_inputs`: the remaining model tables (home
  locality × distance, synthetic CNI delivery, costs, patient fees) for `compute_model`.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.model.bands import AGE_BANDS
from analysis.vocabulary import CNI_VARIABLES, COST_TYPES

#: Bump when the generator's rules change: part of the register's content hash.
GENERATOR_VERSION = "1"
DEFAULT_SEED = 20191231
DEFAULT_CENTRES = 1100
SEXES: tuple[str, ...] = ("kvinna", "man")
_SCB_SEX = {"kvinnor": "kvinna", "män": "man"}
REGISTER_COLUMNS: tuple[str, ...] = ("person_id", "hc_id", "kon", "alder", "avstand_km")
TOP_AGE = 100
BAND_WIDTH = 5


# --- population ------------------------------------------------------------------------------


def read_scb_population(path: str | Path) -> pd.DataFrame:
    """SCB's population table (region, ålder, kön, X2019) as kommun, kon, alder, antal.

    Municipalities keep the file's order (SCB's code order); `alder` 100 means 100 or older.
    """
    raw = pd.read_csv(path, dtype={"region": str, "ålder": "int64", "kön": str, "X2019": "int64"})
    unknown = sorted(set(raw["kön"]) - set(_SCB_SEX))
    if unknown:
        raise ValueError(f"{path}: okända värden i kön: {unknown}")
    return pd.DataFrame(
        {
            "kommun": raw["region"].to_numpy(dtype=object),
            "kon": raw["kön"].map(_SCB_SEX).to_numpy(dtype=object),
            "alder": raw["ålder"].to_numpy(),
            "antal": raw["X2019"].to_numpy(),
        }
    )


def scale_population(pop: pd.DataFrame, fraction: float) -> pd.DataFrame:
    """Every cell's count × fraction, rounded (a smaller register with the same shape)."""
    if fraction == 1.0:
        return pop
    out = pop.copy()
    out["antal"] = np.rint(out["antal"].to_numpy() * fraction).astype("int64")
    return out


def slug(name: str) -> str:
    """ASCII id from a municipality name: 'Upplands Väsby' → 'upplands_vasby'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "_".join("".join(c if c.isalnum() else " " for c in text).split())


def unique_slugs(names) -> list[str]:
    """`slug` of each name, made unique by a suffix in order ('Håbo', 'Habo' → habo, habo_2)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = slug(name)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    if len(set(out)) != len(out):
        raise ValueError("kommunnamnen ger inte unika id")
    return out


# --- centres ---------------------------------------------------------------------------------


def allocate_centres(population: np.ndarray, total: int) -> np.ndarray:
    """Centres per municipality: one each, the rest by D'Hondt on population (∝ population).

    The k-th extra centre of a municipality has quotient pop / (k + 1); the `total − n` largest
    quotients win, so a municipality ends with about max(1, pop / q) centres for a common q.
    """
    population = np.asarray(population, dtype="float64")
    n = len(population)
    if total < n:
        raise ValueError(f"minst en hälsocentral per kommun: {total} < {n}")
    extra = total - n
    if extra == 0:
        return np.ones(n, dtype="int64")
    quotients = population[:, None] / np.arange(2, extra + 2)[None, :]
    flat = quotients.ravel()
    winners = np.argpartition(-flat, extra - 1)[:extra]
    return 1 + np.bincount(winners // extra, minlength=n)


@dataclass(frozen=True)
class Geography:
    """The synthetic centres and home localities behind a register."""

    kommuner: pd.DataFrame  # kommun, kommunkod, befolkning, centres, localities
    centres: (
        pd.DataFrame
    )  # hc_id, namn, kommunkod, kommun, ort, driftsform, lat, lon, upptagningsomrade_befolkning, andel
    localities: pd.DataFrame  # kommunkod, ort, avstand_km, andel


def make_geography(pop: pd.DataFrame, n_centres: int = DEFAULT_CENTRES, seed: int = DEFAULT_SEED) -> Geography:
    """Centres (∝ population, ≥ 1 per municipality) and home localities with distances.

    Centre sizes within a municipality are gamma(4)-distributed shares; each municipality has
    2–40 localities (more in bigger ones): a main town (about four times the others' expected
    share) 1–8 km from the hospital, the others farther out, more so in small municipalities
    (extra km gamma(2)-distributed with scale 10·√(median population / population), 4–80).
    Synthetic kommunkod: a 4-digit running number in SCB's order (the table has names only).
    """
    rng = np.random.default_rng([seed, 1])
    per_kommun = pop.groupby("kommun", sort=False)["antal"].sum()
    names = per_kommun.index.to_numpy(dtype=object)
    popm = per_kommun.to_numpy(dtype="float64")
    slugs = unique_slugs(names)
    codes = np.array([f"{i + 1:04d}" for i in range(len(names))], dtype=object)
    n_c = allocate_centres(np.maximum(popm, 1.0), n_centres)
    n_l = np.clip(np.rint(np.sqrt(np.maximum(popm, 1.0)) / 15.0), 2, 40).astype("int64")

    kommun_of_c = np.repeat(np.arange(len(names)), n_c)
    rank_c = _rank_within(n_c)
    share_c = _shares_within(rng.gamma(4.0, size=len(kommun_of_c)), kommun_of_c, len(names))
    hc_ids = np.array([f"{slugs[k]}_{r + 1:02d}" for k, r in zip(kommun_of_c, rank_c)], dtype=object)
    operators = np.array(["regiondriven", "privat", "kommunal"], dtype=object)
    centres = pd.DataFrame(
        {
            "hc_id": hc_ids,
            "namn": [f"{names[k]} {r + 1}" for k, r in zip(kommun_of_c, rank_c)],
            "kommunkod": codes[kommun_of_c],
            "kommun": names[kommun_of_c],
            "ort": names[kommun_of_c],
            "driftsform": operators[rng.choice(3, size=len(kommun_of_c), p=[0.6, 0.38, 0.02])],
            "lat": np.round(rng.uniform(55.3, 69.0, size=len(kommun_of_c)), 4),
            "lon": np.round(rng.uniform(11.1, 24.1, size=len(kommun_of_c)), 4),
            "upptagningsomrade_befolkning": np.rint(popm[kommun_of_c] * share_c).astype("int64"),
            "andel": share_c,
        }
    )

    kommun_of_l = np.repeat(np.arange(len(names)), n_l)
    rank_l = _rank_within(n_l)
    raw_l = rng.gamma(1.5, size=len(kommun_of_l)) * np.where(rank_l == 0, 4.0, 1.0)  # a main town
    share_l = _shares_within(raw_l, kommun_of_l, len(names))
    scale = np.clip(10.0 * (np.median(popm) / np.maximum(popm, 1.0)) ** 0.5, 4.0, 80.0)
    far = rng.gamma(2.0, scale[kommun_of_l])
    near = rng.uniform(1.0, 8.0, size=len(kommun_of_l))
    distance = np.round(np.where(rank_l == 0, near, near + far), 1).astype("float32")
    localities = pd.DataFrame(
        {
            "kommunkod": codes[kommun_of_l],
            "ort": [f"{slugs[k]}_ort{r + 1:02d}" for k, r in zip(kommun_of_l, rank_l)],
            "avstand_km": distance,
            "andel": share_l,
        }
    )
    kommuner = pd.DataFrame(
        {
            "kommun": names,
            "kommunkod": codes,
            "befolkning": popm.astype("int64"),
            "centres": n_c,
            "localities": n_l,
        }
    )
    return Geography(kommuner, centres, localities)


def _rank_within(sizes: np.ndarray) -> np.ndarray:
    """0, 1, …, size−1 for each group, concatenated."""
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(int(sizes.sum())) - starts


def _shares_within(raw: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    return raw / np.bincount(group, weights=raw, minlength=n_groups)[group]


def _draw_within(
    rng: np.random.Generator, group_of_person: np.ndarray, group_of_item: np.ndarray, share: np.ndarray
) -> np.ndarray:
    """For each person, an item of the person's group drawn with the items' shares (vectorised).

    Items are sorted by group; the cumulative shares run from g to g + 1 within group g, so one
    `searchsorted` of g + u (u uniform in [0, 1)) finds the item.
    """
    group_of_item = np.asarray(group_of_item, dtype="int64")
    if (np.diff(group_of_item) < 0).any():
        raise ValueError("raderna måste vara sorterade efter grupp")
    cum = np.cumsum(share)
    ends = np.flatnonzero(np.r_[group_of_item[1:] != group_of_item[:-1], True])
    sizes = np.diff(np.r_[-1, ends])
    within = cum - np.repeat(np.r_[0.0, cum[ends[:-1]]], sizes)
    edges = group_of_item + within
    edges[ends] = group_of_item[ends] + 1.0  # exact group ends
    target = group_of_person + rng.random(len(group_of_person))
    item = np.searchsorted(edges, target, side="right")
    return np.minimum(item, len(edges) - 1)


# --- the register ----------------------------------------------------------------------------


def synthetic_register(pop: pd.DataFrame, geo: Geography, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One row per person of `pop`: person_id, hc_id, kon, alder, avstand_km.

    Every person of a population cell (kommun, kon, alder) is listed at a centre of that
    municipality (chosen with the centres' shares) and lives in one of its localities (distance to
    the hospital from the locality). Rows are shuffled; person_id runs 1…N in row order.
    hc_id and kon are categoricals, alder int8 (0–100, 100 = 100+), avstand_km float32.
    """
    rng = np.random.default_rng([seed, 2])
    kommun_index = {k: i for i, k in enumerate(geo.kommuner["kommun"])}
    unknown = sorted(set(pop["kommun"]) - set(kommun_index))
    if unknown:
        raise ValueError(f"kommuner utan hälsocentral: {unknown[:5]}")
    counts = pop["antal"].to_numpy(dtype="int64")
    if (counts < 0).any():
        raise ValueError("negativt antal i befolkningen")
    cell_kommun = pop["kommun"].map(kommun_index).to_numpy(dtype="int64")
    cell_sex = pd.Categorical(pop["kon"], categories=list(SEXES)).codes.astype("int8")
    if (cell_sex < 0).any():
        raise ValueError("okänt kön i befolkningen")
    cell_age = pop["alder"].to_numpy().astype("int8")

    n = int(counts.sum())
    order = rng.permutation(n)
    kommun = np.repeat(cell_kommun.astype("int16"), counts)[order]
    sex = np.repeat(cell_sex, counts)[order]
    age = np.repeat(cell_age, counts)[order]

    code_of = {c: i for i, c in enumerate(geo.kommuner["kommunkod"])}
    centre_kommun = geo.centres["kommunkod"].map(code_of).to_numpy()
    hc = _draw_within(rng, kommun, centre_kommun, geo.centres["andel"].to_numpy()).astype("int16")
    loc_kommun = geo.localities["kommunkod"].map(code_of).to_numpy()
    loc = _draw_within(rng, kommun, loc_kommun, geo.localities["andel"].to_numpy())
    distance = geo.localities["avstand_km"].to_numpy(dtype="float32")[loc]
    del kommun, loc, order

    return pd.DataFrame(
        {
            "person_id": np.arange(1, n + 1, dtype="int64"),
            "hc_id": pd.Categorical.from_codes(hc, categories=pd.Index(geo.centres["hc_id"], dtype=object)),
            "kon": pd.Categorical.from_codes(sex, categories=list(SEXES)),
            "alder": age,
            "avstand_km": distance,
        }
    )


def register_hash(population_file: str | Path, seed: int, n_centres: int, fraction: float) -> str:
    """Content hash of a register: the population file's bytes and the generator's settings."""
    h = hashlib.sha256()
    h.update(Path(population_file).read_bytes())
    h.update(
        json.dumps(
            {"version": GENERATOR_VERSION, "seed": seed, "centres": n_centres, "fraction": fraction}, sort_keys=True
        ).encode()
    )
    return h.hexdigest()


def write_register(df: pd.DataFrame, path: str | Path, content_hash: str = "") -> Path:
    """Parquet (zstd) with hc_id and kon dictionary-encoded; the content hash in the metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    hc = df["hc_id"].cat
    kon = df["kon"].cat
    table = pa.table(
        {
            "person_id": pa.array(df["person_id"].to_numpy(dtype="int64")),
            "hc_id": pa.DictionaryArray.from_arrays(
                pa.array(hc.codes.to_numpy().astype("int16")), pa.array(list(map(str, hc.categories)), pa.string())
            ),
            "kon": pa.DictionaryArray.from_arrays(
                pa.array(kon.codes.to_numpy().astype("int8")), pa.array(list(map(str, kon.categories)), pa.string())
            ),
            "alder": pa.array(df["alder"].to_numpy(dtype="int8")),
            "avstand_km": pa.array(df["avstand_km"].to_numpy(dtype="float32")),
        }
    )
    table = table.replace_schema_metadata({b"halsoval.register_hash": content_hash.encode()})
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, compression="zstd", use_dictionary=["hc_id", "kon"], row_group_size=1 << 20)
    tmp.replace(path)
    return path


def stored_hash(path: str | Path) -> str | None:
    """The content hash written by `write_register` (None if the file is missing or foreign)."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):
        return None
    value = meta.get(b"halsoval.register_hash")
    return value.decode() if value else None


def read_register(path: str | Path, columns: tuple[str, ...] = REGISTER_COLUMNS) -> pd.DataFrame:
    """Only `columns` of a register; dictionary columns arrive as pandas categoricals."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(columns))
    return table.to_pandas(split_blocks=True, self_destruct=True)


# --- aggregation -----------------------------------------------------------------------------


def _codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(), series.cat.categories
    codes, uniques = pd.factorize(series, sort=True)
    return codes, pd.Index(uniques)


def listade_ort_from_register(df: pd.DataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """`listade_ort` (hc_id, ort, kommunkod, avstand_km, antal) from persons' distances.

    Persons of a centre with the same distance form one home locality (the generator gives every
    locality one distance); `ort` is named after the centre and the distance.
    """
    hc, hc_names = _codes(df["hc_id"])
    dist_codes, dists = pd.factorize(df["avstand_km"].to_numpy(), sort=True)
    key = hc.astype("int64") * len(dists) + dist_codes
    counts = np.bincount(key, minlength=len(hc_names) * len(dists))
    nz = np.flatnonzero(counts)
    hc_of = pd.Index(hc_names).astype(str).to_numpy(dtype=object)[nz // len(dists)]
    km = np.asarray(dists, dtype="float64")[nz % len(dists)]
    kod = centres.assign(hc_id=centres["hc_id"].astype(str)).set_index("hc_id")["kommunkod"]
    return pd.DataFrame(
        {
            "hc_id": hc_of,
            "ort": [f"{h}_{k:.1f}km" for h, k in zip(hc_of, km)],
            "kommunkod": kod.reindex(hc_of).to_numpy(dtype=object),
            "avstand_km": np.round(km, 1),
            "antal": counts[nz].astype("int64"),
        }
    )


# --- the other model tables ------------------------------------------------------------------

#: Synthetic shares of the listed for the CNI variables (mean, spread of a centre's share).
CNI_SHARES = {
    "utrikes_fodda": (0.10, 0.6),
    "ensamstaende_foralder": (0.03, 0.3),
    "inflyttade": (0.07, 0.3),
    "arbetslosa": (0.045, 0.4),
    "lagutbildade": (0.07, 0.3),
}
#: Synthetic costs per listed person and year (kr), by cost type.
COST_PER_LISTED = {
    "lakemedel": 1150.0,
    "lof_lol": 90.0,
    "fotvard": 25.0,
    "tjanstekop_kommun": 60.0,
    "lab_rontgen": 310.0,
    "lokaler": 420.0,
    "sjukresor": 140.0,
}


def national_model_inputs(
    listade: pd.DataFrame, listade_ort: pd.DataFrame, centres: pd.DataFrame, params, seed: int = DEFAULT_SEED
):
    """`ModelInputs` for the whole country: centres, listings, home localities and synthetic
    CNI delivery (SCB layout; `alder_under_5` counted from the listings, the others drawn as
    shares of the listed, aged-alone from the 65+), costs and patient fees (∝ listed, noisy)."""
    from analysis.model.cni import cni_index
    from analysis.model.inputs import ModelInputs

    rng = np.random.default_rng([seed, 3])
    ids = pd.Index(centres["hc_id"].astype(str))
    wide = listade.pivot_table(
        index="hc_id", columns="aldersgrupp", values="antal", aggfunc="sum", fill_value=0, observed=True
    )
    wide = wide.reindex(index=ids, columns=list(AGE_BANDS), fill_value=0)
    listed = wide.sum(axis=1).to_numpy(dtype="float64")
    old = wide[[b for b in AGE_BANDS if int(b.rstrip("+").split("-")[0]) >= 65]].sum(axis=1).to_numpy()
    n = len(ids)
    cni = pd.DataFrame({"enhet": ids.to_numpy(dtype=object), "alder_under_5": wide["0-4"].to_numpy(dtype="int64")})
    for var, (mean, spread) in CNI_SHARES.items():
        share = mean * rng.lognormal(-(spread**2) / 2, spread, size=n)
        cni[var] = np.minimum(np.rint(listed * share), listed).astype("int64")
    cni["aldre_ensamboende"] = np.rint(old * rng.uniform(0.3, 0.45, size=n)).astype("int64")
    cni = cni[["enhet", *CNI_VARIABLES]]
    cni["befolkning"] = np.maximum(listed, 1).astype("int64")
    index = cni_index(cni, params.cni_vikter)
    cni["index"] = np.floor(index.to_numpy())
    cni["cni"] = np.floor(index.to_numpy() / cni["befolkning"].to_numpy() / params.cni_referens * 1e4) / 1e4

    noise = rng.lognormal(-0.02, 0.2, size=(n, len(COST_TYPES)))
    amounts = listed[:, None] * np.array([COST_PER_LISTED[k] for k in COST_TYPES])[None, :] * noise
    kostnader = pd.DataFrame(
        {
            "hc_id": np.repeat(ids.to_numpy(dtype=object), len(COST_TYPES)),
            "kostnadstyp": np.tile(np.array(COST_TYPES, dtype=object), n),
            "belopp_kr": np.round(amounts.ravel(), 0),
        }
    )
    visits = np.rint(listed * rng.uniform(2.2, 3.2, size=n)).astype("int64")
    fees = pd.DataFrame(
        {
            "hc_id": ids.to_numpy(dtype=object),
            "avgifter_kr": np.round(visits * rng.uniform(120, 170, size=n), 0),
            "besok_totalt": visits,
            "besok_hogkostnadsskydd": np.rint(visits * rng.uniform(0.15, 0.3, size=n)).astype("int64"),
        }
    )
    halsocentraler = centres.drop(columns=["andel"], errors="ignore")
    return ModelInputs(
        halsocentraler=halsocentraler,
        listade=listade,
        listade_ort=listade_ort,
        cni_underlag=cni,
        kostnader=kostnader,
        params=params,
        patientavgifter=fees,
    )
