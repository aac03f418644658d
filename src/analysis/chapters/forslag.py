"""Chapter 4, "Förslagen i utredningen": every proposal of the investigation and what the book does with it.

`build` runs every shipped scenario (the four side-item scenarios among them) and loads the list of
proposals (`ProposalsChapter`); `numbers` is what the prose glues; each `figure_*`/`table_*`
function shows one figure or table (competitive neutrality by form of operation among them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis import proposals as P
from analysis.chapters.forandringar.sets import BASE, MAIN, SINGLES
from analysis.chapters.registry import SCENARIO_TABLES
from analysis.figures.scenarios import short_name
from analysis.register import registers
from analysis.scenarios import Baseline, ScenarioResult, load_scenarios
from analysis.scenarios.engine import run_all
from analysis.scenarios.neutrality import by_operator, change_from_base
from analysis.scenarios.side_items import SIDE_PARAMETERS
from analysis.status import weakest
from analysis.vocabulary import OWNERSHIP_FORMS, PRIVATE, REGION_RUN

#: The scenarios priced in this chapter (the others are in "Förändringar 2021").
SIDE_SCENARIOS = ("utomlansersattning-behalls", "ptp-som-st", "ta-bort-vite", "sarskilda-ataganden-2024")
#: The scenario the out-of-county variant is compared with (all fees pooled).
ALL_FEES_POOLED = "endast-patientavgifter"
#: The scenarios shown in the competitive-neutrality table and figure, in this order.
NEUTRALITY = (BASE, *SINGLES, *SIDE_SCENARIOS, *MAIN)


FORMS: dict[str, str] = OWNERSHIP_FORMS


def side_status(params: dict) -> str:
    """The weakest data status among the side items in the parameter file (`syntetisk` if none)."""
    found = [
        params.get(g, {}).get(k, {}).get("status")
        for g, k in SIDE_PARAMETERS
        if isinstance(params.get(g, {}).get(k), dict)
    ]
    return weakest(s for s in found if s)


@dataclass
class ProposalsChapter:
    baseline: Baseline
    results: list[ScenarioResult]
    proposals: list[P.Proposal]

    @classmethod
    def build(cls, dataset, files: Sequence[str | Path], proposals_file: str | Path | None = None) -> ProposalsChapter:
        """Run every scenario file on the dataset's baseline; load and check the proposal list."""
        baseline = Baseline.from_dataset(dataset)
        scenarios = load_scenarios(files)
        proposals = P.load_proposals(proposals_file, scenario_names={Path(s.path).stem for s in scenarios})
        return cls(baseline, run_all(baseline, scenarios), proposals)

    @property
    def by_name(self) -> dict[str, ScenarioResult]:
        return {r.namn: r for r in self.results}

    def side(self) -> list[ScenarioResult]:
        return [self.by_name[n] for n in SIDE_SCENARIOS if n in self.by_name]

    def table(self, doc_prefix: str = "") -> pd.DataFrame:
        titles = {r.namn: r.scenario.titel for r in self.results}
        return P.proposals_table(self.proposals, titles, doc_prefix)

    def table_groups(self, doc_prefix: str = "") -> list[tuple[str, str, pd.DataFrame]]:
        """The proposal table in parts that each fit a PDF page: (name, caption, table).

        By treatment; the proposals the book cannot price are split by who made them, and their
        last column holds only the reason.
        """
        full = self.table(doc_prefix)
        how = pd.Series([p.behandling for p in self.proposals], index=full.index)
        who = pd.Series([p.forslag_av for p in self.proposals], index=full.index)
        last = "Så behandlar boken förslaget"
        parts = [
            ("forslag", "Förslag som boken räknar på i scenarier.", how == "scenario"),
            ("forslag-uppfoljning", "Förslag som boken följer upp med mått.", how == "uppfoljning"),
            ("forslag-avsnitt", "Förslag som boken belyser i ett avsnitt.", how == "avsnitt"),
            (
                "forslag-ej-styrgruppen",
                "Förslag från majoriteten och hela styrgruppen som boken inte kan räkna på, och varför.",
                (how == "ej_kvantifierbar") & who.isin(["majoriteten", "enighet"]),
            ),
            (
                "forslag-ej-ovriga",
                "Förslag från oppositionen och i styrelseärendena som boken inte kan räkna på, och varför.",
                (how == "ej_kvantifierbar") & ~who.isin(["majoriteten", "enighet"]),
            ),
        ]
        out = []
        for name, caption, mask in parts:
            df = full[mask].reset_index(drop=True)
            if df.empty:
                continue
            if name.startswith("forslag-ej"):
                df = df.rename(columns={last: "Varför boken inte räknar på det"})
                df["Varför boken inte räknar på det"] = df["Varför boken inte räknar på det"].str.removeprefix(
                    "Räknas inte: "
                )
            out.append((name, caption, df))
        return out

    def summary(self) -> pd.DataFrame:
        """The side scenarios: added money, change of all centres' net, winners/losers, extremes."""
        rows = []
        for r in self.side():
            s = r.summary()
            rows.append(
                {
                    "Scenario": r.scenario.etikett,
                    "Tillförda medel": fmt.mkr(s["tillforda_medel"]),
                    "Hälsocentralernas netto": fmt.mkr(net if abs(net := s["skillnad_netto_kr"]) > 1e3 else 0.0),
                    "Vinner / förlorar": f"{s['antal_vinnare']} / {s['antal_forlorare']}",
                    "Största vinst, kr per listad": (
                        f"{short_name(s['vinnare'])} {fmt.signed_kr(round(s['vinnare_varde']))}"
                        if s["vinnare"]
                        else "–"
                    ),
                    "Största förlust, kr per listad": (
                        f"{short_name(s['forlorare'])} {fmt.signed_kr(round(s['forlorare_varde']))}"
                        if s["forlorare"]
                        else "–"
                    ),
                }
            )
        return pd.DataFrame(rows)

    def long(self) -> pd.DataFrame:
        from analysis.scenarios import compare

        return compare([self.by_name[n] for n in (*SIDE_SCENARIOS, ALL_FEES_POOLED) if n in self.by_name])

    def per_centre(self) -> pd.DataFrame:
        """For download: each centre's change of net per listed person under each side scenario (and
        under the pooling of all fees, which the out-of-county variant is compared with)."""
        from analysis.scenarios import compare

        names = [n for n in (ALL_FEES_POOLED, *SIDE_SCENARIOS) if n in self.by_name]
        wide = compare([self.by_name[n] for n in names], form="wide")
        from analysis.scenarios.columns import ID_COLUMNS

        return wide.rename(
            columns={c: f"{c}: förändring netto kr per listad" for c in wide.columns if c not in ID_COLUMNS}
        )

    # -- competitive neutrality ----------------------------------------------------------------
    def neutrality(self) -> pd.DataFrame:
        return by_operator([self.by_name[n] for n in NEUTRALITY if n in self.by_name])

    def neutrality_table(self) -> pd.DataFrame:
        return gap_table(self.neutrality())

    def neutrality_changes(self) -> pd.DataFrame:
        return change_from_base(self.neutrality(), BASE)

    # -- glued numbers --------------------------------------------------------------------------
    @registers(
        tables=SCENARIO_TABLES,
        params=tuple(f"{group}.{key}" for group, key in SIDE_PARAMETERS),
        scenarios=True,
    )
    def numbers(self) -> dict[str, str]:
        c = P.counts(self.proposals)
        out = {f"fs_antal_{k}": fmt.num(v) for k, v in c.items()}
        out["fs_antal_sido"] = fmt.num(len(self.side()))
        out["fs_antal_scenariofiler"] = fmt.num(len({p.scenario for p in self.proposals if p.scenario}))
        sido = self.baseline.sido
        df = self.baseline.per_centre
        out |= {
            "fs_utomlans_besok": fmt.num(float(df["utomlans_besok"].sum())),
            "fs_utomlans_intakt": fmt.mkr(float(df["intakt_utomlans"].sum())),
            "fs_utomlans_avgifter": fmt.mkr(float(df["utomlans_avgifter"].sum())),
            "fs_ptp_st_kr": fmt.kr(sido.get("utbildning.ersattning_st_kr", 0.0)),
            "fs_ptp_ptp_kr": fmt.kr(sido.get("utbildning.ersattning_ptp_kr", 0.0)),
            "fs_ptp_antal": fmt.num(float(df["ptp_psykologer"].sum()), 1),
            "fs_vite_per_vecka": fmt.kr(sido.get("tillganglighet.vite_per_vecka_kr", 0.0)),
            "fs_vite_max": fmt.kr(sido.get("tillganglighet.vite_max_kr", 0.0)),
            "fs_vite_antal_hc": fmt.num(int((df["vite"] > 0).sum())),
            "fs_vite_summa": fmt.kr(float(df["vite"].sum())),
            "fs_sarskilda_kr": fmt.mkr(sido.get("sarskilda_ataganden.huvudmannauppdrag_kr", 0.0)),
            "fs_efrikort_kr": fmt.kr(sido.get("sarskilda_ataganden.e_frikort_kr", 0.0)),
        }
        out |= self._out_of_county_numbers() | self._ptp_numbers() | self._neutrality_numbers()
        return out

    def _out_of_county_numbers(self) -> dict[str, str]:
        kept, pooled = self.by_name.get(SIDE_SCENARIOS[0]), self.by_name.get(ALL_FEES_POOLED)
        if kept is None or pooled is None:
            return {}
        diff = (
            kept.per_centre.set_index("hc_id")["skillnad_netto_per_listad"]
            - pooled.per_centre.set_index("hc_id")["skillnad_netto_per_listad"]
        )
        names = kept.per_centre.set_index("hc_id")["namn"]
        best, worst = diff.idxmax(), diff.idxmin()
        return {
            "fs_utomlans_vinnare": short_name(names[best]),
            "fs_utomlans_vinnare_kr": fmt.signed_kr(round(diff[best])),
            "fs_utomlans_forlorare": short_name(names[worst]),
            "fs_utomlans_forlorare_kr": fmt.signed_kr(round(diff[worst])),
        }

    def _ptp_numbers(self) -> dict[str, str]:
        r = self.by_name.get("ptp-som-st")
        return {"fs_ptp_tillfort": fmt.mkr(r.tillforda_medel)} if r is not None else {}

    def _neutrality_numbers(self) -> dict[str, str]:
        long = self.neutrality()
        base = long[long["scenario"] == BASE].set_index("driftsform")
        if not {REGION_RUN, PRIVATE} <= set(base.index):
            return {}
        out = {
            "kn_region_per_listad": fmt.kr(base.loc[REGION_RUN, "ersattning_per_listad"]),
            "kn_privat_per_listad": fmt.kr(base.loc[PRIVATE, "ersattning_per_listad"]),
            "kn_region_per_viktad": fmt.kr(base.loc[REGION_RUN, "ersattning_per_viktad"]),
            "kn_privat_per_viktad": fmt.kr(base.loc[PRIVATE, "ersattning_per_viktad"]),
        }
        changes = self.neutrality_changes()
        gap = changes.pivot(index="scenario", columns="driftsform", values="forandring_per_viktad")
        gap = (gap[PRIVATE] - gap[REGION_RUN]).dropna()
        label = changes.drop_duplicates("scenario").set_index("scenario")["etikett"]
        if len(gap):
            out |= {
                "kn_mest_till_privata": label[gap.idxmax()],
                "kn_mest_till_privata_kr": fmt.kr(gap.max()),
                "kn_mest_till_region": label[gap.idxmin()],
                "kn_mest_till_region_kr": fmt.kr(-gap.min()),
            }
        net = changes.pivot(index="scenario", columns="driftsform", values="netto_forandring_per_listad")
        if "sarskilda-ataganden-2024" in net.index:
            row = net.loc["sarskilda-ataganden-2024"]
            out |= {
                "kn_sarskilda_region": fmt.signed_kr(round(row[REGION_RUN], 1), 1),
                "kn_sarskilda_privat": fmt.signed_kr(round(row[PRIVATE], 1), 1),
            }
        return out


