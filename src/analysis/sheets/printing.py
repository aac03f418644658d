"""Each sheet as a one-page A4 PDF that a manager can print, by the book's PDF route.

`print_sheets(html)` opens every sheet of the rendered HTML book in one Chromium (through
Playwright, as `analysis.pdf.printing`), pages in sequence, with the sheets' print style sheet
(`_static/halsocentralsblad-print.css`: no navigation, two columns, the parts a printed page
does without left out). The page is zoomed out step by step until it fits one A4 page, printed
tagged (headings, tables, figures with alt text), and finished with pikepdf as the book's PDF
(`finish_pdf`: /Lang sv, title shown, links described, margins as artifacts). The PDFs are
written to `<html>/halsocentralsblad/<slug>.pdf`, which each sheet links to. Made with
`build --pdf` only, like the book's PDF (docs/sheets.md).
"""

from __future__ import annotations

import time
from pathlib import Path

from analysis.pdf.layout import link_texts
from analysis.pdf.printing import CHROMIUM, CHROMIUM_FLAGS, finish_pdf
from analysis.pipeline.jupyterbook import BookBuildError
from analysis.sheets.templates import PDF_FOLDER

SHEETS = Path("book") / "halsocentraler" / "blad"  # in the HTML book
PRINT_CSS = Path("_static") / "halsocentralsblad-print.css"
#: A4 less the style sheet's margins (12 mm each side), in CSS pixels (96 per inch).
PAGE_WIDTH, PAGE_HEIGHT = (210 - 24) / 25.4 * 96, (297 - 24) / 25.4 * 96
#: Print scales tried in turn; the first at which the sheet fits one page is used.
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5)

#: On paper the numbers are plain text: their origin is a web section, left out of the print.
_UNLINK = (
    """() => document.querySelectorAll('main a[href^="#ursprung-"]').forEach(a => a.replaceWith(...a.childNodes))"""
)
_HEIGHT = "() => document.querySelector('main').getBoundingClientRect().height"


def print_sheets(html: Path, slugs: list[str] | None = None, *, author: str = "") -> list[Path]:
    """Print the sheets of the HTML book in `html` (all, or those in `slugs`); return the PDFs."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise BookBuildError(f"Hälsocentralsbladen skrivs ut med Chromium, som saknas ({CHROMIUM})")
    pages = sorted((html / SHEETS).glob("*.html"))
    if slugs is not None:
        pages = [p for p in pages if p.stem in set(slugs)]
    out_dir = html / PDF_FOLDER
    out_dir.mkdir(parents=True, exist_ok=True)
    css = (html / PRINT_CSS).read_text(encoding="utf-8")
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": round(PAGE_WIDTH), "height": round(PAGE_HEIGHT)})
                page.emulate_media(media="print")
                for sheet in pages:
                    written.append(_print_one(page, sheet, css, out_dir / f"{sheet.stem}.pdf", author))
            finally:
                browser.close()
    except PlaywrightError as err:
        raise BookBuildError(f"Chromium kunde inte skriva ut hälsocentralsbladen: {err}") from None
    for stale in out_dir.glob("*.pdf"):
        if stale not in written:
            stale.unlink()
    return written


def _print_one(page, sheet: Path, css: str, out: Path, author: str) -> Path:
    page.goto(sheet.as_uri())
    page.add_style_tag(content=css)
    page.wait_for_load_state("load")
    page.evaluate("""async () => {
        await document.fonts.ready;
        await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    }""")
    page.evaluate(_UNLINK)
    scale = fitting_scale(page)
    title = page.evaluate("() => (document.querySelector('main h1') || {}).textContent || document.title")
    title = " ".join(title.replace("#", "").split())
    out.write_bytes(
        page.pdf(format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=False, scale=scale)
    )
    finish_pdf(out, title=f"{title} – hälsocentralsblad", author=author, links=link_texts(sheet))
    return out


def fitting_scale(page) -> float:
    """The largest of `SCALES` at which the sheet fits one page: printed at scale s, the page is
    laid out PAGE_WIDTH / s wide, so its height there times s must stay within PAGE_HEIGHT.
    The search starts from the scale that fits the height at full size."""

    def fits(k: int) -> bool:
        scale = SCALES[k]
        page.set_viewport_size({"width": round(PAGE_WIDTH / scale), "height": 200})  # low: no 100vh stretch
        return page.evaluate(_HEIGHT) * scale <= PAGE_HEIGHT - 2

    if fits(0):
        return SCALES[0]
    k = max(1, min(len(SCALES) - 1, sum(s > PAGE_HEIGHT / page.evaluate(_HEIGHT) for s in SCALES)))
    if fits(k):
        while k > 1 and fits(k - 1):
            k -= 1
        return SCALES[k]
    while k < len(SCALES) - 1:
        k += 1
        if fits(k):
            return SCALES[k]
    return SCALES[-1]


def main() -> None:  # pragma: no cover - by hand: python -m analysis.sheets.printing _build/html
    import sys

    start = time.perf_counter()
    done = print_sheets(Path(sys.argv[1]))
    print(f"{len(done)} blad utskrivna på {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":  # pragma: no cover
    main()
