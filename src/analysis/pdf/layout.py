"""The PDF book's print document: Sphinx's single-page HTML laid out for print.

`print_layout` turns the single-page render into a print document next to it: a title page,
the table of contents with links, the front page as *Om boken*, the parts of `_toc.yml` as
headings, and the book's print style sheet (`book/_static/halsoval-print.css`). It is printed
by `analysis.pdf.printing` (docs/publishing.md).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis.pipeline.jupyterbook import BookBuildError

PRINT_CSS = "_static/halsoval-print.css"
LAYOUT_NAME = "utskrift.html"
SUBTITLE = "Ersättningsmodell, förändringar och uppföljning"
ABOUT = (
    "En reproducerbar genomgång av utredningen Hälsoval 2021 i Region Jämtland Härjedalen. "
    "Boken är genererad ur data och kod: varje tal, tabell och figur räknas fram på nytt när "
    "boken byggs."
)
FRONT_TITLE = "Om boken"  # the front page's heading in print (its own is the book's title)
CONTENTS_TITLE = "Innehåll"
PAGE_PLACEHOLDER = "000"  # in the first print, as wide as any real page number


@dataclass(frozen=True)
class Part:
    caption: str | None
    docs: tuple[str, ...]
    numbered: bool = False  # its chapters' sections are listed in the contents


def toc_parts(toc: dict) -> list[Part]:
    """The parts of a jupyter-book `_toc.yml` (format jb-book), with their documents."""
    parts = []
    for part in toc.get("parts") or []:
        docs = tuple(
            str(c["file"]).removesuffix(".md").removesuffix(".ipynb")
            for c in part.get("chapters") or []
            if c.get("file")
        )
        parts.append(Part(part.get("caption"), docs, bool(part.get("numbered"))))
    return parts


def print_layout(single: Path, out_dir: Path, parts: list[Part], *, title: str, day: date) -> Path:
    """Write the print document of the single page `single` into `out_dir`; return its path.

    Sphinx writes the single page's links relative to its output folder `out_dir` (even when the
    root document is in a subfolder), so the print document is written there (`utskrift.html`)
    and every image and style sheet is found as on the web.
    """
    from babel.dates import format_date
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(single.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    root = article.find("section") if article else None
    if root is None:
        raise BookBuildError(f"{single}: hittar inte bokens innehåll (article > section)")
    documents = _documents(soup, root)
    front = root  # what is left of the root section after the documents are taken out
    front.find(["h1"]).decompose()
    for wrapper in front.select("div.toctree-wrapper"):
        wrapper.decompose()

    out = BeautifulSoup("<!DOCTYPE html><html><head></head><body></body></html>", "html.parser")
    out.html["lang"] = soup.html.get("lang") or "sv"
    head, body = out.head, out.body
    head.append(out.new_tag("meta", charset="utf-8"))
    head_title = out.new_tag("title")
    head_title.string = title
    head.append(head_title)
    for link in soup.head.find_all("link", rel="stylesheet"):
        head.append(out.new_tag("link", rel="stylesheet", href=link["href"]))
    head.append(out.new_tag("link", rel="stylesheet", href=PRINT_CSS))
    for script in soup.find_all("script"):  # MathJax only: its settings and its code
        src = script.get("src") or ""
        if "mathjax" in src.lower() or "MathJax" in script.get_text():
            head.append(_copy(out, script))

    body.append(_title_page(out, title, format_date(day, "d MMMM y", locale="sv")))
    contents = out.new_tag("nav", attrs={"class": "innehall", "aria-labelledby": "innehall"})
    main = out.new_tag("main")

    sections: list[tuple[str, object]] = []  # (kind, node) in reading order
    for part in parts:
        if part.caption:
            heading = out.new_tag("h2", attrs={"class": "del", "id": _slug(part.caption)})
            heading.string = part.caption
            sections.append(("part", heading))
        kind = ("numbered" if part.numbered else "chapter") if part.caption else "front"
        for doc in part.docs:
            if doc in documents:
                sections.append((kind, documents[doc]))
    front_section = out.new_tag("section", attrs={"class": "om-boken", "id": "om-boken"})
    front_heading = out.new_tag("h2", id="om-boken-rubrik")
    front_heading.string = FRONT_TITLE
    front_section.append(front_heading)
    _shift_headings(front, 3)
    for child in list(front.children):
        front_section.append(child.extract())
    first_part = next((k for k, (kind, _) in enumerate(sections) if kind != "front"), len(sections))
    sections.insert(first_part, ("front", front_section))

    for kind, node in sections:
        if kind == "part":
            main.append(node)
            continue
        _shift_headings(node, 2 if kind == "front" else 3)
        node["class"] = node.get("class", []) + ["kapitel"]
        main.append(node)

    contents.append(_contents(out, main, sections))
    first_front = next((node for kind, node in sections if kind == "front"), None)
    if first_front is not None and first_front is not front_section:  # a summary: before contents
        body.append(first_front.extract())
    body.append(contents)
    body.append(main)
    _clean(out)
    path = out_dir / LAYOUT_NAME
    path.write_text(str(out), encoding="utf-8")
    return path


def _documents(soup, root) -> dict[str, object]:
    """Each inlined document's section, by its name (`<span id="document-NAME">` before it)."""
    documents = {}
    for marker in root.select('span[id^="document-"]'):
        section = marker.find_next_sibling("section")
        if section is not None:
            documents[marker["id"].removeprefix("document-")] = section.extract()
        marker.decompose()
    return documents


