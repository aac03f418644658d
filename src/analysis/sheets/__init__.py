"""Hälsocentralsblad: one page per health centre, made from one template in one computation pass.

    from analysis.sheets import write_sheets
    write_sheets(root, dataset, scenario_files, jobs)   # book/halsocentraler/ (the build calls it)

`compute` computes every centre's numbers at once (model, scenarios and their waterfalls,
follow-up funnels); `context` formats them for the template `notebooks/halsocentralsblad.md.jinja`;
`figures` draws each centre's figures, skipping those whose data did not change; `pages` writes
the pages and the overview. See docs/sheets.md.
"""

from analysis.sheets.pages import templates_digest, write_from_source, write_sheets

__all__ = ["templates_digest", "write_from_source", "write_sheets"]
