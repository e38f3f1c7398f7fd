import csv
import io

import pytest

from engine.importers import read_bytes
from engine.importers.export import COLUMNS, escape_cell, export_csv, write_csv
from engine.items import Item, MediaType


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1-2", "'+1-2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Heat", "Heat"),
        ("Stand by Me", "Stand by Me"),
        ("", ""),
    ],
)
def test_cells_that_start_like_formulas_are_escaped(value, expected):
    assert escape_cell(value) == expected


def test_no_cell_of_an_export_starts_like_a_formula():
    items = [
        Item(
            "=cmd|' /C calc'!A0",
            MediaType.MOVIE,
            "@evil",
            tags=("+tag",),
            description="-desc",
            source="csv",
        )
    ]
    stream = io.StringIO()
    write_csv(items, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[0] == list(COLUMNS)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in rows[1])


def test_an_export_reads_back_into_the_same_items():
    items = [
        Item(
            "Мастер и Маргарита",
            MediaType.BOOK,
            "Михаил Булгаков",
            1967,
            genres=("novel", "satire"),
            tags=("moscow",),
            description="=not a formula",
            rating=10.0,
            date="2022-03-10",
            source="goodreads, csv",
        ),
        Item("Teardrop", MediaType.MUSIC, "Massive Attack", source="lastfm", plays=6),
        Item("Perfect Days", MediaType.MOVIE, year=2023, source="letterboxd", want=True),
    ]
    data = export_csv(items)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_bytes(data, name="tastemap-export.csv").items == items
