"""CNI sweep, sensitivity, decomposition, chapter tables and figures (analysis.scenarios, figures)."""

from __future__ import annotations

import base64
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from test_scenarios_engine import hand_made_frame  # noqa: E402

from analysis.chapters.forandringar.assumptions import assumption_labels, labelled, step_label  # noqa: E402
from analysis.chapters.forandringar.report import ScenarioChapter  # noqa: E402
from analysis.figures import geography, interactive  # noqa: E402
from analysis.figures import scenarios as figs  # noqa: E402
from analysis.figures import sensitivity as sens_figs  # noqa: E402
from analysis.scenarios import (  # noqa: E402
    Assumption,
    Baseline,
    Scenario,
    cni_sweep,
    compare,
    decompose,
    group_change,
    run_scenario,
    sensitivity,
    with_change,
)
from analysis.scenarios.loader import scenario_files  # noqa: E402
from analysis.scenarios.schema import CniAndel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def baseline() -> Baseline:
    df = hand_made_frame()
    df["lat"] = [63.18, 63.18, 63.33, 63.85, 62.53]
    df["lon"] = [14.64, 14.64, 14.45, 15.56, 12.55]
    return Baseline.from_frame(df)


def scen(*changes, namn="s", titel="S") -> Scenario:
    return Scenario.model_validate(
        {
            "namn": namn,
            "titel": titel,
            "beskrivning": "x",
            "forslag_av": "utredningen",
            "kalla": "§9",
            "forandringar": list(changes),
        }
    )


MAJ = scen(
    {
        "typ": "ta_bort_kostnadsansvar",
        "kostnadstyp": "lof_lol",
        "central_budget_kr": 21e6,
        "behall_i_ersattning_kr": 5e6,
    },
    {"typ": "patientavgifter_i_kapitering"},
    {"typ": "glesbygd_upptagningsomrade", "grans": 10_000},
    {"typ": "cni_andel", "andel": 0.4},
    namn="maj",
    titel="Majoriteten",
)


class TestSweep:
    def test_total_constant_and_first_share_zero(self, baseline):
        sw = cni_sweep(baseline, [0.25, 0.4, 0.6])
        totals = sw.groupby("andel")["ersattning_total"].sum()
        assert np.allclose(totals, totals.iloc[0])
        assert np.allclose(sw.loc[sw["andel"] == 0.25, "skillnad_per_listad"], 0)
        assert len(sw) == 15

    def test_with_change_replaces(self):
        s = with_change(MAJ, CniAndel(typ="cni_andel", andel=0.55))
        assert s.change("cni_andel").andel == 0.55 and len(s.forandringar) == len(MAJ.forandringar)


class TestSensitivity:
    def test_default_assumptions_cover_the_scenario(self, baseline):
        sens = sensitivity(baseline, MAJ)
        assert set(sens["antagande"]) == {
            "cni_andel",
            "glesbygd_grans",
            "glesbygd_avstand",
            "avgiftsniva",
            "avgift_fordelning",
            "behall_lof_lol",
        }
        assert (sens["spann"].diff().dropna() <= 1e-9).all(), "sorterad, största först"
        assert sens.attrs["utfall"] and np.isclose(sens["utfall_bas"], sens.attrs["utfall_bas"]).all()

    def test_the_chapter_labels_the_assumptions(self, baseline):
        sens = labelled(sensitivity(baseline, MAJ))
        assert list(sens.columns[:4]) == ["antagande", "etikett", "lag_etikett", "hog_etikett"]
        assert sens.attrs["utfall_bas"] == pytest.approx(sens["utfall_bas"].iloc[0])
        rows = sens.set_index("antagande")
        assert rows.loc["avgiftsniva", ["etikett", "lag_etikett", "hog_etikett"]].tolist() == [
            "Patientavgifternas nivå (±20 %)",
            "−20 %",
            "+20 %",
        ]
        assert rows.loc["cni_andel", "etikett"].startswith("CNI-andel (vår läsning: ")
        assert rows.loc["glesbygd_grans", "lag_etikett"].endswith(" inv.")
        assert assumption_labels("glesbygd_band", 1.0, 0.75, 1.25) == (
            "Bandgränser för glesbygdsstöd",
            "−25 %",
            "+25 %",
        )

    def test_base_value_is_the_scenarios_spread(self, baseline):
        sens = sensitivity(baseline, MAJ)
        df = run_scenario(baseline, MAJ).per_centre
        spread = df["skillnad_netto_per_listad"].max() - df["skillnad_netto_per_listad"].min()
        assert sens.attrs["utfall_bas"] == pytest.approx(spread)

    def test_custom_assumption_and_outcome(self, baseline):
        a = Assumption(
            "x",
            lambda b, s: (b, with_change(s, CniAndel(typ="cni_andel", andel=0.3))),
            lambda b, s: (b, with_change(s, CniAndel(typ="cni_andel", andel=0.5))),
            0.4,
            0.3,
            0.5,
        )
        sens = sensitivity(baseline, MAJ, [a], outcome="storsta_forlust")
        assert len(sens) == 1 and sens.loc[0, "utfall_lag"] != sens.loc[0, "utfall_hog"]

    def test_baseline_scenario_has_no_assumptions(self, baseline):
        assert sensitivity(baseline, scen()).empty

    def test_fee_level_scales_fees(self, baseline):
        assert baseline.with_fee_level(1.2).per_centre["patientavgifter"].sum() == pytest.approx(
            1.2 * baseline.per_centre["patientavgifter"].sum()
        )

    def test_unknown_outcome(self, baseline):
        with pytest.raises(ValueError, match="outcome"):
            sensitivity(baseline, MAJ, outcome="okand")


