"""The chapter helpers: identical tables give identical files; Markdown output is well formed."""

import time

import pandas as pd

from analysis.chapter import Chapter, _source_note


def test_saved_tables_are_byte_stable(tmp_path):
    ch = Chapter(key="k", dataset=None, output_dir=tmp_path)
    df = pd.DataFrame({"hc_id": ["a", "b"], "belopp": [1.5, 2.25]})
    first = [p.read_bytes() for p in ch.save_table(df, "t")]
    time.sleep(1.1)  # openpyxl and zip stamp the time in seconds
    second = [p.read_bytes() for p in ch.save_table(df, "t")]
    assert first == second


def test_csv_opens_in_swedish_excel(tmp_path):
    ch = Chapter(key="k", dataset=None, output_dir=tmp_path)
    csv, _ = ch.save_table(pd.DataFrame({"a": [1.5]}), "t")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf") and "1,5" in csv.read_text(encoding="utf-8-sig")


def test_source_note_has_one_full_stop():
    assert _source_note("SCB 2019.", "offentlig statistik") == "*Källa: SCB 2019. Data: offentlig statistik.*"
