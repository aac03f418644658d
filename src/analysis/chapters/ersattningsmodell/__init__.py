"""Chapter 1, "Ersättningsmodell <år>": the year's compensation model for readers.

`build` runs the model once; `numbers` is what the prose glues (the dataset's vintage, the
chapter title and `presentation.chapter_numbers`); each `figure_*`/`table_*` function shows one
figure or table with its caption, alt text and source. The reader tables and numbers are in
`presentation`, the comparison with the report in `comparison`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import formatting as fmt
from analysis.chapters.ersattningsmodell import comparison
from analysis.chapters.ersattningsmodell import presentation as pres
from analysis.chapters.ersattningsmodell.numbers import chapter_numbers
from analysis.chapters.registry import by_key
from analysis.figures import model as figs
from analysis.model import ModelInputs, ModelResult, compute_model
from analysis.vintage import Vintage

KEY = "ersattningsmodell"


@dataclass
class Ersattningsmodell:
    """What the chapter shows, computed once from the dataset."""

    dataset: object
    vintage: Vintage
    inputs: ModelInputs
    result: ModelResult

    @property
    def visits(self):
        return self.dataset.table("vardbesok_alder")

    @property
    def drugs(self):
        return self.dataset.table("lakemedel_alder")

    @property
    def model_source(self) -> str:
        return f"egen beräkning enligt rapporten §6, datamängd {self.dataset.name}"

    @property
    def money_status(self) -> str:
        return pres.combined_status(self.dataset, by_key(KEY).tables)

    def status(self, table: str) -> str:
        return self.dataset.status(table)


def build(ch, *, year=None, scenario_files=(), kartfil=None, forslagsfil=None) -> Ersattningsmodell:
    """Run the dataset's model (the year is the parameter file's, `Vintage`)."""
    ds = ch.dataset
    inputs = ModelInputs.from_dataset(ds)
    return Ersattningsmodell(ds, Vintage.from_params(ds.params), inputs, compute_model(inputs))


def numbers(k: Ersattningsmodell) -> dict:
    """The dataset's year and periods, the chapter title, and the chapter's numbers."""
    v = k.vintage
    return v.glue() | {"kapitelrubrik": v.titles()[KEY]} | chapter_numbers(k.inputs, k.result, k.visits, k.drugs, v.ar)


# -- figures and tables, in the chapter's order -----------------------------------------------------
def table_aldersvikter(ch, k: Ersattningsmodell) -> None:
    ch.table(
        pres.age_derivation_table(k.visits, k.result),
        "aldersvikter",
        "Åldersvikter härledda ur besök per invånare.",
        f"besöksstatistik och parameterfil i datamängd {k.dataset.name}; metod enligt rapporten §6",
        k.status("vardbesok_alder"),
        formats=pres.DERIVATION_FORMATS,
    )


def figure_vikter_per_alder(ch, k: Ersattningsmodell) -> None:
    fig = figs.weight_curves(pres.weights_frame(k.result), comparison.weight_figure_points(k.vintage.ar))
    ch.figure(
        fig,
        "vikter-per-alder",
        comparison.weight_figure_caption(k.vintage.ar),
        alt="Linjediagram med två kurvor över 21 åldersgrupper. Åldersvikten är hög för småbarn, "
        "lägst för skolbarn och stiger sedan till toppen vid 85–89 år. Läkemedelsvikten är låg "
        "upp till 40 år och stiger brant till den högsta åldersgruppen.",
        source=f"rapporten §6 (metoden); {k.model_source}",
        status=k.status("vardbesok_alder"),
    )


def table_cni_vikter(ch, k: Ersattningsmodell) -> None:
    ch.table(
        pres.cni_weights_table(k.result),
        "cni-vikter",
        "CNI:s sju variabler och deras vikter.",
        "rapporten §6 (SCB:s CNI)",
        "publicerad",
        formats={"Vikt": lambda v: fmt.num(v, 2)},
    )


def figure_cni_per_halsocentral(ch, k: Ersattningsmodell) -> None:
    fig = figs.cni_by_centre(k.result.per_centre, pres.region_mean_cni(k.result), pres.cni_point_kr(k.result))
    ch.figure(
        fig,
        "cni-per-halsocentral",
        "CNI per hälsocentral. Den streckade linjen är regionens medel viktat med antal listade. "
        "Den övre skalan visar vad CNI-värdet ger i kronor per listad och år.",
        alt="Liggande stapeldiagram med en stapel per hälsocentral, sorterade efter CNI, färgade "
        "efter driftsform, med en streckad linje vid regionens medelvärde.",
        source=k.model_source,
        status=k.status("cni_underlag"),
    )


def figure_cni_bidrag(ch, k: Ersattningsmodell) -> None:
    fig = figs.cni_contributions_chart(pres.cni_contributions_by_centre(k.inputs, k.result))
    ch.figure(
        fig,
        "cni-bidrag",
        "Varje variabels bidrag till hälsocentralens CNI. Stapelns hela längd är CNI-värdet.",
        alt="Staplade liggande staplar per hälsocentral där varje färg är en av CNI:s sju variabler.",
        source=k.model_source,
        status=k.status("cni_underlag"),
    )


def table_cni_per_halsocentral(ch, k: Ersattningsmodell) -> None:
    ch.table(
        pres.cni_table(k.result),
        "cni-per-halsocentral",
        "CNI och CNI-ersättning per hälsocentral.",
        k.model_source,
        k.status("cni_underlag"),
        formats=pres.CNI_TABLE_FORMATS,
    )


def table_lakemedelsvikter(ch, k: Ersattningsmodell) -> None:
    ch.table(
        pres.drug_derivation_table(k.drugs, k.result),
        "lakemedelsvikter",
        "Läkemedelsvikter härledda ur läkemedelskostnad per invånare.",
        f"läkemedelsstatistik och parameterfil i datamängd {k.dataset.name}; metod enligt rapporten §6",
        k.status("lakemedel_alder"),
        formats=pres.DERIVATION_FORMATS,
    )


def figure_glesbygd_andel(ch, k: Ersattningsmodell) -> None:
    fig = figs.sparsity_share_chart(k.result.per_centre)
    ch.figure(
        fig,
        "glesbygd-andel",
        "Glesbygdsersättningens andel av ersättning listad + CNI + glesbygd, per hälsocentral, "
        "enligt vår antagna regel.",
        alt="Liggande stapeldiagram per hälsocentral; hälsocentraler långt från Östersund har de "
        "största andelarna, Östersunds hälsocentraler nästan ingen.",
        source=f"antagen regel (rapporten ger ingen formel); {k.model_source}",
        status=k.status("listade_ort"),
    )


def figure_kostnader_per_listad(ch, k: Ersattningsmodell) -> None:
    fig = figs.costs_per_listed_chart(k.result.per_centre)
    ch.figure(
        fig,
        "kostnader-per-listad",
        "Kostnader som hälsocentralen bär, per listad och år.",
        alt="Staplade liggande staplar per hälsocentral, en färg per kostnadsslag.",
        source=f"kostnadstabellen i datamängd {k.dataset.name}",
        status=k.status("kostnader"),
    )


def table_kostnader(ch, k: Ersattningsmodell) -> None:
    table = pres.costs_table(k.result)
    ch.table(
        table,
        "kostnader",
        "Kostnader per hälsocentral, miljoner kronor per år. Övriga: "
        + pres.COSTS_OTHER_LABEL
        + ". Nedladdningen har alla sju kostnadsslag.",
        f"kostnadstabellen i datamängd {k.dataset.name}",
        k.status("kostnader"),
        formats=pres.money_formats(table.columns),
        download=pres.costs_download(k.result),
    )


def figure_ersattning_per_halsocentral(ch, k: Ersattningsmodell) -> None:
    fig = figs.compensation_chart(k.result.per_centre)
    ch.figure(
        fig,
        "ersattning-per-halsocentral",
        "Ersättning per hälsocentral, totalt och per listad, färgad efter driftsform. De streckade "
        "linjerna är genomsnittet per listad för varje driftsform.",
        alt="Två liggande stapeldiagram sida vid sida med samma hälsocentraler: till vänster miljoner "
        "kronor per år, till höger kronor per listad.",
        source=k.model_source,
        status=k.money_status,
    )


def figure_ersattningens_delar(ch, k: Ersattningsmodell) -> None:
    fig = figs.components_per_listed_chart(k.result.per_centre)
    ch.figure(
        fig,
        "ersattningens-delar",
        "Ersättningens fyra delar per listad och hälsocentral.",
        alt="Staplade liggande staplar per hälsocentral: ersättning listad, CNI, läkemedel och glesbygd.",
        source=k.model_source,
        status=k.money_status,
    )


def table_driftsform(ch, k: Ersattningsmodell) -> None:
    table = pres.ownership_summary(k.result)
    ch.table(
        table,
        "driftsform",
        "Ersättning per driftsform.",
        k.model_source,
        k.money_status,
        formats=pres.money_formats(table.columns),
    )


def table_ersattning(ch, k: Ersattningsmodell) -> None:
    table = pres.compensation_table(k.result)
    ch.table(
        table,
        "ersattning",
        "Ersättning per hälsocentral och del, miljoner kronor "
        "per år. Nedladdningen har hela modellresultatet, med viktsummor, CNI och kostnader.",
        k.model_source,
        k.money_status,
        formats=pres.money_formats(table.columns),
        download=pres.compensation_download(k.result, k.inputs),
    )


def table_kontrollrakning(ch, k: Ersattningsmodell) -> None:
    checks = comparison.checks_for_year(k.result, k.vintage.ar)
    ch.table(
        comparison.checks_for_display(checks),
        "kontrollrakning",
        comparison.checks_caption(k.vintage.ar),
        f"rapporten §6 och §9; {k.model_source}",
        k.money_status,
    )
