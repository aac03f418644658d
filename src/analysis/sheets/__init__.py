"""Hälsocentralsblad: one page per health centre, made from one template in one computation pass.

    from analysis.sheets.pages import write_sheets
    write_sheets(root, dataset, scenario_files, jobs)   # book/halsocentraler/

`compute` computes every centre's numbers at once (model, scenarios and their waterfalls,
follow-up funnels); `context` formats them for the template `notebooks/halsocentralsblad.md.jinja`;
`figures` draws each centre's figures, skipping those whose data did not change; `pages` writes
the pages and the overview; `background` runs all that in a process of its own while the
chapters run (`python -m analysis.sheets`). See docs/sheets.md.

Nothing is imported here: the build imports `background` and `templates`, which are light, also
in a no-op build.
"""
