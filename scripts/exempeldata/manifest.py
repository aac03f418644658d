"""`manifest.yml`: every table with file, status, source (Swedish, shown in the book), licence, SHA-256."""

from __future__ import annotations

from exempeldata.listings import UNLISTED_SHARE
from exempeldata.money import LOF_LOL_TOTAL

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


def _kalla(data: dict) -> dict[str, str]:
    hc = data["halsocentraler"].set_index("hc_id")["namn"]
    assumed = [hc[i] for i, src in data["driftsform_kalla"].sort_index().items() if src == "antagande"]
    pct = f"{UNLISTED_SHARE * 100:.1f}".replace(".", ",")
    return {
        "halsocentraler": (
            "Sammanställd: hälsocentralerna 2020 enligt rapporten §6 och §8. Driftsform enligt rapporten där den "
            "anges (Ripan §8.4, NNV Östersund och Hoting §8.1, Hälsorum Offerdal §8.2, Fjällhälsan i Hede §8.3, "
            "Närvård Frostviken kommunal §8.6–8.7, egen regi §8.5); antagen regiondriven för "
            f"{', '.join(assumed)}. Koordinater: GeoNames (CC BY 4.0), se {GEONAMES}; Hallen flyttad till "
            "tätortens läge 63,18 N 14,08 E (GeoNames anger Järpens postort). upptagningsomrade_befolkning: "
            "kommunens befolkning (SCB 2019) fördelad på GeoNames-orter efter antal postnummer, varje ort till "
            "närmaste hälsocentral i kommunen (Lidsjöberg till Gäddede §8.6, Lillhärdal till Fjällhälsan §8.3); "
            "de fem stadshälsocentralerna i Östersund delar staden lika."),
        "listade": (
            f"Syntetisk. Per kommun, kön och åldersgrupp: SCB:s befolkning 31 december 2019 minus {pct} % olistade, "
            "fördelad på kommunens hälsocentraler efter närhet och attraktivitet; ingen listning över kommungräns. "
            f"Se {SCB}."),
        "listade_ort": (
            "Syntetisk. Listade per hälsocentral fördelade på hemort (GeoNames-orter i kommunen, CC BY 4.0); "
            "avstand_km = fågelvägen till Östersunds sjukhus (63,1766 N, 14,6361 E) × 1,3 (vägfaktor). "
            "Summan per hälsocentral = listade."),
        "befolkning": f"SCB, Folkmängd efter region, ålder och kön 31 december 2019 (BE0101), oförändrad. Se {SCB}.",
        "vardbesok_alder": (
            "Syntetisk. Läkarbesök och sjukvårdande behandlingar per åldersgrupp nov 2018–okt 2019, befolkning = "
            "SCB 2019. Kalibrerad så att åldersvikterna blir rapportens §6: 0,33 (10–14 år, 816 kr) och "
            "2,21 (85–89 år, 5 429 kr) vid 2 453 kr per viktenhet."),
        "lakemedel_alder": (
            "Syntetisk. Läkemedelskostnad per åldersgrupp nov 2018–okt 2019, befolkning = SCB 2019. Kalibrerad så "
            "att läkemedelsvikterna blir rapportens §6: 0,23 (25–29 år, 290 kr) och 3,22 (100+ år, rapportens "
            "100–104, 4 098 kr) vid 1 272 kr per viktenhet."),
        "cni_underlag": (
            "Syntetisk, i SCB:s leveransformat. Under 5 år = listade 0–4 år; äldre ensamboende och lågutbildade "
            "utgår från SCB:s hushålls- och utbildningsstatistik 2019 per kommun; övriga antal är antagna. "
            "Kalibrerad till rapporten §6: CNI 0,79 (Hallen) – 1,32 (Järpen), 646 – 1 078 kr/listad vid "
            "snittet 820 kr; CNI-vikter enligt rapporten §6."),
        "kostnader": (
            "Syntetisk. De sju kostnadsslagen i rapporten §6 (Kostnadsansvar). LOF/LOL summerar till "
            f"{LOF_LOL_TOTAL:,} kr (rapporten §6.1) och ligger till största delen i Östersund (§8.4, §9); "
            "läkemedel följer läkemedelsbudgeten (1 272 kr × vikter) med slumpmässig avvikelse.").replace(",", " "),
        "patientavgifter": (
            "Syntetisk. Besök per hälsocentral från besöksfrekvens per åldersgrupp; andelen besök inom "
            "högkostnadsskyddet stiger med ålder och CNI (rapporten §9: patientavgifter och högkostnadsskydd)."),
        "indikatorer": (
            "Syntetisk. 0:an och 3:an kalibrerade så att regionens andel per år = Kolada N79179 respektive N79173 "
            "för Jämtland Härjedalen; NPE helhetsintryck = Kolada U71451; täckningsgrad 71 % 2016 (styrelseärende "
            "2017-12-19), senare år antagna; antibiotika cirka 270–320 recept per 1 000 listade (antaget)."),
        "besok": (
            "Syntetisk. Besök 1 juli 2019 – 31 december 2020 (18 månader, jfr kontinuitetsmåttet i rapporten §7) "
            "med pseudonyma patient- och personal-id; kontinuiteten varierar med andelen stafettläkare (antagen)."),
        "kolada": (
            "Kolada (RKA): N79179, N79173 och U71451 per region och år, värden oförändrade, via Region Hallands "
            f"hosrapport. Se {KOLADA}."),
    }


LICENCE = {
    "halsocentraler": "CC BY 4.0 (GeoNames)",
    "listade_ort": "CC BY 4.0 (GeoNames-orter); i övrigt " + SYNTH_LICENCE,
    "befolkning": "CC0 1.0 (SCB:s öppna data)",
    "kolada": "Koladas öppna data, fri vidareanvändning med källangivelse",
}
STATUS = {"halsocentraler": "sammanstalld", "befolkning": "offentlig statistik", "kolada": "offentlig statistik"}


def manifest(data: dict, hashes: dict[str, str], files: dict) -> dict:
    """`files`: table → (file, decimals), the generator's single list of tables and files."""
    kalla = _kalla(data)
    tables = {}
    for table, (name, _) in files.items():
        tables[table] = {
            "fil": name,
            "status": STATUS.get(table, "syntetisk"),
            "kalla": kalla[table],
            "licens": LICENCE.get(table, SYNTH_LICENCE),
            "sha256": hashes[name],
        }
    return {
        "namn": "exempel-2020",
        "ar": 2020,
        "beskrivning": DESCRIPTION,
        "parametrar": {
            "fil": "parametrar.yml",
            "status": "syntetisk",
            "kalla": ("Rapporten §5.2, §6, §6.1 och §7 (publicerade belopp och CNI-vikter) samt kalibrerade "
                      "exempelvärden; varje post i filen anger sin egen källa och status."),
            "sha256": hashes["parametrar.yml"],
        },
        "tabeller": tables,
    }
