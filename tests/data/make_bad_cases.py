"""Write the tiny valid dataset (tests/data/good/) and the bad-input cases (tests/data/bad/<case>/).

Run from the project root: `python tests/data/make_bad_cases.py`. Output is deterministic (Excel
files differ only in their zip timestamps). A case folder holds the files that replace or add to
the good dataset, and `case.yml`:

    description: what is wrong
    expect: problem | ok          # ok: the dataset must load
    fragments: [...]              # must all appear in one problem line (or, for ok, in the assumptions)
    table: listade                # for ok cases: the table whose assumptions are checked
    point_to: {listade: listade.xlsx}   # manifest entries to repoint
    delete: [listade.csv]         # files of the good dataset to remove
    rehash: true                  # refresh sha256 in the manifest after overlaying (default true)
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good"
BAD = HERE / "bad"
sys.path.insert(0, str(HERE.parents[1] / "src"))

from analysis.data.manifest import rehash_manifest  # noqa: E402

BANDS = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]
CNI_WEIGHTS = {"alder_under_5": 3.23, "utrikes_fodda": 5.72, "aldre_ensamboende": 6.15,
               "ensamstaende_foralder": 4.19, "inflyttade": 4.19, "arbetslosa": 5.13, "lagutbildade": 3.97}
R = 2.476


# --- the good dataset ------------------------------------------------------------------------------

def centres() -> pd.DataFrame:
    return pd.DataFrame([
        ("lugnvik", "Lugnviks hälsocentral", "2380", "Östersund", "Östersund", "regiondriven", 63.193, 14.669, 12000),
        ("jarpen", "Järpens hälsocentral", "2321", "Åre", "Järpen", "regiondriven", 63.348, 13.467, 4000),
        ("hallen", "Hallens hälsocentral", "2321", "Åre", "Hallen", "privat", 63.186, 14.081, 1500),
    ], columns=["hc_id", "namn", "kommunkod", "kommun", "ort", "driftsform", "lat", "lon",
                "upptagningsomrade_befolkning"])


def listade() -> pd.DataFrame:
    scale = {"lugnvik": 12, "jarpen": 5, "hallen": 2}
    rows = [(hc, kon, band, max(1, (30 - abs(i - 9) * 2) * s + (3 if kon == "kvinna" else 0)))
            for hc, s in scale.items() for kon in ("kvinna", "man") for i, band in enumerate(BANDS)]
    return pd.DataFrame(rows, columns=["hc_id", "kon", "aldersgrupp", "antal"])


PLACES = {"lugnvik": [("Östersund", "2380", 3.2), ("Brunflo", "2380", 19.5)],
          "jarpen": [("Järpen", "2321", 75.0), ("Mörsil", "2321", 55.1)],
          "hallen": [("Hallen", "2321", 45.3), ("Marby", "2321", 40.2)]}


def listade_ort(listed: pd.DataFrame) -> pd.DataFrame:
    totals = listed.groupby("hc_id", sort=False)["antal"].sum()
    rows = []
    for hc, places in PLACES.items():
        first = int(totals[hc] * 0.7)
        for (ort, kod, km), n in zip(places, (first, int(totals[hc]) - first)):
            rows.append((hc, ort, kod, km, n))
    return pd.DataFrame(rows, columns=["hc_id", "ort", "kommunkod", "avstand_km", "antal"])


def befolkning() -> pd.DataFrame:
    rows = [(kod, kon, age, kommun, 300 + age * 7 + (11 if kon == "man" else 0))
            for kod, kommun in (("2321", "Åre"), ("2380", "Östersund"))
            for kon in ("kvinna", "man") for age in (0, 50, 100)]
    return pd.DataFrame(rows, columns=["kommunkod", "kon", "alder", "kommun", "antal"])


def vardbesok_alder() -> pd.DataFrame:
    return pd.DataFrame({"aldersgrupp": BANDS,
                         "befolkning": [8000 - 300 * i for i in range(21)],
                         "lakarbesok": [3000 + 150 * abs(i - 4) for i in range(21)],
                         "sjukvardande_behandlingar": [5000 + 200 * i for i in range(21)]})


def lakemedel_alder() -> pd.DataFrame:
    return pd.DataFrame({"aldersgrupp": BANDS,
                         "befolkning": [8000 - 300 * i for i in range(21)],
                         "kostnad_kr": [round(250000.5 + 40000.25 * i, 2) for i in range(21)]})


def cni_underlag(listed: pd.DataFrame) -> pd.DataFrame:
    totals = listed.groupby("hc_id", sort=False)["antal"].sum()
    shares = {"alder_under_5": 0.05, "utrikes_fodda": 0.04, "aldre_ensamboende": 0.06,
              "ensamstaende_foralder": 0.03, "inflyttade": 0.07, "arbetslosa": 0.04, "lagutbildade": 0.08}
    rows = []
    for k, (hc, n) in enumerate(totals.items()):
        counts = {v: int(n * s * (1 + 0.1 * k)) for v, s in shares.items()}
        index = round(sum(CNI_WEIGHTS[v] * c for v, c in counts.items()), 2)
        rows.append({"enhet": hc, **counts, "befolkning": int(n), "index": index,
                     "cni": round(index / n / R, 4)})
    return pd.DataFrame(rows)


def kostnader() -> pd.DataFrame:
    types = ["lakemedel", "lof_lol", "fotvard", "tjanstekop_kommun", "lab_rontgen", "lokaler", "sjukresor"]
    rows = [(hc, t, round(100000.0 * (j + 1) * s + 0.5, 2))
            for hc, s in (("lugnvik", 3), ("jarpen", 2), ("hallen", 1)) for j, t in enumerate(types)]
    return pd.DataFrame(rows, columns=["hc_id", "kostnadstyp", "belopp_kr"])


def patientavgifter() -> pd.DataFrame:
    return pd.DataFrame({"hc_id": ["lugnvik", "jarpen", "hallen"], "avgifter_kr": [2500000.0, 900000.5, 300000.0],
                         "besok_totalt": [30000, 11000, 4000], "besok_hogkostnadsskydd": [4000, 1800, 500]})


def indikatorer() -> pd.DataFrame:
    rows = [(hc, ind, 2020, t, n)
            for hc, base in (("lugnvik", 1000), ("jarpen", 400), ("hallen", 150))
            for ind, t, n in (("noll_an", int(base * 0.9), base), ("antibiotika", int(base * 0.25), base * 4))]
    return pd.DataFrame(rows, columns=["hc_id", "indikator", "ar", "taljare", "namnare"])


def besok() -> pd.DataFrame:
    hcs = ["lugnvik", "jarpen", "hallen"]
    professions = ["lakare", "sjukskoterska", "ovrig"]
    return pd.DataFrame({
        "besok_id": [f"b{i:04d}" for i in range(1, 13)],
        "patient_id": [f"p{(i % 5) + 1:03d}" for i in range(12)],
        "listad_hc": [hcs[i % 3] for i in range(12)],
        "besokt_hc": [hcs[(i // 4) % 3] for i in range(12)],
        "datum": [dt.date(2020, 1 + i % 12, 1 + i) for i in range(12)],
        "yrke": [professions[i % 3] for i in range(12)],
        "personal_id": [f"s{(i % 4) + 1:02d}" for i in range(12)],
    })


def kolada() -> pd.DataFrame:
    return pd.DataFrame([
        ("N79179", "0023", 2020, "Region Jämtland Härjedalen", 85.2),
        ("N79179", "0000", 2020, "Riket", 82.1),
        ("N79173", "0023", 2020, "Region Jämtland Härjedalen", 61.0),
        ("N79173", "0000", 2020, "Riket", None),
    ], columns=["kpi", "region_id", "ar", "region", "varde"])


def params() -> dict:
    age_weights = {b: round(0.4 + 0.08 * i, 4) for i, b in enumerate(BANDS)}
    drug_weights = {b: round(0.3 + 0.12 * i, 4) for i, b in enumerate(BANDS)}
    return {
        "ar": 2020,
        "prisniva": "februari 2020",
        "ersattning_listad": {
            "pris_per_viktenhet": {"varde": 2453, "enhet": "kr per listad och år", "kalla": "rapporten §6",
                                   "status": "publicerad"},
            "aldersvikter": {"varden": age_weights, "kalla": "testdata", "status": "syntetisk"}},
        "cni": {
            "vikter": {"varden": CNI_WEIGHTS, "kalla": "rapporten §6", "status": "publicerad"},
            "referensvarde": {"varde": R, "enhet": "indexpoäng per person", "kalla": "SCB", "status": "publicerad"},
            "snitt_per_listad": {"varde": 820, "enhet": "kr per listad och år", "kalla": "rapporten §6",
                                 "status": "publicerad"}},
        "lakemedel": {
            "pris_per_viktenhet": {"varde": 1272, "enhet": "kr per listad och år", "kalla": "rapporten §6",
                                   "status": "publicerad"},
            "vikter": {"varden": drug_weights, "kalla": "testdata", "status": "syntetisk"}},
        "glesbygd": {
            "budget_kr": {"varde": 5000000, "enhet": "kr per år", "status": "syntetisk"},
            "troskel_km": {"varde": 30, "enhet": "km", "status": "syntetisk"}},
    }


STATUS = {"halsocentraler": "sammanstalld", "befolkning": "offentlig statistik", "kolada": "offentlig statistik"}


def write_good(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    listed = listade()
    frames = {"halsocentraler": centres(), "listade": listed, "listade_ort": listade_ort(listed),
              "befolkning": befolkning(), "vardbesok_alder": vardbesok_alder(),
              "lakemedel_alder": lakemedel_alder(), "cni_underlag": cni_underlag(listed),
              "kostnader": kostnader(), "patientavgifter": patientavgifter(), "indikatorer": indikatorer(),
              "besok": besok(), "kolada": kolada()}
    tables = {}
    for name, frame in frames.items():
        file = f"{name}.parquet" if name == "besok" else f"{name}.csv"
        if file.endswith(".parquet"):
            frame.to_parquet(folder / file, index=False)
        else:
            write_csv(frame, folder / file)
        tables[name] = {"fil": file, "status": STATUS.get(name, "syntetisk"),
                        "kalla": "Testdata för analysis.data", "licens": "CC0", "sha256": "0" * 64}
    (folder / "parametrar.yml").write_text(dump_yaml(params()), encoding="utf-8")
    manifest = {"namn": "test-liten", "ar": 2020, "beskrivning": "Minsta giltiga datamängd för testerna.",
                "parametrar": "parametrar.yml", "tabeller": tables}
    (folder / "manifest.yml").write_text("# Tiny valid dataset for tests (tests/data/make_bad_cases.py)\n"
                                         + dump_yaml(manifest), encoding="utf-8")
    rehash_manifest(folder)


def write_csv(frame: pd.DataFrame, path: Path, **kwargs) -> None:
    encoding = kwargs.pop("encoding", "utf-8")
    text = frame.to_csv(index=False, lineterminator="\n", **kwargs)
    path.write_bytes(text.encode(encoding))


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- the bad cases ------------------------------------------------------------------------------------

def read_good(name: str) -> pd.DataFrame:
    return pd.read_csv(GOOD / f"{name}.csv", dtype=str, keep_default_na=False)


def csv_text(frame: pd.DataFrame, **kwargs) -> str:
    return frame.to_csv(index=False, lineterminator="\n", **kwargs)


def excel_bytes(frame: pd.DataFrame, title_rows: list[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Listade"
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
    fixed = dt.datetime(2020, 5, 5)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cases() -> dict[str, tuple[dict, dict[str, bytes | str]]]:
    """case name -> (case.yml content, {file name: content})."""
    out: dict[str, tuple[dict, dict]] = {}

    def add(name, spec, files=None):
        out[name] = (spec, files or {})

    listed = read_good("listade")
    centre = read_good("halsocentraler")
    ort = read_good("listade_ort")
    pop = read_good("befolkning")
    costs = read_good("kostnader")
    fees = read_good("patientavgifter")
    visits = pd.read_parquet(GOOD / "besok.parquet").astype(str)
    params_text = (GOOD / "parametrar.yml").read_text(encoding="utf-8")
    manifest_text = (GOOD / "manifest.yml").read_text(encoding="utf-8")

    # Files that must load, with the assumption reported.
    lat_comma = centre.assign(lat=centre["lat"].str.replace(".", ","), lon=centre["lon"].str.replace(".", ","))
    add("ok_cp1252_semicolon_decimal_comma",
        {"description": "Excel-export: Windows-1252, semikolon, decimalkomma", "expect": "ok",
         "table": "halsocentraler",
         "fragments": ["läste som Windows-1252, semikolonseparerad, decimalkomma"]},
        {"halsocentraler.csv": csv_text(lat_comma, sep=";").encode("cp1252")})
    add("ok_tab_separated", {"description": "tabbseparerad fil med .csv-ändelse", "expect": "ok",
                             "table": "listade_ort", "fragments": ["tabbseparerad"]},
        {"listade_ort.csv": csv_text(ort, sep="\t")})
    big = pop.assign(antal=pop["antal"].astype(int).mul(9).map(lambda n: f"{n:,}".replace(",", "\u00a0")))
    add("ok_thousands_nbsp", {"description": "tusentalsavgränsare (hårt blanksteg), semikolon", "expect": "ok",
                              "table": "befolkning", "fragments": ["semikolonseparerad"]},
        {"befolkning.csv": csv_text(big, sep=";")})
    shouty = costs.rename(columns=lambda c: f" {c.upper()} ")
    add("ok_bom_and_header_case", {"description": "UTF-8 med BOM, versaler och blanksteg i rubriker",
                                   "expect": "ok", "table": "kostnader", "fragments": ["UTF-8 (med BOM)"]},
        {"kostnader.csv": "\ufeff" + csv_text(shouty)})
    add("ok_excel_title_rows", {"description": "Excel med titelrader ovanför rubrikraden", "expect": "ok",
                                "table": "listade", "fragments": ["rubrikraden är rad 3"],
                                "point_to": {"listade": "listade.xlsx"}, "delete": ["listade.csv"]},
        {"listade.xlsx": excel_bytes(listed, ["Listade per hälsocentral 2020", ""])})

    # As Excel saves them: "Unicode-text" (UTF-16, tab, CRLF); a separator at the end of every line.
    add("ok_utf16_unicode_text", {"description": "Excels Unicode-text: UTF-16 med BOM, tabb, CRLF",
                                  "expect": "ok", "table": "listade_ort",
                                  "fragments": ["läste som UTF-16", "tabbseparerad"]},
        {"listade_ort.csv": "\ufeff".encode("utf-16-le")
         + csv_text(ort, sep="\t").replace("\n", "\r\n").encode("utf-16-le")})
    trailing = "".join(line + ";\r\n" for line in csv_text(lat_comma, sep=";").splitlines())
    add("ok_trailing_empty_column_crlf",
        {"description": "Excel-export med avslutande semikolon på varje rad och CRLF", "expect": "ok",
         "table": "halsocentraler", "fragments": ["semikolonseparerad", "hoppade över en tom kolumn sist"]},
        {"halsocentraler.csv": trailing.encode("cp1252")})

    # Format problems.
    add("separator_mismatch",
        {"description": "rubrikraden semikolonseparerad, dataraderna kommaseparerade",
         "fragments": ["listade.csv", "rad 2", "126 av 126 rader har färre fält än rubrikraden",
                       "olika avgränsare", "förväntat: 4 fält som rubrikraden"]},
        {"listade.csv": ";".join(listed.columns) + "\n" + csv_text(listed, header=False)})
    extra_field = csv_text(listed).splitlines()
    extra_field[5] += ",99"
    add("too_many_fields", {"description": "en rad med ett fält för mycket",
                            "fragments": ["listade.csv", "rad 6", "raden har 5 fält men rubrikraden har 4"]},
        {"listade.csv": "\n".join(extra_field) + "\n"})
    mixed = ort.assign(avstand_km=ort["avstand_km"].str.replace(".", ","))
    mixed.loc[3, "avstand_km"] = "55.1"
    add("mixed_decimal_marks",
        {"description": "decimalkomma i filen men en cell med decimalpunkt",
         "fragments": ["listade_ort.csv", "rad 5", "kolumn 'avstand_km'", "värdet '55.1' är inte ett tal",
                       "förväntat: ett tal ≥ 0"]},
        {"listade_ort.csv": csv_text(mixed, sep=";")})
    add("empty_file", {"description": "tom fil", "fragments": ["kolada.csv", "filen är tom"]},
        {"kolada.csv": b""})
    add("header_only", {"description": "bara rubrikraden",
                        "fragments": ["patientavgifter.csv", "filen har inga datarader"]},
        {"patientavgifter.csv": ",".join(fees.columns) + "\n"})
    add("binary_garbage", {"description": "binärt skräp i stället för CSV",
                           "fragments": ["listade.csv", "ser inte ut som en tabell", "förväntat: CSV, Parquet"]},
        {"listade.csv": bytes(range(256)) * 4})
    add("old_xls_format", {"description": "gammalt Excel-format (.xls)",
                           "fragments": ["listade.xls", "gamla Excel-formatet", "förväntat: spara den som .xlsx"],
                           "point_to": {"listade": "listade.xls"}},
        {"listade.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)})
    add("broken_xlsx", {"description": "trasig .xlsx (zip-huvud, sedan skräp)",
                        "fragments": ["listade.xlsx", "Excel-filen går inte att läsa"],
                        "point_to": {"listade": "listade.xlsx"}},
        {"listade.xlsx": b"PK\x03\x04" + bytes(200)})
    add("broken_parquet", {"description": "avkortad Parquet-fil",
                           "fragments": ["besok.parquet", "Parquet-filen går inte att läsa", "förväntat: en hel Parquet-fil"]},
        {"besok.parquet": (GOOD / "besok.parquet").read_bytes()[:300]})

    # Columns.
    add("missing_column", {"description": "kolumnen antal saknas",
                           "fragments": ["listade.csv", "rad 1", "kolumnen 'antal' saknas",
                                         "förväntat: kolumnerna hc_id, kon, aldersgrupp, antal"]},
        {"listade.csv": csv_text(listed.drop(columns="antal"))})
    add("extra_column", {"description": "okänd extra kolumn",
                         "fragments": ["halsocentraler.csv", "rad 1", "kolumn 'telefon'", "okänd kolumn 'telefon'",
                                       "förväntat: kolumnerna hc_id, namn"]},
        {"halsocentraler.csv": csv_text(centre.assign(telefon="063-123456"))})
    add("renamed_column_typo", {"description": "felstavat kolumnnamn",
                                "fragments": ["listade.csv", "rad 1", "kolumn 'antl'", "menade du 'antal'?",
                                              "förväntat: kolumnerna hc_id, kon, aldersgrupp, antal"]},
        {"listade.csv": csv_text(listed.rename(columns={"antal": "antl"}))})

    add("duplicate_column", {"description": "samma kolumn två gånger",
                             "fragments": ["kostnader.csv", "rad 1", "kolumn 'hc_id'", "förekommer mer än en gång",
                                           "förväntat: varje kolumnnamn en gång"]},
        {"kostnader.csv": csv_text(costs.assign(extra=costs["hc_id"])).replace(",extra\n", ",HC_ID\n", 1)})

    # Cell values.
    def with_cell(frame, row, column, value):
        frame = frame.copy()
        frame.loc[row, column] = value
        return frame

    add("text_in_count", {"description": "text i en antalskolumn",
                          "fragments": ["listade.csv, rad 14, kolumn 'antal': värdet 'tolv' är inte ett heltal "
                                        "(förväntat: ett heltal ≥ 0)"]},
        {"listade.csv": csv_text(with_cell(listed, 12, "antal", "tolv"))})
    add("negative_count", {"description": "negativt antal",
                           "fragments": ["listade_ort.csv", "rad 3", "kolumn 'antal'", "värdet '-5'",
                                         "förväntat: ett heltal ≥ 0"]},
        {"listade_ort.csv": csv_text(with_cell(ort, 1, "antal", "-5"))})
    add("float_in_count", {"description": "decimaltal i en antalskolumn",
                           "fragments": ["listade.csv", "rad 4", "kolumn 'antal'", "värdet '2.5' är inte ett heltal",
                                         "förväntat: ett heltal ≥ 0"]},
        {"listade.csv": csv_text(with_cell(listed, 2, "antal", "2.5"))})
    add("huge_integer", {"description": "heltal för stort för att vara exakt",
                         "fragments": ["kolada.csv", "rad 2", "kolumn 'ar'", "värdet '99999999999999999999' är inte ett heltal",
                                       "förväntat: ett heltal mellan 1990 och 2100"]},
        {"kolada.csv": csv_text(with_cell(read_good("kolada"), 0, "ar", "99999999999999999999"))})
    add("missing_value", {"description": "tomt namn",
                          "fragments": ["halsocentraler.csv", "rad 3", "kolumn 'namn'", "värde saknas",
                                        "förväntat: text"]},
        {"halsocentraler.csv": csv_text(with_cell(centre, 1, "namn", ""))})
    add("unknown_kon", {"description": "okänt värde för kön",
                        "fragments": ["listade.csv", "rad 2", "kolumn 'kon'", "värdet 'kvinnor' är inte tillåtet",
                                      "förväntat: ett av: kvinna, man"]},
        {"listade.csv": csv_text(with_cell(listed, 0, "kon", "kvinnor"))})
    add("unknown_driftsform", {"description": "okänd driftsform",
                               "fragments": ["halsocentraler.csv", "rad 4", "kolumn 'driftsform'", "'landsting'",
                                             "förväntat: ett av: regiondriven, privat, kommunal"]},
        {"halsocentraler.csv": csv_text(with_cell(centre, 2, "driftsform", "landsting"))})
    add("latitude_out_of_range", {"description": "latitud utanför Sverige",
                                  "fragments": ["halsocentraler.csv", "rad 2", "kolumn 'lat'", "värdet '163.193'",
                                                "förväntat: ett tal mellan 55 och 70"]},
        {"halsocentraler.csv": csv_text(with_cell(centre, 0, "lat", "163.193"))})
    add("duplicate_key", {"description": "samma hc_id, kon och åldersgrupp två gånger",
                          "fragments": ["listade.csv", "rad 128", "kolumnerna 'hc_id, kon, aldersgrupp'",
                                        "finns redan på rad 2",
                                        "förväntat: unik kombination av hc_id, kon, aldersgrupp"]},
        {"listade.csv": csv_text(pd.concat([listed, listed.head(1)]))})
    csv_visits = visits.copy()
    add("duplicate_besok_id", {"description": "samma besok_id två gånger",
                               "fragments": ["besok.csv", "rad 7", "kolumn 'besok_id'",
                                             "värdet 'b0001' finns redan på rad 2", "förväntat: unikt värde i besok_id"],
                               "point_to": {"besok": "besok.csv"}, "delete": ["besok.parquet"]},
        {"besok.csv": csv_text(with_cell(csv_visits, 5, "besok_id", "b0001"))})
    add("date_not_a_date", {"description": "ogiltigt datum",
                            "fragments": ["besok.csv", "rad 4", "kolumn 'datum'", "värdet '2020-02-30' är inte ett datum",
                                          "förväntat: ett datum (ÅÅÅÅ-MM-DD)"],
                            "point_to": {"besok": "besok.csv"}, "delete": ["besok.parquet"]},
        {"besok.csv": csv_text(with_cell(csv_visits, 2, "datum", "2020-02-30"))})
    add("excel_text_in_number",
        {"description": "Excel med titelrader och text i en talcell",
         "fragments": ["listade.xlsx", "rad 7", "kolumn 'antal'", "värdet 'tolv' är inte ett heltal",
                       "förväntat: ett heltal ≥ 0"],
         "point_to": {"listade": "listade.xlsx"}, "delete": ["listade.csv"]},
        {"listade.xlsx": excel_bytes(with_cell(listed, 3, "antal", "tolv"), ["Listade 2020", ""])})
    add("row_rule_high_cost", {"description": "fler besök med högkostnadsskydd än besök totalt",
                               "fragments": ["patientavgifter.csv", "rad 3", "kolumn 'besok_hogkostnadsskydd'",
                                             "förväntat: besok_hogkostnadsskydd ≤ besok_totalt"]},
        {"patientavgifter.csv": csv_text(with_cell(fees, 1, "besok_hogkostnadsskydd", "99999"))})

    # Across tables.
    add("unknown_centre", {"description": "hc_id som inte finns i halsocentraler",
                           "fragments": ["kostnader.csv", "rad 5", "kolumn 'hc_id'",
                                         "värdet 'okand' finns inte i halsocentraler.csv",
                                         "förväntat: ett hc_id från halsocentraler.csv"]},
        {"kostnader.csv": csv_text(with_cell(costs, 3, "hc_id", "okand"))})
    vb = read_good("vardbesok_alder")
    add("age_band_gap", {"description": "åldersgruppen 10-14 saknas",
                         "fragments": ["vardbesok_alder.csv", "rad 4", "kolumn 'aldersgrupp'",
                                       "glapp mellan '5-9' och '15-19'", "förväntat: åldersgrupper som täcker 0 till 100+"]},
        {"vardbesok_alder.csv": csv_text(vb.drop(index=2))})
    lm = read_good("lakemedel_alder")
    add("age_band_overlap", {"description": "10-19 överlappar 15-19",
                             "fragments": ["lakemedel_alder.csv", "rad 5", "kolumn 'aldersgrupp'",
                                           "'10-19' och '15-19' överlappar", "förväntat: åldersgrupper som täcker"]},
        {"lakemedel_alder.csv": csv_text(with_cell(lm, 2, "aldersgrupp", "10-19"))})
    add("listade_ort_totals", {"description": "listade_ort summerar inte till listade",
                               "fragments": ["listade_ort.csv", "rad 2", "kolumn 'antal'",
                                             "summan av antal för hc_id 'lugnvik'", "men listade.csv har",
                                             "förväntat: summan"]},
        {"listade_ort.csv": csv_text(with_cell(ort, 0, "antal", str(int(ort.loc[0, "antal"]) + 7)))})
    cni = read_good("cni_underlag")
    add("cni_index_inconsistent", {"description": "CNI-index stämmer inte med antal × vikter",
                                   "fragments": ["cni_underlag.csv", "rad 3", "kolumn 'index'", "stämmer inte",
                                                 "förväntat: Σ vikt × antal"]},
        {"cni_underlag.csv": csv_text(with_cell(cni, 1, "index", "12345.0"))})

    # Parameters.
    share = params_text.replace("cni:\n", "cni:\n  andel_av_fast_ersattning:\n    varde: 25\n"
                                          "    enhet: andel\n    status: syntetisk\n", 1)
    add("share_above_one", {"description": "andel angiven i procent i stället för 0–1",
                            "fragments": ["parametrar.yml", "nyckel 'cni.andel_av_fast_ersattning.varde'",
                                          "andelen 25 ligger utanför 0–1", "förväntat: en andel mellan 0 och 1"]},
        {"parametrar.yml": share})
    missing_price = params_text.replace("    varde: 2453\n", "", 1)
    add("missing_param_key", {"description": "pris per viktenhet saknas",
                              "fragments": ["parametrar.yml", "rad 4", "nyckel 'ersattning_listad.pris_per_viktenhet.varde'",
                                            "nyckeln saknas"]},
        {"parametrar.yml": missing_price})
    negative = params_text.replace("    varde: 1272\n", "    varde: -1272\n", 1)
    add("negative_param", {"description": "negativt pris",
                           "fragments": ["parametrar.yml", "nyckel 'lakemedel.pris_per_viktenhet.varde'",
                                         "förväntat: ett tal > 0)"]},
        {"parametrar.yml": negative})
    no_top = "\n".join(line for line in params_text.splitlines() if not line.startswith("      100+:")) + "\n"
    add("param_weights_missing_band", {"description": "vikt för 100+ saknas",
                                       "fragments": ["parametrar.yml", "rad 10", "nyckel 'ersattning_listad.aldersvikter.varden'",
                                                     "vikt saknas för åldersgruppen '100+'",
                                                     "förväntat: en vikt per åldersgrupp i listade.csv"]},
        {"parametrar.yml": no_top})

    # Manifest.
    add("sha256_mismatch", {"description": "filen ändrad efter att manifestet skrevs", "rehash": False,
                            "fragments": ["manifest.yml", "nyckel 'tabeller.listade.sha256'", "har ändrats",
                                          "python -m analysis data rehash", "förväntat: sha256 "]},
        {"listade.csv": csv_text(with_cell(listed, 0, "antal", "999"))})
    add("missing_file", {"description": "manifestet nämner en fil som saknas",
                         "fragments": ["manifest.yml", "nyckel 'tabeller.kolada.fil'",
                                       "filen 'kolada.csv' för tabellen 'kolada' finns inte",
                                       "förväntat: en fil i datamängdens mapp"],
                         "delete": ["kolada.csv"]})
    outside = manifest_text.replace("fil: kolada.csv", "fil: ../kolada.csv", 1)
    add("file_outside_folder", {"description": "manifestet pekar på en fil utanför mappen",
                                "fragments": ["manifest.yml", "nyckel 'tabeller.kolada.fil'",
                                              "ligger utanför datamängdens mapp", "förväntat: en fil i datamängdens mapp"]},
        {"manifest.yml": outside})
    add("manifest_entry_is_folder", {"description": "manifestet pekar på en mapp i stället för en fil",
                                     "fragments": ["manifest.yml", "nyckel 'tabeller.kolada.fil'",
                                                   "'kolada' för tabellen 'kolada' är en mapp, inte en fil",
                                                   "förväntat: en fil i datamängdens mapp"],
                                     "point_to": {"kolada": "kolada"}, "mkdir": ["kolada"]})
    lines = params_text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "varde: 1272")
    lines[at] = lines[at].replace("1272", '"1272')
    add("yaml_unclosed_quote", {"description": "citattecken som aldrig stängs i parameterfilen",
                                "fragments": ["parametrar.yml", f"rad {at + 1}:",
                                              "citattecknet som börjar på raden stängs aldrig",
                                              "förväntat: giltig YAML"]},
        {"parametrar.yml": "\n".join(lines) + "\n"})
    lines = manifest_text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("beskrivning:"))
    lines[at] = "beskrivning: Exempel: en rad med kolon"
    add("yaml_colon_in_value", {"description": "kolon i ett värde utan citattecken i manifestet", "rehash": False,
                                "fragments": ["manifest.yml", f"rad {at + 1}:", "ett kolon (':') står där",
                                              "behöver citattecken"]},
        {"manifest.yml": "\n".join(lines) + "\n"})
    unknown = manifest_text.replace("tabeller:\n", "tabeller:\n  listad:\n    fil: listade.csv\n    status: syntetisk\n"
                                                   "    kalla: test\n    licens: CC0\n    sha256: " + "0" * 64 + "\n", 1)
    add("unknown_table", {"description": "okänd tabell i manifestet",
                          "fragments": ["manifest.yml", "nyckel 'tabeller.listad'", "okänd tabell 'listad'",
                                        "menade du 'listade'?", "förväntat: en av: halsocentraler, listade"]},
        {"manifest.yml": unknown})
    bad_status = manifest_text.replace("status: offentlig statistik", "status: preliminär", 1)
    add("unknown_status", {"description": "okänd status i manifestet",
                           "fragments": ["manifest.yml", "rad 27", "nyckel 'tabeller.befolkning.status'",
                                         "värdet 'preliminär' är inte tillåtet",
                                         "förväntat: ett av: publicerad, offentlig statistik, sammanstalld, syntetisk"]},
        {"manifest.yml": bad_status})
    return out


def write_cases(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for name, (spec, files) in cases().items():
        case = folder / name
        case.mkdir(parents=True)
        (case / "case.yml").write_text(dump_yaml(spec), encoding="utf-8")
        for file, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (case / file).write_bytes(data)


def main(root: Path = HERE) -> None:
    write_good(root / "good")
    global GOOD
    GOOD = root / "good"
    write_cases(root / "bad")
    print(f"wrote {root / 'good'} and {len(list((root / 'bad').iterdir()))} cases in {root / 'bad'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
