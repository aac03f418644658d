"""Sphinx extension: a rubric with `:heading-level:` becomes a real heading on the web.

The front page uses rubrics so that the PDF does not number them as chapters. MyST's HTML writer
for rubrics reads the attribute `level`, not Sphinx's `heading-level`; this copies it over (on
Sphinx's `doctree-read` event), so screen readers see `<h2>`, not a paragraph."""

from __future__ import annotations

from docutils import nodes


def _copy_level(app, doctree) -> None:
    for rubric in doctree.findall(nodes.rubric):
        if "heading-level" in rubric and "level" not in rubric:
            rubric["level"] = rubric["heading-level"]


def setup(app):
    app.connect("doctree-read", _copy_level)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
