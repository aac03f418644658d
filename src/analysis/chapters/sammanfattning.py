"""The book's summary (Sammanfattning): its numbers, from the model, scenario and follow-up packages.

`Summary.build(dataset, scenario_files)` runs the three whole proposals, the sensitivity analysis
of the majority's proposal and the follow-up once; `numbers()` gives every formatted number the
summary glues and `proposals_table()` the table of what each proposal costs and moves.
`notebooks/00-sammanfattning.ipynb` tells the story around them, for a reader with ten minutes.
Results per health centre are only as real as their data: they are said to be "i exempeldata"
where the tables behind them are synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.forandringar.assumptions import labelled
from analysis.chapters.forandringar.sets import MAIN
from analysis.chapters.registry import SCENARIO_TABLES
from analysis.register import registers
from analysis.scenarios import Baseline
from analysis.scenarios.engine import ScenarioResult, run_scenario
from analysis.scenarios.loader import load_scenarios, scenario_files
from analysis.scenarios.sensitivity import CNI_SWEEP_SHARES, sensitivity
from analysis.status import status_label
from analysis.status import weakest_in as weakest_status

#: The tables behind the money: the 2020 model and the proposals (as in chapter 2).
MONEY_TABLES = SCENARIO_TABLES
#: The tables behind the per-centre follow-up (chapter 3); Kolada's regional values are public.
CENTRE_FOLLOW_UP_TABLES = ("indikatorer", "besok")
FOLLOW_UP_TABLES = ("kolada", *CENTRE_FOLLOW_UP_TABLES)
#: The key of each whole proposal in the glued names (`maj_vinnare`, …).
PROPOSAL_KEYS = dict(zip(MAIN, ("maj", "opp", "eni")))
MAJORITY = MAIN[0]


def data_words(status: str) -> tuple[str, str]:
    """(sentence opener, phrase) for results resting on data of this status."""
    if status == "syntetisk":
        return "I exempeldata", "i exempeldata"
    return "I datamängden", "i datamängden"


def centre_data_phrase(status: str, dataset_name: str) -> str:
    """What the amounts per health centre rest on, for the summary's list of uncertainties."""
    if status == "syntetisk":
        return "syntetiska exempeldata, som visar hur förslagen verkar men inte vad en verklig hälsocentral får"
    return f"datamängden {dataset_name}"


@dataclass
class Summary:
    dataset: object
    baseline: Baseline
    results: dict[str, ScenarioResult]
    sens: pd.DataFrame | None
    cni_majority: float | None

    @classmethod
    def build(cls, dataset, files: Iterable[str | Path] = ()) -> Summary:
        baseline = Baseline.from_dataset(dataset)
        scenarios = {s.namn: s for s in load_scenarios(scenario_files(files))}
        results = {n: run_scenario(baseline, scenarios[n]) for n in MAIN if n in scenarios}
        majority = scenarios.get(MAJORITY)
        sens = labelled(sensitivity(baseline, majority)) if majority is not None else None
        cni = majority.change("cni_andel") if majority is not None else None
        return cls(dataset, baseline, results, sens, cni.andel if cni is not None else None)

    @property
    def money_status(self) -> str:
        tables = self.dataset.manifest.get("tabeller", {})
        return weakest_status(self.dataset, [t for t in MONEY_TABLES if t in tables])

    @registers(
        tables=MONEY_TABLES, params=("ersattning_listad.pris_per_viktenhet", "cni.snitt_per_listad"), scenarios=True
    )
    def numbers(self) -> dict[str, str]:
        """Every number of the summary's money part, formatted the Swedish way."""
        b = self.baseline.per_centre
        opener, phrase = data_words(self.money_status)
        out = {
            "sam_hc": fmt.num(len(b)),
            "sam_listade": fmt.num(int(b["listade"].sum())),
            "sam_ersattning": fmt.mkr(float(b["ersattning_total"].sum())),
            "sam_per_listad": fmt.kr(float(b["ersattning_total"].sum() / b["listade"].sum())),
            "sam_I_data": opener,
            "sam_i_data": phrase,
            "sam_hc_underlag": centre_data_phrase(self.money_status, str(self.dataset.name)),
            "sam_cni_idag": fmt.pct(self.baseline.cni_share),
            "sam_cni_svep_min": fmt.pct(min(CNI_SWEEP_SHARES)),
            "sam_cni_svep_max": fmt.pct(max(CNI_SWEEP_SHARES)),
        }
        if self.cni_majority is not None:
            out["sam_cni_maj"] = fmt.pct(self.cni_majority)
        for name, result in self.results.items():
            out |= proposal_numbers(PROPOSAL_KEYS[name], result)
        if self.results:
            most = max(self.results.values(), key=_gained)
            out["sam_mest_flyttar"] = most.scenario.titel
            out["sam_mest_flyttar_kr"] = fmt.mkr(_gained(most))
        return out | sensitivity_numbers(self.sens)

    def proposals_table(self) -> pd.DataFrame:
        """One row per whole proposal: what it costs the region, what it moves, who gains most."""
        rows = []
        for result in self.results.values():
            s = result.summary()
            rows.append(
                {
                    "Förslag": result.scenario.titel,
                    "Kostar regionen per år": fmt.mkr(result.tillforda_medel),
                    "Vinner / förlorar": f"{s['antal_vinnare']} / {s['antal_forlorare']}",
                    "Störst vinst per listad": _who(s["vinnare"], s["vinnare_varde"]),
                    "Störst förlust per listad": _who(s["forlorare"], s["forlorare_varde"]),
                }
            )
        return pd.DataFrame(rows)


