"""The register of numbers (Sifferregister): what a glued number records, and the built book's
register against the glue keys of its executed notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analysis import register_pages
from analysis.register import GluedNumber, Number, Source, entry, registers, resolve_inputs, unit


class _Dataset:
    manifest = {
        "tabeller": {"listade": {"fil": "listade.csv", "sha256": "a" * 64}},
        "parametrar": {"fil": "parametrar.yml", "sha256": "b" * 64},
    }
    params = {"ersattning_listad": {"pris_per_viktenhet": {"varde": 2453, "enhet": "kr"}}}


@registers(tables=("listade",), params=("ersattning_listad.pris_per_viktenhet",))
def _numbers():
    return {"pris": "2\u00a0453\u00a0kr", "inner": _inner()}


@registers(tables=("listade",), scenarios=True)
def _inner():
    return "12"


def test_decorated_values_are_numbers_with_their_source():
    values = _numbers()
    assert values["pris"] == "2\u00a0453\u00a0kr" and isinstance(values["pris"], Number)
    assert values["pris"].source.function.endswith("test_register._numbers")
    assert values["inner"].source.function.endswith("test_register._inner")  # the helper's own
    assert values["inner"].source.scenarios
    assert f"{values['pris']}!" == "2\u00a0453\u00a0kr!"  # still an ordinary str


def test_entry_resolves_inputs_with_checksums():
    e = entry("kap", "pris", _numbers()["pris"], _Dataset())
    assert e["namn"] == "kap.pris" and e["enhet"] == "kr" and e["funktion"]
    table, param = e["indata"]
    assert table == {"typ": "tabell", "namn": "listade", "fil": "listade.csv", "sha256": "a" * 64}
    assert param["namn"] == "ersattning_listad.pris_per_viktenhet" and param["varde"] == 2453
    assert param["sha256"] == "b" * 64
    assert entry("kap", "x", "ren text", _Dataset())["funktion"] is None  # not decorated: no source
    assert resolve_inputs(Source("f", scenarios=True), _Dataset()) == [
        {"typ": "scenariofiler", "namn": "scenariofiler"}
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2\u00a0453\u00a0kr", "kr"),
        ("21,0\u00a0mnkr", "mnkr"),
        ("25\u00a0%", "procent"),
        ("\u2212120\u00a0kr", "kr"),
        ("0,33", "tal"),
        ("128\u00a0852", "antal"),
        ("30\u00a0km", "km"),
        ("2015–2019", "intervall"),
        ("Hallens hälsocentral", "text"),
        ("+9,0\u00a0procentenheter", "procentenheter"),
    ],
)
def test_unit_from_the_text_as_shown(text, expected):
    assert unit(text) == expected


def test_glued_number_is_plain_text_and_a_link():
    g = GluedNumber("0,33", "sr-kap.x")
    assert eval(repr(g)) == "0,33"  # what {glue:text} shows (myst-nb strips the quotes)
    assert g._repr_markdown_() == "[0,33](#sr-kap.x)"
    assert GluedNumber("a_b*", "t")._repr_markdown_() == r"[a\_b\*](#t)"


def test_sections_come_from_headings_and_captions(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Kapitel\n\nTotalt {glue:md}`a:myst`."),
        nbformat.v4.new_markdown_cell("## Priser\n\nPris {glue:text}`b` och {glue:md}`a:myst`."),
        nbformat.v4.new_code_cell("ch.figure(fig, 'x', f\"Text {g['c']}\")"),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert register_pages.glue_sections(path) == {
        "a": ["Kapitel", "Priser"],
        "b": ["Priser"],
        "c": ["Priser (figur- eller tabelltext)"],
    }


def test_caption_numbers_found_in_the_chapter_module_a_cell_calls():
    """A cell that calls `kapitel.figure_x(ch, k)` shows the glued numbers that function (and the
    properties of the chapter's data it uses) puts into its caption."""
    cells = "from analysis.chapters import uppfoljning as kapitel\n"
    assert register_pages.caption_keys("kapitel.figure_regioner(ch, k)", "uppfoljning") >= {
        "k0_period",
        "k3_period",
        "komiljard",
    }
    assert register_pages.caption_keys(cells + "x = 1", None) == set()


def test_appendix_has_an_anchor_per_number_and_the_checksums():
    e = dict(entry("kap", "pris", _numbers()["pris"], _Dataset()), kapitel_titel="Kapitlet", avsnitt=["Priser"])
    text = register_pages.appendix([e])
    assert "(sr-kap.pris)=" in text and "## Kapitlet" in text and "`kap.pris`" in text
    assert "a" * 64 in text and "*Priser*" in text
    csv = register_pages.to_csv([e])
    assert csv.splitlines()[1].startswith("kap.pris;kap;Priser;2\u00a0453\u00a0kr;kr;")


def test_glue_links_script_is_idempotent():
    import importlib.util

    spec = importlib.util.spec_from_file_location("glue_links", Path(__file__).parents[1] / "scripts" / "glue_links.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    once = mod.convert("A {glue:text}`pris_1` och {glue:md}`b:myst`.")
    assert once == "A {glue:md}`pris_1:myst` och {glue:md}`b:myst`."
    assert mod.convert(once) == once


def _glue_keys(notebook: Path) -> set[str]:
    """The names of the glued numbers and texts; a glued figure or box (an admonition) is no number."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))

    def is_number(out: dict) -> bool:
        data = {key.rsplit("/", 2)[-2] + "/" + key.rsplit("/", 1)[-1]: v for key, v in out.get("data", {}).items()}
        markdown = "".join(data.get("text/markdown", ""))
        return "image/png" not in data and not markdown.lstrip().startswith(":::")

    return {
        out["metadata"]["scrapbook"]["name"]
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
        if "scrapbook" in out.get("metadata", {}) and is_number(out)
    }


@pytest.mark.slow
def test_built_register_matches_the_glued_numbers(built_book):
    from analysis.chapters.registry import CHAPTERS, by_key

    published = built_book / "_build" / "html"
    entries = json.loads((published / "sifferregister.json").read_text(encoding="utf-8"))
    assert (published / "manifest.json").exists() and (published / "sifferregister.csv").exists()
    for chapter in CHAPTERS:
        names = {e["nyckel"] for e in entries if e["kapitel"] == chapter.key}
        assert names == _glue_keys(built_book / chapter.output), chapter.key
    for e in entries:
        assert e["funktion"] and e["indata"], e["namn"]
        assert all(i.get("sha256") for i in e["indata"]), e["namn"]
    page = (published / "book" / "bilagor" / "sifferregister.html").read_text(encoding="utf-8")
    chapter_page = (published / Path(by_key("ersattningsmodell").output).with_suffix(".html")).read_text(
        encoding="utf-8"
    )
    assert 'id="sr-ersattningsmodell-pris-vikt1"' in page
    assert 'sifferregister.html#sr-ersattningsmodell-pris-vikt1" title="ersattningsmodell.pris_vikt1"' in chapter_page


def test_scenario_appendix_shows_changes_parameters_and_the_file(tmp_path):
    from analysis.scenario_pages import write_scenario_appendix

    root = Path(__file__).parents[1]
    files = sorted((root / "scenarios").glob("*.yml"))
    (tmp_path / "book" / "bilagor").mkdir(parents=True)
    page = write_scenario_appendix(tmp_path, files).read_text(encoding="utf-8")
    assert page.count("\n## ") == len(files)
    assert "| Ny CNI-andel (`cni_andel`) | `andel`: 40\u00a0%" in page
    assert "`behall_i_ersattning_kr`: 19,0\u00a0mnkr" in page and "*(standard)*" in page
    assert "{download}`majoritetens-forslag.yml <scenariofiler/majoritetens-forslag.yml>`" in page
    assert (tmp_path / "book" / "bilagor" / "scenariofiler" / "majoritetens-forslag.yml").read_bytes() == (
        root / "scenarios" / "majoritetens-forslag.yml"
    ).read_bytes()


@registers(
    tables=("listade", "kostnader"),
    by_prefix={"cni_": {"tables": ("cni_underlag",), "params": ("cni.vikter",)}, "cni_pott": {"tables": ("listade",)}},
)
def _prefixed():
    return {"cni_min": "0,79", "cni_pott": "105,7\u00a0mnkr", "antal": "24"}


def test_inputs_narrowed_by_key_prefix():
    values = _prefixed()
    assert values["cni_min"].source.tables == ("cni_underlag",) and values["cni_min"].source.params == ("cni.vikter",)
    assert values["cni_pott"].source.tables == ("listade",)  # the longest prefix wins
    assert values["antal"].source.tables == ("listade", "kostnader")
    assert values["antal"].source.function == values["cni_min"].source.function
