"""environment.yml (conda) must list the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(spec: str) -> tuple[str, str]:
    name = re.split(r"[<>=!~ ]", spec, maxsplit=1)[0]
    return name.lower().replace("_", "-"), spec[len(name) :].replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {}
    for item in env["dependencies"]:
        specs = item["pip"] if isinstance(item, dict) else [item]
        for spec in specs:
            name, version = _split(spec)
            if name not in {"python", "pip", "-e"}:
                listed[name] = version
    assert listed == wanted


def test_lockfile_pins_every_direct_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower().replace("_", "-")
    pinned = {line.split("==")[0] for line in lock.splitlines() if "==" in line}
    names = {_split(s)[0] for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    assert names <= pinned, f"not pinned in requirements.lock: {sorted(names - pinned)}"