def gap_table(long: pd.DataFrame, forms: tuple[str, ...] = (REGION_RUN, PRIVATE)) -> pd.DataFrame:
    """Wide table for the book: per scenario, kronor per listed and per weighted listed person for
    each form, and the private minus region-run gap per weighted listed person."""
    names = long.drop_duplicates("scenario")
    out = pd.DataFrame({"Scenario": names["etikett"].to_list()})
    for form in forms:
        part = long[long["driftsform"] == form].set_index("scenario")
        for measure, column in (
            ("per listad", "ersattning_per_listad"),
            ("per viktad listad", "ersattning_per_viktad"),
        ):
            out[f"{FORMS[form]}: {measure}"] = names["scenario"].map(part[column]).to_numpy()
    if {REGION_RUN, PRIVATE} <= set(forms):
        out["Skillnad privat − regiondriven, per viktad listad"] = (
            out["Privata: per viktad listad"] - out["Regiondrivna: per viktad listad"]
        )
    return out


# -- the chapter: build, numbers, figures and tables ------------------------------------------------
KEY = "forslag"
PROPOSALS_SOURCE = (
    "rapporten §6.1, §7.1, §9 och §10; styrelseärendena RS/554/2019, RS/773/2021, RS/1039/2017 "
    "och RS/1450/2017; listan finns i src/analysis/proposals.yml"
)


