"""The whole build: validate → execute chapters (cached, parallel) → render → publish.

Nothing is published unless every step succeeded; the previous book stays as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from analysis.data.manifest import params_file
from analysis.pipeline import cache, jupyterbook, publish
from analysis.pipeline.execute import ChapterJob, ChapterOutcome, cached_key, run_jobs
from analysis.pipeline.lock import build_lock
from analysis.pipeline.manifest import build_manifest, rel, write_json
from analysis.pipeline.progress import Progress
from analysis.pipeline.prose import refresh_prose
from analysis.pipeline.registry import CHAPTERS, ChapterSpec


HTML_LOG = Path("loggar") / "jupyter-book-html.log"  # under _build/, kept also when a build fails


class BuildError(RuntimeError):
    """A build step failed; the message is for the user (Swedish)."""


@dataclass
class BuildOptions:
    root: Path
    data_dir: Path
    scenario_files: list[Path] = field(default_factory=list)
    jobs: int = os.cpu_count() or 1
    pdf: bool = False
    force: bool = False
    only: list[str] | None = None
    quiet: bool = False


@dataclass
class BuildReport:
    outcomes: list[ChapterOutcome]
    index_html: Path
    pdf: Path | None
    seconds: float
    executed: list[str]


def shipped_scenarios(root: Path) -> list[Path]:
    return sorted((root / "scenarios").glob("*.yml"))


def extra_files(root: Path) -> list[Path]:
    """Project files beyond the dataset that chapters read (e.g. map outlines)."""
    return sorted({root / path for chapter in CHAPTERS for _, path in chapter.extra_inputs})


def build(opts: BuildOptions) -> BuildReport:
    root = opts.root.resolve()
    build_dir = root / "_build"
    start = time.perf_counter()
    with build_lock(build_dir), ExitStack() as stack:
        if opts.force:  # nothing from earlier builds: checked tables, Sphinx's kept folder
            shutil.rmtree(build_dir / ".cache", ignore_errors=True)
        dataset = _load_valid_dataset(opts.data_dir, table_cache(root))
        scenarios = shipped_scenarios(root) + [Path(p).resolve() for p in opts.scenario_files]
        _check_scenarios(scenarios)
        chapters = list(CHAPTERS)
        jobs, reused = _plan(root, chapters, dataset, scenarios, opts.force, opts.only)
        html_book = None
        if jobs:  # the HTML render's process starts while the chapters run
            html_book = stack.enter_context(jupyterbook.KeptHtml(_kept_html(build_dir), build_dir / HTML_LOG))
        sheets = stack.enter_context(_sheets(root, opts, scenarios, start_now=bool(jobs)))  # docs/sheets.md
        progress = Progress(enabled=not opts.quiet)
        outcomes = _execute(chapters, jobs, reused, opts.jobs, progress)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            raise BuildError("\n\n".join(o.summary() for o in failed) + _unchanged_note(build_dir))
        render_key = _render_key(root, chapters, dataset, scenarios)
        if not opts.force and _published_is_current(build_dir, render_key, opts.pdf):
            progress.note("Inget har ändrats sedan förra bygget; den publicerade boken är aktuell.")
            return _report(build_dir, outcomes, jobs, start, opts.pdf)
        _write_appendices(root, dataset, scenarios, outcomes)
        sheets.finish(dataset)
        release = publish.new_release(build_dir)
        try:
            _render(root, build_dir, release, opts.pdf, progress, html_book)
            manifest = build_manifest(
                root, opts.data_dir.resolve(), dataset.input_files(), scenarios, extra_files(root),
                _chapter_records(root, chapters, outcomes, jobs), time.perf_counter() - start,
            )
            manifest["renderingsnyckel"] = render_key
            write_json(release / "manifest.json", manifest)
            publish.publish(build_dir, release)
        except jupyterbook.BookBuildError as err:
            shutil.rmtree(release, ignore_errors=True)
            raise BuildError(str(err) + _unchanged_note(build_dir)) from None
        except BaseException:
            shutil.rmtree(release, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(build_dir / ".staging", ignore_errors=True)
    return _report(build_dir, outcomes, jobs, start, opts.pdf)


def _report(build_dir: Path, outcomes, jobs, start: float, want_pdf: bool) -> BuildReport:
    pdfs = sorted((build_dir / "pdf").glob("*.pdf")) if want_pdf else []
    return BuildReport(
        outcomes=outcomes,
        index_html=build_dir / "html" / "index.html",
        pdf=pdfs[0] if pdfs else None,
        seconds=time.perf_counter() - start,
        executed=[j.key for j in jobs],
    )


def _render_key(root: Path, chapters, dataset, scenarios: list[Path]) -> str:
    """Everything the rendered book depends on, once every chapter is up to date."""
    sources = [p for p in sorted((root / "book").rglob("*")) if p.is_file()
               and not {"kapitel", "genererat", "bilagor", "halsocentraler"} & set(p.relative_to(root / "book").parts)]
    record = {
        "kapitel": [cache.sha256_file(root / c.output) for c in chapters],
        "bok": {rel(p, root): cache.sha256_file(p) for p in sources},
        "konfiguration": [cache.sha256_file(root / n) for n in ("_config.yml", "_toc.yml")],
        "paket": cache.modules_digest(("analysis",)),
        "indata": dataset.input_files(),
        "scenarier": [cache.sha256_file(p) for p in scenarios],
        "halsocentralsblad": _sheet_templates(root),
    }
    return cache.sha256_bytes(json.dumps(record, sort_keys=True).encode())


def _sheet_templates(root: Path) -> str:
    from analysis.sheets.templates import templates_digest

    return templates_digest(root)


def _published_is_current(build_dir: Path, render_key: str, want_pdf: bool) -> bool:
    manifest = build_dir / "manifest.json"
    if not manifest.exists() or not (build_dir / "html" / "index.html").exists():
        return False
    if want_pdf and not any((build_dir / "pdf").glob("*.pdf")):
        return False
    return json.loads(manifest.read_text(encoding="utf-8")).get("renderingsnyckel") == render_key


def _kept_html(build_dir: Path) -> Path:
    """Sphinx's folder kept between builds (sources and environment; `docs/builds.md`)."""
    return build_dir / ".cache" / "sphinx-html"


