"""The pandera schemas of the dataset's tables: the source of truth for the data contract.

Each Column carries a Swedish `title` and `description` (used for the data dictionary) and, in
`metadata`, the cross-table rules: `refererar` names the column it must match, `aldersband` marks
an age-band column that must cover 0 to 100+. Table-level rules that compare two columns of a row
are pandera Checks whose `statistics["column"]` names the column to point the user at.
"""

from __future__ import annotations

import pandera.pandas as pa

from analysis.vocabulary import (
    CNI_TITLES,
    CNI_VARIABLES,
    COST_TYPES,
    INDICATOR_KEYS,
    INDICATOR_TABLE,
    OWNERSHIP_KEYS,
    RATE_INDICATORS,
)

HC_REF = "halsocentraler.hc_id"
HC_ID_PATTERN = r"^[a-z0-9_]+$"
AGE_BAND_PATTERN = r"^\d+-\d+$|^\d+\+$"

SEXES = ["kvinna", "man"]
PROFESSIONS = ["lakare", "sjukskoterska", "ovrig"]

OPTIONAL_TABLES = {"listning_individ"}
# A table that may stand in for another one when that one is absent.
SUBSTITUTES = {"listade": "listning_individ"}


# --- column builders -------------------------------------------------------------------------

def _column(dtype, checks=(), *, title: str, description: str, nullable: bool = False,
            unique: bool = False, **metadata) -> pa.Column:
    return pa.Column(dtype, list(checks), nullable=nullable, unique=unique, title=title,
                     description=description, metadata=metadata or None)


def hc_id(title: str = "Hälsocentral", description: str = "Hälsocentralens id (se halsocentraler).",
          **kwargs) -> pa.Column:
    return _column(str, [pa.Check.str_matches(HC_ID_PATTERN, description="små bokstäver a–z, siffror och _")],
                   title=title, description=description, refererar=HC_REF, **kwargs)


def sex() -> pa.Column:
    return _column(str, [pa.Check.isin(SEXES)], title="Kön", description="Juridiskt kön.")


def age_band(description: str = "Femårig åldersgrupp, `0-4` … `95-99`, `100+`.", **kwargs) -> pa.Column:
    return _column(str, [pa.Check.str_matches(AGE_BAND_PATTERN, description="'a-b' eller 'a+', t.ex. 0-4, 100+")],
                   title="Åldersgrupp", description=description, aldersband=True, **kwargs)


def municipality_code() -> pa.Column:
    return _column(str, [pa.Check.str_matches(r"^\d{4}$", description="fyra siffror, t.ex. 2380")],
                   title="Kommunkod", description="SCB:s fyrsiffriga kommunkod (23xx i Jämtlands län).")


def count(title: str, description: str, positive: bool = False, **kwargs) -> pa.Column:
    check = pa.Check.gt(0) if positive else pa.Check.ge(0)
    return _column("int64", [check], title=title, description=description, **kwargs)


def amount(title: str, description: str, **kwargs) -> pa.Column:
    return _column("float64", [pa.Check.ge(0)], title=title, description=description, **kwargs)


def text(title: str, description: str, **kwargs) -> pa.Column:
    return _column(str, title=title, description=description, **kwargs)


def identifier(title: str, description: str, **kwargs) -> pa.Column:
    """An id that may be stored as text or as an integer (left as read)."""
    return _column(None, title=title, description=description, **kwargs)


def row_rule(fn, column: str, rule: str) -> pa.Check:
    """A check comparing columns within each row; `rule` is the Swedish expectation."""
    return pa.Check(fn, name=rule, error=rule, description=rule, statistics={"column": column})


def table(name: str, columns: dict[str, pa.Column], *, title: str, description: str,
          key: list[str], checks=(), **metadata) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, checks=list(checks), unique=key, name=name, title=title,
                              description=description, ordered=False, strict=False,
                              metadata=metadata or None)


# --- the tables --------------------------------------------------------------------------------

HALSOCENTRALER = table("halsocentraler", {
    "hc_id": _column(str, [pa.Check.str_matches(HC_ID_PATTERN, description="små bokstäver a–z, siffror och _")],
                     title="Hälsocentral", description="Kort stabilt id, t.ex. `lugnvik`, `jarpen`."),
    "namn": text("Namn", "Hälsocentralens namn."),
    "kommunkod": municipality_code(),
    "kommun": text("Kommun", "Kommunens namn."),
    "ort": text("Ort", "Orten där hälsocentralen ligger."),
    "driftsform": _column(str, [pa.Check.isin(list(OWNERSHIP_KEYS))], title="Driftsform",
                          description="Vem som driver hälsocentralen."),
    "lat": _column("float64", [pa.Check.in_range(55.0, 70.0)], title="Latitud",
                   description="Latitud i grader (WGS 84), inom Sverige."),
    "lon": _column("float64", [pa.Check.in_range(10.0, 25.0)], title="Longitud",
                   description="Longitud i grader (WGS 84), inom Sverige."),
    "upptagningsomrade_befolkning": count("Befolkning i upptagningsområdet",
                                          "Antal invånare i hälsocentralens upptagningsområde."),
}, title="Hälsocentraler", key=["hc_id"],
    description="En rad per hälsocentral i Hälsoval: läge, kommun och driftsform.")

