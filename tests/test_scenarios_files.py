"""Scenario files: the shipped ones validate; bad files give Swedish messages naming file and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.scenarios import (
    CHANGE_ORDER,
    CHANGE_TYPES,
    ScenarioError,
    load_scenario,
    load_scenarios,
    shipped_scenario_files,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = shipped_scenario_files(ROOT)
REQUIRED_NAMES = {
    "bas-2020",
    "majoritetens-forslag",
    "oppositionens-forslag",
    "enighet",
    "endast-lof-lol",
    "endast-cni-40",
    "endast-glesbygd-upptagningsomrade",
    "endast-patientavgifter",
    "endast-fotvard",
    "endast-separat-ostersund",
}

HEAD = """\
namn: mitt
titel: Mitt förslag
beskrivning: Ett test.
forslag_av: utredningen
kalla: "rapporten §9"
"""


def write(tmp_path: Path, body: str, name: str = "mitt.yml") -> Path:
    """Write a file; the part after HEAD may be indented in the test source (it is dedented)."""
    path = tmp_path / name
    text = HEAD + textwrap.dedent(body[len(HEAD) :]) if body.startswith(HEAD) else textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.problems, "ScenarioError ska ha .problems"
    return info.value.problems


class TestShipped:
    def test_all_required_files_are_shipped(self):
        assert {p.stem for p in SHIPPED} >= REQUIRED_NAMES

    @pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
    def test_validates_and_cites_the_report(self, path):
        s = load_scenario(path)
        assert s.namn == path.stem, "namn ska vara filnamnet"
        assert "§" in s.kalla
        assert s.titel and s.beskrivning and s.kortnamn

    def test_loaded_together_in_order(self):
        scenarios = load_scenarios(SHIPPED)
        assert scenarios[0].namn == "bas-2020"
        assert [s.namn for s in scenarios[1:4]] == ["majoritetens-forslag", "oppositionens-forslag", "enighet"]

    def test_main_proposals_contain_what_the_report_says(self):
        by = {s.namn: s for s in load_scenarios(SHIPPED)}
        maj = {c.typ for c in by["majoritetens-forslag"].forandringar}
        assert maj == {
            "ta_bort_kostnadsansvar",
            "cni_andel",
            "glesbygd_upptagningsomrade",
            "patientavgifter_i_kapitering",
        }
        opp = {c.typ for c in by["oppositionens-forslag"].forandringar}
        assert opp == {"ta_bort_kostnadsansvar", "patientavgifter_i_kapitering", "separat_halsoval_ostersund"}
        agreed = {c.typ for c in by["enighet"].forandringar}
        assert agreed == maj & opp
        lof = by["endast-lof-lol"].forandringar[0]
        assert (lof.central_budget_kr, lof.behall_i_ersattning_kr) == (21e6, 19e6)


class TestGoodFiles:
    def test_percent_strings(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: "40,5 %"
            """,
        )
        assert load_scenario(path).forandringar[0].andel == pytest.approx(0.405)

    def test_changes_sorted_in_fixed_order(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: separat_halsoval_ostersund
              - typ: cni_andel
                andel: 0.3
              - typ: patientavgifter_i_kapitering
              - typ: ta_bort_kostnadsansvar
                kostnadstyp: fotvard
                finansiering: ur_ersattningen
            """,
        )
        ordered = [c.typ for c in load_scenario(path).ordered_changes()]
        assert ordered == [t for t in CHANGE_ORDER if t in ordered]

    def test_investigator_file_comes_last(self, tmp_path):
        path = write(tmp_path, HEAD + "forandringar: []\n")
        names = [s.namn for s in load_scenarios([path, *SHIPPED])]
        assert names[0] == "bas-2020" and names[-1] == "mitt"

    def test_municipality_code_as_number(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: separat_halsoval_ostersund
                kommunkoder: [2380]
            """,
        )
        assert load_scenario(path).forandringar[0].kommunkoder == ["2380"]


