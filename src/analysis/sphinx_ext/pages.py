"""Sphinx extension: what every web page needs and only some pages load.

- **plotly.js only where it is used.** The bundled `plotly.min.js` (4,8 MB) is added to a page
  only if the page holds a plotly figure.
- **Each script once.** sphinx-thebe (loaded by jupyter-book) adds its inline settings script
  twice, so every page logged "Identifier 'THEBE_JS_URL' has already been declared".
- **Changed style sheets and scripts reach the site.** On a rebuild where no page changed, Sphinx
  stops before it copies the static files; a changed file in `html_static_path` makes it write
  the root page, and so copy them.
- **A front door with a title.** The site's `index.html` only forwards to the root page; it gets
  a language, a title and a link for browsers that do not follow the forward (sphinx-external-toc
  writes none when the file exists).
"""

from __future__ import annotations

import filecmp
import html
from pathlib import Path

PLOTLY_JS = "plotly.min.js"
PLOTLY_MARK = "plotly-graph-div"  # the class of the <div> plotly writes


def _page_scripts(app, pagename, templatename, context, doctree) -> None:
    if PLOTLY_MARK in (context.get("body") or ""):
        app.add_js_file(PLOTLY_JS)  # in html-page-context: for this page only
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            attributes = getattr(script, "attributes", {}) or {}
            key = (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique


def _static_changed(app, env, added, changed, removed) -> list[str]:
    out = Path(app.outdir, "_static")
    for folder in app.config.html_static_path:
        src = Path(app.confdir, folder)
        for path in src.rglob("*") if src.is_dir() else ():
            copy = out / path.relative_to(src)
            if path.is_file() and (not copy.is_file() or not filecmp.cmp(path, copy, shallow=False)):
                return [app.config.root_doc]
    return []


def _front_door(app, exception) -> None:
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    title = html.escape(app.config.html_title or app.config.project)
    lang = html.escape(app.config.language or "sv")
    Path(app.outdir, "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta http-equiv="Refresh" content="0; url={target}">\n<link rel="canonical" href="{target}">\n'
        f'</head>\n<body>\n<p><a href="{target}">{title}</a></p>\n</body>\n</html>\n',
        encoding="utf-8",
    )


def setup(app):
    app.connect("html-page-context", _page_scripts, priority=900)  # after the theme and extensions
    app.connect("env-get-outdated", _static_changed)
    app.connect("build-finished", _front_door, priority=100)  # before sphinx-external-toc's redirect
    return {"parallel_read_safe": True, "parallel_write_safe": True}
