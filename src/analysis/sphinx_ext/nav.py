"""Sphinx extension: write every page again when a heading or label other pages show has changed.

Sphinx's incremental build writes only the pages whose sources changed, but every page's
navigation shows the others' titles. Through Sphinx's `env-before-read-docs` and `env-get-updated`
events, this marks every page for writing when any heading or label changed.
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
