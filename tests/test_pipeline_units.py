"""The pipeline's building blocks: atomic publish, lock, cache keys, failure summaries."""

import multiprocessing
import os
from pathlib import Path

import pytest

from analysis.pipeline import cache, publish
from analysis.pipeline.execute import ChapterOutcome
from analysis.pipeline.lock import BuildLocked, build_lock


def _release(build_dir: Path, text: str) -> Path:
    release = publish.new_release(build_dir)
    (release / "html").mkdir()
    (release / "html" / "index.html").write_text(text)
    (release / "manifest.json").write_text("{}")
    return release


def test_publish_switches_atomically_and_prunes(tmp_path):
    build_dir = tmp_path / "_build"
    publish.publish(build_dir, _release(build_dir, "first"))
    assert (build_dir / "html" / "index.html").read_text() == "first"
    second = _release(build_dir, "second")
    # before publishing, readers still see the first book
    assert (build_dir / "html" / "index.html").read_text() == "first"
    publish.publish(build_dir, second)
    assert (build_dir / "html" / "index.html").read_text() == "second"
    assert [p.name for p in (build_dir / ".releases").iterdir()] == [second.name]


def test_publish_keeps_previous_pdf_when_none_built(tmp_path):
    build_dir = tmp_path / "_build"
    first = _release(build_dir, "first")
    (first / "pdf").mkdir()
    (first / "pdf" / "bok.pdf").write_bytes(b"%PDF")
    publish.publish(build_dir, first)
    publish.publish(build_dir, _release(build_dir, "second"))
    assert (build_dir / "pdf" / "bok.pdf").read_bytes() == b"%PDF"


def _hold_lock(build_dir, ready, release):
    with build_lock(build_dir):
        ready.set()
        release.wait(10)


def test_second_build_is_refused_while_first_holds_lock(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(BuildLocked, match="Ett annat bygge pågår"):
            with build_lock(tmp_path):
                pass
    finally:
        release.set()
        holder.join(10)
    with build_lock(tmp_path):  # free again once the first build ended
        pass


def test_lock_is_released_when_holder_is_killed(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    assert ready.wait(20)
    holder.kill()
    holder.join(10)
    with build_lock(tmp_path):
        pass


def test_chapter_key_changes_with_each_input(tmp_path):
    template = tmp_path / "t.ipynb"
    template.write_text("{}")
    lock = tmp_path / "requirements.lock"
    lock.write_text("a==1\n")
    base, _ = cache.chapter_key(template, ("analysis.model",), {"a.csv": "1"}, {"year": 2020}, lock)
    assert cache.chapter_key(template, ("analysis.model",), {"a.csv": "1"}, {"year": 2020}, lock)[0] == base
    assert cache.chapter_key(template, ("analysis.model",), {"a.csv": "2"}, {"year": 2020}, lock)[0] != base
    assert cache.chapter_key(template, ("analysis.model",), {"a.csv": "1"}, {"year": 2021}, lock)[0] != base
    template.write_text('{"x": 1}')
    assert cache.chapter_key(template, ("analysis.model",), {"a.csv": "1"}, {"year": 2020}, lock)[0] != base


def test_module_digest_covers_package_sources():
    digest = cache.modules_digest(("analysis.pipeline",))
    assert "pipeline/build.py" in digest
    assert "formatting.py" in digest  # every chapter depends on the common modules


def test_failure_summary_names_chapter_cell_and_error():
    outcome = ChapterOutcome(
        "k", "Uppföljning", False, 1.0, output=Path("_build/misslyckade/k.ipynb"), cell_index=7,
        cell_source="x = 1 / 0\nprint(x)", error_name="ZeroDivisionError", error_value="division by zero",
    )
    text = outcome.summary()
    assert "Uppföljning" in text and "cell 7" in text and "ZeroDivisionError" in text
    assert "_build/misslyckade/k.ipynb" in text
