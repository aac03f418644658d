"""manifest.yml: structure problems, file hashes, and rehash_manifest keeping the YAML as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from analysis.data import rehash_manifest, validate_dataset
from analysis.data.manifest import sha256_of

GOOD = Path(__file__).parent / "data" / "good"

MANIFEST = """\
# A comment that must survive
namn: test   # trailing comment
ar: 2020
tabeller:
  listade:
    fil: listade.csv
    status: syntetisk
    kalla: "Källa, med komma"
    licens: CC0
    sha256: {old}   # the hash
  kolada: {{fil: kolada.csv, status: offentlig statistik, kalla: K, licens: CC0, sha256: {old}}}
  halsocentraler:
    fil: halsocentraler.csv
    status: sammanstalld
    kalla: K
    licens: CC0
"""


def folder_with(tmp_path: Path, text: str) -> Path:
    for name in ("listade.csv", "kolada.csv", "halsocentraler.csv"):
        shutil.copy(GOOD / name, tmp_path / name)
    (tmp_path / "manifest.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_rehash_replaces_only_the_hashes(tmp_path):
    folder = folder_with(tmp_path, MANIFEST.format(old="0" * 64))
    changed = rehash_manifest(folder)
    assert set(changed) == {"listade", "kolada", "halsocentraler"}
    text = (folder / "manifest.yml").read_text(encoding="utf-8")
    assert "# A comment that must survive" in text and "# trailing comment" in text and "# the hash" in text
    assert '"Källa, med komma"' in text
    data = yaml.safe_load(text)
    for table in changed:
        assert data["tabeller"][table]["sha256"] == sha256_of(folder / data["tabeller"][table]["fil"])
    assert text.count("sha256:") == 3
    lines = text.splitlines()
    assert lines[-2] == "    licens: CC0" and lines[-1].startswith("    sha256: ")  # inserted


def test_rehash_is_a_no_op_when_current(tmp_path):
    folder = folder_with(tmp_path, MANIFEST.format(old="0" * 64))
    rehash_manifest(folder)
    before = (folder / "manifest.yml").read_bytes()
    assert rehash_manifest(folder) == {}
    assert (folder / "manifest.yml").read_bytes() == before


def test_rehash_of_good_dataset_changes_nothing(tmp_path):
    target = tmp_path / "ds"
    shutil.copytree(GOOD, target)
    assert rehash_manifest(target) == {}


def test_structure_problems_name_the_key_and_line(tmp_path):
    target = tmp_path / "ds"
    shutil.copytree(GOOD, target)
    text = (target / "manifest.yml").read_text(encoding="utf-8")
    text = text.replace("ar: 2020", "ar: tjugotjugo").replace("    licens: CC0\n", "", 1)
    (target / "manifest.yml").write_text(text, encoding="utf-8")
    messages = [p.format() for p in validate_dataset(target)]
    assert (
        "manifest.yml, rad 3, nyckel 'ar': värdet 'tjugotjugo' är inte ett heltal (förväntat: ett heltal)" in messages
    )
    assert "manifest.yml, rad 7, nyckel 'tabeller.halsocentraler.licens': nyckeln saknas" in messages


def test_missing_sha_suggests_rehash(tmp_path):
    target = tmp_path / "ds"
    shutil.copytree(GOOD, target)
    text = (target / "manifest.yml").read_text(encoding="utf-8")
    first_sha = next(line for line in text.splitlines() if "sha256:" in line)
    (target / "manifest.yml").write_text(text.replace(first_sha + "\n", ""), encoding="utf-8")
    problems = validate_dataset(target)
    assert len(problems) == 1
    assert problems[0].column == "tabeller.halsocentraler.sha256"
    assert "python -m analysis data rehash" in problems[0].message


# -- `python -m analysis data rehash` on folders it cannot update: a Swedish message, no traceback --


def _rehash_cli(folder) -> tuple[int, str]:
    import contextlib
    import io

    from analysis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["data", "rehash", str(folder)])
    return code, out.getvalue()


def test_rehash_missing_folder_says_so(tmp_path):
    code, text = _rehash_cli(tmp_path / "finns-inte")
    assert code == 2
    assert "mappen finns inte" in text and "Traceback" not in text


def test_rehash_folder_without_manifest_says_so(tmp_path):
    code, text = _rehash_cli(tmp_path)
    assert code == 2
    assert "manifest.yml saknas i mappen" in text


def test_rehash_broken_manifest_names_the_line(tmp_path):
    folder = folder_with(tmp_path, MANIFEST.format(old="0" * 64).replace("namn: test", "namn: test: x"))
    code, text = _rehash_cli(folder)
    assert code == 2
    assert "rad 2:" in text and "kolon" in text


def test_rehash_read_only_folder_says_so(tmp_path, monkeypatch):
    folder = folder_with(tmp_path, MANIFEST.format(old="0" * 64))
    before = (folder / "manifest.yml").read_bytes()

    def refuse(self, *args, **kwargs):  # as root, chmod does not stop writes: simulate the refusal
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    code, text = _rehash_cli(folder)
    assert code == 2
    assert "skrivskyddad" in text and "Traceback" not in text
    assert (folder / "manifest.yml").read_bytes() == before


def test_manifest_entry_pointing_to_a_folder(tmp_path):
    folder = folder_with(tmp_path, MANIFEST.format(old="0" * 64))
    (folder / "kolada.csv").unlink()
    (folder / "kolada.csv").mkdir()
    problems = validate_dataset(folder)
    text = "\n".join(p.format() for p in problems)
    assert "'kolada.csv' för tabellen 'kolada' är en mapp, inte en fil" in text
