"""What the chapter "Förslagen i utredningen" computes: every shipped scenario, the four side-item
scenarios, competitive neutrality by form of operation, and the numbers glued into its prose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis import proposals as P
from analysis.figures.scenarios import short_name
from analysis.register import registers
from analysis.scenarios import Baseline, ScenarioResult, load_scenarios
from analysis.scenarios.engine import run_all
from analysis.scenarios.neutrality import by_operator, change_from_base, gap_table
from analysis.scenarios.side_items import SIDE_PARAMETERS
from analysis.status import weakest
from analysis.vocabulary import PRIVATE, REGION_RUN

BASE = "bas-2020"
#: The scenarios priced in this chapter (the others are in "Förändringar 2021").
SIDE_SCENARIOS = ("utomlansersattning-behalls", "ptp-som-st", "ta-bort-vite", "sarskilda-ataganden-2024")
#: The scenario the out-of-county variant is compared with (all fees pooled).
ALL_FEES_POOLED = "endast-patientavgifter"
#: The scenarios shown in the competitive-neutrality table and figure, in this order.
NEUTRALITY = (BASE, "endast-lof-lol", "endast-fotvard", "endast-patientavgifter", "endast-glesbygd-upptagningsomrade",
              "endast-cni-40", "endast-separat-ostersund", *SIDE_SCENARIOS, "majoritetens-forslag",
              "oppositionens-forslag", "enighet")


def side_status(params: dict) -> str:
    """The weakest data status among the side items in the parameter file (`syntetisk` if none)."""
    found = [params.get(g, {}).get(k, {}).get("status") for g, k in SIDE_PARAMETERS
             if isinstance(params.get(g, {}).get(k), dict)]
    return weakest(s for s in found if s)


@dataclass
class ProposalsChapter:
    baseline: Baseline
    results: list[ScenarioResult]
    proposals: list[P.Proposal]

    @classmethod
    def build(cls, dataset, files: Sequence[str | Path],
              proposals_file: str | Path | None = None) -> ProposalsChapter:
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
            ("forslag-ej-styrgruppen", "Förslag från majoriteten och hela styrgruppen som boken inte kan räkna på, "
             "och varför.", (how == "ej_kvantifierbar") & who.isin(["majoriteten", "enighet"])),
            ("forslag-ej-ovriga", "Förslag från oppositionen och i styrelseärendena som boken inte kan räkna på, "
             "och varför.", (how == "ej_kvantifierbar") & ~who.isin(["majoriteten", "enighet"])),
        ]
        out = []
        for name, caption, mask in parts:
            df = full[mask].reset_index(drop=True)
            if df.empty:
                continue
            if name.startswith("forslag-ej"):
                df = df.rename(columns={last: "Varför boken inte räknar på det"})
                df["Varför boken inte räknar på det"] = df["Varför boken inte räknar på det"].str.removeprefix(
                    "Räknas inte: ")
            out.append((name, caption, df))
        return out

    def summary(self) -> pd.DataFrame:
        """The side scenarios: added money, change of all centres' net, winners/losers, extremes."""
        rows = []
        for r in self.side():
            s = r.summary()
            rows.append({
                "Scenario": r.scenario.etikett,
                "Tillförda medel": fmt.mkr(s["tillforda_medel"]),
                "Hälsocentralernas netto": fmt.mkr(net if abs(net := s["skillnad_netto_kr"]) > 1e3 else 0.0),
                "Vinner / förlorar": f"{s['antal_vinnare']} / {s['antal_forlorare']}",
                "Största vinst, kr per listad": (
                    f"{short_name(s['vinnare'])} {fmt.signed_kr(round(s['vinnare_varde']))}" if s["vinnare"] else "–"),
                "Största förlust, kr per listad": (f"{short_name(s['forlorare'])} "
                                                   f"{fmt.signed_kr(round(s['forlorare_varde']))}" if s["forlorare"] else "–"),
            })
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

        return wide.rename(columns={c: f"{c}: förändring netto kr per listad" for c in wide.columns
                                    if c not in ID_COLUMNS})

    # -- competitive neutrality ----------------------------------------------------------------
    def neutrality(self) -> pd.DataFrame:
        return by_operator([self.by_name[n] for n in NEUTRALITY if n in self.by_name])

    def neutrality_table(self) -> pd.DataFrame:
        return gap_table(self.neutrality())

    def neutrality_changes(self) -> pd.DataFrame:
        return change_from_base(self.neutrality(), BASE)

    # -- glued numbers --------------------------------------------------------------------------
    @registers(tables=("halsocentraler", "listade", "listade_ort", "cni_underlag", "kostnader", "patientavgifter"),
               params=tuple(f"{group}.{key}" for group, key in SIDE_PARAMETERS), scenarios=True)
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
        diff = (kept.per_centre.set_index("hc_id")["skillnad_netto_per_listad"]
                - pooled.per_centre.set_index("hc_id")["skillnad_netto_per_listad"])
        names = kept.per_centre.set_index("hc_id")["namn"]
        best, worst = diff.idxmax(), diff.idxmin()
        return {"fs_utomlans_vinnare": short_name(names[best]), "fs_utomlans_vinnare_kr": fmt.signed_kr(round(diff[best])),
                "fs_utomlans_forlorare": short_name(names[worst]),
                "fs_utomlans_forlorare_kr": fmt.signed_kr(round(diff[worst]))}

    def _ptp_numbers(self) -> dict[str, str]:
        r = self.by_name.get("ptp-som-st")
        return {"fs_ptp_tillfort": fmt.mkr(r.tillforda_medel)} if r is not None else {}

    def _neutrality_numbers(self) -> dict[str, str]:
        long = self.neutrality()
        base = long[long["scenario"] == BASE].set_index("driftsform")
        if not {REGION_RUN, PRIVATE} <= set(base.index):
            return {}
        out = {
            "kn_region_per_listad": fmt.kr(base.loc["regiondriven", "ersattning_per_listad"]),
            "kn_privat_per_listad": fmt.kr(base.loc["privat", "ersattning_per_listad"]),
            "kn_region_per_viktad": fmt.kr(base.loc["regiondriven", "ersattning_per_viktad"]),
            "kn_privat_per_viktad": fmt.kr(base.loc["privat", "ersattning_per_viktad"]),
        }
        changes = self.neutrality_changes()
        gap = changes.pivot(index="scenario", columns="driftsform", values="forandring_per_viktad")
        gap = (gap["privat"] - gap["regiondriven"]).dropna()
        label = changes.drop_duplicates("scenario").set_index("scenario")["etikett"]
        if len(gap):
            out |= {"kn_mest_till_privata": label[gap.idxmax()], "kn_mest_till_privata_kr": fmt.kr(gap.max()),
                    "kn_mest_till_region": label[gap.idxmin()], "kn_mest_till_region_kr": fmt.kr(-gap.min())}
        net = changes.pivot(index="scenario", columns="driftsform", values="netto_forandring_per_listad")
        if "sarskilda-ataganden-2024" in net.index:
            row = net.loc["sarskilda-ataganden-2024"]
            out |= {"kn_sarskilda_region": fmt.signed_kr(round(row["regiondriven"], 1), 1),
                    "kn_sarskilda_privat": fmt.signed_kr(round(row["privat"], 1), 1)}
        return out
