"""The whole build: validate → execute chapters (cached, parallel) → render → publish.

Nothing is published unless every step succeeded; the previous book stays as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis import register_pages
from analysis.appendices import write_appendices
from analysis.chapters.registry import CHAPTERS, ChapterSpec
from analysis.compare.page import compared_digest, open_book, write_changes_page
from analysis.data.manifest import params_file
from analysis.pdf.printing import PDF_NAME, print_book
from analysis.pipeline import BuildError, cache, jupyterbook, publish
from analysis.pipeline.execute import ChapterJob, ChapterOutcome, cached_key, run_jobs, stamp
from analysis.pipeline.lock import build_lock
from analysis.pipeline.manifest import build_manifest, rel, write_json
from analysis.pipeline.progress import Progress
from analysis.pipeline.prose import refresh_prose
from analysis.pipeline.toc import lists_folder, write_toc
from analysis.scenario_pages import write_scenario_appendix
from analysis.sheets.templates import FOLDER as SHEETS_FOLDER
from analysis.sheets.templates import PDF_FOLDER as SHEET_PDFS
from analysis.sheets.templates import templates_digest

HTML_LOG = Path("loggar") / "jupyter-book-html.log"  # under _build/, kept also when a build fails
KEPT_HTML = Path(".cache") / "sphinx-html"  # under _build/: Sphinx's sources and environment


@contextmanager
def _stops_build(error: type[Exception], prefix: str = ""):
    """`error` raised inside becomes a `BuildError`: nothing is built."""
    try:
        yield
    except error as err:
        raise BuildError(f"{prefix}{err}\nBoken byggs inte.") from None


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
    compare_with: Path | None = None  # an older built book: adds the page "Ändringar sedan förra utgåvan"


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
        if opts.compare_with is not None:  # before any chapter runs
            with _compare_errors():
                open_book(opts.compare_with)
        chapters = list(CHAPTERS)
        write_toc(root)  # before the render key, which it is part of
        jobs, reused = _plan(root, chapters, dataset, scenarios, opts.force, opts.only)
        sheets = stack.enter_context(_sheets(root, opts, scenarios, start_now=bool(jobs)))  # docs/sheets.md
        progress = Progress(enabled=not opts.quiet)
        outcomes = _execute(chapters, jobs, reused, opts.jobs, progress)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            raise BuildError("\n\n".join(o.summary() for o in failed) + _unchanged_note(build_dir))
        render_key = _render_key(root, chapters, dataset, scenarios, opts.compare_with)
        if not opts.force and _published_is_current(build_dir, render_key, opts.pdf):
            progress.note("Inget har ändrats sedan förra bygget; den publicerade boken är aktuell.")
            return _report(build_dir, outcomes, jobs, start, opts.pdf)
        write_appendices(root, dataset, scenarios, outcomes)
        numbers = register_pages.write_appendix(root, chapters, scenarios)
        write_scenario_appendix(root, scenarios)
        with _compare_errors():
            write_changes_page(root, opts.compare_with, numbers, dataset, f"{rel(dataset.path, root)} (det här bygget)")
        sheets.finish(dataset)
        release = publish.new_release(build_dir)
        try:
            _render(root, build_dir, release, opts.pdf, progress)
            manifest = build_manifest(
                root,
                opts.data_dir.resolve(),
                dataset.input_files(),
                scenarios,
                extra_files(root),
                _chapter_records(root, chapters, outcomes, jobs),
                time.perf_counter() - start,
            )
            manifest["renderingsnyckel"] = render_key
            write_json(release / "manifest.json", manifest)
            register_pages.publish_files(numbers, release)
            _publish_sheet_register(root, release)
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
        outcomes,
        build_dir / "html" / "index.html",
        pdfs[0] if pdfs else None,
        time.perf_counter() - start,
        [j.key for j in jobs],
    )


def _render_key(root: Path, chapters, dataset, scenarios: list[Path], compare_with: Path | None = None) -> str:
    """Everything the rendered book depends on, once every chapter is up to date."""
    sources = [
        p
        for p in sorted((root / "book").rglob("*"))
        if p.is_file()
        and not {"kapitel", "genererat", "bilagor", "halsocentraler"} & set(p.relative_to(root / "book").parts)
    ]
    record = {
        "kapitel": [cache.sha256_file(root / c.output) for c in chapters],
        "bok": {rel(p, root): cache.sha256_file(p) for p in sources},
        "konfiguration": [cache.sha256_file(root / n) for n in ("_config.yml", "_toc.yml")],
        "paket": cache.package_digest(),
        "indata": dataset.input_files(),
        "scenarier": [cache.sha256_file(p) for p in scenarios],
        "jamforelse": compared_digest(compare_with),
        "halsocentralsblad": templates_digest(root),
    }
    return cache.sha256_bytes(json.dumps(record, sort_keys=True).encode())


def _published_is_current(build_dir: Path, render_key: str, want_pdf: bool) -> bool:
    manifest = build_dir / "manifest.json"
    if not manifest.exists() or not (build_dir / "html" / "index.html").exists():
        return False
    sheets = (build_dir / "html" / SHEETS_FOLDER).exists()  # a book may have no sheets (docs/sheets.md)
    if want_pdf and not (
        any((build_dir / "pdf").glob("*.pdf")) and (not sheets or any((build_dir / "html" / SHEET_PDFS).glob("*.pdf")))
    ):
        return False
    return json.loads(manifest.read_text(encoding="utf-8")).get("renderingsnyckel") == render_key


def table_cache(root: Path) -> Path:
    """Where the build keeps the tables it has checked, for itself and the chapters."""
    return root / "_build" / ".cache" / "tabeller"


def _load_valid_dataset(data_dir: Path, cache: Path | None = None):
    from analysis.data import DatasetError, load_dataset
    from analysis.data.tablecache import prune

    start = time.time()
    with _stops_build(DatasetError):
        dataset = load_dataset(data_dir, cache_dir=cache)
    if cache:
        prune(cache, unused_since=start)  # the chapters read a subset of what was just used
    return dataset


def _check_scenarios(paths: list[Path]) -> None:
    if not paths:
        return
    from analysis.scenarios import ScenarioError, load_scenarios

    with _stops_build(ScenarioError, "Scenariofilerna har fel:\n"):
        load_scenarios(paths)


def _inputs_for(chapter: ChapterSpec, dataset) -> dict:
    """The bytes of the chapter's tables and of the parameter file, and what the manifest says
    about them (status, source: shown in the chapter) except their checksums."""
    files = dataset.input_files()
    manifest = dataset.manifest
    tables = {t: manifest["tabeller"][t] for t in chapter.tables if t in manifest.get("tabeller", {})}
    wanted = {entry["fil"] for entry in tables.values()} | {params_file(manifest)}
    described = {k: _no_checksum(v) for k, v in manifest.items() if k != "tabeller"}
    described["tabeller"] = {t: _no_checksum(entry) for t, entry in tables.items()}
    return {
        "filer": {name: sha for name, sha in files.items() if name in wanted},
        "manifest": json.loads(json.dumps(described, default=str)),
    }


def _no_checksum(entry):
    return {k: v for k, v in entry.items() if k != "sha256"} if isinstance(entry, dict) else entry


def _parameters(root: Path, chapter: ChapterSpec, dataset, scenarios: list[Path]) -> tuple[dict, dict, dict]:
    """Papermill parameters (absolute paths), their shown form (relative), and their hashed form
    (the project files a chapter reads, by content)."""
    paths = {"data_dir": dataset.path, "output_dir": root / chapter.output_dir, "tabellcache": table_cache(root)}
    read = {name: root / path for name, path in chapter.extra_inputs}
    read |= {"scenario_files": scenarios} if chapter.uses_scenarios else {}
    both = paths | read
    params = {k: [str(p) for p in v] if isinstance(v, list) else str(v.resolve()) for k, v in both.items()}
    shown = {k: [rel(p, root) for p in v] if isinstance(v, list) else rel(v, root) for k, v in both.items()}
    hashed = {k: [_sha(p) for p in v] if isinstance(v, list) else _sha(v) for k, v in read.items()}
    year = {"year": dataset.year}
    return params | year, shown | year, hashed | year | {"dataset": dataset.name, "output_dir": chapter.output_dir}


def _sha(path: Path) -> str | None:
    return cache.sha256_file(path) if path.exists() else None


def chapter_keys(root: Path, chapters, dataset, scenarios: list[Path], package: str | None = None) -> dict[str, str]:
    """Each chapter's cache key (`pipeline.cache`); `package` overrides the package's digest."""
    package = package or cache.package_digest()
    return {
        chapter.key: cache.chapter_key(
            root / chapter.template,
            _inputs_for(chapter, dataset),
            _parameters(root, chapter, dataset, scenarios)[2],
            root / "requirements.lock",
            package,
        )
        for chapter in chapters
    }


def _plan(root, chapters, dataset, scenarios, force, only) -> tuple[list[ChapterJob], list[ChapterOutcome]]:
    """Which chapters to execute; the others reuse their last executed notebook."""
    jobs, reused = [], []
    keys = chapter_keys(root, chapters, dataset, scenarios)
    for chapter in chapters:
        params, shown, _ = _parameters(root, chapter, dataset, scenarios)
        key = keys[chapter.key]
        output = root / chapter.output
        skipped = only and chapter.key not in only and output.exists()
        new_prose = None
        if not force and cached_key(output) == key and _outputs_intact(root / chapter.output_dir, output):
            try:  # the template's markdown into the executed notebook; True if its text changed
                new_prose = refresh_prose(root / chapter.template, output)
            except ValueError:  # its code cells differ after all: run it
                pass
        if skipped or new_prose is not None:
            reused.append(
                ChapterOutcome(
                    chapter.key, chapter.title, True, 0.0, reused=True, output=output, new_prose=bool(new_prose)
                )
            )
            continue
        jobs.append(
            ChapterJob(
                key=chapter.key,
                title=chapter.title,
                template=root / chapter.template,
                output=output,
                failed_dir=root / "_build" / "misslyckade",
                parameters=params,
                cache_key=key,
                shown_parameters=shown,
            )
        )
    return jobs, reused


def _outputs_intact(folder: Path, notebook: Path) -> bool:
    """The chapter's generated files are still those its last run stamped in its notebook."""
    recorded = stamp(notebook).get("utdata")
    if recorded is None or {p.name for p in folder.glob("*") if p.is_file()} != set(recorded):
        return False
    return all(cache.sha256_file(folder / n) == sha for n, sha in recorded.items())


