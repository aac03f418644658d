"""`manifest.yml`: every table with file, status, source (Swedish, shown in the book), licence, SHA-256."""

from __future__ import annotations

from exempeldata.centres import CENTRES
from exempeldata.listings import UNLISTED_SHARE
from exempeldata.money import LOF_LOL_TOTAL
from exempeldata.profile import PROFILES, Profile

GEONAMES = "data/raw/geonames-postal-SE/SOURCE.md"
SCB = "data/raw/scb-via-SCBHandlerPlotter/SOURCE.md"
KOLADA = "data/raw/kolada-hosrapport-halland/SOURCE.md"
SYNTH_LICENCE = "syntetiska data, fria att använda (skapade av scripts/make_example_data.py)"

DESCRIPTION = (
    "Exempeldata för Hälsoval Region Jämtland Härjedalen 2020. Befolkningen (SCB 31 december 2019) och "
    "Kolada-serierna är offentlig statistik; hälsocentralerna är sammanställda ur rapporten och GeoNames; "
    "allt annat är syntetiskt, skapat med fast frö och kalibrerat så att rapportens publicerade siffror "
    "(§6: vikter, CNI-spann, kronor) kommer ut. Inga verkliga patientuppgifter."
)
CENTRE_NAMES = {c[0]: c[1] for c in CENTRES}
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(iso: str) -> str:
    """'2019-12-31' → '31 december 2019'."""
    year, month, day = iso.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def _short_period(profile: Profile) -> str:
    """'nov 2018–okt 2019'."""
    (y1, m1), (y2, m2) = (p.split("-") for p in profile.weight_period)
    return f"{MONTHS[int(m1) - 1][:3]} {y1}–{MONTHS[int(m2) - 1][:3]} {y2}"


def description(profile: Profile, names: dict[str, str]) -> str:
    if profile.report_year:
        return DESCRIPTION
    closed = ", ".join(names[c] for c in profile.closed)
    opened = ", ".join(c[1] for c in profile.opened)
    return (
        f"Exempeldata för Hälsoval Region Jämtland Härjedalen {profile.year}: ett år efter rapporten, med nya "
        f"belopp (prisnivå {profile.prisniva}), nya vikter, {closed} stängd och {opened} ny. Befolkningen är SCB:s "
        f"31 december 2019 framskriven till {swedish_date(profile.population_date)}; Kolada-serierna är offentlig "
        f"statistik som de såg ut vid utgången av {profile.kolada_until}; hälsocentralerna är sammanställda ur "
        "rapporten och GeoNames; allt annat är syntetiskt, skapat med fast frö. Två tabeller är sparade som "
        "svenska Excel sparar dem. Inga verkliga patientuppgifter."
    )