@dataclass
class Forslag:
    """What the chapter shows, computed once from the dataset, the scenario files and the proposal list."""

    dataset: object
    fc: ProposalsChapter

    @property
    def status(self) -> str:
        from analysis.chapters.registry import by_key
        from analysis.status import weakest_in

        return weakest([weakest_in(self.dataset, by_key(KEY).tables), side_status(self.dataset.params)])

    @property
    def source(self) -> str:
        return (
            f"egen beräkning med scenariofilerna i scenarios/ och {self.dataset.year} års modell; rapporten §5.2, "
            "§5.5 och §9; styrelseärende RS/773/2021"
        )


def build(ch, *, year=None, scenario_files=(), kartfil=None, forslagsfil=None) -> Forslag:
    """Run the shipped scenario files and the investigator's; load the proposal list (`forslagsfil`)."""
    from analysis.scenarios.loader import scenario_files as all_scenario_files

    return Forslag(ch.dataset, ProposalsChapter.build(ch.dataset, all_scenario_files(scenario_files), forslagsfil))


def numbers(k: Forslag) -> dict:
    return k.fc.numbers()


def tables_forslag(ch, k: Forslag) -> None:
    """The proposals by how the book treats them; the first table's download has them all."""
    for i, (name, caption, part) in enumerate(k.fc.table_groups()):
        ch.table(
            part,
            name,
            caption,
            source=PROPOSALS_SOURCE,
            status="sammanstalld",
            download=k.fc.table() if i == 0 else True,
        )


