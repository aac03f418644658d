"""The front page's data-dependent parts, written at build time and included by `book/intro.md`.

The front page names the chapters (whose titles carry the dataset's year), the price level and the
vintage of the population and Kolada data: all read from the dataset, never typed into the page.
"""

from __future__ import annotations

from analysis.status import status_label
from analysis.vintage import Vintage

CHAPTER_SUMMARIES = {
    "ersattningsmodell": (
        "hur pengarna fördelades: ersättning per listad viktad efter ålder, vårdbehovsindex (CNI), "
        "läkemedelsbudget, glesbygdsersättning och de kostnader hälsocentralerna själva bar "
        "(utredningens avsnitt 6)."
    ),
    "forandringar": (
        "varje förslag från majoriteten och oppositionen räknat som ett scenario, med vinnare och "
        "förlorare per hälsocentral (avsnitt 5, 6.1 och 9)."
    ),
    "uppfoljning": (
        "tillgänglighet (0:an och 3:an), kontinuitet, antibiotikaförskrivning, patientenkät och "
        "täckningsgrad, med jämförelser som tar hänsyn till slumpen (avsnitt 7)."
    ),
    "forslag": (
        "alla förslag i utredningen och styrelsehandlingarna, vem som lade dem och hur boken behandlar "
        "dem, med konkurrensneutralitet mellan regiondrivna och privata hälsocentraler (avsnitt 5.5, 6.1 "
        "och 9)."
    ),
}


def contents(dataset) -> str:
    """The numbered list of chapters with the dataset's titles, and the price level."""
    vintage = Vintage.from_params(dataset.params)
    from analysis.chapters.registry import by_key

    titles = vintage.titles()
    lines = ["Boken börjar med en *Sammanfattning* och med utredningens uppdrag och frågor. Därefter:", ""]
    lines += [
        f"{i}. **{titles.get(key, by_key(key).title)}** – {text}"
        for i, (key, text) in enumerate(CHAPTER_SUMMARIES.items(), 1)
    ]
    lines += ["", "Sist kommer ett blad för varje hälsocentral, med vad modellen och förslagen betyder för just den."]
    lines += [
        "",
        f"Boken är byggd från datamängden **{dataset.name}**. Alla belopp anges i kronor per listad "
        f"och år i prisnivå {vintage.prisniva} om inget annat sägs.",
    ]
    return "\n".join(lines) + "\n"


def sources(dataset) -> str:
    """The list items on the population and Kolada data, with their dates from the dataset."""
    vintage = Vintage.from_params(dataset.params)
    lines = []
    when = f" {vintage.population_text}" if vintage.population_text else ""
    status = dataset.status("befolkning") if dataset.has_table("befolkning") else ""
    if status == "offentlig statistik":
        lines.append(f"- SCB:s befolkningsstatistik per kommun, ålder och kön{when}.")
    elif status:
        lines.append(
            f"- Befolkning per kommun, ålder och kön{when} ({status_label(status).lower()}; "
            "källan står i bilagan *Om data*)."
        )
    kolada = (
        "- Kolada: regionernas värden för telefontillgänglighet (0:an), medicinsk bedömning inom tre "
        "dagar (3:an) och Nationell patientenkät"
    )
    if dataset.has_table("kolada") and len(dataset.table("kolada")):
        years = dataset.table("kolada")["ar"].astype(int)
        kolada += f", år {years.min()}–{years.max()}"
    lines.append(kolada + ".")
    lines.append("- GeoNames ortregister för hälsocentralernas lägen.")
    return "\n".join(lines) + "\n"