def _kalla(data: dict, profile: Profile) -> dict[str, str]:
    hc = data["halsocentraler"].set_index("hc_id")["namn"]
    assumed = [hc[i] for i, src in data["driftsform_kalla"].sort_index().items() if src == "antagande"]
    pct = f"{UNLISTED_SHARE * 100:.1f}".replace(".", ",")
    population = (
        "SCB:s befolkning 31 december 2019"
        if profile.report_year
        else f"befolkningen {swedish_date(profile.population_date)} (tabellen befolkning)"
    )
    changes = (
        ""
        if profile.report_year
        else (
            f" I exempeldata för {profile.year} har {len(profile.closed)} av rapportens hälsocentraler stängt och "
            + ", ".join(c[1] for c in profile.opened)
            + " öppnat (driftsform antagen)."
        )
    )
    pop_short = "SCB 2019" if profile.report_year else "tabellen befolkning"
    out = {
        "halsocentraler": (
            "Sammanställd: hälsocentralerna 2020 enligt rapporten §6 och §8. Driftsform enligt rapporten där den "
            "anges (Ripan §8.4, NNV Östersund och Hoting §8.1, Hälsorum Offerdal §8.2, Fjällhälsan i Hede §8.3, "
            "Närvård Frostviken kommunal §8.6–8.7, egen regi §8.5); antagen regiondriven för "
            f"{', '.join(assumed)}. Koordinater: GeoNames (CC BY 4.0), se {GEONAMES}; Hallen flyttad till "
            "tätortens läge 63,18 N 14,08 E (GeoNames anger Järpens postort). upptagningsomrade_befolkning: "
            f"kommunens befolkning ({pop_short}) fördelad på GeoNames-orter efter antal postnummer, varje ort till "
            "närmaste hälsocentral i kommunen (Lidsjöberg till Gäddede §8.6, Lillhärdal till Fjällhälsan §8.3); "
            "de fem stadshälsocentralerna i Östersund delar staden lika." + changes
        ),
        "listade": (
            f"Syntetisk. Per kommun, kön och åldersgrupp: {population} minus {pct} % olistade, "
            "fördelad på kommunens hälsocentraler efter närhet och attraktivitet; ingen listning över kommungräns. "
            f"Se {SCB}."
        ),
        "listade_ort": (
            "Syntetisk. Listade per hälsocentral fördelade på hemort (GeoNames-orter i kommunen, CC BY 4.0); "
            "avstand_km = fågelvägen till Östersunds sjukhus (63,1766 N, 14,6361 E) × 1,3 (vägfaktor). "
            "Summan per hälsocentral = listade."
        ),
        "befolkning": f"SCB, Folkmängd efter region, ålder och kön 31 december 2019 (BE0101), oförändrad. Se {SCB}.",
        "vardbesok_alder": (
            "Syntetisk. Läkarbesök och sjukvårdande behandlingar per åldersgrupp nov 2018–okt 2019, befolkning = "
            "SCB 2019. Kalibrerad så att åldersvikterna blir rapportens §6: 0,33 (10–14 år, 816 kr) och "
            "2,21 (85–89 år, 5 429 kr) vid 2 453 kr per viktenhet."
        ),
        "lakemedel_alder": (
            "Syntetisk. Läkemedelskostnad per åldersgrupp nov 2018–okt 2019, befolkning = SCB 2019. Kalibrerad så "
            "att läkemedelsvikterna blir rapportens §6: 0,23 (25–29 år, 290 kr) och 3,22 (100+ år, rapportens "
            "100–104, 4 098 kr) vid 1 272 kr per viktenhet."
        ),
        "cni_underlag": (
            "Syntetisk, i SCB:s leveransformat. Under 5 år = listade 0–4 år; äldre ensamboende och lågutbildade "
            "utgår från SCB:s hushålls- och utbildningsstatistik 2019 per kommun; övriga antal är antagna. "
            "Kalibrerad till rapporten §6: CNI 0,79 (Hallen) – 1,32 (Järpen), 646 – 1 078 kr/listad vid "
            "snittet 820 kr; CNI-vikter enligt rapporten §6."
        ),
        "kostnader": (
            "Syntetisk. De sju kostnadsslagen i rapporten §6 (Kostnadsansvar). LOF/LOL summerar till "
            f"{LOF_LOL_TOTAL:,} kr (rapporten §6.1) och ligger till största delen i Östersund (§8.4, §9); "
            f"läkemedel följer läkemedelsbudgeten ({profile.price_drug:,} kr × vikter) med slumpmässig avvikelse."
        ).replace(",", " "),
        "patientavgifter": (
            "Syntetisk. Besök per hälsocentral från besöksfrekvens per åldersgrupp; andelen besök inom "
            "högkostnadsskyddet stiger med ålder och CNI (rapporten §9: patientavgifter och högkostnadsskydd)."
        ),
        "indikatorer": (
            "Syntetisk. 0:an och 3:an kalibrerade så att regionens andel per år = Kolada N79179 respektive N79173 "
            "för Jämtland Härjedalen; NPE helhetsintryck = Kolada U71451; täckningsgrad 71 % 2016 (styrelseärende "
            "2017-12-19), senare år antagna; antibiotika cirka 270–320 recept per 1 000 listade (antaget)."
        ),
        "besok": (
            f"Syntetisk. Besök {swedish_date(profile.visits[0])} – {swedish_date(profile.visits[1])} (18 månader, "
            "jfr kontinuitetsmåttet i rapporten §7) "
            "med pseudonyma patient- och personal-id; kontinuiteten varierar med andelen stafettläkare (antagen)."
        ),
        "kolada": (
            "Kolada (RKA): N79179, N79173 och U71451 per region och år, värden oförändrade, via Region Hallands "
            f"hosrapport. Se {KOLADA}."
            + (
                ""
                if profile.kolada_until is None
                else f" Som serierna såg ut vid utgången av {profile.kolada_until}: år till och med {profile.kolada_until}."
            )
        ),
    }
    if not profile.report_year:
        out.update(_later_year_kalla(profile))
    return out