def table_sidoposter(ch, k: Forslag) -> None:
    ch.table(
        k.fc.summary(),
        "sidoposter",
        "Förslagen vid sidan av ersättningsmodellen: tillförda medel, förändring av hälsocentralernas samlade "
        "netto, antal som vinner och förlorar (mer än 50 öre per listad) och de största förändringarna per listad.",
        source=k.source,
        status=k.status,
        download=k.fc.per_centre(),
    )


def figure_sidoposter(ch, k: Forslag) -> None:
    from analysis.figures import scenarios as figs

    long = k.fc.long()
    cols = [n for n in (ALL_FEES_POOLED, *SIDE_SCENARIOS) if n in set(long["scenario"])]
    fig = figs.change_heatmap(long, cols, [k.fc.by_name[n].scenario.etikett for n in cols], separators=[1])
    ch.figure(
        fig,
        "sidoposter",
        "Förändring av nettot per listad för förslagen vid sidan av ersättningsmodellen, "
        "och till vänster utjämningen av alla patientavgifter som utomlänsvarianten jämförs med. Grönt är "
        "vinst och rött förlust; ● markerar hälsocentraler i Östersunds kommun.",
        alt="Tabellfigur med en rad per hälsocentral och en kolumn per förslag, färgad efter vinst och förlust.",
        source=k.source,
        status=k.status,
    )


def table_driftsform(ch, k: Forslag) -> None:
    table = k.fc.neutrality_table()
    ch.table(
        table,
        "driftsform",
        "Ersättning per listad och per viktad listad (kr per år) för regiondrivna och privata hälsocentraler, "
        "i utgångsläget och med varje förslag. Den kommunala hälsocentralen och nettot finns i tabellen för "
        "nedladdning.",
        source=k.source,
        status=k.status,
        formats={c: fmt.kr for c in table.columns[1:]},
        download=k.fc.neutrality(),
    )


def figure_driftsform(ch, k: Forslag) -> None:
    from analysis.figures import proposals as pfigs

    fig = pfigs.operator_change_chart(k.fc.neutrality_changes())
    ch.figure(
        fig,
        "driftsform",
        "Förändring av ersättningen per viktad listad jämfört med utgångsläget, per driftsform och förslag.",
        alt="Grupperade liggande staplar: en grupp per förslag, en stapel per driftsform.",
        source=k.source,
        status=k.status,
    )
