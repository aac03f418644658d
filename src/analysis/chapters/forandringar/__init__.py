"""Chapter 2, "Förändringar <år>": the proposals of the investigation in numbers.

`build` runs every scenario file once (`report.ScenarioChapter`); `numbers` is what the prose
glues; each `figure_*`/`table_*` function shows one figure or table (or, for the whole proposals
and the investigator's own scenarios, one group of them) with caption, alt text and source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis import formatting as fmt
from analysis.chapter import source_line
from analysis.chapters.forandringar.report import ScenarioChapter
from analysis.chapters.registry import by_key
from analysis.figures import geography, interactive, sensitivity
from analysis.figures import scenarios as figs
from analysis.scenarios import Baseline
from analysis.scenarios.loader import scenario_files as all_scenario_files
from analysis.status import weakest_in
from analysis.vintage import Vintage

KEY = "forandringar"


@dataclass
class Forandringar:
    """What the chapter shows, computed once from the dataset and the scenario files."""

    dataset: object
    vintage: Vintage
    baseline: Baseline
    sc: ScenarioChapter
    kartfil: str | None = None

    @property
    def status(self) -> str:
        return weakest_in(self.dataset, by_key(KEY).tables)

    @property
    def source(self) -> str:
        return (
            f"egen beräkning med scenariofilerna i scenarios/ och {self.vintage.ar} års modell; rapporten §6.1 och §9"
        )


def build(ch, *, year=None, scenario_files=(), kartfil=None, forslagsfil=None) -> Forandringar:
    """Run the shipped scenario files and the investigator's on the dataset's model."""
    baseline = Baseline.from_dataset(ch.dataset)
    sc = ScenarioChapter.build(baseline, all_scenario_files(scenario_files))
    return Forandringar(ch.dataset, Vintage.from_params(ch.dataset.params), baseline, sc, kartfil)


def numbers(k: Forandringar) -> dict:
    """The scenarios' numbers, the dataset's year and periods, and the chapter title."""
    return (
        k.sc.numbers(k.dataset.table("patientavgifter")) | k.vintage.glue() | {"kapitelrubrik": k.vintage.titles()[KEY]}
    )


# -- figures and tables, in the chapter's order -----------------------------------------------------
def table_scenarier(ch, k: Forandringar) -> None:
    base_title = f"{k.vintage.titles()['ersattningsmodell']} (utgångsläge)"
    ch.table(
        k.sc.proposals_table(base_title).drop(columns=["Fil"]),
        "scenarier",
        "Scenarierna i kapitlet och de förändringar de innehåller, i den ordning de genomförs.",
        source="scenariofilerna i scenarios/; rapporten §6.1 och §9",
        status="sammanstalld",
    )


def figure_oversikt(ch, k: Forandringar) -> None:
    sc = k.sc
    cols = [r.namn for r in sc.singles + sc.main + sc.extras]
    fig = figs.change_heatmap(sc.long, cols, [sc[n].scenario.etikett for n in cols], separators=[len(sc.singles)])
    ch.figure(
        fig,
        "oversikt",
        "Förändring av nettot per listad för varje förändring för sig och för de hela "
        "förslagen. Grönt är vinst och rött förlust; ● markerar hälsocentraler i Östersunds kommun.",
        alt="Tabellfigur med en rad per hälsocentral och en kolumn per scenario, färgad efter vinst och förlust.",
        source=k.source,
        status=k.status,
    )


def figure_glesbygd(ch, k: Forandringar) -> None:
    gles = k.sc["endast-glesbygd-upptagningsomrade"]
    rule = gles.scenario.change("glesbygd_upptagningsomrade")
    fig = geography.catchment_chart(gles.per_centre, limit=getattr(rule, "grans", None))
    ch.figure(
        fig,
        "glesbygd",
        "Förändring av nettot per listad när glesbygdsersättningen fördelas efter "
        "upptagningsområdets invånare i stället för efter de listades avstånd till Östersunds sjukhus.",
        alt="Punktdiagram: invånare i upptagningsområdet mot förändring per listad; små områden vinner.",
        source=k.source,
        status=k.status,
    )


def figure_cni_svep(ch, k: Forandringar) -> None:
    cni_reading = k.sc["endast-cni-40"].scenario.change("cni_andel").andel
    fig = sensitivity.cni_sweep_chart(
        k.sc.sweep, marks=[(k.baseline.cni_share, str(k.vintage.ar)), (cni_reading, "vår läsning")]
    )
    ch.figure(
        fig,
        "cni-svep",
        "Varje hälsocentrals ersättning per listad (alla delar) när CNI:s andel av den "
        "fasta kapiteringen ökar. De två som vinner och förlorar mest är markerade.",
        alt="Linjediagram med en linje per hälsocentral; x-axeln är CNI-andelen, y-axeln ersättning per listad.",
        source=k.source,
        status=k.status,
    )


def figure_cni_reglage(ch, k: Forandringar) -> None:
    sweep = k.sc.sweep
    interactive.display_interactive(
        interactive.cni_slider_figure(sweep, start_share=k.baseline.cni_share),
        interactive.cni_slider_png(
            sweep, source_line=source_line(k.source, k.status), synthetic=k.status == "syntetisk"
        ),
        div_id="fig-forandringar-cni-reglage",
        alt=f"Förändring av ersättningen per listad och hälsocentral för CNI-andelar mellan "
        f"{fmt.pct(sweep['andel'].min())} och {fmt.pct(sweep['andel'].max())}.",
        source=k.source,
        status=k.status,
    )


def table_helheter(ch, k: Forandringar) -> None:
    ch.table(
        k.sc.summary_table(k.sc.compared),
        "helheter",
        "De hela förslagen: tillförda medel, förändring av hälsocentralernas samlade netto, antal som "
        "vinner och förlorar (mer än 50 öre per listad) och de största förändringarna per listad.",
        source=k.source,
        status=k.status,
    )


def figures_staplar(ch, k: Forandringar) -> None:
    """One bar chart per whole proposal; after the majority's, its parts step by step."""
    for r in k.sc.main:
        fig = figs.change_bars(r.per_centre, r.scenario.titel)
        ch.figure(
            fig,
            f"staplar-{r.namn}",
            f"{r.scenario.titel}: förändring av nettot per listad och år för "
            "varje hälsocentral (grönt vinst, rött förlust).",
            alt=f"Liggande stapeldiagram, en stapel per hälsocentral: {r.scenario.titel}.",
            source=k.source,
            status=k.status,
        )
        if r.namn == "majoritetens-forslag" and k.sc.steps is not None:
            fig = figs.step_chart(k.sc.steps, "Majoritetens förslag, del för del")
            ch.figure(
                fig,
                "steg-majoritetens-forslag",
                "Majoritetens förslag uppdelat på sina delar, som läggs "
                "till en i taget i den fasta ordningen; punkten är summan.",
                alt="Staplade liggande staplar per hälsocentral med ett bidrag per förändring.",
                source=k.source,
                status=k.status,
            )