def _later_year_kalla(profile: Profile) -> dict[str, str]:
    """The tables whose source text names the report's year and its calibration."""
    date = swedish_date(profile.population_date)
    ends = lambda pinned: " och ".join(f"{str(v).replace('.', ',')} ({b} år)" for b, v in pinned.items())  # noqa: E731
    return {
        "befolkning": (
            f"Syntetisk framskrivning: SCB, Folkmängd efter region, ålder och kön 31 december 2019 "
            f"(BE0101), ett år äldre, med antagen dödlighet och antagna födda, till {date}. Se {SCB}."
        ),
        "vardbesok_alder": (
            f"Syntetisk. Läkarbesök och sjukvårdande behandlingar per åldersgrupp {_short_period(profile)}, "
            f"befolkning = {date}. Åldersvikternas ändpunkter är exempelvärden: {ends(profile.age_pinned)}."
        ),
        "lakemedel_alder": (
            f"Syntetisk. Läkemedelskostnad per åldersgrupp {_short_period(profile)}, befolkning = {date}. "
            f"Läkemedelsvikternas ändpunkter är exempelvärden: {ends(profile.drug_pinned)}."
        ),
        "cni_underlag": (
            "Syntetisk, i SCB:s leveransformat. Under 5 år = listade 0–4 år; äldre ensamboende och lågutbildade "
            "utgår från SCB:s hushålls- och utbildningsstatistik 2019 per kommun; övriga antal är antagna. "
            "Kalibrerad så att Hallen och Järpen har lägst och högst CNI; CNI-vikter enligt rapporten §6."
        ),
    }


LICENCE = {
    "halsocentraler": "CC BY 4.0 (GeoNames)",
    "listade_ort": "CC BY 4.0 (GeoNames-orter); i övrigt " + SYNTH_LICENCE,
    "befolkning": "CC0 1.0 (SCB:s öppna data)",
    "kolada": "Koladas öppna data, fri vidareanvändning med källangivelse",
}
STATUS = {"halsocentraler": "sammanstalld", "befolkning": "offentlig statistik", "kolada": "offentlig statistik"}


def manifest(data: dict, hashes: dict[str, str], files: dict, profile: Profile = PROFILES[2020]) -> dict:
    """The manifest; `files` maps table → (file name, …) as written (make_example_data.files_for)."""
    kalla = _kalla(data, profile)
    tables = {}
    for table, (name, *_) in files.items():
        status = STATUS.get(table, "syntetisk")
        if table == "befolkning" and profile.population_years_ahead:
            status = "syntetisk"
        tables[table] = {
            "fil": name,
            "status": status,
            "kalla": kalla[table],
            "licens": LICENCE.get(table, SYNTH_LICENCE),
            "sha256": hashes[name],
        }
    params_source = (
        "Rapporten §5.2, §6, §6.1 och §7 (publicerade belopp och CNI-vikter) samt kalibrerade "
        "exempelvärden; varje post i filen anger sin egen källa och status."
        if profile.report_year
        else "CNI-vikterna och beloppen i rapporten §5.2, §6 och §6.1 samt antagna exempelvärden för "
        f"{profile.year} (belopp, vikter, glesbygd); varje post i filen anger sin egen källa och status."
    )
    return {
        "namn": profile.name,
        "ar": profile.year,
        "beskrivning": description(profile, CENTRE_NAMES),
        "parametrar": {
            "fil": "parametrar.yml",
            "status": "syntetisk",
            "kalla": params_source,
            "sha256": hashes["parametrar.yml"],
        },
        "tabeller": tables,
    }
