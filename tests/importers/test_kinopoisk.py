import contextlib
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType
from engine.messages import TasteError

Film = partial(Item, type=MediaType.MOVIE, source="kinopoisk")

EXPECTED = [
    Film(
        "Сталкер",
        creator="Андрей Тарковский",
        year=1979,
        genres=("фантастика", "драма"),
        rating=10.0,
        date="2012-03-12",
    ),
    Film(
        "Во все тяжкие",
        creator="Винс Гиллиган, Мишель МакЛарен",
        year=2008,
        genres=("триллер", "драма", "криминал"),
        tags=("tv series",),
        description="Breaking Bad",
        rating=9.0,
        date="2014-06-01",
    ),
    Film(
        "Амели",
        creator="Жан-Пьер Жёне",
        year=2001,
        genres=("мелодрама", "комедия"),
        description="Le fabuleux destin d'Amélie Poulain",
        rating=8.0,
        date="2013-01-05",
    ),
    Film(
        "Брат",
        creator="Алексей Балабанов",
        year=1997,
        genres=("драма", "криминал", "боевик"),
        date="2015-02-20",
    ),
]


def test_legacy_export_html_in_windows_1251_reads_into_exact_items(exports):
    path = exports / "kinopoisk" / "kinopoisk_ru_votes.xls"
    assert "русскоязычное".encode("cp1251") in path.read_bytes()  # the real encoding
    result = read_file(path)
    assert result.format == "kinopoisk"
    assert result.items == EXPECTED
    assert result.skipped == []


def test_the_format_comes_from_the_content_not_the_name(exports):
    data = (exports / "kinopoisk" / "kinopoisk_ru_votes.xls").read_bytes()
    assert read_bytes(data, name="download").items == EXPECTED


def test_another_html_table_with_a_title_column_is_read_generically():
    page = (
        "<html><body><table><tr><th>Title</th><th>Author</th></tr>"
        "<tr><td>Dune</td><td>Frank Herbert</td></tr></table></body></html>"
    )
    result = read_bytes(page.encode(), name="books.html")
    assert result.format == "html"
    assert result.items == [
        Item("Dune", MediaType.BOOK, "Frank Herbert", source="html"),
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/tdrabl &;#x1Ё\"'=!-[]")), max_size=300))
def test_any_markup_around_a_table_gives_items_or_a_taste_error(junk):
    page = f"<html><table><tr><td>русскоязычное название</td><td>год</td></tr>{junk}</table>"
    with contextlib.suppress(TasteError):
        read_bytes(page.encode("cp1251", errors="replace"), name="kinopoisk.xls")