LISTADE = table("listade", {
    "hc_id": hc_id(),
    "kon": sex(),
    "aldersgrupp": age_band(),
    "antal": count("Antal listade", "Antal listade personer."),
}, title="Listade", key=["hc_id", "kon", "aldersgrupp"],
    description="Antal listade per hälsocentral, kön och åldersgrupp; underlag för ersättning per listad.")

LISTADE_ORT = table("listade_ort", {
    "hc_id": hc_id(),
    "ort": text("Hemort", "Orten där de listade är folkbokförda."),
    "kommunkod": municipality_code(),
    "avstand_km": amount("Avstånd (km)", "Vägavstånd i km från hemorten till Östersunds sjukhus."),
    "antal": count("Antal listade", "Antal listade från orten."),
}, title="Listade per hemort", key=["hc_id", "ort"],
    description="Listade per hälsocentral och hemort med avstånd till Östersunds sjukhus; "
                "underlag för glesbygdsersättningen. Summan per hälsocentral ska vara lika med listade.")

LISTNING_INDIVID = table("listning_individ", {
    "person_id": identifier("Person", "Pseudonymt person-id."),
    "hc_id": hc_id(),
    "kon": sex(),
    "alder": _column("int64", [pa.Check.in_range(0, 110)], title="Ålder", description="Ålder i hela år."),
    "avstand_km": amount("Avstånd (km)", "Vägavstånd i km från folkbokföringsadressen till Östersunds sjukhus."),
}, title="Listning per person", key=["person_id"], valfri=True,
    description="Valfri: en rad per listad person. Saknas `listade` summeras denna till åldersgrupper.")

BEFOLKNING = table("befolkning", {
    "kommunkod": municipality_code(),
    "kon": sex(),
    "alder": _column("int64", [pa.Check.in_range(0, 100)], title="Ålder",
                     description="Ålder i hela år; 100 betyder 100 år eller äldre."),
    "kommun": text("Kommun", "Kommunens namn."),
    "antal": count("Antal", "Folkmängd."),
}, title="Befolkning", key=["kommunkod", "kon", "alder"],
    description="Folkmängd per kommun, kön och ålder (SCB).")

VARDBESOK_ALDER = table("vardbesok_alder", {
    "aldersgrupp": age_band(),
    "befolkning": count("Befolkning", "Invånare i regionen i åldersgruppen."),
    "lakarbesok": count("Läkarbesök",
                        "Läkarbesök i primärvården under viktperioden (parameterfilens underlag.viktperiod)."),
    "sjukvardande_behandlingar": count("Sjukvårdande behandlingar",
                                       "Sjukvårdande behandlingar i primärvården under viktperioden."),
}, title="Vårdbesök per åldersgrupp", key=["aldersgrupp"],
    description="Primärvårdsbesök per åldersgrupp i regionen; ger åldersvikterna för ersättning per listad.")

LAKEMEDEL_ALDER = table("lakemedel_alder", {
    "aldersgrupp": age_band(),
    "befolkning": count("Befolkning", "Invånare i regionen i åldersgruppen."),
    "kostnad_kr": amount("Kostnad (kr)", "Kostnad för uttagna läkemedel som primärvården har kostnadsansvar för."),
}, title="Läkemedel per åldersgrupp", key=["aldersgrupp"],
    description="Läkemedelskostnad per åldersgrupp i regionen; ger läkemedelsvikterna.")

CNI_UNDERLAG = table("cni_underlag", {
    "enhet": hc_id(title="Enhet", description="Hälsocentralens id (enheten i SCB:s leverans)."),
    **{var: count(title, f"Antal listade som uppfyller villkoret: {title.lower()}.")
       for var, title in CNI_TITLES.items()},
    "befolkning": count("Befolkning", "Antal listade i enheten (N).", positive=True),
    "index": amount("Index", "Summan av vikt × antal över de sju variablerna."),
    "cni": _column("float64", [pa.Check.gt(0)], title="CNI",
                   description="(index / befolkning) / referensvärdet R."),
}, title="CNI-underlag", key=["enhet"],
    checks=[row_rule(lambda df, v=var: df[v] <= df["befolkning"], var, f"{var} ≤ befolkning")
            for var in CNI_VARIABLES],
    description="SCB:s leverans av Care Need Index per hälsocentral: antal per variabel, index och CNI.")