def table_cache(root: Path) -> Path:
    """Where the build keeps the tables it has checked, for itself and the chapters."""
    return root / "_build" / ".cache" / "tabeller"


def _load_valid_dataset(data_dir: Path, cache: Path | None = None):
    from analysis.data import DatasetError, load_dataset
    from analysis.data.tablecache import prune

    start = time.time()
    try:
        dataset = load_dataset(data_dir, cache_dir=cache)
    except DatasetError as err:
        raise BuildError(f"{err}\nBoken byggs inte.") from None
    if cache:
        prune(cache, unused_since=start)  # the chapters read a subset of what was just used
    return dataset


def _check_scenarios(paths: list[Path]) -> None:
    if not paths:
        return
    from analysis.scenarios import ScenarioError, load_scenarios

    try:
        load_scenarios(paths)
    except ScenarioError as err:
        raise BuildError(f"Scenariofilerna har fel; boken byggs inte.\n{err}") from None


def _inputs_for(chapter: ChapterSpec, dataset) -> dict[str, str]:
    files = dataset.input_files()
    tables = dataset.manifest.get("tabeller", {})
    wanted = {tables[t]["fil"] for t in chapter.tables if t in tables}
    wanted.add(params_file(dataset.manifest))
    return {name: sha for name, sha in files.items() if name in wanted}


def _parameters(root: Path, chapter: ChapterSpec, dataset, scenarios: list[Path]) -> tuple[dict, dict, dict]:
    """Papermill parameters (absolute paths), their shown form, and their content-hashed form."""
    out_dir = root / chapter.output_dir
    params = {"data_dir": str(dataset.path.resolve()), "output_dir": str(out_dir), "year": dataset.year,
              "tabellcache": str(table_cache(root))}
    shown = {"data_dir": rel(dataset.path, root), "output_dir": chapter.output_dir, "year": dataset.year,
             "tabellcache": rel(table_cache(root), root)}
    hashed = {"dataset": dataset.name, "year": dataset.year, "output_dir": chapter.output_dir}
    for name, path in chapter.extra_inputs:
        params[name] = str(root / path)
        shown[name] = path
        hashed[name] = cache.sha256_file(root / path) if (root / path).exists() else None
    if chapter.uses_scenarios:
        params["scenario_files"] = [str(p) for p in scenarios]
        shown["scenario_files"] = [rel(p, root) for p in scenarios]
        hashed["scenario_files"] = [cache.sha256_file(p) for p in scenarios]
    return params, shown, hashed


def _plan(root, chapters, dataset, scenarios, force, only) -> tuple[list[ChapterJob], list[ChapterOutcome]]:
    """Which chapters to execute; the others reuse their last executed notebook."""
    jobs, reused = [], []
    for chapter in chapters:
        params, shown, hashed = _parameters(root, chapter, dataset, scenarios)
        key, _ = cache.chapter_key(
            root / chapter.template, chapter.modules, _inputs_for(chapter, dataset), hashed,
            root / "requirements.lock",
        )
        output = root / chapter.output
        skipped = only and chapter.key not in only and output.exists()
        current = not force and cached_key(output) == key and _outputs_intact(root, chapter)
        new_prose = _merge_prose(root / chapter.template, output) if current else None
        if skipped or new_prose is not None:
            reused.append(ChapterOutcome(chapter.key, chapter.title, True, 0.0, reused=True, output=output,
                                         new_prose=bool(new_prose)))
            continue
        jobs.append(ChapterJob(
            key=chapter.key, title=chapter.title, template=root / chapter.template, output=output,
            cwd=output.parent, failed_dir=root / "_build" / "misslyckade", parameters=params,
            cache_key=key, shown_parameters=shown,
        ))
    return jobs, reused


