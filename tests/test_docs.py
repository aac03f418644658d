"""The documentation describes the repository as it is, and the repository stands on its own.

- No file refers to folders outside the repository (the team's shared folder): what the tests
  rely on is in `docs/report-facts.md`.
- The golden values of `docs/report-facts.md` agree with the code's copy of the report's figures
  (`analysis.model.published`) and with the golden texts the book must show (`tests/golden.py`).
- Every test, test file, module and repository path that README.md, bench/README.md and
  docs/*.md name exists.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest
from golden import GOLDEN_KEYS, GOLDEN_TEXTS

from analysis.model.published import REPORT, REPORT_CNI_WEIGHTS

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "docs" / "report-facts.md"
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md", ROOT / "bench" / "README.md"]
OUTSIDE = re.compile(rb"(?:/work/|\.\./)shared\b")
#: Paths the notes name that a build or a reader makes, not the repository.
NOT_IN_REPO = {"bench/national/", "data/min-2022"}


def repository_files() -> list[Path]:
    """The files of the repository: tracked and new (not ignored) ones."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but build products
        skip = {".git", ".venv", "_build", "node_modules", "__pycache__"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    return [ROOT / name for name in out.decode().split("\0") if name and (ROOT / name).is_file()]


def test_no_file_refers_outside_the_repository():
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in repository_files()
        for n, line in enumerate(path.read_bytes().splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not hits, "refers to a folder outside the repository:\n" + "\n".join(hits)


# --- the report's facts ------------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}.*$", text, re.M)
    assert match, f"no heading '{heading}' in {FACTS.name}"
    level = len(match.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, match.end())
    return text[match.end() : end.start() if end else len(text)]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown tables in `text` (no header rows), as lists of stripped cells."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    separator = [set(line) <= set("|-: ") for line in lines]
    return [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for i, line in enumerate(lines)
        if not separator[i] and not (i + 1 < len(lines) and separator[i + 1])
    ]


def as_number(printed: str) -> float:
    """`2 453 kr` → 2453, `0,33` → 0.33, `25 %` → 0.25."""
    number = float(re.sub(r"\s|kr|%", "", printed).replace(",", "."))
    return number / 100 if printed.endswith("%") else number


@pytest.fixture(scope="module")
def facts() -> str:
    return FACTS.read_text(encoding="utf-8")


def test_golden_values_table_agrees_with_the_code(facts):
    rows = table_rows(section(facts, "Golden values"))
    assert [r[0].strip("`") for r in rows] == list(GOLDEN_KEYS)
    for (key, _what, printed, avsnitt), text in zip(rows, GOLDEN_TEXTS):
        figure = REPORT[key.strip("`")]
        assert printed == text, key
        assert as_number(printed) == figure.rapporten, key
        assert avsnitt == figure.avsnitt, key


def test_golden_values_are_the_figures_of_section_1(facts):
    narrative = section(facts, "1. The 2020 reimbursement model").split("### ")[0]
    for text in GOLDEN_TEXTS:
        assert text.removesuffix(" kr") in narrative, text


def test_cni_weights_agree_with_the_code(facts):
    rows = table_rows(section(facts, "CNI variables and weights"))
    assert len(rows) == len(REPORT_CNI_WEIGHTS)
    assert sorted(as_number(w) for _, w in rows) == sorted(REPORT_CNI_WEIGHTS.values())


# --- what the notes name exists --------------------------------------------------------------------

TEST_FILE = re.compile(r"\btests/[\w/]+\.py(?:::\w+)*")
TEST_NAME = re.compile(r"(?<![\w/:])(test_\w+?)(_?…|\b)(?!\.py)")
MODULE = re.compile(r"(?<![\w./-])analysis(?:\.[A-Za-z_]\w*)+")
REPO_PATH = re.compile(r"(?<![\w./-])(?:src|tests|scripts|notebooks|bench|docs|scenarios|data)/[\w./-]*[\w/]")


def mentions(pattern: re.Pattern) -> list[tuple[str, str]]:
    """(where, what) for each match of `pattern` in the notes."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            found.append((f"{doc.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}", m))
    return found


def defined_tests() -> set[str]:
    return {
        name
        for path in (ROOT / "tests").rglob("test_*.py")
        for name in re.findall(r"^\s*(?:def|class) (\w+)", path.read_text(encoding="utf-8"), re.M)
    }


def test_tests_named_in_the_notes_exist():
    missing = []
    for where, m in mentions(TEST_FILE):
        path, *names = m.group(0).split("::")
        if not (ROOT / path).is_file():
            missing.append(f"{where}: {path}")
            continue
        source = (ROOT / path).read_text(encoding="utf-8")
        missing += [
            f"{where}: {m.group(0)}" for name in names if not re.search(rf"^\s*(?:def|class) {name}\b", source, re.M)
        ]
    defined = defined_tests()
    for where, m in mentions(TEST_NAME):
        name, cut = m.group(1), m.group(2)
        exists = any(d.startswith(name) for d in defined) if cut else name in defined
        if not exists:
            missing.append(f"{where}: {m.group(0)}")
    assert not missing, "named in the notes, not in tests/:\n" + "\n".join(missing)


def resolves(dotted: str) -> bool:
    """`analysis.a.b.name` is a module, or an attribute of the longest module prefix."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_modules_named_in_the_notes_exist():
    missing = [f"{where}: {m.group(0)}" for where, m in mentions(MODULE) if not resolves(m.group(0))]
    assert not missing, "named in the notes, not in the package:\n" + "\n".join(missing)


def test_paths_named_in_the_notes_exist():
    missing = [
        f"{where}: {m.group(0)}"
        for where, m in mentions(REPO_PATH)
        if m.group(0) not in NOT_IN_REPO and not (ROOT / m.group(0)).exists()
    ]
    assert not missing, "named in the notes, not in the repository:\n" + "\n".join(missing)