class TestDecompose:
    def test_steps_add_up_to_the_total(self, baseline):
        steps = decompose(baseline, MAJ)
        total = steps.groupby("hc_id")["bidrag_per_listad"].sum()
        direct = run_scenario(baseline, MAJ).per_centre.set_index("hc_id")["skillnad_netto_per_listad"]
        assert np.allclose(total.loc[direct.index], direct)
        assert list(dict.fromkeys(steps["steg"]))[0] == "ta_bort_kostnadsansvar:lof_lol"
        labelled_steps = decompose(baseline, MAJ, label=step_label)
        assert list(dict.fromkeys(labelled_steps["steg"]))[0] == "LOF/LOL ur kostnadsansvaret"


@pytest.fixture(scope="module")
def results(baseline):
    scenarios = [
        scen(namn="bas", titel="Bas"),
        MAJ,
        scen({"typ": "separat_halsoval_ostersund", "cni_andel": 0.4}, namn="opp", titel="Oppositionen"),
    ]
    return [run_scenario(baseline, s) for s in scenarios]


def _title(ax) -> str:
    """The axes title wherever the house style put it (left-aligned in the book)."""
    return ax.get_title() or ax.get_title(loc="left")


class TestFigures:
    """Every figure function returns a figure with Swedish text and draws without error."""

    def test_change_bars(self, results):
        fig = figs.change_bars(results[1].per_centre, "Majoriteten")
        ax = fig.axes[0]
        assert _title(ax) == "Majoriteten" and "kr per listad" in ax.get_xlabel()
        assert len(ax.patches) == 5
        plt.close(fig)

    def test_heatmap(self, results):
        long = compare(results)
        fig = figs.change_heatmap(long, ["maj", "opp"], ["Majoriteten", "Oppositionen"], separators=[1])
        ax = fig.axes[0]
        assert "netto" in _title(ax)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["Majori-\nteten", "Opposi-\ntionen"]
        assert len([t for t in ax.texts if t.get_text()]) == 2 * 5  # every cell has its number
        plt.close(fig)

    def test_sweep_tornado_steps(self, baseline, results):
        fig = sens_figs.cni_sweep_chart(cni_sweep(baseline), marks=[(0.25, "2020")])
        assert "CNI" in fig.axes[0].get_xlabel()
        plt.close(fig)
        fig = sens_figs.tornado_chart(labelled(sensitivity(baseline, MAJ)), "Känslighet")
        assert "Utfall" in fig.axes[0].get_xlabel()
        assert all(
            len(line) <= sens_figs.LABEL_WIDTH
            for t in fig.axes[0].get_yticklabels()
            for line in t.get_text().split("\n")
        )  # long names wrap instead of crowding the bars
        plt.close(fig)
        fig = figs.step_chart(decompose(baseline, MAJ), "Steg")
        plt.close(fig)

    def test_groups_catchment_map(self, results, tmp_path):
        fig = figs.group_chart(group_change(results[1:], "driftsform"), "Driftsform")
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("hälsocentral" in t for t in labels)
        plt.close(fig)
        fig = geography.catchment_chart(results[1].per_centre, limit=10_000)
        plt.close(fig)
        fig = geography.change_map(results[1].per_centre, "Karta", geography.load_outlines(tmp_path / "saknas.geojson"))
        plt.close(fig)

    def test_short_names(self):
        assert [
            figs.short_name(n)
            for n in ["Hallens hälsocentral", "Hälsocentralen Ripan (Medinord AB)", "Bräcke hälsocentral"]
        ] == ["Hallen", "Ripan (Medinord AB)", "Bräcke"]

    def test_outlines_from_repository(self):
        path = ROOT / "data" / "raw" / "geo-okfse-sweden-geojson" / "swedish_municipalities_23.geojson"
        if not path.exists():
            pytest.skip("kommungränserna finns inte i data/raw")
        assert len(geography.load_outlines(path)) >= 8