def proposal_numbers(key: str, result: ScenarioResult) -> dict[str, str]:
    """What one whole proposal costs the region and how it moves money between centres."""
    s = result.summary()
    return {
        f"{key}_kostnad": fmt.mkr(result.tillforda_medel),
        f"{key}_antal_vinnare": fmt.num(s["antal_vinnare"]),
        f"{key}_antal_forlorare": fmt.num(s["antal_forlorare"]),
        f"{key}_vinnare": _short(s["vinnare"]) or "ingen",
        f"{key}_vinnare_kr": fmt.signed_kr(round(s["vinnare_varde"])),
        f"{key}_forlorare": _short(s["forlorare"]) or "ingen",
        f"{key}_forlorare_kr": fmt.signed_kr(round(s["forlorare_varde"])),
    }


def _gained(result: ScenarioResult) -> float:
    """What the centres that gain get together, kronor per year."""
    df = result.per_centre
    return float(df.loc[df["skillnad_netto_kr"] > 0, "skillnad_netto_kr"].sum())


def sensitivity_numbers(sens: pd.DataFrame | None) -> dict[str, str]:
    """The assumption that moves the majority's outcome most: its low and high setting and the
    outcome (spread between the biggest winner and loser, kr per listed person) at each."""
    if sens is None or not len(sens):
        return {}
    top = sens.iloc[0]
    return {
        "sam_sens_antagande": str(top["etikett"]),
        "sam_sens_lag_etikett": str(top["lag_etikett"]),
        "sam_sens_hog_etikett": str(top["hog_etikett"]),
        "sam_sens_bas": fmt.kr(sens.attrs["utfall_bas"]),
        "sam_sens_lag": fmt.kr(top["utfall_lag"]),
        "sam_sens_hog": fmt.kr(top["utfall_hog"]),
    }


def data_box(dataset, tables: Iterable[str]) -> str:
    """A short note (MyST) of what the summary's numbers rest on: the tables by data status."""
    from analysis.data.schemas import SCHEMAS

    by_status: dict[str, list[str]] = {}
    for name in tables:
        if name in dataset.manifest.get("tabeller", {}):
            title = SCHEMAS[name].title if name in SCHEMAS and SCHEMAS[name].title else name
            by_status.setdefault(dataset.status(name), []).append(title)
    lines = [f"- **{status_label(status)}:** {', '.join(titles)}." for status, titles in by_status.items()]
    return (
        ":::{admonition} Om siffrorna\n:class: note\n\n"
        f"Datamängd: **{dataset.name}**. Sammanfattningen bygger på dessa underlag:\n\n"
        + "\n".join(lines)
        + "\n\nKälla, licens och kontrollsumma för varje tabell finns i bilagan "
        "{doc}`Om data <../bilagor/om-data>`.\n:::\n"
    )