class TestBadFiles:
    def test_typo_key_names_file_change_and_suggestion(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: patientavgifter_i_kapitering
              - typ: cni_andel
                andle: 0.4
            """,
        )
        msgs = problems(path)
        text = "\n".join(msgs)
        assert "mitt.yml" in text
        assert "okänd nyckel 'andle' i förändring 2 (cni_andel) (menade du 'andel'?)" in text
        assert "nyckeln 'andel' saknas i förändring 2" in text

    def test_typo_top_level_key(self, tmp_path):
        path = write(tmp_path, HEAD.replace("titel:", "titl:") + "forandringar: []\n")
        text = "\n".join(problems(path))
        assert "okänd nyckel 'titl' (menade du 'titel'?)" in text
        assert "nyckeln 'titel' saknas" in text

    def test_share_out_of_range(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: 1.4
            """,
        )
        (msg,) = problems(path)
        assert msg.endswith("mitt.yml: förändring 1 (cni_andel): 'andel' måste vara mellan 0 och 1 (0–100 %), fick 1.4")

    def test_share_written_as_percent_number_gets_a_hint(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: 40
            """,
        )
        (msg,) = problems(path)
        assert "fick 40" in msg and 'skriv 0.40 eller "40 %"' in msg

    def test_share_not_a_number(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: fyrtio
            """,
        )
        (msg,) = problems(path)
        assert "'andel' måste vara mellan 0 och 1" in msg and "'fyrtio'" in msg

    def test_unknown_type_lists_known_types(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andle
                andel: 0.4
            """,
        )
        (msg,) = problems(path)
        assert "okänd förändringstyp (typ) 'cni_andle'" in msg and "(menade du 'cni_andel'?)" in msg
        assert all(t in msg for t in CHANGE_TYPES)

    def test_missing_type(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - andel: 0.4
            """,
        )
        (msg,) = problems(path)
        assert "förändring 1: nyckeln 'typ' saknas" in msg

    def test_broken_yaml_gives_line(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
               andel: 0.4
            """,
        )
        (msg,) = problems(path)
        assert "mitt.yml: ogiltig YAML på rad" in msg

    def test_duplicate_key(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: 0.4
                andel: 0.5
            """,
        )
        (msg,) = problems(path)
        assert "nyckeln 'andel' förekommer två gånger" in msg and "rad 9" in msg

    @pytest.mark.parametrize(
        "body, expected",
        [
            ("", "filen är tom"),
            ("- en\n- lista\n", "filen ska vara en YAML-mapping"),
        ],
    )
    def test_not_a_mapping(self, tmp_path, body, expected):
        (msg,) = problems(write(tmp_path, body))
        assert expected in msg and "mitt.yml" in msg

    def test_missing_file(self, tmp_path):
        (msg,) = problems(tmp_path / "finns-inte.yml")
        assert "finns-inte.yml: filen finns inte" in msg

    def test_bad_literal(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: ta_bort_kostnadsansvar
                kostnadstyp: lokaler
            """,
        )
        (msg,) = problems(path)
        assert (
            "förändring 1 (ta_bort_kostnadsansvar): 'kostnadstyp' måste vara en av 'lof_lol' eller 'fotvard'" in msg
            and "fick 'lokaler'" in msg
        )

    def test_rule_needs_its_parameter(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: glesbygd_upptagningsomrade
                regel: linjar
            """,
        )
        (msg,) = problems(path)
        assert "förändring 1 (glesbygd_upptagningsomrade): regel 'linjar' kräver nyckeln 'grans'" in msg

    def test_nested_band_key(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: glesbygd_upptagningsomrade
                regel: band
                band:
                  - {max_befolkning: 2000, vikt: 2}
                  - {max_befolkning: 5000, vigt: 1}
            """,
        )
        msgs = problems(path)
        assert any(
            "okänd nyckel 'vigt' i förändring 1 (glesbygd_upptagningsomrade), band 2 (menade du 'vikt'?)" in m
            for m in msgs
        )

    def test_same_change_twice(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: cni_andel
                andel: 0.3
              - typ: cni_andel
                andel: 0.4
            """,
        )
        (msg,) = problems(path)
        assert "förändring 2 upprepar förändring 1" in msg

    def test_retained_money_needs_new_money(self, tmp_path):
        path = write(
            tmp_path,
            HEAD
            + """\
            forandringar:
              - typ: ta_bort_kostnadsansvar
                kostnadstyp: fotvard
                finansiering: ur_ersattningen
                behall_i_ersattning_kr: 1000
            """,
        )
        (msg,) = problems(path)
        assert "'behall_i_ersattning_kr' kan bara användas med finansiering: tillskott" in msg

    def test_bad_name(self, tmp_path):
        path = write(tmp_path, HEAD.replace("namn: mitt", "namn: Mitt Förslag") + "forandringar: []\n")
        (msg,) = problems(path)
        assert "'namn' får bara innehålla små bokstäver" in msg

    def test_wrong_proposer(self, tmp_path):
        path = write(tmp_path, HEAD.replace("utredningen", "regeringen") + "forandringar: []\n")
        (msg,) = problems(path)
        assert "'forslag_av' måste vara en av" in msg and "'regeringen'" in msg

    def test_all_files_reported_at_once_and_duplicate_names(self, tmp_path):
        a = write(tmp_path, HEAD + "forandringar: []\n", "a.yml")
        b = write(tmp_path, HEAD + "forandringar: []\n", "b.yml")
        c = write(tmp_path, HEAD + "forandringar:\n  - typ: okand\n", "c.yml")
        with pytest.raises(ScenarioError) as info:
            load_scenarios([a, b, c])
        text = str(info.value)
        assert "2 fel i scenariofilerna" in text
        assert "c.yml: förändring 1: okänd förändringstyp" in text
        assert "b.yml: 'namn' 'mitt' används redan av" in text and "a.yml" in text
