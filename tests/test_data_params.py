"""parametrar.yml: Swedish problems with the YAML key path and line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.data.yamlfile import read_yaml
from analysis.parameters import validate_params
from analysis.side_parameters import side_parameter_problems
from analysis.vocabulary import CNI_VARIABLES

GOOD_PARAMS = (Path(__file__).parent / "data" / "good" / "parametrar.yml").read_text(encoding="utf-8")


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "parametrar.yml"
    path.write_text(text, encoding="utf-8")
    params, problems = read_yaml(path, "parametrar.yml")
    assert params is not None, problems
    return [p.format() for p in validate_params(params)]


def test_good_params(tmp_path):
    assert problems_for(tmp_path, GOOD_PARAMS) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "    varde: 2453\n",
            "    varde: '2 453'\n",
            "parametrar.yml, rad 5, nyckel 'ersattning_listad.pris_per_viktenhet.varde': värdet '2 453' är inte ett tal "
            "(förväntat: ett tal)",
        ),
        (
            "    status: publicerad\n",
            "    status: publicerat\n",
            "nyckel 'ersattning_listad.pris_per_viktenhet.status': värdet 'publicerat' är inte tillåtet "
            "(förväntat: ett av: publicerad, offentlig statistik, sammanstalld, syntetisk)",
        ),
        ("      arbetslosa: 5.13\n", "", "nyckel 'cni.vikter.varden': vikt saknas för 'arbetslosa'"),
        (
            "      arbetslosa: 5.13\n",
            "      arbetslosa: 5.13\n      sjuka: 1.0\n",
            "nyckel 'cni.vikter.varden.sjuka': okänd CNI-variabel 'sjuka'",
        ),
        (
            "      0-4: 0.4\n",
            "      0-4: 0\n",
            "nyckel 'ersattning_listad.aldersvikter.varden.0-4': värdet 0 ligger utanför det tillåtna intervallet "
            "(förväntat: ett tal > 0)",
        ),
        (
            "prisniva: februari 2020\n",
            "prisniva:\n  text: februari 2020\n",
            "nyckel 'prisniva': värdet '{'text': 'februari 2020'}' är inte text",
        ),
        ("ar: 2020\n", "", "parametrar.yml, nyckel 'ar': nyckeln saknas"),
        ("      5-9: 0.48\n", "      5-14: 0.48\n", "'5-14' och '10-14' överlappar"),
    ],
)
def test_problems(tmp_path, old, new, expected):
    assert old in GOOD_PARAMS
    messages = problems_for(tmp_path, GOOD_PARAMS.replace(old, new, 1))
    assert any(expected in m for m in messages), "\n".join(messages)


def test_a_number_where_a_mapping_belongs(tmp_path):
    messages = problems_for(tmp_path, GOOD_PARAMS + "glesbygd: 12\n")  # the last duplicate key wins
    assert any("nyckel 'glesbygd': ska vara en mappning" in m for m in messages), messages


def test_entries_no_model_names_hold_numbers_and_shares(tmp_path):
    text = GOOD_PARAMS + (
        "scenario:\n  namn: ett test\n  cni_andel:\n    varde: 1.5\n    status: syntetisk\n"
        "  annat:\n    varde: -2\n  fordelning:\n    enhet: andel\n    varden:\n      a: 0.5\n      b: 50\n"
        "  procent_andel:\n    enhet: procent\n    varde: 25\n  text:\n    varde: tjugo\n"
    )
    messages = [m.split(", nyckel ")[1] for m in problems_for(tmp_path, text)]
    assert messages == [
        "'scenario.cni_andel.varde': andelen 1.5 ligger utanför 0–1 "
        "(förväntat: en andel mellan 0 och 1 (25 % skrivs 0.25))",
        "'scenario.annat.varde': värdet -2 ligger utanför det tillåtna intervallet (förväntat: ett tal ≥ 0)",
        "'scenario.fordelning.varden.b': andelen 50 ligger utanför 0–1 "
        "(förväntat: en andel mellan 0 och 1 (25 % skrivs 0.25))",
        "'scenario.text.varde': värdet 'tjugo' är inte ett tal (förväntat: ett tal)",
    ]


def test_age_bands_each_key_and_then_their_coverage(tmp_path):
    bad_key = GOOD_PARAMS.replace("      0-4: 0.4\n", "      0-4: 0\n      noll: 0.4\n", 1)
    messages = problems_for(tmp_path, bad_key)
    assert any("nyckel 'ersattning_listad.aldersvikter.varden.noll': ogiltig åldersgrupp 'noll'" in m for m in messages)
    assert any("nyckel 'ersattning_listad.aldersvikter.varden.0-4': värdet 0 ligger utanför" in m for m in messages)
    gaps = GOOD_PARAMS.replace("      0-4: 0.4\n", "", 1).replace("      5-9: 0.48\n", "      5-14: 0.48\n", 1)
    (message,) = problems_for(tmp_path, gaps)
    assert "nyckel 'ersattning_listad.aldersvikter.varden': åldersgrupperna börjar vid 5 år, inte 0; " in message
    assert "'5-14' och '10-14' överlappar" in message


def test_cost_responsibility_names_known_cost_types(tmp_path):
    text = GOOD_PARAMS + "kostnadsansvar:\n  varden: [lakemedel, taxi]\n  status: syntetisk\n"
    (message,) = problems_for(tmp_path, text)
    assert "nyckel 'kostnadsansvar.varden.1': värdet 'taxi' är inte tillåtet (förväntat: ett av: lakemedel, " in message


def test_every_missing_or_unknown_cni_variable_is_its_own_problem(tmp_path):
    text = GOOD_PARAMS.replace("      arbetslosa: 5.13\n", "      sjuka: 1.0\n      friska: 2.0\n")
    text = text.replace("      lagutbildade: 3.97\n", "")
    messages = problems_for(tmp_path, text)
    assert [m.split(" (förväntat")[0] for m in messages] == [
        "parametrar.yml, rad 36, nyckel 'cni.vikter.varden': vikt saknas för 'arbetslosa'",
        "parametrar.yml, rad 36, nyckel 'cni.vikter.varden': vikt saknas för 'lagutbildade'",
        "parametrar.yml, rad 42, nyckel 'cni.vikter.varden.sjuka': okänd CNI-variabel 'sjuka'",
        "parametrar.yml, rad 43, nyckel 'cni.vikter.varden.friska': okänd CNI-variabel 'friska'",
    ]
    assert all(m.endswith("(förväntat: vikter för " + ", ".join(CNI_VARIABLES) + ")") for m in messages)


def test_side_items_name_known_centres_and_have_values(tmp_path):
    side = "utomlans:\n  besok:\n    varden:\n      a: 10\n      x: 2\n      y: 3\nutbildning:\n  st_lakare:\n    antal: 2\n"
    path = tmp_path / "parametrar.yml"
    path.write_text(GOOD_PARAMS + side, encoding="utf-8")
    params, _ = read_yaml(path, "parametrar.yml")
    centres = SimpleNamespace(source=pd.DataFrame({"hc_id": ["a", "b"]}), file="halsocentraler.csv")
    messages = [p.format() for p in side_parameter_problems({"halsocentraler": centres}, params)]
    assert messages == [
        "parametrar.yml, rad 100, nyckel 'utomlans.besok.varden.x': okänd hälsocentral 'x' "
        "(förväntat: ett hc_id från halsocentraler.csv)",
        "parametrar.yml, rad 101, nyckel 'utomlans.besok.varden.y': okänd hälsocentral 'y' "
        "(förväntat: ett hc_id från halsocentraler.csv)",
        "parametrar.yml, rad 103, nyckel 'utbildning.st_lakare': väntade nyckeln 'varden' "
        "(ST-läkare per hälsocentral, helårstjänster) (förväntat: varden: {hc_id: värde})",
    ]
    assert side_parameter_problems({}, params) == []
