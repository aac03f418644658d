"""Write the sheets: one Markdown page per centre, their figures and the overview page.

    book/halsocentraler/index.md          the overview (a sorted list linking to every sheet)
    book/halsocentraler/blad/<slug>.md    one sheet per centre (`_toc.yml` takes them by glob)
    book/halsocentraler/bilder/*.png      the sheets' figures (redrawn only when their data changed)

A centre added to the dataset gets a sheet, a centre removed loses it: the folder is made to hold
exactly the current centres' pages and figures. A page is written only when its text changed, so
Sphinx reads only changed sheets again.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analysis.sheets import figures as F
from analysis.sheets.compute import Sheets, SheetSource, compute_sheets
from analysis.sheets.context import overview_rows, sheet_context, sheet_numbers, weakest_status
from analysis.sheets.numbers import waterfall_effects, waterfall_panel
from analysis.sheets.origin import SheetRegister, link
from analysis.sheets.tables import table
from analysis.sheets.templates import FOLDER, OVERVIEW, PDF_FOLDER, SHEET
from analysis.status import status_label

#: The scenario whose change the overview lists (if the build runs it).
OVERVIEW_SCENARIO = "majoritetens-forslag"


@dataclass
class SheetsReport:
    centres: int
    figures_drawn: int
    seconds: dict[str, float]


def slugs_for(ids) -> dict[str, str]:
    """A file name per hc_id: lower-case ASCII, `-` between words; made unique with a short hash."""
    out: dict[str, str] = {}
    for hc_id in ids:
        text = unicodedata.normalize("NFKD", str(hc_id)).encode("ascii", "ignore").decode().lower()
        out[hc_id] = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "hc"
    seen: dict[str, int] = {}
    for s in out.values():
        seen[s] = seen.get(s, 0) + 1
    return {h: s if seen[s] == 1 else f"{s}-{hashlib.sha256(h.encode()).hexdigest()[:6]}" for h, s in out.items()}


def write_sheets(
    root: Path, dataset, scenario_files=(), jobs: int = 1, force: bool = False, pdf: bool = False
) -> SheetsReport:
    """The build's hook: compute every centre's sheet from `dataset` and write the pages
    (`force`: draw every figure again; `pdf`: the build prints each sheet, so link its PDF)."""
    from analysis.scenarios import load_scenarios

    if force:
        shutil.rmtree(root / FOLDER, ignore_errors=True)
    source = SheetSource.from_dataset(dataset)
    scenarios = load_scenarios(list(scenario_files)) if scenario_files else []
    return write_from_source(root, source, scenarios, jobs, scenario_files=scenario_files, pdf=pdf)


def write_from_source(
    root: Path,
    source: SheetSource,
    scenarios,
    jobs: int = 1,
    out: Path | None = None,
    scenario_files=(),
    pdf: bool = False,
) -> SheetsReport:
    t0 = time.perf_counter()
    sheets = compute_sheets(source, scenarios)
    t1 = time.perf_counter()
    folder = out or root / FOLDER
    pages, images = folder / "blad", folder / "bilder"
    pages.mkdir(parents=True, exist_ok=True)
    slugs = slugs_for(sheets.ids)
    env = _environment(root)
    sheet_template = env.get_template(Path(SHEET).name)
    tasks, texts = [], {}
    status_text = status_label(weakest_status(sheets.statuses)).lower()
    register = SheetRegister(source, scenario_files, root)
    for hc_id in sheets.ids:
        slug = slugs[hc_id]
        numbers = sheet_numbers(sheets, hc_id)
        register.add(hc_id, str(sheets.centres.loc[hc_id, "namn"]), numbers)
        ctx, specs = _page(sheets, hc_id, slug, numbers)
        ctx.update(
            status_svagast_etikett=status_text,
            slug=slug,
            ursprung=register.sections(slug),
            pdf=f"../../../{PDF_FOLDER}/{slug}.pdf" if pdf else None,
        )
        tasks += [(images / f"{slug}-{kind}.png", spec) for kind, spec in specs.items()]
        texts[pages / f"{slug}.md"] = sheet_template.render(ctx)
    register.write(folder)
    t2 = time.perf_counter()
    drawn = F.draw_all(tasks, images, jobs)
    t3 = time.perf_counter()
    texts[folder / "index.md"] = env.get_template(Path(OVERVIEW).name).render(_overview(sheets, slugs, status_text))
    for stale in pages.glob("*.md"):
        if stale not in texts:
            stale.unlink()
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    t4 = time.perf_counter()
    return SheetsReport(
        len(sheets.ids), drawn, {"berakning": t1 - t0, "sidor": (t2 - t1) + (t4 - t3), "figurer": t3 - t2}
    )


def _environment(root: Path) -> Environment:
    """Jinja for the sheets: a registered number is written as a link to its origin (`link`), a
    table as HTML (the filter `table`)."""
    env = Environment(
        loader=FileSystemLoader(str(root / "notebooks")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        autoescape=False,
        finalize=link,
    )
    env.filters["table"] = table
    return env


def _page(sheets: Sheets, hc_id: str, slug: str, numbers: dict) -> tuple[dict, dict]:
    """The template's values for one centre, and its figures' specs."""
    from analysis.chapter import source_line
    from analysis.figures.scenarios import short_name
    from analysis.status import weakest

    figures = {"alder": {"fil": f"../bilder/{slug}-alder.png", "alt": ""}}
    effects = waterfall_effects(sheets)
    if effects:
        figures["vattenfall"] = {"fil": f"../bilder/{slug}-vattenfall.png", "alt": ""}
    ctx = sheet_context(sheets, hc_id, figures, numbers)
    ctx["namn_kort"] = short_name(ctx["namn"])
    figures["alder"]["alt"] = (
        f"Befolkningspyramid för {ctx['namn']} med regionens fördelning som en svart linje: "
        f"{ctx['andel_kvinnor']} av de listade är kvinnor och {ctx['andel_65']} är 65 år eller äldre, "
        f"mot {ctx['andel_65_region']} i regionen."
    )
    share = sheets.age_sex.loc[hc_id].fillna(0.0)
    region = sheets.region_age_sex
    bands = list(share["kvinna"].index)
    specs = {"alder": F.age_spec(bands, share["kvinna"], share["man"], region["kvinna"], region["man"])}
    if effects:
        panels = [waterfall_panel(e, hc_id) for e in effects]
        specs["vattenfall"] = F.waterfall_spec(panels)
        figures["vattenfall"]["alt"] = (
            "Vattenfallsdiagram med ett block per förslag: "
            + "; ".join(
                f"{w['titel']} från {w['idag']} till {w['med_forslaget']} per listad ({w['forandring']})"
                for w in ctx["vattenfall"]
            )
            + "."
        )
    status = weakest(sheets.statuses.values())
    source = source_line(f"egen beräkning ur datamängden {sheets.dataset_name}", status)
    specs = {k: F.with_source(v, source, status == "syntetisk") for k, v in specs.items()}
    return ctx, specs


def _overview(sheets: Sheets, slugs: dict[str, str], status_text: str) -> dict:
    main = next((e for e in sheets.scenarios if e.name == OVERVIEW_SCENARIO), None)
    return {
        "datamangd": sheets.dataset_name,
        "antal_hc": len(sheets.ids),
        "syntetisk": "syntetisk" in sheets.statuses.values(),
        "status_svagast_etikett": status_text,
        "forslag_titel": main.title if main else None,
        "rader": overview_rows(sheets, slugs, OVERVIEW_SCENARIO),
    }
