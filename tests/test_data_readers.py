"""read_table: format, encoding, separator and decimal detection; row numbers as the user sees them."""

from __future__ import annotations

import string

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data import DatasetError, read_table
from analysis.data.convert import parse_numbers
from analysis.data.readers import _sniff_separator

FRAME = pd.DataFrame({"hc_id": ["lugnvik", "järpen"], "antal": ["12", "7"], "avstand_km": ["3.5", "75.25"]})


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


class TestCsv:
    def test_utf8_comma_point(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", FRAME.to_csv(index=False)))
        assert assumptions == ["läste som UTF-8, kommaseparerad, decimalpunkt"]
        assert frame["hc_id"].tolist() == ["lugnvik", "järpen"]
        assert frame.attrs["decimal"] == "."

    def test_cp1252_semicolon_decimal_comma(self, tmp_path):
        text = "hc_id;antal;avstand_km\nlugnvik;12;3,5\njärpen;7;75,25\n"
        frame, assumptions = read_table(write(tmp_path / "t.csv", text, "cp1252"))
        assert assumptions == ["läste som Windows-1252, semikolonseparerad, decimalkomma"]
        assert frame["hc_id"].tolist() == ["lugnvik", "järpen"]
        assert frame.attrs["decimal"] == ","

    def test_utf8_bom(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", "\ufeffa,b\n1,2\n"))
        assert list(frame.columns) == ["a", "b"]
        assert "UTF-8 (med BOM)" in assumptions[0]

    def test_tab(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", "a\tb\n1\t2\n"))
        assert "tabbseparerad" in assumptions[0]
        assert frame.shape == (1, 2)

    def test_row_numbers_are_file_lines(self, tmp_path):
        frame, _ = read_table(write(tmp_path / "t.csv", "a,b\n1,2\n3,4\n5,6\n"))
        assert frame.index.tolist() == [2, 3, 4]

    def test_blank_lines_are_skipped_but_keep_numbering(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", "a,b\n1,2\n\n5,6\n\n"))
        assert frame.index.tolist() == [2, 4]
        assert any("tomma rader" in a for a in assumptions)

    def test_short_rows_are_recorded(self, tmp_path):
        frame, _ = read_table(write(tmp_path / "t.csv", 'a,b,c\n1,2,3\n4,5\n"x,y",8,\n'))
        assert frame.attrs["short_rows"] == {3: 2}

    def test_too_many_fields_is_a_problem_with_the_line(self, tmp_path):
        with pytest.raises(DatasetError) as caught:
            read_table(write(tmp_path / "t.csv", "a,b\n1,2\n3,4,5\n"))
        assert "t.csv, rad 3: raden har 3 fält men rubrikraden har 2" in caught.value.problems[0].format()

    @pytest.mark.parametrize(
        "content, fragment",
        [
            (b"", "filen är tom"),
            (b"\xef\xbb\xbf\n  \n", "filen är tom"),
            (bytes(range(256)), "ser inte ut som en tabell"),
            (b"\xd0\xcf\x11\xe0" + bytes(100), "gamla Excel-formatet"),
            (b"PAR1garbage", "Parquet-filen går inte att läsa"),
            (b"PK\x03\x04garbage", "Excel-filen går inte att läsa"),
        ],
    )
    def test_unreadable_files_are_problems(self, tmp_path, content, fragment):
        path = tmp_path / "t.csv"
        path.write_bytes(content)
        with pytest.raises(DatasetError) as caught:
            read_table(path)
        assert fragment in str(caught.value)
        assert caught.value.problems[0].file == "t.csv"

    def test_missing_file_is_a_problem(self, tmp_path):
        with pytest.raises(DatasetError, match="filen finns inte"):
            read_table(tmp_path / "finns-inte.csv")

    def test_folder_is_a_problem(self, tmp_path):
        (tmp_path / "mapp.csv").mkdir()
        with pytest.raises(DatasetError, match="'mapp.csv' är en mapp, inte en fil"):
            read_table(tmp_path / "mapp.csv")

    @pytest.mark.parametrize(
        "header, sep", [("a,b;c", ","), ("a;b;c", ";"), ("a\tb", "\t"), ('"x;y",b', ","), ("ensam", ",")]
    )
    def test_separator_sniffing(self, header, sep):
        assert _sniff_separator(header) == sep


class TestParquetAndExcel:
    def test_parquet(self, tmp_path):
        path = tmp_path / "t.parquet"
        FRAME.assign(antal=[12, 7]).to_parquet(path)
        frame, assumptions = read_table(path)
        assert frame["antal"].tolist() == [12, 7]
        assert frame.index.tolist() == [1, 2]
        assert "Parquet" in assumptions[0]

    def test_format_is_detected_from_content_not_extension(self, tmp_path):
        path = tmp_path / "t.csv"
        FRAME.to_parquet(path)
        _, assumptions = read_table(path)
        assert "Parquet" in assumptions[0]

    def excel(self, path, rows):
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
        return path

    def test_excel_plain(self, tmp_path):
        path = self.excel(tmp_path / "t.xlsx", [["hc_id", "antal"], ["lugnvik", 12], ["jarpen", 7]])
        frame, assumptions = read_table(path)
        assert frame["antal"].tolist() == [12, 7]
        assert frame.index.tolist() == [2, 3]
        assert len(assumptions) == 1

    def test_excel_title_rows_found_by_expected_columns(self, tmp_path):
        rows = [["Listade 2020"], [None], ["Källa: test", "x"], ["HC_ID ", "Antal"], ["lugnvik", 12]]
        path = self.excel(tmp_path / "t.xlsx", rows)
        frame, assumptions = read_table(path, expected_columns=["hc_id", "antal"])
        assert list(frame.columns) == ["HC_ID ", "Antal"]
        assert frame.index.tolist() == [5]
        assert "rubrikraden är rad 4" in assumptions[1]

    def test_excel_empty_sheet(self, tmp_path):
        path = self.excel(tmp_path / "t.xlsx", [])
        with pytest.raises(DatasetError, match="är tomt"):
            read_table(path)


class TestNumbers:
    @pytest.mark.parametrize(
        "text, decimal, expected",
        [
            ("1 234", ",", 1234.0),
            ("1\u00a0234,5", ",", 1234.5),
            ("\u22123,5", ",", -3.5),
            ("12", ".", 12.0),
            ("2.5", ".", 2.5),
            ("2,5", None, 2.5),
            ("2.5", None, 2.5),
            ("1e3", ".", 1000.0),
        ],
    )
    def test_valid(self, text, decimal, expected):
        assert parse_numbers(pd.Series([text]), decimal).iloc[0] == expected

    @pytest.mark.parametrize(
        "text, decimal", [("tolv", "."), ("2.5", ","), ("2,5", "."), ("1.234,5", None), ("12 34", ",")]
    )
    def test_invalid(self, text, decimal):
        assert pd.isna(parse_numbers(pd.Series([text]), decimal).iloc[0])

    def test_excel_mixed_cells(self):
        values = pd.Series([12, 2.5, "3,5", "tolv", None], dtype=object)
        got = parse_numbers(values, None)
        assert got.iloc[:3].tolist() == [12.0, 2.5, 3.5] and got.iloc[3:].isna().all()


names = st.text(alphabet=string.ascii_lowercase + "åäö ", min_size=1, max_size=12).map(str.strip).filter(bool)
rows = st.lists(
    st.tuples(names, st.integers(0, 10**7), st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 3))),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(rows=rows, encoding=st.sampled_from(["utf-8", "cp1252"]))
def test_swedish_excel_csv_reads_back_equal(tmp_path_factory, rows, encoding):
    """Any frame written as `;` + decimal comma (+ NBSP thousands) reads back to the same numbers."""
    frame = pd.DataFrame(rows, columns=["namn", "antal", "km"])
    text = "namn;antal;km\n" + "".join(
        f"{n};{a:,}".replace(",", "\u00a0") + ";" + f"{k}".replace(".", ",") + "\n" for n, a, k in rows
    )
    path = tmp_path_factory.mktemp("h") / "t.csv"
    path.write_bytes(text.encode(encoding))  # cp1252 has NBSP and åäö
    got, _ = read_table(path)
    decimal = got.attrs["decimal"]
    assert got["namn"].tolist() == frame["namn"].tolist()
    assert parse_numbers(got["antal"], decimal).tolist() == frame["antal"].astype(float).tolist()
    assert parse_numbers(got["km"], decimal).tolist() == frame["km"].tolist()


class TestAsExcelSavesThem:
    """Files as Swedish Excel writes them: "Unicode-text", CRLF, a separator at the end of each line."""

    def test_utf16_with_bom_is_read(self, tmp_path):
        text = "hc_id\tantal\tavstand_km\r\nlugnvik\t12\t3,5\r\njärpen\t7\t75,25\r\n"
        frame, assumptions = read_table(write(tmp_path / "t.csv", text, "utf-16"))
        assert frame["hc_id"].tolist() == ["lugnvik", "järpen"]
        assert assumptions[0].startswith("läste som UTF-16")
        assert "tabbseparerad" in assumptions[0] and "decimalkomma" in assumptions[0]

    def test_utf16_without_bom_is_read(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", "a;b\r\nö;2\r\n", "utf-16-le"))
        assert frame.to_dict("list") == {"a": ["ö"], "b": ["2"]}
        assert "UTF-16" in assumptions[0]

    def test_broken_utf16_says_how_to_save_as_utf8(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_bytes(b"\xff\xfe" + "a;b\r\n1;2\r\n".encode("utf-16-le") + b"\x00\xd8")
        with pytest.raises(DatasetError) as caught:
            read_table(path)
        text = str(caught.value)
        assert "UTF-16" in text and "CSV UTF-8" in text

    @pytest.mark.parametrize("header_end", [";", ""])
    def test_trailing_separator_and_crlf(self, tmp_path, header_end):
        text = f"hc_id;antal{header_end}\r\nlugnvik;12;\r\njärpen;7;\r\n"
        frame, assumptions = read_table(write(tmp_path / "t.csv", text, "cp1252"))
        assert list(frame.columns) == ["hc_id", "antal"]
        assert frame.to_dict("list") == {"hc_id": ["lugnvik", "järpen"], "antal": ["12", "7"]}
        assert frame.attrs["short_rows"] == {}
        assert any("tom kolumn sist" in a for a in assumptions)

    def test_empty_last_column_with_a_name_is_kept(self, tmp_path):
        frame, assumptions = read_table(write(tmp_path / "t.csv", "a,b,c\n1,2,\n3,4,\n"))
        assert list(frame.columns) == ["a", "b", "c"]
        assert not any("tom kolumn" in a for a in assumptions)


class TestYamlSyntax:
    """A YAML error names the line to fix, in Swedish."""

    @pytest.mark.parametrize(
        "text, line, words",
        [
            ("a: 1\nb: x: y\nc: 3\n", 2, "kolon"),
            ('a: 1\nb: "oavslutad\nc: 3\nd: 4\n', 2, "citattecknet"),
            ("a: 1\nb\nc: 3\n", 2, "saknar kolon"),
            ("a: 1\n\tb: 2\n", 2, "tabbtecken"),
            ("a:\n    x: 1\n  y: 2\n", 3, "indraget"),
            ("a: [1, 2\nb: 3\n", 1, "hakparentesen"),
        ],
    )
    def test_line_and_reason(self, tmp_path, text, line, words):
        from analysis.data.yamlfile import read_yaml

        path = tmp_path / "parametrar.yml"
        path.write_text(text, encoding="utf-8")
        data, problems = read_yaml(path, "parametrar.yml")
        assert data is None
        assert problems[0].row == line
        assert words in problems[0].message and "filen är inte giltig YAML" in problems[0].message

    def test_folder_instead_of_file(self, tmp_path):
        from analysis.data.yamlfile import read_yaml

        (tmp_path / "parametrar.yml").mkdir()
        _, problems = read_yaml(tmp_path / "parametrar.yml", "parametrar.yml")
        assert "är en mapp, inte en fil" in problems[0].message