KOSTNADER = table("kostnader", {
    "hc_id": hc_id(),
    "kostnadstyp": _column(str, [pa.Check.isin(list(COST_TYPES))], title="Kostnadstyp",
                           description="Kostnad som hälsocentralen bar under året (kostnadsansvar)."),
    "belopp_kr": amount("Belopp (kr)", "Kostnad under året."),
}, title="Kostnader", key=["hc_id", "kostnadstyp"],
    description="Hälsocentralernas kostnader med kostnadsansvar, per kostnadstyp.")

PATIENTAVGIFTER = table("patientavgifter", {
    "hc_id": hc_id(),
    "avgifter_kr": amount("Patientavgifter (kr)", "Patientavgifter som hälsocentralen tog in."),
    "besok_totalt": count("Besök totalt", "Alla besök."),
    "besok_hogkostnadsskydd": count("Besök med högkostnadsskydd",
                                    "Besök av patienter med frikort (över högkostnadstaket)."),
}, title="Patientavgifter", key=["hc_id"],
    checks=[row_rule(lambda df: df["besok_hogkostnadsskydd"] <= df["besok_totalt"],
                     "besok_hogkostnadsskydd", "besok_hogkostnadsskydd ≤ besok_totalt")],
    description="Patientavgifter och besök per hälsocentral.")

#: The rates (`analysis.vocabulary.indicators`), whose numerator may exceed the denominator.
_RATES_TEXT = " och ".join(f"{i.in_sentence}, som är en kvot per {f'{i.per:,.0f}'.replace(',', ' ')}"
                           for i in INDICATOR_TABLE if i.kind == "takt")

INDIKATORER = table("indikatorer", {
    "hc_id": hc_id(),
    "indikator": _column(str, [pa.Check.isin(list(INDICATOR_KEYS))], title="Indikator",
                         description="Uppföljningsindikator (se rapporten §7)."),
    "ar": _column("int64", [pa.Check.in_range(1990, 2100)], title="År", description="Uppföljningsår."),
    "taljare": count("Täljare", "Antal som uppfyller indikatorn."),
    "namnare": count("Nämnare", "Antal i underlaget.", positive=True),
}, title="Indikatorer", key=["hc_id", "indikator", "ar"],
    checks=[row_rule(lambda df: (df["taljare"] <= df["namnare"]) | df["indikator"].isin(list(RATE_INDICATORS)),
                     "taljare", f"taljare ≤ namnare (utom {_RATES_TEXT})")],
    description="Uppföljningsindikatorer per hälsocentral och år som täljare och nämnare.")

BESOK = table("besok", {
    "besok_id": identifier("Besök", "Besökets id."),
    "patient_id": identifier("Patient", "Pseudonymt patient-id."),
    "listad_hc": hc_id(title="Listad vid", description="Hälsocentralen där patienten är listad."),
    "besokt_hc": hc_id(title="Besökt", description="Hälsocentralen som besöktes."),
    "datum": _column("datetime64[ns]", title="Datum", description="Besöksdatum."),
    "yrke": _column(str, [pa.Check.isin(PROFESSIONS)], title="Yrke", description="Vårdgivarens yrkesgrupp."),
    "personal_id": identifier("Personal", "Pseudonymt id för vårdgivaren."),
}, title="Besök", key=["besok_id"],
    description="Ett besök per rad; underlag för kontinuitet och täckningsgrad.")

KOLADA = table("kolada", {
    "kpi": _column(str, [pa.Check.str_matches(r"^[A-Z]\d{5}$", description="Koladas nyckeltals-id, t.ex. N79179")],
                   title="Nyckeltal", description="Koladas id för nyckeltalet."),
    "region_id": _column(str, [pa.Check.str_matches(r"^\d{4}$", description="fyra siffror, t.ex. 0023")],
                         title="Region-id", description="`0023` = Jämtland Härjedalen, `0000` = riket."),
    "ar": _column("int64", [pa.Check.in_range(1990, 2100)], title="År", description="År."),
    "region": text("Region", "Regionens namn."),
    "varde": _column("float64", title="Värde", description="Nyckeltalets värde (saknas ibland i Kolada).",
                     nullable=True),
}, title="Kolada", key=["kpi", "region_id", "ar"],
    description="Nyckeltal från Kolada för regionen och riket.")

SCHEMAS: dict[str, pa.DataFrameSchema] = {s.name: s for s in [
    HALSOCENTRALER, LISTADE, LISTADE_ORT, LISTNING_INDIVID, BEFOLKNING, VARDBESOK_ALDER,
    LAKEMEDEL_ALDER, CNI_UNDERLAG, KOSTNADER, PATIENTAVGIFTER, INDIKATORER, BESOK, KOLADA]}


def required_tables() -> list[str]:
    """Tables every dataset must have (a substitute may stand in, see SUBSTITUTES)."""
    return [name for name in SCHEMAS if name not in OPTIONAL_TABLES]


def key_columns(schema: pa.DataFrameSchema) -> list[str]:
    return list(schema.unique or [])