class TestInteractive:
    def test_html_needs_no_internet_and_is_deterministic(self, baseline):
        sw = cni_sweep(baseline)
        a = interactive.html_div(interactive.cni_slider_figure(sw), "fig-test")
        b = interactive.html_div(interactive.cni_slider_figure(sw), "fig-test")
        assert a == b
        assert 'id="fig-test"' in a and "<script src" not in a and "cdn.plot.ly" not in a
        assert "CNI-andel 25 %" in a.replace("\\u00a0", " ") or "25 %" in a

    def test_slider_has_one_step_per_share(self, baseline):
        fig = interactive.cni_slider_figure(cni_sweep(baseline, [0.25, 0.3, 0.35]))
        meta = fig.layout.meta
        assert len(meta["andelar"]) == 3 and len(meta["synliga"]) == 3
        shown = {t.legendgroup for t in fig.data if t.visible}
        assert sum(bool(t.visible) for t in fig.data) == len(shown)  # one share: a trace per ownership form
        assert meta["start"] != 0  # the 2020 share itself changes nothing: start further along
        assert fig.layout.xaxis.range[0] < 0 < fig.layout.xaxis.range[1] and fig.layout.xaxis.zeroline

    def test_slider_is_a_native_range_control(self, baseline):
        html = interactive.html_div(interactive.cni_slider_figure(cni_sweep(baseline, [0.25, 0.3, 0.35])), "fig-y")
        assert '<input type="range" id="fig-y-andel"' in html and 'aria-valuetext="30 %"' in html
        assert '<label for="fig-y-andel">' in html

    def test_bundle_has_html_and_png(self, baseline):
        sw = cni_sweep(baseline)
        png = interactive.cni_slider_png(sw)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert png == interactive.cni_slider_png(sw), "PNG ska vara bytestabil"
        b = interactive.bundle(interactive.cni_slider_figure(sw), png, "fig-x", alt="text")
        assert set(b) == {"text/html", "image/png", "text/plain"}
        assert base64.b64decode(b["image/png"]) == png


class TestChapter:
    def test_shipped_files_plus_extra_once(self, tmp_path):
        extra = tmp_path / "eget.yml"
        extra.write_text("x", encoding="utf-8")
        shipped = scenario_files(root=ROOT)
        files = scenario_files([extra, shipped[0], extra], root=ROOT)
        assert extra in files and len(files) == len(shipped) + 1
        # a copy of the project (other folder, same file names) replaces the package's files
        copy = tmp_path / "kopia"
        copy.mkdir()
        copied = []
        for p in shipped:
            (copy / p.name).write_bytes(p.read_bytes())
            copied.append(copy / p.name)
        assert scenario_files(copied, root=ROOT) == copied

    def test_chapter_on_toy_model_with_extra_scenario(self, tmp_path):
        from toy import toy_inputs

        extra = tmp_path / "eget.yml"
        extra.write_text(
            "namn: eget\ntitel: Eget förslag\nkortnamn: Eget\nbeskrivning: x\nforslag_av: utredningen\n"
            "kalla: rapporten §9\nforandringar:\n  - typ: cni_andel\n    andel: 35 %\n",
            encoding="utf-8",
        )
        base = Baseline.from_model(toy_inputs())
        # the toy has three small centres: use a catchment limit that reaches them
        chapter = ScenarioChapter.build(
            base, scenario_files([extra], root=ROOT), root=ROOT, sensitivity_of="endast-cni-40"
        )
        assert [r.namn for r in chapter.extras] == ["eget"]
        narrow, wide = chapter.comparison_tables()
        assert "Eget" in narrow.columns and len(narrow.columns) <= 7
        assert "Eget: förändring netto kr per listad" in wide.columns
        assert "Eget" in set(chapter.summary_table(chapter.compared)["Scenario"])
        numbers = chapter.numbers(toy_inputs().patientavgifter)
        assert "eget.yml" in numbers["sc_egna_namn"]
        assert all(isinstance(v, str) and v for v in numbers.values())
        assert set(chapter.proposals_table().columns) == {"Scenario", "Föreslaget av", "Förändringar", "Källa", "Fil"}


def test_heatmap_column_labels_split_long_words_so_neighbours_never_touch():
    from analysis.figures.scenarios import column_label

    assert column_label("Oppositionen") == "Opposi-\ntionen"
    assert column_label("Endast Östersund") == "Endast\nÖstersund"
    assert column_label("Enighet") == "Enighet"
    assert all(len(line) <= 10 for line in column_label("Patientavgifterna utjämnas").split("\n"))
