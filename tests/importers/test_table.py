from functools import partial

import pytest

from engine.importers import read_bytes, read_file
from engine.importers.table import column_map
from engine.items import Item, MediaType
from engine.messages import TasteError

Row = partial(Item, source="csv")

EXPECTED = {
    "films.csv": [
        Row(
            "Heat", MediaType.MOVIE, "Michael Mann", 1995, genres=("crime", "thriller"), rating=9.0
        ),
        Row(
            "Crouching Tiger, Hidden Dragon",
            MediaType.MOVIE,
            "Ang Lee",
            2000,
            genres=("wuxia",),
            rating=8.0,
        ),
        Row("Paddington 2", MediaType.MOVIE, "Paul King", 2017, genres=("family",)),
    ],
    "книги.csv": [
        Row(
            "Мастер и Маргарита",
            MediaType.BOOK,
            "Михаил Булгаков",
            1967,
            genres=("роман", "мистика"),
            rating=5.0,
        ),
        Row(
            "Пикник на обочине",
            MediaType.BOOK,
            "Аркадий и Борис Стругацкие",
            1972,
            genres=("фантастика",),
            rating=4.5,
        ),
        Row("Война и мир", MediaType.BOOK, "Лев Толстой", 1869, genres=("роман",)),
    ],
    "music-unicode-text.txt": [
        Row("Группа крови", MediaType.MUSIC, "Кино", 1988),
        Row("Хочешь?", MediaType.MUSIC, "Земфира", 2000),
        Row("Geogaddi", MediaType.MUSIC, "Boards of Canada", 2002),
    ],
    "mixed-bom.csv": [
        Row("Solaris", MediaType.BOOK, "Stanisław Lem", 1961, tags=("space", "ocean")),
        Row("Solaris", MediaType.MOVIE, "Андрей Тарковский", 1972),
        Row("Hyperballad", MediaType.MUSIC, "Björk", 1995),
    ],
}


@pytest.mark.parametrize(
    "name",
    list(EXPECTED),
    ids=["utf-8 comma", "windows-1251 semicolon russian", "utf-16 tab (excel)", "bom semicolon"],
)
def test_generic_tables_read_into_exact_items(exports, name):
    result = read_file(exports / "generic" / name)
    assert result.format == "csv"
    assert result.items == EXPECTED[name]
    assert result.skipped == []


def test_header_names_are_matched_in_english_and_russian():
    header = ["Название", "Режиссёр", "ГОД", "My Rating", "unknown"]
    assert column_map(header) == {"title": 0, "creator": 1, "year": 2, "rating": 3}


def test_a_table_without_a_title_column_says_what_it_found_and_what_it_wants():
    with pytest.raises(TasteError) as error:
        read_bytes(b"Film Name,When,Score\nHeat,1995,9\n", name="mine.csv")
    assert error.value.message.key == "unknown_layout"
    assert "Film Name, When, Score" in error.value.text("en")
    assert "название" in error.value.text("ru")


def test_header_only_is_refused_with_a_sentence():
    with pytest.raises(TasteError) as error:
        read_bytes(b"title,year,author\r\n", name="empty.csv")
    assert error.value.message.key == "header_only"


def test_unbalanced_quotes_and_ragged_rows_keep_every_good_row():
    data = (
        b"title,year,director\n"
        b"Heat,1995,Michael Mann\n"
        b'"Alien,1979,Ridley Scott\n'
        b"Dune,2021,Denis Villeneuve\n"
        b'"Blade Runner, The",1982,Ridley Scott\n'
        b"Solaris,1972,Andrei Tarkovsky,extra\n"
        b"Jaws,1975\n"
    )
    result = read_bytes(data, name="films.csv")
    assert [(i.title, i.year) for i in result.items] == [
        ("Heat", 1995),
        ("Alien", 1979),
        ("Dune", 2021),
        ("Blade Runner, The", 1982),
        ("Solaris", 1972),
        ("Jaws", 1975),
    ]
    assert [(s.line, s.reason.key) for s in result.skipped] == [
        (3, "unbalanced_quote"),
        (6, "ragged_row"),
        (7, "ragged_row"),
    ]


def test_a_quote_left_open_at_the_end_does_not_swallow_the_file():
    rows = "".join(f"Film {n},{1990 + n}\n" for n in range(50))
    data = f'title,year\n"Broken,2000\n{rows}'.encode()
    result = read_bytes(data, name="films.csv")
    assert len(result.items) == 51


def test_a_10000_character_title_is_skipped_and_the_rest_kept():
    data = ("title,year\nHeat,1995\n" + "x" * 10_000 + ",2000\nAlien,1979\n").encode()
    result = read_bytes(data, name="films.csv")
    assert [i.title for i in result.items] == ["Heat", "Alien"]
    (skipped,) = result.skipped
    assert skipped.reason.key == "title_too_long" and skipped.line == 3
    assert "10000" in skipped.text("en") and "10000" in skipped.text("ru")


def test_formula_like_cells_are_data_on_import():
    data = b"title,year\n=cmd|' /C calc'!A0,1999\n@SUM(1+1),2000\n"
    result = read_bytes(data, name="evil.csv")
    assert [i.title for i in result.items] == ["=cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_a_bad_year_keeps_the_row_and_says_so():
    result = read_bytes(b"title,year\nHeat,soon\n", name="x.csv")
    assert result.items == [Row("Heat")]
    assert [s.reason.key for s in result.skipped] == ["bad_year"]


def test_a_single_column_with_a_title_header_is_a_table():
    result = read_bytes("Название\nСталкер\nСолярис\n".encode(), name="list.txt")
    assert result.format == "csv"
    assert [i.title for i in result.items] == ["Сталкер", "Солярис"]


def test_a_text_list_with_commas_is_not_mistaken_for_a_table():
    result = read_bytes(b"Heat, 1995\nAlien, 1979\n", name="films.txt")
    assert result.format == "text"
    assert [(i.title, i.year) for i in result.items] == [("Heat", 1995), ("Alien", 1979)]
