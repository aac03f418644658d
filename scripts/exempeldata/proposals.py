"""Parameters for the proposals priced beside the 2020 model (issue 19), appended to `parametrar.yml`.

Synthetic unless the report or a board paper publishes the number:

* `utomlans`: visits by patients from other regions per centre (assumed: mostly the mountain
  resorts in winter, report §9 "turistsäsongen"), compensation and fee per visit (assumed);
* `utbildning`: ST doctors and PTP psychologists per centre and the training compensation per
  full-time trainee (assumed; the report §9 only says PTP should be paid like ST);
* `tillganglighet.vite_veckor`/`vite_tillfallen`: weeks and occasions the opening-hours requirement
  was not met (assumed); the fine rule itself is published (report §5.2) and already in the file;
* `sarskilda_ataganden`: 1,3 MSEK and 240 tkr (published, board paper RS/773/2021, 2023-01-11).
"""

from __future__ import annotations

SYNTH = "syntetisk"
ASSUMED = "antagande i exempeldata (inte publicerat)"

# Visits by out-of-county patients per year: resort centres get most (assumed).
OUT_OF_COUNTY_VISITS = {
    "are": 2400,
    "funasdalen": 1900,
    "hede": 700,
    "jarpen": 350,
    "hallen": 150,
    "sveg": 300,
    "gaddede": 180,
    "svenstavik": 120,
    "stromsund": 90,
    "hammerdal": 60,
    "follinge": 50,
    "offerdal": 40,
    "krokom": 80,
    "bracke": 110,
    "hammarstrand": 70,
    "hoting": 60,
    "brunflo": 90,
    "froso": 120,
    "lit": 40,
    "lugnvik": 150,
    "nnv": 130,
    "odensala": 140,
    "ripan": 110,
    "zatagrand": 160,
}
ST_DOCTORS = {
    "lugnvik": 3,
    "odensala": 2,
    "zatagrand": 2,
    "froso": 2,
    "brunflo": 1,
    "krokom": 2,
    "stromsund": 1,
    "sveg": 1,
    "are": 1,
    "ripan": 2,
    "nnv": 1,
    "bracke": 1,
}
PTP_PSYCHOLOGISTS = {"lugnvik": 1, "odensala": 1, "zatagrand": 1, "krokom": 1, "ripan": 1, "nnv": 1}
# Weeks without meeting the opening-hours requirement, and in how many periods (assumed).
FINE_WEEKS = {"gaddede": 14, "hammerdal": 3, "hallen": 6, "hoting": 2}
FINE_OCCASIONS = {"gaddede": 1, "hammerdal": 1, "hallen": 2, "hoting": 1}


def _open(values: dict, closed: tuple[str, ...]) -> dict:
    return {k: v for k, v in sorted(values.items()) if k not in closed}


def _entry(value, enhet: str, kalla: str, status: str) -> dict:
    key = "varden" if isinstance(value, dict) else "varde"
    return {key: value, "enhet": enhet, "kalla": kalla, "status": status}


def side_parameters(closed: tuple[str, ...] = ()) -> dict:
    """The side items' groups; a centre in `closed` has no values."""
    paper = "styrelseärende RS/773/2021 (2023-01-11)"
    return {
        "utomlans": {
            "besok": _entry(
                _open(OUT_OF_COUNTY_VISITS, closed),
                "besök per år",
                f"{ASSUMED}; rapporten §9 (utomlänsersättningen, turistsäsongen)",
                SYNTH,
            ),
            "ersattning_per_besok_kr": _entry(1700, "kr per besök", f"{ASSUMED}; ersättning från hemregionen", SYNTH),
            "avgift_per_besok_kr": _entry(
                200, "kr per besök", f"{ASSUMED}; patientavgift, ingår i patientavgifter", SYNTH
            ),
        },
        "utbildning": {
            "st_lakare": _entry(_open(ST_DOCTORS, closed), "helårstjänster", ASSUMED, SYNTH),
            "ptp_psykologer": _entry(_open(PTP_PSYCHOLOGISTS, closed), "helårstjänster", ASSUMED, SYNTH),
            "ersattning_st_kr": _entry(600_000, "kr per helårstjänst", f"{ASSUMED}; rapporten §9 (ST-nivå)", SYNTH),
            "ersattning_ptp_kr": _entry(250_000, "kr per helårstjänst", f"{ASSUMED}; rapporten §9 (PTP)", SYNTH),
        },
        "tillganglighet": {
            "vite_veckor": _entry(_open(FINE_WEEKS, closed), "veckor per år", ASSUMED, SYNTH),
            "vite_tillfallen": _entry(_open(FINE_OCCASIONS, closed), "tillfällen per år", ASSUMED, SYNTH),
        },
        "sarskilda_ataganden": {
            "huvudmannauppdrag_kr": _entry(1_300_000, "kr per år", f"{paper}, förslag 1 (1,3 mkr/år)", "publicerad"),
            "e_frikort_kr": _entry(240_000, "kr per år", f"{paper}, förslag 2 (240 tkr)", "publicerad"),
        },
    }
