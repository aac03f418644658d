"""The PDF book, printed by Chromium from the print document (`analysis.pdf.layout`).

Chromium writes a tagged PDF (headings, lists, tables with header cells, figures with their
alt text) with an outline built from the headings. `print_pdf` prints it twice with Debian's
Chromium through Playwright (nothing downloaded): the first print tells on which page each
heading lands, the second has those page numbers in the contents. pikepdf then sets what
Chromium leaves out: the document language, and that a viewer shows the title rather than the
file name (docs/publishing.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from analysis.pdf.layout import link_texts, print_layout, toc_parts
from analysis.pipeline.jupyterbook import BookBuildError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PDF_NAME = "halsoval.pdf"


def print_book(single_dir: Path, src: Path, out: Path, *, today: date | None = None) -> Path:
    """Print the single-page render in `single_dir` of the staged book `src` to `out` (PDF)."""
    config = yaml.safe_load((src / "_config.yml").read_text(encoding="utf-8")) or {}
    toc = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8")) or {}
    root_doc = str(toc.get("root", "index")).removesuffix(".md").removesuffix(".ipynb")
    single = single_dir / f"{root_doc}.html"
    if not single.exists():
        raise BookBuildError(f"ingen HTML-sida att skriva ut: {single} saknas")
    title = str(config.get("title") or "")
    layout = print_layout(single, single_dir, toc_parts(toc), title=title, day=today or date.today())
    return print_pdf(layout, out, title=title, author=str(config.get("author") or ""))


def print_pdf(html: Path, out: Path, *, title: str, author: str = "", lang: str = "sv") -> Path:
    """Print the print document `html` to the tagged PDF `out` with Chromium; return `out`."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise BookBuildError(
            f"PDF-boken skrivs ut med Chromium, som saknas ({CHROMIUM}); "
            "installera den med scripts/install-system-deps.sh"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page()
                page.goto(html.as_uri())
                _wait_until_ready(page)
                first = _print(page)
                numbers = heading_pages(first)
                page.evaluate(
                    "numbers => document.querySelectorAll('.innehall .sida').forEach(s => {"
                    " s.textContent = numbers[s.dataset.mal] ?? ''; })",
                    numbers,
                )
                out.write_bytes(_print(page))
            finally:
                browser.close()
    except PlaywrightError as err:
        raise BookBuildError(f"Chromium kunde inte skriva ut PDF-boken: {err}") from None
    finish_pdf(out, title=title, author=author, lang=lang, links=link_texts(html))
    return out


def _wait_until_ready(page) -> None:
    """Every image decoded, fonts loaded, MathJax done."""
    page.wait_for_load_state("load")
    page.evaluate("""async () => {
        await document.fonts.ready;
        await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
            await MathJax.startup.promise;
        }
    }""")


def _print(page) -> bytes:
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=True)


def heading_pages(pdf: bytes) -> dict[str, str]:
    """Page number (as printed, from 1) of each link target in the contents, by target id.

    Chromium turns every `<a href="#id">` into a link annotation whose destination is named
    after the id; the catalogue's named destinations (`/Dests`) give the page.
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page_numbers = {page.objgen: k + 1 for k, page in enumerate(doc.pages)}
        dests = dict(doc.Root.get("/Dests") or {})
        names = doc.Root.get("/Names")
        if names is not None and "/Dests" in names:
            dests.update(pikepdf.NameTree(names.Dests).items())
        numbers: dict[str, str] = {}
        for name, dest in dests.items():
            array = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
            if isinstance(array, pikepdf.Array) and len(array) and array[0].objgen in page_numbers:
                numbers[str(name).removeprefix("/")] = str(page_numbers[array[0].objgen])
        return numbers


def finish_pdf(
    path: Path, *, title: str, author: str = "", lang: str = "sv", links: dict[str, str] | None = None
) -> None:
    """What Chromium leaves out (pikepdf): the document language; that viewers show the title;
    a description on each link (its text); the page numbers marked as artifacts (layout, not
    content: Chromium leaves the page margins' text untagged); tab order by structure."""
    import pikepdf

    links = links or {}
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.Lang = pikepdf.String(lang)
        prefs = pdf.Root.get("/ViewerPreferences") or pikepdf.Dictionary()
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        pdf.docinfo["/Title"] = pikepdf.String(title)
        if author:
            pdf.docinfo["/Author"] = pikepdf.String(author)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
        for page in pdf.pages:
            _untagged_text_as_artifact(pdf, page)
            annots = page.obj.get("/Annots")
            if annots is None:
                continue
            page.obj.Tabs = pikepdf.Name.S  # keyboard order follows the structure
            for annot in annots:
                if annot.get("/Subtype") == pikepdf.Name.Link and "/Contents" not in annot:
                    annot.Contents = pikepdf.String(_link_description(annot, links))
        pdf.save(path)


def _link_description(annot, links: dict[str, str]) -> str:
    dest = annot.get("/Dest")
    if dest is not None:
        name = str(dest).removeprefix("/")
        return links.get(name) or f"Gå till {name}"
    action = annot.get("/A")
    uri = str(action.get("/URI", "")) if action is not None else ""
    return links.get(uri) or uri or "Länk"


_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _untagged_text_as_artifact(pdf, page) -> None:
    """Wrap each text object outside any marked-content sequence in `/Artifact BMC … EMC`."""
    import pikepdf

    ops = pikepdf.parse_content_stream(page)
    out, depth, pending, changed = [], 0, None, False
    for operands, operator in ops:
        name = str(operator)
        if pending is not None:
            pending.append((operands, operator))
            if name == "ET":
                shows = any(str(op) in _TEXT_SHOWING for _, op in pending)
                if shows:
                    out.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                out.extend(pending)
                if shows:
                    out.append(([], pikepdf.Operator("EMC")))
                    changed = True
                pending = None
            continue
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name == "BT" and depth == 0:
            pending = [(operands, operator)]
            continue
        out.append((operands, operator))
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