def figure_driftsform(ch, k: Forandringar) -> None:
    fig = figs.group_chart(k.sc.groups("driftsform"), "Förändring per driftsform")
    ch.figure(
        fig,
        "driftsform",
        "Förändring av nettot per listad för regiondrivna, privata och kommunala "
        "hälsocentraler (gruppens samlade förändring delad med gruppens listade).",
        alt="Grupperade liggande staplar: en grupp per förslag, en stapel per driftsform.",
        source=k.source,
        status=k.status,
    )


def figures_omrade(ch, k: Forandringar) -> None:
    """Östersund against the rest of the county, and the majority's proposal on the map."""
    fig = figs.group_chart(
        k.sc.groups("omrade"), "Östersunds kommun och övriga länet", colours=geography.AREA_COLOURS, labels={}
    )
    ch.figure(
        fig,
        "omrade",
        "Förändring av nettot per listad i Östersunds kommun och i övriga länet.",
        alt="Grupperade liggande staplar: en grupp per förslag, en stapel för Östersund och en för övriga länet.",
        source=k.source,
        status=k.status,
    )
    majority = k.sc["majoritetens-forslag"].per_centre
    if {"lat", "lon"} <= set(majority.columns):
        fig = geography.change_map(majority, "Majoritetens förslag", geography.load_outlines(k.kartfil))
        ch.figure(
            fig,
            "karta",
            "Förändring av nettot per listad med majoritetens förslag, hälsocentral för "
            "hälsocentral. Hälsocentraler nära Östersund listas i rutan.",
            alt="Karta över Jämtlands län med en färgad punkt per hälsocentral.",
            source=k.source + "; kommungränser Open Knowledge Sweden",
            status=k.status,
        )


def table_jamforelse(ch, k: Forandringar) -> None:
    narrow, wide = k.sc.comparison_tables()
    ch.table(
        narrow,
        "jamforelse",
        "Förändring av nettot, kr per listad och år, per hälsocentral och förslag. "
        "Nedladdningen har alla scenarier och alla mått.",
        source=k.source,
        status=k.status,
        download=wide,
    )


def figure_tornado(ch, k: Forandringar) -> None:
    fig = sensitivity.tornado_chart(k.sc.sens, "Känslighet: majoritetens förslag")
    ch.figure(
        fig,
        "tornado",
        "Hur utfallet ändras när ett antagande i taget sätts lägre eller högre "
        "(eller till ett annat alternativ) än i majoritetens scenariofil.",
        alt="Tornadodiagram med ett par staplar per antagande.",
        source=k.source,
        status=k.status,
    )


def own_scenarios(ch, k: Forandringar) -> None:
    """For each of the investigator's scenarios: what each change does, and the change per centre."""
    from IPython.display import Markdown, display

    if not k.sc.extras:
        display(Markdown("*Inga egna scenarier gavs till den här körningen.*"))
    for r in k.sc.extras:
        ch.table(
            k.sc.steps_table(r.namn),
            f"steg-{r.namn}",
            f"{r.scenario.titel}: vad varje förändring gör.",
            source=f"scenariofilen {Path(r.scenario.path).name}",
            status=k.status,
            download=False,
        )
        fig = figs.change_bars(r.per_centre, r.scenario.titel)
        ch.figure(
            fig,
            f"staplar-{r.namn}",
            f"{r.scenario.titel}: förändring av nettot per listad och år.",
            alt=f"Liggande stapeldiagram, en stapel per hälsocentral: {r.scenario.titel}.",
            source=f"egen beräkning med {Path(r.scenario.path).name}",
            status=k.status,
        )
