"""Every case under tests/data/bad/: the good dataset with some files replaced must give the expected
Swedish problem (file, row, column and what was expected), or load with the expected assumption."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from analysis.data import DatasetError, load_dataset, rehash_manifest

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
CASES = sorted(p for p in (DATA / "bad").iterdir() if (p / "case.yml").is_file())


def build_case(case: Path, tmp_path: Path) -> tuple[Path, dict]:
    """The good dataset in tmp_path with the case's files overlaid, repointed and rehashed."""
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    target = tmp_path / case.name
    shutil.copytree(GOOD, target)
    for file in case.iterdir():
        if file.name != "case.yml":
            shutil.copy(file, target / file.name)
    for name in spec.get("mkdir", []):
        (target / name).mkdir()
    for name in spec.get("delete", []):
        (target / name).unlink()
    if spec.get("point_to"):
        manifest_path = target / "manifest.yml"
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
        for table, file in spec["point_to"].items():
            manifest["tabeller"][table]["fil"] = file
        manifest_path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if spec.get("rehash", True):
        rehash_manifest(target)
    return target, spec


def test_there_are_enough_cases():
    assert len([c for c in CASES if "ok" not in c.name.split("_")[0]]) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path):
    folder, spec = build_case(case, tmp_path)
    if spec.get("expect") == "ok":
        dataset = load_dataset(folder)
        assumptions = " | ".join(dataset.assumptions[spec["table"]])
        for fragment in spec["fragments"]:
            assert fragment in assumptions, f"{case.name}: '{fragment}' saknas i: {assumptions}"
        return
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    lines = [p.format() for p in caught.value.problems]
    matching = [p for p in caught.value.problems if all(f in p.format() for f in spec["fragments"])]
    assert matching, f"{case.name}: ingen rad innehåller {spec['fragments']}:\n" + "\n".join(lines)
    report = str(caught.value)
    assert matching[0].file in report and matching[0].format(with_file=False) in report


def test_ok_cases_read_the_same_values_as_the_good_dataset(tmp_path: Path):
    good = load_dataset(GOOD)
    for name in (
        "ok_cp1252_semicolon_decimal_comma",
        "ok_tab_separated",
        "ok_bom_and_header_case",
        "ok_excel_title_rows",
    ):
        folder, spec = build_case(DATA / "bad" / name, tmp_path)
        table = spec["table"]
        got = load_dataset(folder, tables=[table]).table(table)
        assert got.equals(good.table(table)), name


def test_thousands_separators_become_numbers(tmp_path: Path):
    folder, _ = build_case(DATA / "bad" / "ok_thousands_nbsp", tmp_path)
    got = load_dataset(folder, tables=["befolkning"]).table("befolkning")
    good = load_dataset(GOOD, tables=["befolkning"]).table("befolkning")
    assert (got["antal"] == good["antal"] * 9).all()