def _title_page(out, title: str, day: str):
    page = out.new_tag("header", attrs={"class": "titelsida"})
    for tag, cls, text in (
        ("h1", "titel", title),
        ("p", "undertitel", SUBTITLE),
        ("p", "om", ABOUT),
        ("p", "datum", day),
    ):
        node = out.new_tag(tag, attrs={"class": cls})
        node.string = text
        page.append(node)
    return page


def _contents(out, main, sections):
    """The table of contents: parts, chapters and their sections, each a link to its heading."""
    heading = out.new_tag("h2", id="innehall")
    heading.string = CONTENTS_TITLE
    wrapper = out.new_tag("div")
    wrapper.append(heading)
    top = out.new_tag("ol", attrs={"class": "innehall-lista"})
    wrapper.append(top)
    current = top
    for kind, node in sections:
        if kind == "part":
            item = _contents_item(out, node, "del")
            top.append(item)
            current = out.new_tag("ol")
            item.append(current)
            continue
        first = node.find(["h2", "h3"])
        if first is None:
            continue
        item = _contents_item(out, first, "kapitel")
        (top if kind == "front" else current).append(item)
        subs = node.find_all(f"h{int(first.name[1]) + 1}") if kind == "numbered" else []
        if subs:
            sub_list = out.new_tag("ol")
            for h in subs:
                sub_list.append(_contents_item(out, h, "avsnitt"))
            item.append(sub_list)
    return wrapper


def _contents_item(out, heading, cls: str):
    target = heading.get("id") or (heading.parent.get("id") if heading.parent else None)
    if not target:
        target = _slug(heading.get_text(" ", strip=True))
        heading["id"] = target
    item = out.new_tag("li", attrs={"class": cls})
    link = out.new_tag("a", href=f"#{target}")
    text = out.new_tag("span", attrs={"class": "rubrik"})
    text.string = _heading_text(heading)
    number = out.new_tag("span", attrs={"class": "sida", "data-mal": target})
    number.string = PAGE_PLACEHOLDER
    link.append(text)
    link.append(number)
    item.append(link)
    return item


def _heading_text(heading) -> str:
    text = copy.copy(heading)
    for anchor in text.select("a.headerlink"):
        anchor.decompose()
    return _words(text)


def _words(node) -> str:
    """A node's text as words; no space before punctuation where inline elements meet
    (a glued title followed by ": …")."""
    return re.sub(r" ([:;,.!?])", r"\1", " ".join(node.get_text(" ", strip=True).split()))


def _shift_headings(section, top: int) -> None:
    """Renumber the headings in `section` so that its highest heading becomes `h{top}`."""
    headings = section.find_all(re.compile(r"^h[1-6]$"))
    if not headings:
        return
    shift = top - min(int(h.name[1]) for h in headings)
    for h in headings:
        h.name = f"h{min(6, int(h.name[1]) + shift)}"


def _clean(out) -> None:
    """What has no place on paper: permalinks, download links, buttons. A `<figure>` becomes a
    plain block: Chromium would tag it as a second PDF figure without alt text around the image,
    which carries the alt text itself."""
    for node in out.select("a.headerlink, button, .toggle-details__summary"):
        node.decompose()
    for link in out.select("a.download, a.reference.download"):
        paragraph = link.find_parent("p")
        (paragraph or link).decompose()
    for figure in out.find_all("figure"):
        figure.name = "div"
        figure["class"] = figure.get("class", []) + ["figur"]
        for caption in figure.find_all("figcaption"):
            caption.name = "div"
            caption["class"] = caption.get("class", []) + ["figurtext"]


def link_texts(html: Path) -> dict[str, str]:
    """What each link of the print document says, by its target (`#id` without `#`, or URL)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    texts: dict[str, str] = {}
    for link in soup.find_all("a", href=True):
        text = _words(link)
        target = link["href"].removeprefix("#")
        if text and target not in texts:
            texts[target] = text
    return texts


def _copy(out, tag):
    new = out.new_tag(tag.name, attrs=dict(tag.attrs))
    if tag.string:
        new.string = tag.string
    return new


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "rubrik"