@registers(tables=FOLLOW_UP_TABLES, params=("tillganglighet.kommiljard_grans_procent",))
def follow_up_numbers(fu, glued: dict[str, str], dataset) -> dict[str, str]:
    """The follow-up's headline sentences, made from a `FollowUp` and the chapter's own glued numbers
    (`analysis.chapters.uppfoljning.followup_text.glue_values`); what the data do not allow is left out."""
    from analysis.indicators.kolada import KPI_NOLL_AN, KPI_TRE_AN

    tables = dataset.manifest.get("tabeller", {})
    centre_status = weakest_status(dataset, [t for t in CENTRE_FOLLOW_UP_TABLES if t in tables])
    kolada = fu.summaries.get(KPI_TRE_AN)
    region = []
    if kolada is not None and len(kolada):
        s = kolada.set_index("ar")
        last = int(s.index.max())
        threshold = fu.targets["komiljard_troskel"].varde * 100
        region.append(
            f"År {last} fick {fmt.pct(s.loc[last, 'varde'] / 100, 1)} av patienterna i Jämtland Härjedalen en "
            f"medicinsk bedömning inom tre dagar (3:an), mot {fmt.pct(s.loc[last, 'riket'] / 100, 1)} i riket. "
            f"Statens kömiljard kräver {glued['komiljard']}; regionen nådde dit "
            f"{fmt.num(int((s['varde'] >= threshold).sum()))} av {fmt.num(len(s))} år."
        )
    zero = fu.summaries.get(KPI_NOLL_AN)
    if zero is not None and len(zero):
        s = zero.set_index("ar")
        last = int(s.index.max())
        region.append(
            f"År {last} besvarades {fmt.pct(s.loc[last, 'varde'] / 100, 1)} av telefonsamtalen samma dag "
            f"(0:an), mot {fmt.pct(s.loc[last, 'riket'] / 100, 1)} i riket."
        )
    if region:
        region.insert(
            0,
            f"Regionens värden för tillgänglighet kommer från Kolada "
            f"({status_label(dataset.status('kolada')).lower()}).",
        )
    else:
        region.append("Datamängden har inga värden från Kolada för 0:an och 3:an.")
    if "tre_an" in fu.funnels and "tre_an_centraler" in glued:
        outside = glued["tre_an_utanfor998"]
        centres = (
            f"{data_words(centre_status)[0]} ligger {outside} av {glued['tre_an_centraler']} hälsocentraler "
            "utanför de yttre gränserna för 3:an. "
        )
        centres += (
            "Skillnaderna mellan hälsocentralerna är alltså större än slumpen kan förklara"
            if outside != "0"
            else "Ingen hälsocentral skiljer sig mer än slumpen kan förklara"
        )
        centres += "."
    else:
        centres = (
            fu.shortfalls["tratt:tre_an"].text
            if "tratt:tre_an" in fu.shortfalls
            else ("Datamängden räcker inte för att jämföra hälsocentralerna på 3:an.")
        )
    return {"sam_uf_region": " ".join(region), "sam_uf_hc": centres}


def _who(name: str | None, value: float) -> str:
    return f"{_short(name)} {fmt.signed_kr(round(value))}" if name else "–"


def _short(name: str | None) -> str:
    from analysis.figures.scenarios import short_name

    return short_name(name) if name else ""


# -- the chapter: build, numbers, tables ------------------------------------------------------------
@dataclass
class Sammanfattning:
    """What the summary shows: the whole proposals (`Summary`) and the follow-up (`FollowUp`)."""

    summary: Summary
    follow_up: object


def build(ch, *, year=None, scenario_files=(), kartfil=None, forslagsfil=None) -> Sammanfattning:
    """Run the whole proposals and the follow-up on the dataset, as chapters 1–3 do."""
    from analysis.indicators.followup import follow_up

    return Sammanfattning(Summary.build(ch.dataset, scenario_files), follow_up(ch.dataset, year))


def numbers(k: Sammanfattning) -> dict:
    from analysis.chapters.uppfoljning.followup_text import glue_values

    ds, fu = k.summary.dataset, k.follow_up
    return k.summary.numbers() | follow_up_numbers(fu, glue_values(fu, ds.table("halsocentraler")), ds)


def data_note(ch, k: Sammanfattning) -> None:
    """The box of what the summary's numbers rest on (in place of a chapter's data-status box)."""
    from IPython.display import Markdown, display

    display(Markdown(data_box(k.summary.dataset, MONEY_TABLES + FOLLOW_UP_TABLES)))


def table_forslagen(ch, k: Sammanfattning) -> None:
    ch.table(
        k.summary.proposals_table(),
        "forslagen",
        "De tre förslagen: vad de kostar regionen och hur många hälsocentraler som vinner och förlorar.",
        source="egen beräkning med scenariofilerna och datamängdens ersättningsmodell; rapporten §6.1 och §9",
        status=k.summary.money_status,
        download=False,
    )
