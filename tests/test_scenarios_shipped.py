"""The shipped scenarios on the example data, and the chapter notebook (papermill)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.scenarios import Baseline, load_scenarios, run_scenario, shipped_scenario_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
TEMPLATE = ROOT / "notebooks" / "02-forandringar-2021.ipynb"
SHIPPED = shipped_scenario_files(ROOT)
#: New money or forgone revenue of the side items (tests/test_scenarios_side_items.py checks the amounts).
SIDE_MONEY = {"PTP-psykologer som ST-läkare", "Uteblivna viten", "Särskilda åtaganden"}

needs_data = pytest.mark.skipif(
    not (EXAMPLE / "manifest.yml").exists(), reason="data/exempel-2020 saknas (kör scripts/make_example_data.py)"
)


@pytest.fixture(scope="module")
def dataset():
    from analysis.data import load_dataset

    return load_dataset(EXAMPLE)


@pytest.fixture(scope="module")
def baseline(dataset) -> Baseline:
    return Baseline.from_dataset(dataset)


@needs_data
class TestOnExampleData:
    def test_baseline_equals_the_model(self, dataset, baseline):
        from analysis.model import ModelInputs, compute_model

        model = compute_model(ModelInputs.from_dataset(dataset)).per_centre
        r = run_scenario(baseline, load_scenarios([ROOT / "scenarios" / "bas-2020.yml"])[0])
        pc = r.per_centre
        assert np.allclose(pc["ersattning_total"], model["ersattning_total"])
        # the scenario baseline's net = the model's net + the side items (analysis.scenarios.side_items)
        side = pc["intakt_utomlans"] - pc["vite"] - pc["kostnad_huvudmannauppdrag"] - pc["kostnad_e_frikort"]
        assert np.allclose(pc["netto"], model["netto"] + side)
        assert np.allclose(pc["skillnad_netto_kr"], 0)

    @pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
    def test_every_shipped_scenario_reconciles(self, baseline, path):
        (scenario,) = load_scenarios([path])
        r = run_scenario(baseline, scenario)
        r.check()  # region cost = baseline + added money, to the krona
        rec = r.reconciliation()
        assert abs(rec["avvikelse"]) < 1.0
        lof = scenario.change("ta_bort_kostnadsansvar")
        if lof is not None and lof.kostnadstyp == "lof_lol":
            assert r.tillforda_medel == lof.central_budget_kr
        elif not set(r.tillforda) & SIDE_MONEY:
            assert r.tillforda_medel == 0
        assert r.per_centre["skillnad_netto_per_listad"].notna().all()

    def test_central_budget_matches_parameter_file(self, dataset):
        from analysis import parameters as P

        (s,) = load_scenarios([ROOT / "scenarios" / "endast-lof-lol.yml"])
        change = s.change("ta_bort_kostnadsansvar")
        assert change.central_budget_kr == P.value(dataset.params, "lof_lol.central_budget_kr")
        assert change.behall_i_ersattning_kr == P.value(dataset.params, "lof_lol.kvar_i_halsoval_kr")

    def test_lof_lol_cost_mostly_in_ostersund(self, baseline):
        (s,) = load_scenarios([ROOT / "scenarios" / "endast-lof-lol.yml"])
        df = run_scenario(baseline, s).per_centre
        ost = df["kommunkod"] == "2380"
        assert df.loc[ost, "skillnad_netto_kr"].sum() > df.loc[~ost, "skillnad_netto_kr"].sum()

    def test_sparsity_rule_gives_money_to_small_catchments(self, baseline):
        (s,) = load_scenarios([ROOT / "scenarios" / "endast-glesbygd-upptagningsomrade.yml"])
        df = run_scenario(baseline, s).per_centre
        small = df["upptagningsomrade_befolkning"] < df["upptagningsomrade_befolkning"].median()
        assert df.loc[small, "skillnad_kr"].sum() > 0 > df.loc[~small, "skillnad_kr"].sum()


class TestTemplate:
    def test_saved_without_outputs_and_tagged(self):
        nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
        cells = nb["cells"]
        assert cells[0]["cell_type"] == "markdown" and cells[0]["source"][0].startswith("# ")
        assert set(cells[1]["metadata"]["tags"]) == {"parameters", "remove-cell"}
        assert "scenario_files = []" in "".join(cells[1]["source"])
        for c in cells:
            if c["cell_type"] == "code":
                assert not c["outputs"] and c["execution_count"] is None
                assert {"remove-cell", "remove-input"} & set(c["metadata"].get("tags", [])), c["source"][:80]

    def test_no_number_constants_in_prose(self):
        """Numbers in the prose are glued; only section numbers (§6.1) and formula symbols remain."""
        nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
        for c in nb["cells"][1:]:
            if c["cell_type"] != "markdown":
                continue
            text = "".join(c["source"])
            text = re.sub(r"\{glue(:\w+)?\}`[^`]+`", "", text)
            text = re.sub(r"§\s?\d+(\.\d+)?(–\d+(\.\d+)?)?", "", text)
            text = re.sub(r"```\{math\}.*?```", "", text, flags=re.S)
            text = re.sub(r"\$[^$]+\$", "", text)
            text = re.sub(r"(?i)RS/\d+/\d+|\{doc\}`[^`]+`|\(\d\)|\d{4} års|år \d{4}|Hälsoval \d{4}", "", text)
            assert not re.search(r"\d", text), f"siffra i prosan utan glue: {text[:200]}"


@needs_data
@pytest.mark.slow
def test_notebook_runs_and_shows_an_extra_scenario(tmp_path):
    extra = tmp_path / "mitt.yml"
    extra.write_text(
        "namn: mitt-forslag\ntitel: Mitt förslag\nkortnamn: Mitt förslag\nbeskrivning: Test.\n"
        "forslag_av: utredningen\nkalla: rapporten §9\nforandringar:\n  - typ: cni_andel\n    andel: 0.5\n",
        encoding="utf-8",
    )
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
        "-y",
        f"scenario_files: ['{extra}']",
        "--cwd",
        str(cwd),
        "--execution-timeout",
        "600",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    nb = json.loads(out_nb.read_text(encoding="utf-8"))
    text = json.dumps(nb, ensure_ascii=False)
    assert "Mitt förslag" in text
    assert (out_dir / "staplar-mitt-forslag.png").exists()
    assert "Mitt förslag" in (out_dir / "jamforelse.csv").read_text(encoding="utf-8-sig")
    for name in ("oversikt", "cni-svep", "tornado", "driftsform", "omrade", "glesbygd"):
        assert (out_dir / f"{name}.png").exists()
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not any("PosixPath" in json.dumps(o.get("data", {})) for o in outputs)
    record = "application/papermill.record/"  # glued: shown by a numbered glue:figure
    slider = [
        o
        for o in outputs
        if 'id="fig-forandringar-cni-reglage-plot"' in "".join(o.get("data", {}).get(record + "text/html", ""))
    ]
    assert slider and all(record + "image/png" in o["data"] for o in slider)  # the PDF's static version beside it
