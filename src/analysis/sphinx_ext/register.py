"""Sphinx extension: a glued number's link to its register entry shows the number's name on hover.

The prose links each number to its entry in the appendix Sifferregister (`analysis.register`),
whose label is `sr-<kapitel>.<nyckel>`. Sphinx drops a Markdown link's title on internal
references, so the title is set here, from the label the reference resolved to (HTML only).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PREFIX = "sr-"


class RegisterTitles(SphinxPostTransform):
    default_priority = 20  # after the references are resolved (priority 10)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        labels = self.env.domaindata["std"]["labels"]
        names = {labelid: name[len(PREFIX) :] for name, (_doc, labelid, _) in labels.items() if name.startswith(PREFIX)}
        if not names:
            return
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            fragment = uri.partition("#")[2] or ref.get("refid", "")
            if not fragment.startswith(PREFIX):
                continue
            if fragment in names:
                ref["reftitle"] = names[fragment]


def setup(app):
    app.add_post_transform(RegisterTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