def _execute(chapters, jobs, reused, workers, progress) -> list[ChapterOutcome]:
    for outcome in reused:
        progress.reused(outcome)
    for job in jobs:
        shutil.rmtree(job.parameters["output_dir"], ignore_errors=True)
    outcomes = run_jobs(jobs, workers, on_start=progress.started, on_done=progress.done)
    order = {c.key: i for i, c in enumerate(chapters)}
    return sorted(reused + outcomes, key=lambda o: order[o.key])


def _compare_errors():
    from analysis.compare import BookError

    return _stops_build(BookError, "--jamfor-med: ")


def _sheets(root: Path, opts: BuildOptions, scenarios: list[Path], start_now: bool):
    """One page per health centre (book/halsocentraler/), made while the chapters run; none when
    the skeleton has no part for them (docs/sheets.md)."""
    from analysis.sheets.background import NoSheets, SheetsJob

    if not lists_folder(root, SHEETS_FOLDER):
        return NoSheets(root)
    return SheetsJob(root, opts.data_dir, scenarios, opts.jobs, opts.force, table_cache(root), start_now, pdf=opts.pdf)


def _publish_sheet_register(root: Path, release: Path) -> None:
    from analysis.sheets.origin import publish_files

    publish_files(root / SHEETS_FOLDER, release / "html")


