"""Constants and small helpers shared by the generator's modules."""

from __future__ import annotations

import zlib

import numpy as np

#: The one seed. Every table draws from its own stream derived from it (see `rng_for`), so changing
#: how one table is drawn does not change the others.
SEED = 20200505  # the report's date, 2020-05-05

AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 100, 5)) + ("100+",)
BAND_LOWER: dict[str, int] = {b: 5 * i for i, b in enumerate(AGE_BANDS)}
BAND_MID: dict[str, float] = {b: 5 * i + 2.0 for i, b in enumerate(AGE_BANDS)}
SEXES: tuple[str, ...] = ("kvinna", "man")

#: Jämtland's municipalities, SCB codes (4-digit strings).
KOMMUNER: dict[str, str] = {
    "2303": "Ragunda",
    "2305": "Bräcke",
    "2309": "Krokom",
    "2313": "Strömsund",
    "2321": "Åre",
    "2326": "Berg",
    "2361": "Härjedalen",
    "2380": "Östersund",
}
KOMMUNKOD: dict[str, str] = {name: code for code, name in KOMMUNER.items()}
OSTERSUND = "2380"

#: Östersund hospital (Östersunds sjukhus), approximate WGS84 point.
HOSPITAL_LAT, HOSPITAL_LON = 63.1766, 14.6361
#: Straight-line km × this factor = "road-equivalent" km (a common rule of thumb for rural Sweden).
ROAD_FACTOR = 1.3


def rng_for(name: str) -> np.random.Generator:
    """A reproducible random stream for one part of the dataset (seed + CRC32 of its name)."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def age_band(age: int) -> str:
    """The five-year band of an age (100 and above → `100+`)."""
    return AGE_BANDS[min(int(age) // 5, 20)]


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (works on scalars and numpy arrays)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def road_km_to_hospital(lat, lon):
    """Road-equivalent distance to Östersund hospital: haversine × ROAD_FACTOR, rounded to 0.1 km."""
    return np.round(haversine_km(lat, lon, HOSPITAL_LAT, HOSPITAL_LON) * ROAD_FACTOR, 1)


def largest_remainder(total: int, weights) -> np.ndarray:
    """Split the integer `total` into integers proportional to `weights` (Hamilton's method).

    Ties in the remainders go to the earlier position, so the result is deterministic.
    """
    w = np.asarray(weights, dtype="float64")
    if total == 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype="int64")
    exact = w / w.sum() * total
    out = np.floor(exact).astype("int64")
    short = int(total - out.sum())
    order = np.lexsort((np.arange(len(w)), -(exact - out)))
    out[order[:short]] += 1
    return out
