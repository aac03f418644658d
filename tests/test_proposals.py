"""The list of the investigation's proposals (analysis.proposals), competitive neutrality by form of
operation (analysis.scenarios.neutrality) and the chapter "Förslagen i utredningen" (papermill)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_scenarios_engine import hand_made_frame, scenario

from analysis import proposals as P
from analysis.chapters.forslag import gap_table
from analysis.scenarios import Baseline, run_scenario, shipped_scenario_files
from analysis.scenarios.neutrality import by_operator, change_from_base

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
TEMPLATE = ROOT / "notebooks" / "04-forslag-i-utredningen.ipynb"
SHIPPED = {p.stem for p in shipped_scenario_files(ROOT)}

#: Every proposal of the report (§6.1, §7.1, §9, §10, the idea of §2.1/§3) and of the board papers,
#: with who made it and how the book must treat it. The list in the package must hold each one.
REPORT_PROPOSALS = {
    # §6.1 and §9, agreed or majority
    "lof_lol": ("enighet", "scenario"),
    "patientavgifter": ("enighet", "scenario"),
    "cni_andel": ("majoriteten", "scenario"),
    "glesbygd": ("majoriteten", "scenario"),
    "fotvard": ("majoriteten", "scenario"),
    "ny_modell_verksamheter": ("majoriteten", "ej_kvantifierbar"),
    "tillganglighet_0an_3an": ("majoriteten", "uppfoljning"),
    "oppettider_telefon": ("majoriteten", "scenario"),
    "styrande_vardkedjan": ("majoriteten", "ej_kvantifierbar"),
    "specialiteter": ("majoriteten", "ej_kvantifierbar"),
    "folkhalsa": ("majoriteten", "ej_kvantifierbar"),
    "hela_budgeten": ("majoriteten", "ej_kvantifierbar"),
    # §9, opposition
    "utomlans": ("oppositionen", "scenario"),
    "ptp": ("oppositionen", "scenario"),
    "separat_ostersund": ("oppositionen", "scenario"),
    "kapitering_kvar": ("oppositionen", "scenario"),
    "oppettider_frihet_publicera": ("oppositionen", "uppfoljning"),
    "fast_vardkontakt": ("oppositionen", "uppfoljning"),
    "ekonomiska_ramar": ("oppositionen", "ej_kvantifierbar"),
    "folkhalsoenheten": ("oppositionen", "ej_kvantifierbar"),
    "tillaggsuppdrag": ("oppositionen", "avsnitt"),
    "filialer": ("oppositionen", "ej_kvantifierbar"),
    "allmanlakare": ("oppositionen", "ej_kvantifierbar"),
    # §7.1 and §10, agreed
    "jamforbarhet": ("enighet", "uppfoljning"),
    "styrgrupp_fortsatt": ("enighet", "ej_kvantifierbar"),
    # board papers
    "forfragningsunderlag_2021": ("regiondirektoren", "ej_kvantifierbar"),
    "sarskilda_ataganden": ("regiondirektoren", "scenario"),
    "e_frikort": ("regiondirektoren", "scenario"),
    "tillfalliga_besok": ("regiondirektoren", "ej_kvantifierbar"),
    "overhead": ("regiondirektoren", "avsnitt"),
    "akutmodul_tv": ("regiondirektoren", "ej_kvantifierbar"),
    "intraprenad_upphor": ("regiondirektoren", "avsnitt"),
    "koncern_utvecklingsansvar": ("regiondirektoren", "ej_kvantifierbar"),
    "halsoekonomisk_budget": ("regiondirektoren", "uppfoljning"),
}


@pytest.fixture(scope="module")
def proposals() -> list[P.Proposal]:
    return P.load_proposals(scenario_names=SHIPPED)


class TestList:
    def test_every_proposal_of_the_report_is_listed_with_its_proposer_and_treatment(self, proposals):
        by_id = {p.id: p for p in proposals}
        assert set(REPORT_PROPOSALS) <= set(by_id), set(REPORT_PROPOSALS) - set(by_id)
        for pid, (who, how) in REPORT_PROPOSALS.items():
            assert (by_id[pid].forslag_av, by_id[pid].behandling) == (who, how), pid

    def test_built_table_holds_each_proposal_with_a_link_or_a_reason(self, proposals):
        table = P.proposals_table(proposals)
        assert list(table.columns) == ["Förslag", "Föreslaget av", "Källa", "Så behandlar boken förslaget"]
        for p in proposals:
            row = table[table["Förslag"] == p.forslag]
            assert len(row) == 1, p.id
            how = row["Så behandlar boken förslaget"].iloc[0]
            if p.behandling == "ej_kvantifierbar":
                assert how.startswith("Räknas inte: ") and len(how) > 30
            else:
                assert "{doc}`" in how or "{ref}`" in how

    def test_scenarios_named_are_shipped_and_run(self, proposals):
        named = {p.scenario for p in proposals if p.scenario}
        assert named <= SHIPPED
        assert {"utomlansersattning-behalls", "ptp-som-st", "ta-bort-vite", "sarskilda-ataganden-2024"} <= named

    def test_every_source_cites_a_section_or_a_board_paper(self, proposals):
        assert all("§" in p.kalla or "RS/" in p.kalla for p in proposals)

    def test_counts(self, proposals):
        c = P.counts(proposals)
        assert c["alla"] == len(proposals) == sum(v for k, v in c.items() if k != "alla")


class TestListMessages:
    def write(self, tmp_path, text: str) -> Path:
        path = tmp_path / "forslag.yml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_missing_reason_names_file_entry_and_key(self, tmp_path):
        path = self.write(
            tmp_path,
            "- id: x\n  forslag: Något\n  kalla: rapporten §9\n"
            "  forslag_av: majoriteten\n  behandling: ej_kvantifierbar\n",
        )
        with pytest.raises(P.ProposalsError, match=r"forslag\.yml, förslag 1 \('x'\).*kräver nyckeln 'varfor'"):
            P.load_proposals(path)

    def test_unknown_scenario(self, tmp_path):
        path = self.write(
            tmp_path,
            "- id: x\n  forslag: Något\n  kalla: rapporten §9\n  forslag_av: enighet\n"
            "  behandling: scenario\n  scenario: finns-inte\n  lank: {doc: x}\n",
        )
        with pytest.raises(P.ProposalsError, match="scenariofilen 'finns-inte.yml' finns inte"):
            P.load_proposals(path, scenario_names=SHIPPED)

    def test_wrong_proposer(self, tmp_path):
        path = self.write(
            tmp_path,
            "- id: x\n  forslag: Något\n  kalla: §9\n  forslag_av: alla\n  behandling: uppfoljning\n  lank: {ref: a}\n",
        )
        with pytest.raises(P.ProposalsError, match=r"förslag 1 \('x'\), forslag_av"):
            P.load_proposals(path)

    def test_duplicate_id(self, tmp_path):
        entry = (
            "- id: x\n  forslag: Något\n  kalla: §9\n  forslag_av: enighet\n  behandling: avsnitt\n  lank: {ref: a}\n"
        )
        with pytest.raises(P.ProposalsError, match="id förekommer flera gånger: x"):
            P.load_proposals(self.write(tmp_path, entry + entry))


class TestNeutrality:
    def test_per_listed_and_weighted_listed_by_form(self):
        base = Baseline.from_frame(hand_made_frame())
        results = [
            run_scenario(base, scenario(namn="bas")),
            run_scenario(base, scenario({"typ": "cni_andel", "andel": 0.5}, namn="cni")),
        ]
        long = by_operator(results)
        df = hand_made_frame()
        region = df[df["driftsform"] == "regiondriven"]
        row = long[(long["scenario"] == "bas") & (long["driftsform"] == "regiondriven")].iloc[0]
        assert row["ersattning_per_listad"] == pytest.approx(region["ersattning_total"].sum() / region["listade"].sum())
        assert row["ersattning_per_viktad"] == pytest.approx(
            region["ersattning_total"].sum() / region["viktsumma_alder"].sum()
        )
        # a CNI change keeps the pot: Σ over forms of the change of compensation is 0
        ch = change_from_base(long, "bas")
        assert (ch["forandring_per_viktad"] * ch["viktade"]).sum() == pytest.approx(0, abs=1)
        gap = gap_table(long)
        assert len(gap) == 2 and gap.iloc[0, 1:].notna().all()
        assert "Skillnad privat − regiondriven, per viktad listad" in gap.columns


@pytest.mark.skipif(not (EXAMPLE / "manifest.yml").exists(), reason="data/exempel-2020 saknas")
def test_chapter_notebook_builds_the_table_with_every_proposal(tmp_path, proposals):
    out_nb, out_dir, cwd = tmp_path / "kapitel.ipynb", tmp_path / "genererat", tmp_path / "kapitel"
    cwd.mkdir()
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(TEMPLATE),
        str(out_nb),
        "-p",
        "data_dir",
        str(EXAMPLE),
        "-p",
        "output_dir",
        str(out_dir),
        "-p",
        "forslagsfil",
        str(P.default_file()),
        "--cwd",
        str(cwd),
        "--execution-timeout",
        "600",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    built = pd.read_csv(out_dir / "forslag.csv", sep=";", encoding="utf-8-sig")
    assert set(built["Förslag"]) == {p.forslag for p in proposals}
    for name in ("sidoposter", "driftsform"):
        assert (out_dir / f"{name}.png").exists()
    nb = json.loads(out_nb.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    text = json.dumps(nb, ensure_ascii=False)
    assert "(konkurrensneutralitet)=" in text and "(forslag-sidoposter)=" in text
