"""One module per chapter of the book: what each chapter shows readers.

`analysis.chapters.<key>` (the keys of `analysis.chapters.registry.CHAPTERS`) owns that chapter's
glued numbers (functions decorated with `analysis.register.registers`), its tables for readers
(Swedish column headings, `analysis.formatting`), its captions, sources and alt texts, and the calls
that make its figures. The domain packages (`model`, `scenarios`, `indicators`) compute frames with
code-style column names and hold no reader prose (`tests/test_chapters_layout.py`).

Every chapter module has the same entry points, so every template opens the same way
(`docs/chapters.md`, *How a chapter is made*):

    ch = Chapter.open("<key>", data_dir, output_dir, table_cache=tabellcache)
    k = kapitel.build(ch, year=year, scenario_files=scenario_files, kartfil=kartfil, forslagsfil=forslagsfil)
    ch.glue_all(kapitel.numbers(k))

and then each code cell calls one function `kapitel.<figure_or_table>(ch, k)`.
"""
