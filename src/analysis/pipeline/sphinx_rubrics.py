"""Sphinx extension: a rubric with `:heading-level:` becomes a real heading on the web.

The front page uses rubrics, not sections, so that the PDF does not number them as chapters
(`docs/publishing.md`). Sphinx writes a rubric with `:heading-level: 2` as `<h2>`, but MyST
replaces Sphinx's HTML writer for rubrics with its own, which reads the attribute `level`
instead; without this, screen readers would see a paragraph.
"""

from __future__ import annotations

from docutils import nodes


def _copy_level(app, doctree) -> None:
    for rubric in doctree.findall(nodes.rubric):
        if "heading-level" in rubric and "level" not in rubric:
            rubric["level"] = rubric["heading-level"]


def setup(app):
    app.connect("doctree-read", _copy_level)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
