"""Health centres of 2020, home localities and catchment areas (table `halsocentraler`).

Localities are GeoNames postal places (data/raw/geonames-postal-SE/SE-23.txt) with a few documented
fixes, because GeoNames tags places with the municipality of their postal area:

* re-tagged to their administrative municipality: Föllinge and Offerdal → Krokom, Svenstavik and
  Hackås → Berg, Stugun → Ragunda (SOURCE.md names the first three);
* dropped, because they lie outside Jämtland county: Ramsele, Liden, Torpshammar, Ramsjö;
* rows at Berg's shared default point (62.5484 N, 14.3647 E) are ignored, so places that only have
  that point (Fäker, Ljungdalen, Stenstavik, Storsjö Kapell and a second "Hallen") are dropped;
* Hallen (Åre): GeoNames gives the Järpen postal-area point (63.37 N, 13.45 E); the village lies on
  Storsjön at 63°11′ N 14°05′ E (SCB tätort coordinates, via Wikipedia), which we use instead.

A place's coordinate is that of its GeoNames rows with accuracy 4 if any, else its most common one.
A place's weight is its number of distinct postal codes: a rough but documented proxy for its share of
the municipality's population (used only to spread real municipal totals over places).
"""

from __future__ import annotations

import pandas as pd

from exempeldata.common import KOMMUNER, haversine_km, largest_remainder, road_km_to_hospital

RETAG = {"Föllinge": "2309", "Offerdal": "2309", "Svenstavik": "2326", "Hackås": "2326", "Stugun": "2303"}
OUTSIDE_COUNTY = {"Ramsele", "Liden", "Torpshammar", "Ramsjö"}
BERG_DEFAULT_POINT = (62.5484, 14.3647)
COORD_OVERRIDE = {("Hallen", "2321"): (63.1833, 14.0833)}

# hc_id, name, kommunkod, ort (GeoNames place), driftsform, source for the ownership.
# "antagande" = the report does not say; region-run assumed (noted in the manifest).
CENTRES: list[tuple[str, str, str, str, str, str]] = [
    ("brunflo", "Hälsocentralen Brunflo", "2380", "Brunflo", "regiondriven", "antagande"),
    ("froso", "Frösö hälsocentral", "2380", "Frösön", "regiondriven", "rapporten §8.5 (egen regi)"),
    ("lit", "Lits hälsocentral", "2380", "Lit", "regiondriven", "antagande"),
    ("lugnvik", "Lugnviks hälsocentral", "2380", "Östersund", "regiondriven", "antagande"),
    ("nnv", "Nya närvården (NNV) Östersund", "2380", "Östersund", "privat", "rapporten §8.1"),
    ("odensala", "Odensala hälsocentral", "2380", "Östersund", "regiondriven", "rapporten §8.5 (egen regi)"),
    ("ripan", "Hälsocentralen Ripan (Medinord AB)", "2380", "Östersund", "privat", "rapporten §8.4"),
    (
        "zatagrand",
        "Hälsocentralen Zätagränd",
        "2380",
        "Östersund",
        "regiondriven",
        "rapporten §8.4–8.5 (Z-gränd, egen regi)",
    ),
    ("follinge", "Föllinge hälsocentral", "2309", "Föllinge", "regiondriven", "antagande"),
    ("krokom", "Krokoms hälsocentral", "2309", "Krokom", "regiondriven", "rapporten §8.2 (egenregin i Krokom)"),
    ("offerdal", "Hälsorum Offerdal", "2309", "Offerdal", "privat", "rapporten §8.2"),
    ("are", "Åre hälsocentral", "2321", "Åre", "regiondriven", "antagande"),
    ("hallen", "Hallens hälsocentral", "2321", "Hallen", "regiondriven", "antagande"),
    ("jarpen", "Järpens hälsocentral", "2321", "Järpen", "regiondriven", "antagande"),
    ("gaddede", "Närvård Frostviken (Gäddede)", "2313", "Gäddede", "kommunal", "rapporten §8.6–8.7"),
    ("hammerdal", "Hammerdals hälsocentral", "2313", "Hammerdal", "regiondriven", "antagande"),
    ("hoting", "Nya närvården (NNV) Hoting", "2313", "Hoting", "privat", 'rapporten §8.1 ("NNV Hoting")'),
    ("stromsund", "Strömsunds hälsocentral", "2313", "Strömsund", "regiondriven", "rapporten §8.5 (egen regi)"),
    ("svenstavik", "Svenstaviks hälsocentral", "2326", "Svenstavik", "regiondriven", "antagande"),
    ("bracke", "Bräcke hälsocentral", "2305", "Bräcke", "regiondriven", "antagande"),
    ("hammarstrand", "Hammarstrands hälsocentral", "2303", "Hammarstrand", "regiondriven", "antagande"),
    ("funasdalen", "Funäsdalens hälsocentral", "2361", "Funäsdalen", "regiondriven", "antagande"),
    (
        "hede",
        "Fjällhälsan (Hede)",
        "2361",
        "Hede",
        "privat",
        "rapporten §8.3 (privat utförare vid hearingen; filial i Lillhärdal)",
    ),
    ("sveg", "Svegs hälsocentral", "2361", "Sveg", "regiondriven", "rapporten §8.5 (egen regi)"),
]

