"""Screenshots of the built book's pages (desktop and phone) for a look before publishing.

Usage: python scripts/screenshots.py [--out _build/skarmbilder]   (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"dator": (1280, 900), "mobil": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "skarmbilder")
    parser.add_argument("--full", action="store_true", help="whole pages, not only the first screen")
    args = parser.parse_args()
    html = ROOT / "_build" / "html"
    pages = [html / "index.html", *sorted((html / "book").rglob("*.html"))]
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for label, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in pages:
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                shot = args.out / f"{path.stem}-{label}.png"
                page.screenshot(path=str(shot), full_page=args.full)
                print(shot)
        browser.close()


if __name__ == "__main__":
    main()