def _merge_prose(template: Path, output: Path) -> bool | None:
    """Bring the template's markdown into the executed notebook: True if its text changed,
    None if the chapter must run again after all."""
    try:
        return refresh_prose(template, output)
    except ValueError:
        return None


def _outputs_intact(root: Path, chapter: ChapterSpec) -> bool:
    """The chapter's generated files still match what its last run recorded."""
    record = root / chapter.output_dir / ".utdata.json"
    if not record.exists():
        return False
    recorded = json.loads(record.read_text(encoding="utf-8"))
    for name, sha in recorded.items():
        path = root / chapter.output_dir / name
        if not path.exists() or cache.sha256_file(path) != sha:
            return False
    return True


def _record_outputs(folder: Path) -> None:
    """Remember the hashes of a chapter's generated files (checked by `_outputs_intact`)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {p.name: cache.sha256_file(p) for p in sorted(folder.glob("*")) if p.is_file() and p.name != ".utdata.json"}
    (folder / ".utdata.json").write_text(json.dumps(files, indent=1) + "\n", encoding="utf-8")


def _execute(chapters, jobs, reused, workers, progress) -> list[ChapterOutcome]:
    for outcome in reused:
        progress.reused(outcome)
    out_dirs = {job.key: Path(job.parameters["output_dir"]) for job in jobs}
    for folder in out_dirs.values():
        shutil.rmtree(folder, ignore_errors=True)
    with progress:
        outcomes = run_jobs(jobs, workers, on_start=progress.started, on_done=progress.done)
    for outcome in outcomes:
        if outcome.ok:
            _record_outputs(out_dirs[outcome.key])
    order = {c.key: i for i, c in enumerate(chapters)}
    return sorted(reused + outcomes, key=lambda o: order[o.key])


def _write_appendices(root, dataset, scenarios, outcomes) -> None:
    from analysis.appendices import write_appendices

    write_appendices(root, dataset, scenarios, outcomes)


def _sheets(root: Path, opts: BuildOptions, scenarios: list[Path], start_now: bool):
    """One page per health centre (book/halsocentraler/), made while the chapters run."""
    from analysis.sheets.background import SheetsJob

    return SheetsJob(root, opts.data_dir, scenarios, opts.jobs, opts.force, table_cache(root), start_now)


def _render(root: Path, build_dir: Path, release: Path, want_pdf: bool, progress,
            html_book: jupyterbook.KeptHtml | None) -> None:
    """HTML (with `html_book` if one was started while chapters ran), then the PDF if wanted."""
    staging = build_dir / ".staging" / release.name
    staging.mkdir(parents=True, exist_ok=True)
    logs = build_dir / "loggar"  # kept after the build, also when it fails
    progress.note("Bygger HTML-boken med jupyter-book …")
    src = jupyterbook.stage_sources(root, staging, "html")
    kept = _kept_html(build_dir)
    try:
        with html_book or jupyterbook.KeptHtml(kept, build_dir / HTML_LOG) as book:
            html = book.render(src)
    except jupyterbook.BookBuildError:
        shutil.rmtree(kept, ignore_errors=True)
        raise
    previous = publish.current_release(build_dir)
    publish.copy_into_release(html, release / "html", previous / "html" if previous else None)
    if not want_pdf:
        return
    progress.note("Bygger PDF med XeLaTeX …")
    src = jupyterbook.stage_sources(root, staging, "pdflatex")
    latex = jupyterbook.run_jupyter_book(src, staging / "out-pdf", "pdflatex", logs / "jupyter-book-pdf.log")
    pdf = jupyterbook.find_pdf(latex)
    (release / "pdf").mkdir()
    shutil.copy2(pdf, release / "pdf" / pdf.name)


def _chapter_records(root, chapters, outcomes, jobs) -> list[dict]:
    by_key = {o.key: o for o in outcomes}
    keys = {j.key: j.cache_key for j in jobs}
    records = []
    for chapter in chapters:
        outcome = by_key[chapter.key]
        records.append({
            "kapitel": chapter.key,
            "titel": chapter.title,
            "mall": chapter.template,
            "anteckningsbok": chapter.output,
            "korning": outcome.run_label(),
            "sekunder": round(outcome.seconds, 1),
            "cache_nyckel": keys.get(chapter.key) or cached_key(root / chapter.output),
        })
    return records


def _unchanged_note(build_dir: Path) -> str:
    if (build_dir / "html").exists():
        return f"\n\nDen tidigare boken i {build_dir / 'html'} är orörd."
    return ""
