"""The side change kinds (issue 19): out-of-county revenue, PTP as ST, no opening-hours fine, special
duties funded centrally. Validation messages, winners and losers, and the money identities."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from test_scenarios_engine import hand_made_frame, scenario
from test_scenarios_files import HEAD, problems, write

from analysis.chapters.forandringar.steps import step_text
from analysis.scenarios import (
    Baseline,
    ScenarioError,
    ScenarioRunError,
    load_scenario,
    run_scenario,
)

ROOT = Path(__file__).resolve().parents[1]

SIDE = {
    "utomlans": {
        "besok": {"varden": {"fjall_e": 1000, "by_c": 100}},
        "ersattning_per_besok_kr": {"varde": 1500},
        "avgift_per_besok_kr": {"varde": 150},
    },
    "utbildning": {
        "ptp_psykologer": {"varden": {"stad_a": 1, "stad_b": 2}},
        "st_lakare": {"varden": {"stad_a": 2}},
        "ersattning_st_kr": {"varde": 500_000},
        "ersattning_ptp_kr": {"varde": 200_000},
    },
    "tillganglighet": {
        "vite_per_vecka_kr": {"varde": 10_000},
        "vite_max_kr": {"varde": 100_000},
        "vite_veckor": {"varden": {"by_d": 3, "fjall_e": 25}},
        "vite_tillfallen": {"varden": {"fjall_e": 2}},
    },
    "sarskilda_ataganden": {
        "huvudmannauppdrag_kr": {"varde": 1_300_000},
        "e_frikort_kr": {"varde": 240_000},
    },
}
POOL = {"typ": "patientavgifter_i_kapitering", "fordelning": "aldersviktad"}


def side_baseline(params: dict | None = None) -> Baseline:
    return Baseline.from_frame(hand_made_frame(), side_params=SIDE if params is None else params)


@pytest.fixture
def base() -> Baseline:
    return side_baseline()


def by_id(result, column: str = "skillnad_netto_kr") -> dict[str, float]:
    return result.per_centre.set_index("hc_id")[column].to_dict()


class TestBaseline:
    def test_side_money_enters_the_net_but_not_the_compensation(self, base):
        plain = Baseline.from_frame(hand_made_frame()).state.df.set_index("hc_id")
        df = base.state.df.set_index("hc_id")
        assert df["ersattning_total"].to_dict() == pytest.approx(plain["ersattning_total"].to_dict())
        expected = (
            plain["netto"]
            + df["intakt_utomlans"]
            - df["vite"]
            - df["kostnad_huvudmannauppdrag"]
            - df["kostnad_e_frikort"]
        )
        assert df["netto"].to_dict() == pytest.approx(expected.to_dict())

    def test_fine_follows_the_2020_rule(self, base):
        vite = base.per_centre.set_index("hc_id")["vite"]
        assert vite["by_d"] == 30_000  # 3 weeks × 10 000 kr
        assert vite["fjall_e"] == 200_000  # 2 occasions of 12,5 weeks, each capped at 100 000 kr
        assert vite["stad_a"] == 0

    def test_special_duties_only_on_region_run_centres_by_listed(self, base):
        df = base.per_centre.set_index("hc_id")
        cost = df["kostnad_huvudmannauppdrag"]
        assert cost.sum() == pytest.approx(1_300_000)
        assert cost["stad_b"] == cost["by_d"] == cost["fjall_e"] == 0  # private, municipal, private
        assert cost["stad_a"] / cost["by_c"] == pytest.approx(10_000 / 5_000)

    def test_without_side_parameters_everything_is_zero(self):
        df = Baseline.from_frame(hand_made_frame()).per_centre
        assert (df[["intakt_utomlans", "vite", "kostnad_huvudmannauppdrag", "ptp_psykologer"]] == 0).all().all()


class TestParameterMessages:
    def test_unknown_centre_names_file_key_and_expectation(self):
        params = copy.deepcopy(SIDE)
        params["utomlans"]["besok"]["varden"]["okand_hc"] = 10
        with pytest.raises(ScenarioRunError) as info:
            side_baseline(params)
        msg = str(info.value)
        assert "parametrar.yml, utomlans.besok.varden.okand_hc" in msg
        assert "okänd hälsocentral 'okand_hc'" in msg and "halsocentraler" in msg

    def test_negative_or_text_value(self):
        params = copy.deepcopy(SIDE)
        params["utbildning"]["ersattning_ptp_kr"]["varde"] = "mycket"
        with pytest.raises(
            ScenarioRunError,
            match=r"utbildning\.ersattning_ptp_kr\.varde: värdet 'mycket' är inte "
            r"ett tal ≥ 0",
        ):
            side_baseline(params)
        params = copy.deepcopy(SIDE)
        params["tillganglighet"]["vite_veckor"]["varden"]["by_d"] = -1
        with pytest.raises(ScenarioRunError, match="inte ett tal ≥ 0"):
            side_baseline(params)

    def test_per_centre_values_must_be_a_mapping(self):
        params = copy.deepcopy(SIDE)
        params["utbildning"]["ptp_psykologer"] = {"varde": 3}
        with pytest.raises(ScenarioRunError, match="väntade nyckeln 'varden'"):
            side_baseline(params)

    def test_out_of_county_fees_cannot_exceed_the_fees(self):
        params = copy.deepcopy(SIDE)
        params["utomlans"]["besok"]["varden"]["fjall_e"] = 10_000  # 1,5 MSEK of fees > 0,2 MSEK
        with pytest.raises(ScenarioRunError, match="större än hälsocentralens patientavgifter"):
            side_baseline(params)

    def test_change_without_its_parameter_says_which_and_gives_no_amounts(self):
        bare = Baseline.from_frame(hand_made_frame())
        r = run_scenario(bare, scenario({"typ": "ptp_som_st"}))
        r.check()
        assert max(abs(v) for v in by_id(r).values()) == 0
        text = step_text(r.steg[-1])
        assert "ptp_som_st kräver parametern utbildning.ptp_psykologer" in text
        assert "utbildning.ersattning_st_kr" in text and "datamängden saknar den" in text


class TestFileMessages:
    def test_unknown_handling_value(self, tmp_path):
        msgs = problems(
            write(
                tmp_path,
                HEAD
                + """
            forandringar:
              - typ: utomlansersattning
                hantering: kanske
            """,
            )
        )
        assert any("hantering" in m and "'behalls'" in m for m in msgs), msgs

    def test_typo_key_in_special_duties(self, tmp_path):
        msgs = problems(
            write(
                tmp_path,
                HEAD
                + """
            forandringar:
              - typ: sarskilda_ataganden_centralt
                dellar: [e_frikort]
            """,
            )
        )
        assert any("dellar" in m and "delar" in m for m in msgs), msgs

    def test_unknown_part(self, tmp_path):
        with pytest.raises(ScenarioError):
            load_scenario(
                write(
                    tmp_path,
                    HEAD
                    + """
                forandringar:
                  - typ: sarskilda_ataganden_centralt
                    delar: [tv_apparater]
                """,
                )
            )


class TestOutOfCounty:
    def test_keeping_it_protects_the_resort_centre_against_pooling(self, base):
        pooled_all = run_scenario(base, scenario(POOL))
        kept = run_scenario(base, scenario({"typ": "utomlansersattning", "hantering": "behalls"}, POOL))
        for r in (pooled_all, kept):
            r.check()
            assert sum(by_id(r).values()) == pytest.approx(0, abs=1)
        gain = by_id(kept)["fjall_e"] - by_id(pooled_all)["fjall_e"]
        assert gain > 0
        # it keeps its out-of-county fees (1 000 visits × 150 kr), less its share of a smaller pool
        assert kept.per_centre.set_index("hc_id").loc["fjall_e", "patientavgifter"] == pytest.approx(150_000)

    def test_kept_alone_changes_nothing(self, base):
        r = run_scenario(base, scenario({"typ": "utomlansersattning", "hantering": "behalls"}))
        assert max(abs(v) for v in by_id(r).values()) < 1e-6

    def test_pooling_moves_the_revenue_from_resort_to_all(self, base):
        r = run_scenario(
            base, scenario({"typ": "utomlansersattning", "hantering": "poolas", "fordelning": "per_listad"})
        )
        r.check()
        d = by_id(r)
        assert d["fjall_e"] < 0 and d["stad_a"] > 0
        assert sum(d.values()) == pytest.approx(0, abs=1)


class TestPtp:
    def test_winners_are_the_centres_with_ptp_psychologists(self, base):
        r = run_scenario(base, scenario({"typ": "ptp_som_st"}))
        r.check()
        d = by_id(r)
        assert d["stad_a"] == pytest.approx(300_000) and d["stad_b"] == pytest.approx(600_000)
        assert d["by_c"] == d["by_d"] == d["fjall_e"] == 0
        assert r.tillforda_medel == pytest.approx(900_000)

    def test_from_the_capitation_everyone_else_pays(self, base):
        r = run_scenario(
            base, scenario({"typ": "ptp_som_st", "finansiering": "ur_ersattningen", "ersattning_kr": 400_000})
        )
        r.check()
        d = by_id(r)
        assert r.tillforda_medel == 0
        assert sum(d.values()) == pytest.approx(0, abs=1)
        assert d["by_c"] < 0 and d["stad_b"] > 0


class TestFine:
    def test_fined_centres_keep_their_fine_and_the_region_forgoes_it(self, base):
        r = run_scenario(base, scenario({"typ": "ta_bort_vite"}))
        r.check()
        d = by_id(r)
        assert d["by_d"] == pytest.approx(30_000) and d["fjall_e"] == pytest.approx(200_000)
        assert d["stad_a"] == 0
        assert r.tillforda_medel == pytest.approx(230_000)
        assert r.reconciliation()["skillnad"] == pytest.approx(230_000)


class TestSpecialDuties:
    def test_region_run_gain_others_pay_the_e_frikort_move(self, base):
        r = run_scenario(base, scenario({"typ": "sarskilda_ataganden_centralt"}))
        r.check()
        d = by_id(r)
        assert d["stad_a"] > 0 and d["by_c"] > 0  # region-run
        assert d["stad_b"] < 0 and d["fjall_e"] < 0 and d["by_d"] < 0
        assert sum(d.values()) == pytest.approx(1_300_000, abs=1)
        assert r.tillforda_medel == pytest.approx(1_300_000)
        assert r.centrala_budgetar == pytest.approx({"Särskilda åtaganden": 1_300_000, "E-frikortsmodulen": 240_000})

    def test_only_e_frikort(self, base):
        r = run_scenario(base, scenario({"typ": "sarskilda_ataganden_centralt", "delar": ["e_frikort"]}))
        r.check()
        assert sum(by_id(r).values()) == pytest.approx(0, abs=1)


@pytest.mark.parametrize(
    "name", ["utomlansersattning-behalls", "ptp-som-st", "ta-bort-vite", "sarskilda-ataganden-2024"]
)
def test_shipped_files_run_on_the_example_dataset(name, example_baseline):
    r = run_scenario(example_baseline, load_scenario(ROOT / "scenarios" / f"{name}.yml"))
    r.check()
    s = r.summary()
    assert s["antal_vinnare"] > 0


@pytest.fixture(scope="module")
def example_baseline():
    from analysis.data import load_dataset

    return Baseline.from_dataset(load_dataset(ROOT / "data" / "exempel-2020"))


def test_validate_names_an_unknown_centre_in_the_side_parameters(tmp_path):
    """`python -m analysis validate` (the loader) reports it with file, line and key, not a traceback."""
    import shutil

    import yaml

    from analysis.data import DatasetError, load_dataset, rehash_manifest

    target = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "exempel-2020", target)
    params_path = target / "parametrar.yml"
    params = yaml.safe_load(params_path.read_text(encoding="utf-8"))
    params["utomlans"]["besok"]["varden"]["okand_hc"] = 5
    params_path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rehash_manifest(target)
    with pytest.raises(DatasetError) as info:
        load_dataset(target, tables=["halsocentraler"])
    text = str(info.value)
    assert "parametrar.yml" in text and "utomlans.besok.varden.okand_hc" in text
    assert "okänd hälsocentral 'okand_hc'" in text and "halsocentraler" in text
