"""Unit behaviour of each scenario change type on small hand-made inputs (analysis.scenarios.engine)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.chapters.forandringar.steps import step_heading, step_text
from analysis.scenarios import (
    Baseline,
    Scenario,
    ScenarioRunError,
    catchment_weights,
    compare,
    group_change,
    run_scenario,
)
from analysis.scenarios.engine import COST_TYPES
from analysis.scenarios.schema import GlesbygdUpptagningsomrade

PRICE, CNI_MEAN = 2453.0, 820.0


def hand_made_frame() -> pd.DataFrame:
    """Five centres: two in Östersund (2380), three elsewhere; money built by the 2020 rules."""
    df = pd.DataFrame(
        {
            "hc_id": ["stad_a", "stad_b", "by_c", "by_d", "fjall_e"],
            "namn": ["Stad A", "Stad B", "By C", "By D", "Fjäll E"],
            "kommunkod": ["2380", "2380", "2309", "2313", "2361"],
            "kommun": ["Östersund", "Östersund", "Krokom", "Strömsund", "Härjedalen"],
            "driftsform": ["regiondriven", "privat", "regiondriven", "kommunal", "privat"],
            "listade": [10_000, 8_000, 5_000, 2_000, 1_000],
            "viktsumma_alder": [9_000.0, 7_000.0, 5_500.0, 2_600.0, 1_300.0],
            "viktsumma_lakemedel": [9_500.0, 7_200.0, 5_800.0, 2_900.0, 1_400.0],
            "cni": [1.20, 0.95, 0.90, 1.05, 0.80],
            "upptagningsomrade_befolkning": [12_000, 11_000, 6_000, 2_500, 1_200],
        }
    )
    cni_key = df["cni"] * df["listade"]
    df["ersattning_listad"] = PRICE * df["viktsumma_alder"]
    df["ersattning_cni"] = CNI_MEAN * df["listade"].sum() * cni_key / cni_key.sum()
    df["ersattning_lakemedel"] = 1272.0 * df["viktsumma_lakemedel"]
    df["ersattning_glesbygd"] = [0.0, 0.0, 400_000.0, 900_000.0, 700_000.0]
    costs = {
        "lakemedel": [12e6, 9e6, 7e6, 3.6e6, 1.8e6],
        "lof_lol": [4e6, 3e6, 0.5e6, 0.1e6, 0.0],
        "fotvard": [0.3e6, 0.25e6, 0.2e6, 0.1e6, 0.05e6],
        "tjanstekop_kommun": [0.5e6, 0.4e6, 0.6e6, 0.5e6, 0.4e6],
        "lab_rontgen": [1e6, 0.8e6, 0.5e6, 0.3e6, 0.2e6],
        "lokaler": [2e6, 1.8e6, 1.2e6, 0.8e6, 0.7e6],
        "sjukresor": [0.1e6, 0.1e6, 0.4e6, 0.5e6, 0.6e6],
    }
    for typ in COST_TYPES:
        df[f"kostnad_{typ}"] = costs[typ]
    df["patientavgifter"] = [2.0e6, 1.8e6, 0.9e6, 0.3e6, 0.2e6]
    df["ersattning_total"] = df[
        ["ersattning_listad", "ersattning_cni", "ersattning_lakemedel", "ersattning_glesbygd"]
    ].sum(axis=1)
    df["kostnad_total"] = df[[f"kostnad_{t}" for t in COST_TYPES]].sum(axis=1)
    df["netto"] = df["ersattning_total"] + df["patientavgifter"] - df["kostnad_total"]
    return df


@pytest.fixture
def baseline() -> Baseline:
    return Baseline.from_frame(hand_made_frame())


def scenario(*changes, namn: str = "test", titel: str = "Test") -> Scenario:
    return Scenario.model_validate(
        {
            "namn": namn,
            "titel": titel,
            "beskrivning": "Test.",
            "forslag_av": "utredningen",
            "kalla": "rapporten §9",
            "forandringar": list(changes),
        }
    )


def fixed(df: pd.DataFrame) -> float:
    return float(df["ersattning_listad"].sum() + df["ersattning_cni"].sum())


LOF = {
    "typ": "ta_bort_kostnadsansvar",
    "kostnadstyp": "lof_lol",
    "finansiering": "tillskott",
    "central_budget_kr": 21e6,
    "behall_i_ersattning_kr": 19e6,
}


class TestBaseline:
    def test_empty_scenario_changes_nothing(self, baseline):
        r = run_scenario(baseline, scenario())
        assert np.allclose(r.per_centre["skillnad_kr"], 0) and np.allclose(r.per_centre["skillnad_netto_kr"], 0)
        assert r.tillforda_medel == 0 and r.region_kostnad == pytest.approx(r.bas_region_kostnad)
        r.check()

    def test_baseline_netto_matches_input(self, baseline):
        r = run_scenario(baseline, scenario())
        assert np.allclose(r.per_centre["netto"], hand_made_frame()["netto"])

    def test_cni_share_about_a_quarter(self, baseline):
        assert 0.2 < baseline.cni_share < 0.3

    def test_missing_column_refused(self):
        with pytest.raises(ScenarioRunError, match="saknar kolumnerna"):
            Baseline.from_frame(hand_made_frame().drop(columns=["cni"]))

    def test_from_model_reconciles_with_the_model(self):
        from toy import toy_inputs

        from analysis.model import compute_model

        inputs = toy_inputs()
        model = compute_model(inputs).per_centre
        r = run_scenario(Baseline.from_model(inputs), scenario())
        assert np.allclose(r.per_centre["ersattning_total"], model["ersattning_total"])
        assert np.allclose(r.per_centre["netto"], model["netto"])
        assert "upptagningsomrade_befolkning" in r.per_centre.columns


class TestCniShare:
    @settings(max_examples=60, deadline=None)
    @given(andel=st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
    def test_budget_neutral_for_any_share(self, andel):
        baseline = Baseline.from_frame(hand_made_frame())
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": andel}))
        df = r.per_centre
        assert fixed(df) == pytest.approx(fixed(hand_made_frame()), rel=1e-12)
        assert df["ersattning_cni"].sum() == pytest.approx(andel * fixed(df), rel=1e-9, abs=1e-6)
        assert df["skillnad_kr"].sum() == pytest.approx(0.0, abs=1e-3)
        assert r.region_kostnad == pytest.approx(r.bas_region_kostnad, rel=1e-12)
        r.check()

    def test_baseline_share_reproduces_baseline(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": baseline.cni_share}))
        assert np.allclose(r.per_centre["skillnad_kr"], 0, atol=1e-6)

    def test_high_cni_centres_gain(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.6}))
        df = r.per_centre.set_index("hc_id")
        assert df.loc["stad_a", "skillnad_kr"] > 0  # highest CNI
        assert df.loc["fjall_e", "skillnad_kr"] < 0  # lowest CNI

    def test_percent_string_same_as_share(self, baseline):
        a = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": "40 %"})).per_centre
        b = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.4})).per_centre
        pd.testing.assert_frame_equal(a, b)

    def test_step_reports_price(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.4}))
        assert "Priset per viktenhet" in step_text(r.steg[0])
        assert r.steg[0].varden["efter"]["cni_andel"] == pytest.approx(0.4)


class TestRemoveCost:
    def test_lof_lol_adds_exactly_the_central_budget(self, baseline):
        r = run_scenario(baseline, scenario(LOF))
        assert r.tillforda_medel == 21e6
        assert r.region_kostnad - r.bas_region_kostnad == pytest.approx(21e6)
        assert r.centrala_budgetar == {"LOF/LOL (nationella taxan)": 21e6}
        r.check()

    def test_lof_lol_net_gain_is_each_centres_cost(self, baseline):
        df = run_scenario(baseline, scenario(LOF)).per_centre
        assert np.allclose(df["skillnad_kr"], 0)  # the 19 MSEK stay in the fixed capitation
        assert np.allclose(df["skillnad_netto_kr"], hand_made_frame()["kostnad_lof_lol"])
        assert (df["kostnad_lof_lol"] == 0).all()

    @pytest.mark.parametrize("fordelning", ["per_listad", "aldersviktad"])
    def test_retained_money_redistributed(self, baseline, fordelning):
        change = {**LOF, "behall_i_ersattning_kr": 5e6, "fordelning": fordelning}
        df = run_scenario(baseline, scenario(change)).per_centre
        assert df["ersattning_behallna_medel"].sum() == pytest.approx(5e6)
        assert df["skillnad_kr"].sum() == pytest.approx(0, abs=1e-3)
        assert fixed(df) == pytest.approx(fixed(hand_made_frame()) - 5e6)
        if fordelning == "per_listad":
            per = df["ersattning_behallna_medel"] / df["listade"]
            assert np.allclose(per, per.iloc[0])

    def test_central_budget_defaults_to_data_cost(self, baseline):
        change = {"typ": "ta_bort_kostnadsansvar", "kostnadstyp": "lof_lol"}
        r = run_scenario(baseline, scenario(change))
        assert r.tillforda_medel == pytest.approx(hand_made_frame()["kostnad_lof_lol"].sum())

    def test_foot_care_lifted_out_keeps_region_cost(self, baseline):
        change = {"typ": "ta_bort_kostnadsansvar", "kostnadstyp": "fotvard", "finansiering": "ur_ersattningen"}
        r = run_scenario(baseline, scenario(change))
        foot = hand_made_frame()["kostnad_fotvard"].sum()
        assert r.tillforda_medel == 0
        assert r.region_kostnad == pytest.approx(r.bas_region_kostnad)
        assert r.per_centre["skillnad_kr"].sum() == pytest.approx(-foot)
        assert r.per_centre["skillnad_netto_kr"].sum() == pytest.approx(0, abs=1e-3)
        r.check()

    def test_lifting_more_than_the_pot_is_refused(self, baseline):
        change = {
            "typ": "ta_bort_kostnadsansvar",
            "kostnadstyp": "fotvard",
            "finansiering": "ur_ersattningen",
            "central_budget_kr": 1e12,
        }
        with pytest.raises(ScenarioRunError, match="räcker inte"):
            run_scenario(baseline, scenario(change))

    def test_not_carried_is_a_no_op(self):
        b = Baseline.from_frame(hand_made_frame(), kostnadsansvar=set(COST_TYPES) - {"lof_lol"})
        r = run_scenario(b, scenario(LOF))
        assert r.tillforda_medel == 0 and "redan borttaget" in step_heading(r.steg[0])


class TestFees:
    @pytest.mark.parametrize("fordelning", ["aldersviktad", "per_listad", "fast_kapitering"])
    def test_pool_keeps_money(self, baseline, fordelning):
        r = run_scenario(baseline, scenario({"typ": "patientavgifter_i_kapitering", "fordelning": fordelning}))
        df, base = r.per_centre, hand_made_frame()
        pool = base["patientavgifter"].sum()
        assert (df["patientavgifter"] == 0).all()
        assert df["ersattning_avgiftspott"].sum() == pytest.approx(pool)
        assert r.avgifter_till_regionen == pytest.approx(pool)
        assert (df["ersattning_total"] + df["patientavgifter"]).sum() == pytest.approx(
            (base["ersattning_total"] + base["patientavgifter"]).sum()
        )
        assert df["skillnad_netto_kr"].sum() == pytest.approx(0, abs=1e-3)
        assert r.region_kostnad == pytest.approx(r.bas_region_kostnad)
        r.check()

    def test_age_weighted_pool(self, baseline):
        df = run_scenario(baseline, scenario({"typ": "patientavgifter_i_kapitering"})).per_centre
        per_weight = df["ersattning_avgiftspott"] / df["viktsumma_alder"]
        assert np.allclose(per_weight, per_weight.iloc[0])


class TestSparsity:
    def test_linear_rule_weights(self):
        change = GlesbygdUpptagningsomrade(typ="glesbygd_upptagningsomrade", regel="linjar", grans=10_000)
        w = catchment_weights(pd.Series([12_000, 10_000, 6_000, 0]), change)
        assert list(w) == [0, 0, 4_000, 10_000]

    def test_band_rule_weights(self):
        change = GlesbygdUpptagningsomrade.model_validate(
            {
                "typ": "glesbygd_upptagningsomrade",
                "regel": "band",
                "band": [{"max_befolkning": 2_000, "vikt": 3}, {"max_befolkning": 5_000, "vikt": 1}],
            }
        )
        w = catchment_weights(pd.Series([1_500, 2_000, 4_000, 9_000]), change)
        assert list(w) == [3, 3, 1, 0]

    def test_budget_kept_and_small_catchments_gain(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "glesbygd_upptagningsomrade", "grans": 10_000}))
        df = r.per_centre.set_index("hc_id")
        assert df["ersattning_glesbygd"].sum() == pytest.approx(2_000_000)
        assert df.loc[["stad_a", "stad_b"], "ersattning_glesbygd"].eq(0).all()
        assert (
            df.loc["fjall_e", "ersattning_glesbygd"]
            > df.loc["by_d", "ersattning_glesbygd"]
            > df.loc["by_c", "ersattning_glesbygd"]
        )
        r.check()

    def test_all_on_distance_reproduces_baseline(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "glesbygd_upptagningsomrade", "grans": 10_000, "andel_avstand": 1}))
        assert np.allclose(r.per_centre["skillnad_kr"], 0)

    def test_other_budget_comes_from_fixed_capitation(self, baseline):
        r = run_scenario(
            baseline, scenario({"typ": "glesbygd_upptagningsomrade", "grans": 10_000, "budget_kr": 3_000_000})
        )
        assert r.per_centre["ersattning_glesbygd"].sum() == pytest.approx(3e6)
        assert r.region_kostnad == pytest.approx(r.bas_region_kostnad)

    def test_nobody_below_limit_is_an_error(self, baseline):
        with pytest.raises(ScenarioRunError, match="ingen hälsocentral"):
            run_scenario(baseline, scenario({"typ": "glesbygd_upptagningsomrade", "grans": 100}))

    def test_needs_catchment_population(self):
        b = Baseline.from_frame(hand_made_frame().drop(columns=["upptagningsomrade_befolkning"]))
        with pytest.raises(ScenarioRunError, match="upptagningsomrade_befolkning"):
            run_scenario(b, scenario({"typ": "glesbygd_upptagningsomrade", "grans": 10_000}))


class TestOstersund:
    SPLIT = {"typ": "separat_halsoval_ostersund", "cni_andel": 0.45}

    def test_totals_kept_and_rest_unchanged(self, baseline):
        r = run_scenario(baseline, scenario(self.SPLIT))
        df = r.per_centre.set_index("hc_id")
        rest = ["by_c", "by_d", "fjall_e"]
        assert np.allclose(df.loc[rest, "skillnad_kr"], 0)
        assert r.tillforda_medel == 0
        assert r.region_kostnad == pytest.approx(r.bas_region_kostnad)
        r.check()

    def test_inside_the_pot(self, baseline):
        r = run_scenario(baseline, scenario(self.SPLIT))
        df = r.per_centre.set_index("hc_id").loc[["stad_a", "stad_b"]]
        base = hand_made_frame().set_index("hc_id").loc[["stad_a", "stad_b"]]
        lof = base["kostnad_lof_lol"].sum()
        assert (df["kostnad_lof_lol"] == 0).all() and (df["ersattning_glesbygd"] == 0).all()
        assert fixed(df) == pytest.approx(fixed(base) + base["ersattning_glesbygd"].sum() - lof)
        assert df["ersattning_cni"].sum() / fixed(df) == pytest.approx(0.45)
        assert r.centrala_budgetar["LOF/LOL, separat hälsoval"] == pytest.approx(lof)
        assert r.pots["separat"]["cni_andel"] == pytest.approx(0.45)

    def test_after_region_wide_lof_removal_no_double_count(self, baseline):
        r = run_scenario(baseline, scenario(LOF, self.SPLIT))
        assert r.tillforda_medel == 21e6
        assert "LOF/LOL, separat hälsoval" not in r.centrala_budgetar
        r.check()

    def test_unknown_municipality(self, baseline):
        with pytest.raises(ScenarioRunError, match="ingen hälsocentral har kommunkod 9999"):
            run_scenario(baseline, scenario({**self.SPLIT, "kommunkoder": ["9999"]}))


class TestComposition:
    ALL = [
        {"typ": "cni_andel", "andel": 0.4},
        {"typ": "glesbygd_upptagningsomrade", "grans": 10_000},
        {"typ": "patientavgifter_i_kapitering"},
        {"typ": "ta_bort_kostnadsansvar", "kostnadstyp": "fotvard", "finansiering": "ur_ersattningen"},
        LOF,
    ]

    def test_file_order_does_not_matter(self, baseline):
        a = run_scenario(baseline, scenario(*self.ALL)).per_centre
        b = run_scenario(baseline, scenario(*reversed(self.ALL))).per_centre
        pd.testing.assert_frame_equal(a, b)

    def test_all_changes_reconcile(self, baseline):
        r = run_scenario(baseline, scenario(*self.ALL))
        r.check()
        assert r.region_kostnad - r.bas_region_kostnad == pytest.approx(21e6)
        assert [s.typ for s in r.steg] == [
            "ta_bort_kostnadsansvar",
            "ta_bort_kostnadsansvar",
            "patientavgifter_i_kapitering",
            "glesbygd_upptagningsomrade",
            "cni_andel",
        ]

    def test_check_catches_a_leak(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.4}))
        r.per_centre.loc[0, "ersattning_total"] += 1000.0
        with pytest.raises(AssertionError, match="avvikelse"):
            r.check()


class TestCompare:
    def test_long_and_wide(self, baseline):
        results = [
            run_scenario(baseline, scenario(namn="a", titel="A")),
            run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.4}, namn="b", titel="B")),
        ]
        long = compare(results)
        assert len(long) == 10 and set(long["scenario"]) == {"a", "b"}
        wide = compare(results, form="wide")
        assert len(wide) == 5 and list(wide.columns[-2:]) == ["A", "B"]
        assert np.allclose(wide["B"], results[1].per_centre["skillnad_netto_per_listad"])

    def test_wide_with_same_labels_uses_names(self, baseline):
        results = [run_scenario(baseline, scenario(namn="a")), run_scenario(baseline, scenario(namn="b"))]
        assert list(compare(results, form="wide").columns[-2:]) == ["a", "b"]

    def test_group_change_sums(self, baseline):
        r = run_scenario(baseline, scenario({"typ": "cni_andel", "andel": 0.4}))
        g = group_change([r], "driftsform")
        assert g["summa"].sum() == pytest.approx(r.per_centre["skillnad_netto_kr"].sum(), abs=1e-3)
        area = group_change([r], "omrade")
        assert set(area["grupp"]) == {"Östersunds kommun", "Övriga länet"}
