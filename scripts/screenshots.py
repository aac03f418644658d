"""Screenshots of the built book's pages (desktop 1366 px and phone 390 px) for a look before
publishing. The book is served over HTTP on the loopback, as a web server would serve it.

Usage: python scripts/screenshots.py [--out _build/skarmbilder] [--full]   (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from analysis.pdf.printing import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"dator": (1366, 768), "mobil": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "skarmbilder")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--full", action="store_true", help="whole pages, not only the first screen")
    args = parser.parse_args()
    html = args.html.resolve()
    pages = [p.relative_to(html).as_posix() for p in [html / "index.html", *sorted((html / "book").rglob("*.html"))]]
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            for label, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name in pages:
                    page.goto(base + name)
                    page.wait_for_load_state("networkidle")
                    shot = args.out / f"{Path(name).stem}-{label}.png"
                    page.screenshot(path=str(shot), full_page=args.full)
                    print(shot)
            browser.close()
    finally:
        server.shutdown()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request
        pass


if __name__ == "__main__":
    main()
