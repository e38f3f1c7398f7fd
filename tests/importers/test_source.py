import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.importers.source import Source, decode, guess_delimiter, parse_table
from engine.messages import TasteError

TEXT = "Название;Год\nСталкер;1979\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("cp1251"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 bom", "windows-1251", "utf-16 bom", "utf-16-le", "utf-16-be"],
)
def test_every_encoding_people_send_decodes_to_the_same_text(data):
    assert decode(data, name="x.csv") == TEXT


def test_binary_junk_is_refused_with_a_sentence():
    junk = bytes(range(256)) * 40
    with pytest.raises(TasteError) as error:
        decode(junk, name="data.csv")
    assert error.value.message.key == "binary_file"
    assert "data.csv" in error.value.text("ru")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a,b,c", "1,2,3"], ","),
        (["a;b;c", "1;2,5;3"], ";"),
        (["a\tb", "1\t2"], "\t"),
        (["a|b", "1|2"], "|"),
        (['"x, y";z', '"p, q";r'], ";"),
        (["just words", "more words"], None),
    ],
    ids=["comma", "semicolon with decimal comma", "tab", "pipe", "quoted commas", "none"],
)
def test_the_delimiter_is_the_one_that_splits_lines_alike(lines, expected):
    assert guess_delimiter(lines) == expected


def test_rows_know_the_line_they_start_on_across_multi_line_cells():
    table = parse_table('name,review\nHeat,"long\nreview"\nAlien,short\n')
    assert [(row.line, row.cells) for row in table.rows] == [
        (2, ["Heat", "long\nreview"]),
        (4, ["Alien", "short"]),
    ]


def test_a_quote_closed_inside_a_cell_keeps_the_row_whole():
    text = 'Название;Год\n"Пикник на обочине; повесть" 2;1972\n"Open;1979\nБрат;1997\n'
    table = parse_table(text)
    assert [(row.line, row.cells) for row in table.rows] == [
        (2, ["Пикник на обочине; повесть 2", "1972"]),
        (3, ["Open", "1979"]),
        (4, ["Брат", "1997"]),
    ]
    assert table.broken == {3}


def test_json_is_parsed_once_and_only_when_it_is_json():
    assert Source(name="x", data=b'[{"title": "Dune"}]').json == [{"title": "Dune"}]
    assert Source(name="x", data=b"[not json").json is None
    assert Source(name="x", data=b"[" * 100_000).json is None  # too deep for the parser


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_taste_error(data):
    with contextlib.suppress(TasteError):
        decode(data, name="x.csv")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab,;\t|\"'\n\r x1")), max_size=400))
def test_sniffing_and_parsing_any_delimited_text_never_raises(text):
    table = parse_table(text)
    if table is not None:
        assert all(isinstance(cell, str) for row in table.rows for cell in row.cells)