def _print_sheets(release: Path) -> None:
    """Each health centre's sheet as a one-page PDF in the HTML book (docs/sheets.md)."""
    from analysis.sheets.printing import print_sheets

    print_sheets(release / "html")


def _render(root: Path, build_dir: Path, release: Path, want_pdf: bool, progress) -> None:
    """HTML (in Sphinx's folder kept between builds), then the PDF if wanted."""
    staging = build_dir / ".staging" / release.name
    staging.mkdir(parents=True, exist_ok=True)
    logs = build_dir / "loggar"  # kept after the build, also when it fails
    progress.note("Bygger HTML-boken med jupyter-book …")
    src = jupyterbook.stage_sources(root, staging, "html")
    kept = build_dir / KEPT_HTML
    try:
        html = jupyterbook.render_html(src, kept, build_dir / HTML_LOG)
    except jupyterbook.BookBuildError:
        shutil.rmtree(kept, ignore_errors=True)
        raise
    previous = publish.current_release(build_dir)
    publish.copy_into_release(html, release / "html", previous / "html" if previous else None)
    if not want_pdf:
        return
    progress.note("Skriver ut hälsocentralsbladen med Chromium …")
    _print_sheets(release)
    progress.note("Skriver ut PDF-boken med Chromium …")
    src = jupyterbook.stage_sources(root, staging, "singlehtml")
    single = jupyterbook.run_jupyter_book(src, staging / "out-pdf", "singlehtml", logs / "jupyter-book-pdf.log")
    print_book(single, src, release / "pdf" / PDF_NAME)


def _chapter_records(root, chapters, outcomes, jobs) -> list[dict]:
    by_key = {o.key: o for o in outcomes}
    keys = {j.key: j.cache_key for j in jobs}
    return [
        {
            "kapitel": c.key,
            "titel": c.title,
            "mall": c.template,
            "anteckningsbok": c.output,
            "korning": by_key[c.key].run_label(),
            "sekunder": round(by_key[c.key].seconds, 1),
            "cache_nyckel": keys.get(c.key) or cached_key(root / c.output),
        }
        for c in chapters
    ]


def _unchanged_note(build_dir: Path) -> str:
    html = build_dir / "html"
    return f"\n\nDen tidigare boken i {html} är orörd." if html.exists() else ""
