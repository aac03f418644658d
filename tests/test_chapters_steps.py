"""The step table of chapter 2 (analysis.chapters.forandringar.steps): the engine records each step's
variant and amounts, the chapter writes them; every shipped scenario's steps read as sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.chapters.forandringar.steps import step_heading, step_text
from analysis.data import load_dataset
from analysis.scenarios import (
    Baseline,
    Scenario,
    load_scenarios,
    run_scenario,
    shipped_scenario_files,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
pytestmark = pytest.mark.skipif(not (EXAMPLE / "manifest.yml").exists(), reason="run `make data` first")


@pytest.fixture(scope="module")
def baseline() -> Baseline:
    return Baseline.from_dataset(load_dataset(EXAMPLE))


def _scenario(*changes) -> Scenario:
    return Scenario.model_validate(
        {
            "namn": "test",
            "titel": "Test",
            "beskrivning": "Test.",
            "forslag_av": "utredningen",
            "kalla": "rapporten §9",
            "forandringar": list(changes),
        }
    )


def test_every_shipped_step_has_a_heading_and_a_sentence(baseline):
    for scenario in load_scenarios(shipped_scenario_files(ROOT)):
        for step in run_scenario(baseline, scenario).steg:
            heading, text = step_heading(step), step_text(step)
            assert heading and not heading.startswith(step.typ), (scenario.namn, step)
            assert text.endswith("."), (scenario.namn, text)
            assert "{" not in text and "None" not in text, text


@pytest.mark.parametrize(
    "change, words",
    [
        (
            {"typ": "ta_bort_kostnadsansvar", "kostnadstyp": "fotvard", "finansiering": "ur_ersattningen"},
            "lyfts ur den fasta kapiteringen",
        ),
        (
            {
                "typ": "ta_bort_kostnadsansvar",
                "kostnadstyp": "lof_lol",
                "behall_i_ersattning_kr": 1_000_000,
                "fordelning": "per_listad",
            },
            "stannar i hälsovalsersättningen och fördelas",
        ),
        (
            {
                "typ": "glesbygd_upptagningsomrade",
                "regel": "band",
                "andel_avstand": 0.5,
                "band": [{"max_befolkning": 3000, "vikt": 2}, {"max_befolkning": 8000, "vikt": 1}],
            },
            "vikt efter storleksband: högst 3\u00a0000 invånare → 2,0",
        ),
        (
            {"typ": "separat_halsoval_ostersund", "cni_andel": 0.3, "glesbygd": True, "kostnadsansvar_lof_lol": True},
            "med CNI-andel 30,0\u00a0%",
        ),
        ({"typ": "utomlansersattning", "hantering": "poolas"}, "Regionen tar in ersättningen"),
        ({"typ": "ptp_som_st", "finansiering": "ur_ersattningen"}, "tas ur den fasta kapiteringen"),
    ],
)
def test_variants_read_as_before(baseline, change, words):
    step = run_scenario(baseline, _scenario(change)).steg[-1]
    assert words in step_text(step)
