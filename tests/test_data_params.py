"""parametrar.yml: Swedish problems with the YAML key path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data.yamlfile import read_yaml
from analysis.parameters import validate_params

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


def test_shares_anywhere_must_be_within_0_and_1(tmp_path):
    text = GOOD_PARAMS + "scenario:\n  cni_andel:\n    varde: 1.5\n    status: syntetisk\n  annat:\n    varde: -2\n"
    messages = problems_for(tmp_path, text)
    assert any("nyckel 'scenario.cni_andel.varde': andelen 1.5 ligger utanför 0–1" in m for m in messages)
    assert any("nyckel 'scenario.annat.varde': värdet -2 är negativt" in m for m in messages)
