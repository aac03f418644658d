"""The PDF book: Sphinx's single-page HTML, laid out for print and printed by Chromium.

Chromium writes a tagged PDF (headings, lists, tables with header cells, figures with their
alt text) with an outline built from the headings. The steps (docs/publishing.md):

1. `print_layout` turns the single-page render into a print document next to it: a title page,
   the table of contents with links, the front page as *Om boken*, the parts of `_toc.yml` as
   headings, and the book's print style sheet (`book/_static/halsoval-print.css`).
2. `print_pdf` prints it twice with Debian's Chromium through Playwright (nothing downloaded):
   the first print tells on which page each heading lands, the second has those page numbers
   in the contents. pikepdf then sets what Chromium leaves out: the document language, and that
   a viewer shows the title rather than the file name.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from analysis.pipeline.jupyterbook import BookBuildError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
PRINT_CSS = "_static/halsoval-print.css"
LAYOUT_NAME = "utskrift.html"
PDF_NAME = "halsoval.pdf"
SUBTITLE = "Ersättningsmodell, förändringar och uppföljning"
ABOUT = ("En reproducerbar genomgång av utredningen Hälsoval 2021 i Region Jämtland Härjedalen. "
         "Boken är genererad ur data och kod: varje tal, tabell och figur räknas fram på nytt när "
         "boken byggs.")
FRONT_TITLE = "Om boken"  # the front page's heading in print (its own is the book's title)
CONTENTS_TITLE = "Innehåll"
PAGE_PLACEHOLDER = "000"  # in the first print, as wide as any real page number


@dataclass(frozen=True)
class Part:
    caption: str | None
    docs: tuple[str, ...]
    numbered: bool = False  # its chapters' sections are listed in the contents


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


def toc_parts(toc: dict) -> list[Part]:
    """The parts of a jupyter-book `_toc.yml` (format jb-book), with their documents."""
    parts = []
    for part in toc.get("parts") or []:
        docs = tuple(str(c["file"]).removesuffix(".md").removesuffix(".ipynb")
                     for c in part.get("chapters") or [] if c.get("file"))
        parts.append(Part(part.get("caption"), docs, bool(part.get("numbered"))))
    return parts


# -- 1. the print document -----------------------------------------------------------------------


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
    for tag, cls, text in (("h1", "titel", title), ("p", "undertitel", SUBTITLE),
                           ("p", "om", ABOUT), ("p", "datum", day)):
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


# -- 2. printing -----------------------------------------------------------------------------------


def print_pdf(html: Path, out: Path, *, title: str, author: str = "", lang: str = "sv") -> Path:
    """Print the print document `html` to the tagged PDF `out` with Chromium; return `out`."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise BookBuildError(f"PDF-boken skrivs ut med Chromium, som saknas ({CHROMIUM}); "
                             "installera den med scripts/install-system-deps.sh")
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
                    " s.textContent = numbers[s.dataset.mal] ?? ''; })", numbers)
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
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                    tagged=True, outline=True)


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


def finish_pdf(path: Path, *, title: str, author: str = "", lang: str = "sv",
               links: dict[str, str] | None = None) -> None:
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
