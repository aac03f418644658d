"""`ruff check` and `ruff format --check` are clean on the code (the rules: `[tool.ruff]` in pyproject.toml), and the rules
the house keeps hold: no forking in kernels, no prctl, no assignments to Sphinx's attributes."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "scripts", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    """The code is as `ruff format` writes it (`make format`; the pre-commit hook does it too)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "scripts", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_forks_prctl_or_patched_sphinx_in_the_package():
    forbidden = re.compile(r"os\.fork\(|prctl|PDEATHSIG|\bSphinx\.\w+\s*=(?!=)")
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert not hits, "\n".join(hits)


def test_chapter_templates_are_kept_without_outputs():
    """What `nbstripout` (pre-commit) keeps: templates hold no outputs and no execution counts,
    and each has the cell tagged `parameters` that papermill fills in (docs/chapters.md)."""
    import nbformat

    from analysis.chapters.registry import CHAPTERS

    for chapter in CHAPTERS:
        nb = nbformat.read(ROOT / chapter.template, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), chapter.template
        assert any("parameters" in c.metadata.get("tags", []) for c in code), chapter.template


MAX_MODULE_LINES = 400
MAX_PIPELINE_LINES = 1200


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_are_small_and_the_build_side_is_small():
    """No module in src/ over 400 lines; the build machinery (`analysis.pipeline`) at most 1 200
    lines in all. Book content (PDF, Sphinx extensions, appendices) lives outside `pipeline/`."""
    large = {
        str(p.relative_to(ROOT)): n for p in sorted((ROOT / "src").rglob("*.py")) if (n := _lines(p)) > MAX_MODULE_LINES
    }
    assert not large, large
    pipeline = sum(_lines(p) for p in (ROOT / "src" / "analysis" / "pipeline").glob("*.py"))
    assert pipeline <= MAX_PIPELINE_LINES, pipeline
