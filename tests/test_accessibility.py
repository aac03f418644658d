"""The web book as a web server serves it (HTTP on the loopback), read in Debian's chromium:

- axe-core finds no violation of WCAG 2.0 and 2.1, levels A and AA, on any page;
- no page logs a JavaScript error or asks for a file that is not there;
- at 1366 and 390 px nothing is clipped and the page never scrolls sideways; at 1366 px no table
  (nor equation) needs a sideways scroll; on a phone a table that must scroll says so and can be
  scrolled with the keyboard.

axe-core comes with the `axe-playwright-python` package (nothing is downloaded at run time).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import have_chromium

from analysis.pdf.printing import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"dator": (1366, 768), "mobil": (390, 844)}
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "_sphinx_design_static"}

#: Elements whose content is cut off (overflow hidden/clip) or that scroll sideways, in the page's
#: content; each as [kind, description, overflow in px].
OVERFLOWING = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    out.push(["sida", "hela sidan", root.scrollWidth - root.clientWidth]);
  for (const el of document.querySelectorAll("main *")) {
    if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) continue;
    if (el.closest("mjx-assistive-mml")) continue;  // for screen readers, hidden on purpose
    const over = el.scrollWidth - el.clientWidth;
    if (over <= 1) continue;
    const x = getComputedStyle(el).overflowX;
    if (x === "visible") continue;
    const kind = (x === "hidden" || x === "clip") ? "klipps" : "rullar";
    const table = el.querySelector("table");
    const what = table ? (table.querySelector("caption")?.innerText || "tabell utan rubrik")
                       : (el.className || el.tagName);
    out.push([kind, String(what).slice(0, 80), over]);
  }
  return out;
}"""


def _pages(html: Path) -> list[str]:
    """Every page of the site but `index.html`, which only forwards to the front page."""
    pages = []
    for path in sorted(html.rglob("*.html")):
        rel = path.relative_to(html)
        if not SKIP_DIRS & set(rel.parts) and rel.as_posix() != "index.html":
            pages.append(rel.as_posix())
    return pages


def _open(page, url: str) -> None:
    """Go to `url` and wait until it is laid out: loaded, fonts ready, MathJax done."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("""async () => {
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
        await document.fonts.ready;  // MathJax's own fonts load while it typesets
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }""")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """(base URL, page paths): the built book served over HTTP on 127.0.0.1."""
    html = (built_book / "_build" / "html").resolve()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _pages(html)
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    if not have_chromium():
        pytest.skip("Debian's chromium is not installed (scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def test_the_front_door_has_a_title_and_forwards_to_the_book(site, browser):
    base, pages = site
    assert any(p.startswith("book/kapitel/") for p in pages)
    page = browser.new_page()
    page.goto(base)
    page.wait_for_url("**/book/*.html")
    assert page.evaluate("document.documentElement.lang") == "sv" and page.title()
    page.close()
    from urllib.request import urlopen

    with urlopen(base + "index.html") as response:
        door = response.read().decode("utf-8")
    assert '<html lang="sv">' in door and "<title>" in door


def test_axe_finds_no_wcag_a_or_aa_violations(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    base, pages = site
    axe = Axe()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    found = []
    for name in pages:
        _open(page, base + name)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
        for violation in results.response["violations"]:
            targets = [n["target"] for n in violation["nodes"][:3]]
            found.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    page.close()
    assert not found, "\n".join(found[:30])


def test_no_console_errors_and_no_failed_requests(site, browser):
    base, pages = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    problems: list[str] = []
    current = {"name": ""}
    page.on("console", lambda m: problems.append(f"{current['name']}: konsol: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"{current['name']}: skriptfel: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"{current['name']}: misslyckades: {r.url}")
            if "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )  # cut off by the next page
    page.on(
        "response", lambda r: problems.append(f"{current['name']}: {r.status}: {r.url}") if r.status >= 400 else None
    )
    for name in pages:
        current["name"] = name
        _open(page, base + name)
    page.close()
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("label", WIDTHS)
def test_nothing_is_clipped_and_tables_fit_a_desktop(site, browser, label):
    base, pages = site
    width, height = WIDTHS[label]
    page = browser.new_page(viewport={"width": width, "height": height})
    found = []
    for name in pages:
        _open(page, base + name)
        for kind, what, over in page.evaluate(OVERFLOWING):
            if kind == "rullar" and label == "mobil":
                continue  # a phone may scroll a wide table sideways (checked below)
            found.append(f"{label} {name}: {kind} {over}px: {what}")
    page.close()
    assert not found, "\n".join(found[:30])


def test_a_table_that_scrolls_on_a_phone_says_so_and_takes_the_keyboard(site, browser):
    base, pages = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    found, seen = [], 0
    for name in pages:
        _open(page, base + name)
        for ok, what in page.evaluate("""() => [...document.querySelectorAll("main table")].map(t => {
              const box = t.parentElement;
              if (box.scrollWidth <= box.clientWidth + 1) return null;
              const hint = box.parentElement.querySelector(".rullhint");
              const ok = hint && hint.offsetParent !== null && box.tabIndex === 0;
              return [!!ok, t.querySelector("caption")?.innerText?.slice(0, 60) || "tabell"];
            }).filter(Boolean)"""):
            seen += 1
            if not ok:
                found.append(f"{name}: {what}")
    page.close()
    assert seen, "no table scrolls on a phone: the check checked nothing"
    assert not found, "\n".join(found[:20])
