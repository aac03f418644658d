"""Sphinx extension: write every page again when a heading or label other pages show has changed.

A rebuild keeps Sphinx's environment (`docs/builds.md`), so Sphinx reads and writes again only
the pages whose sources changed. But every page's navigation lists the titles of the others, and
a reference shows the heading it points to: after a heading changed on one page, the other pages
would keep the old one. This extension compares the headings and labels from before the read
with those after it; if any changed, it marks every page for writing (Sphinx's
`env-get-updated` event), so an incremental build gives the pages a fresh build would.
"""

from __future__ import annotations


def _shown(env) -> dict:
    """What one page can show of another: its headings and its labels."""
    return {
        "headings": {doc: toc.astext() for doc, toc in env.tocs.items()},
        "titles": {doc: title.astext() for doc, title in env.titles.items()},
        "labels": dict(env.get_domain("std").labels),
    }


def setup(app):
    before: dict = {}

    def remember(app, env, docnames):
        before.clear()
        before.update(_shown(env))

    def all_if_changed(app, env):
        return sorted(env.found_docs) if _shown(env) != before else []

    app.connect("env-before-read-docs", remember)
    app.connect("env-get-updated", all_if_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