# Places served by another centre than the nearest one, with the report's reason.
CATCHMENT_OVERRIDE = {
    "Lidsjöberg": "gaddede",  # §8.6: Närvård Frostviken staffs a "passning" in Lidsjöberg
    "Lillhärdal": "hede",  # §8.3: Fjällhälsan's branch (filial) is in Lillhärdal
}


def centres_frame(closed: tuple[str, ...] = (), opened: tuple = ()) -> pd.DataFrame:
    """The centres of 2020, without `closed` and with `opened` (a later example year)."""
    cols = ["hc_id", "namn", "kommunkod", "ort", "driftsform", "driftsform_kalla"]
    rows = [c for c in CENTRES if c[0] not in closed] + list(opened)
    df = pd.DataFrame(rows, columns=cols)
    df["kommun"] = df["kommunkod"].map(KOMMUNER)
    return df


def localities(geo: pd.DataFrame) -> pd.DataFrame:
    """Jämtland places: ort, kommunkod, lat, lon, vikt (distinct postal codes), avstand_km."""
    g = geo.copy()
    g["ort"] = g["ort"].where(g["ort"] != "ÖSTERSUND", "Östersund")
    g["kommunkod"] = g["ort"].map(RETAG).fillna(g["kommunkod"])
    g = g[~g["ort"].isin(OUTSIDE_COUNTY)]
    g = g[~((g["lat"] == BERG_DEFAULT_POINT[0]) & (g["lon"] == BERG_DEFAULT_POINT[1]))]
    rows = [_place(ort, kod, grp) for (ort, kod), grp in g.groupby(["ort", "kommunkod"], sort=True)]
    out = pd.DataFrame(rows, columns=["ort", "kommunkod", "lat", "lon", "vikt"])
    out["avstand_km"] = road_km_to_hospital(out["lat"], out["lon"])
    return out.sort_values(["kommunkod", "ort"], kind="mergesort").reset_index(drop=True)


def _place(ort: str, kod: str, grp: pd.DataFrame) -> tuple:
    if (ort, kod) in COORD_OVERRIDE:
        lat, lon = COORD_OVERRIDE[(ort, kod)]
    else:
        best = grp[grp["noggrannhet"] == 4]
        best = best if len(best) else grp
        lat, lon = best.groupby(["lat", "lon"]).size().sort_index().idxmax()
    return ort, kod, float(lat), float(lon), int(grp["postnummer"].nunique())


def add_coordinates(centres: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Centres with lat/lon of their GeoNames place."""
    pts = places.set_index(["ort", "kommunkod"])[["lat", "lon"]]
    return centres.join(pts, on=["ort", "kommunkod"], validate="many_to_one")


def catchments(centres: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """(ort, kommunkod, hc_id, andel): the catchment centre(s) of every place.

    Rule: a place belongs to the nearest centre in its municipality (great-circle distance), except
    the documented CATCHMENT_OVERRIDE. Where several centres share the nearest point (the five
    centres in Östersund town), the place is shared equally between them.
    """
    rows = []
    for p in places.itertuples():
        cand = centres[centres["kommunkod"] == p.kommunkod]
        if p.ort in CATCHMENT_OVERRIDE:
            chosen = [CATCHMENT_OVERRIDE[p.ort]]
        else:
            d = haversine_km(p.lat, p.lon, cand["lat"].to_numpy(), cand["lon"].to_numpy()).round(6)
            chosen = list(cand["hc_id"][d == d.min()])
        rows += [(p.ort, p.kommunkod, hc, 1.0 / len(chosen)) for hc in chosen]
    return pd.DataFrame(rows, columns=["ort", "kommunkod", "hc_id", "andel"])


def place_population(places: pd.DataFrame, kommun_pop: pd.Series) -> pd.Series:
    """Residents per (kommunkod, ort): the municipality's real total spread ∝ place weight."""
    parts = []
    for kod, grp in places.groupby("kommunkod", sort=True):
        n = largest_remainder(int(kommun_pop[kod]), grp["vikt"])
        parts.append(pd.Series(n, index=pd.MultiIndex.from_frame(grp[["kommunkod", "ort"]])))
    return pd.concat(parts).rename("befolkning")


def catchment_population(catch: pd.DataFrame, place_pop: pd.Series) -> pd.Series:
    """upptagningsomrade_befolkning per hc_id: residents of the places in the centre's catchment.

    Shared places (Östersund town) are split equally, with integer rounding by largest remainder
    so that each municipality's catchments add up to its SCB population exactly.
    """
    out = {}
    for (kod, ort), grp in catch.groupby(["kommunkod", "ort"], sort=True):
        share = largest_remainder(int(place_pop[(kod, ort)]), grp["andel"])
        for hc, n in zip(grp["hc_id"], share):
            out[hc] = out.get(hc, 0) + int(n)
    return pd.Series(out, name="upptagningsomrade_befolkning").sort_index()
