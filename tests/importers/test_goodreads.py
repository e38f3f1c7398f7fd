from functools import partial

import pytest

from engine.importers import read_file
from engine.importers.goodreads import strip_series
from engine.items import Item, MediaType

Book = partial(Item, type=MediaType.BOOK, source="goodreads")

EXPECTED = {
    "goodreads_library_export.csv": [
        Book(
            "Dune",
            creator="Frank Herbert",
            year=1965,
            tags=("sci-fi", "favorites"),
            description="Spice and ecology.\nLoved it.",
            rating=10.0,
            date="2021-08-14",
        ),
        Book(
            "The Fellowship of the Ring",
            creator="J.R.R. Tolkien",
            year=1954,
            rating=8.0,
            date="2020-01-05",
        ),
        Book(
            "Мастер и Маргарита",
            creator="Михаил Булгаков",
            year=1967,
            date="2022-03-10",
            want=True,
        ),
        Book(
            "Piranesi", creator="Susanna Clarke", year=2020, tags=("fantasy",), date="2023-04-02"
        ),
    ],
    "goodreads_library_export_2019.csv": [
        Book(
            "The Name of the Wind",
            creator="Patrick Rothfuss",
            year=2007,
            tags=("fantasy",),
            rating=6.0,
            date="2016-02-11",
        ),
        Book(
            "Pride and Prejudice",
            creator="Jane Austen",
            year=1813,
            tags=("classics", "romance"),
            rating=10.0,
            date="2018-07-30",
        ),
    ],
}


@pytest.mark.parametrize("name", list(EXPECTED), ids=["24 columns", "31 columns"])
def test_library_export_reads_into_exact_items(exports, name):
    result = read_file(exports / "goodreads" / name)
    assert result.format == "goodreads"
    assert result.items == EXPECTED[name]
    assert result.skipped == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dune (Dune, #1)", "Dune"),
        ("The Fellowship of the Ring (The Lord of the Rings, #1)", "The Fellowship of the Ring"),
        ("The Colour of Magic (Discworld, #1; Rincewind #1)", "The Colour of Magic"),
        ("Collected Stories (Volume 1-3, #1-3)", "Collected Stories"),
        ("1984", "1984"),
        ("(#1)", "(#1)"),
        ("Catch-22 (Vintage Classics)", "Catch-22 (Vintage Classics)"),
    ],
)
def test_series_suffix_is_taken_off_titles(title, expected):
    assert strip_series(title) == expected
