"""The auditors' command `python -m analysis cni FIL [--referens R]` (analysis.commands.cni)."""

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.commands.cni import run
from analysis.vocabulary import CNI_VARIABLES

EXAMPLE = Path(__file__).parent / "data" / "scb_cni_exempel.csv"


def _run(path, reference, **kw):
    out = io.StringIO()
    code = run(str(path), reference, out=out, **kw)
    return code, out.getvalue()


def test_scb_example_agrees():
    code, text = _run(EXAMPLE, 2.476)
    assert code == 0
    assert "Enhet 1" in text and "Enhet 2" in text
    assert "22\u00a0709,42" in text and "1,55139" in text and "1,5513" in text
    assert "Alla 2 enheter stämmer" in text


def test_wrong_reference_fails():
    code, text = _run(EXAMPLE, 2.47)
    assert code == 1
    assert "NEJ" in text


def test_reference_inferred_from_scb_values():
    code, text = _run(EXAMPLE, None)
    assert code == 0
    assert "R = 2,47603, skattat ur SCB:s levererade" in text
    assert "största avvikelse 0,00005" in text
    assert "Alla 2 enheter stämmer" in text


def test_infer_reference_recovers_r():
    from analysis.commands.cni import infer_reference

    table = pd.DataFrame({"index": [1000.0, 3000.0, 500.0], "befolkning": [400, 1000, 300]})
    table["cni"] = table["index"] / table["befolkning"] / 2.5
    got = infer_reference(table)
    assert got.reference == pytest.approx(2.5) and got.max_difference < 1e-12 and got.units == 3


def test_cli_accepts_decimal_comma_and_infers_without_referens(capfd):
    from analysis.cli import main

    assert main(["cni", str(EXAMPLE), "--referens", "2,476"]) == 0
    assert "Referensvärde R = 2,476;" in capfd.readouterr().out
    assert main(["cni", str(EXAMPLE)]) == 0
    assert "skattat ur SCB:s" in capfd.readouterr().out


def test_cli_bad_referens_is_swedish(capsys):
    from analysis.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["cni", str(EXAMPLE), "--referens", "två"])
    assert caught.value.code == 2
    assert "'två' är inte ett tal; skriv t.ex. 2,476" in capsys.readouterr().err


def test_reference_from_dataset_params(tmp_path):
    (tmp_path / "manifest.yml").write_text("namn: t\nparametrar: parametrar.yml\n", encoding="utf-8")
    (tmp_path / "parametrar.yml").write_text(
        "cni:\n  referensvarde: {varde: 2.476, status: publicerad}\n"
        "  vikter: {status: publicerad, varden: {aldre_ensamboende: 6.15, utrikes_fodda: 5.72, "
        "arbetslosa: 5.13, ensamstaende_foralder: 4.19, inflyttade: 4.19, lagutbildade: 3.97, "
        "alder_under_5: 3.23}}\n",
        encoding="utf-8",
    )
    code, _ = _run(EXAMPLE, None, data_dir=str(tmp_path))
    assert code == 0


def test_excel_with_our_column_names(tmp_path):
    df = pd.read_csv(EXAMPLE, sep=";", decimal=",")
    df.columns = ["enhet", *CNI_VARIABLES, "befolkning", "index", "cni"]
    path = tmp_path / "cni.xlsx"
    df.to_excel(path, index=False)
    code, _ = _run(path, 2.476)
    assert code == 0


def test_missing_column_is_reported(tmp_path):
    df = pd.read_csv(EXAMPLE, sep=";", decimal=",").iloc[:, [0, 1, 2, 8, 9, 10]]
    path = tmp_path / "trasig.csv"
    df.to_csv(path, sep=";", index=False)
    code, text = _run(path, 2.476)
    assert code == 2
    assert "saknar kolumner" in text


def test_non_numeric_cell_is_reported(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(";595;", ";femhundra;")
    path = tmp_path / "text.csv"
    path.write_text(text, encoding="utf-8")
    code, out = _run(path, 2.476)
    assert code == 2
    assert "inte är tal" in out


@pytest.mark.parametrize("argv", [["cni", str(EXAMPLE), "--referens", "2.476"]])
def test_wired_into_main(argv):
    cli = pytest.importorskip("analysis.cli")
    assert cli.main(argv) == 0


def test_missing_dataset_for_referens_is_swedish(tmp_path):
    code, text = _run(EXAMPLE, None, data_dir=str(tmp_path / "finns-inte"))
    assert code == 2
    assert "finns inte eller saknar manifest.yml" in text and "Errno" not in text
