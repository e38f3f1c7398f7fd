"""engine/importers/__init__.py: choosing a reader, refusing bad files, and the library."""

import contextlib
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType
from engine.messages import TasteError


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "empty_file"),
        (b"  \r\n\t\n", "empty_file"),
        (b"title,year\n", "header_only"),
        (bytes(range(256)) * 20, "binary_file"),
        (b"PK\x03\x04 not really a zip", "bad_zip"),
        (b"<html><body><p>hello</p></body></html>", "unknown_format"),
        (b"Film Name;When;Score\nHeat;1995;9\n", "unknown_layout"),
    ],
    ids=["empty", "blank", "header only", "binary junk", "broken zip", "html", "unknown layout"],
)
def test_a_file_that_cannot_be_read_says_why_in_both_languages(data, key):
    with pytest.raises(TasteError) as error:
        read_bytes(data, name="upload.csv")
    assert error.value.message.key == key
    assert error.value.text("en") != error.value.text("ru")


def test_a_file_over_the_limit_says_the_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"title\n" + b"Heat\n" * 300_000)
    with pytest.raises(TasteError) as error:
        read_file(path, max_bytes=1024 * 1024)
    assert error.value.message.key == "too_big"
    assert "1 MB" in error.value.text("en") and "1 МБ" in error.value.text("ru")


def test_a_missing_file_is_named():
    with pytest.raises(TasteError) as error:
        read_file("/nonexistent/ratings.csv")
    assert "ratings.csv" in error.value.text("en")


def test_the_type_hook_reaches_plain_text_lists():
    def guess(item: Item) -> MediaType | None:
        return MediaType.MOVIE if item.title == "Heat" else None

    result = read_bytes(b"Heat\nSomething\n", name="list.txt", guess_type=guess)
    assert [i.type for i in result.items] == [MediaType.MOVIE, MediaType.OTHER]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_items_or_a_taste_error(data):
    with contextlib.suppress(TasteError):
        read_bytes(data, name="upload.csv")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=500))
def test_any_bytes_inside_a_zip_give_items_or_a_taste_error(data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("watched.csv", data)
        archive.writestr("other.json", data[::-1])
    with contextlib.suppress(TasteError):
        read_bytes(buffer.getvalue(), name="export.zip")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.text(max_size=20), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
)
def test_any_table_in_any_encoding_gives_items_or_a_taste_error(rows, delimiter, encoding):
    text = "\n".join(delimiter.join(row) for row in [["title", "year"], *rows])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with contextlib.suppress(TasteError):
        read_bytes(data, name="table.csv")


# Into the library.


async def test_reimporting_the_same_file_adds_nothing(exports, library):
    path = exports / "letterboxd" / "diary.csv"
    first = await library.add("p", read_file(path).items)
    again = await library.add("p", read_file(path).items)
    assert first.added == 3 and again.added == 0
    assert await library.count("p") == 3


async def test_letterboxd_and_imdb_make_one_item_with_both_sources_and_ratings(exports, library):
    await library.add("p", read_file(exports / "letterboxd" / "ratings.csv").items)
    result = await library.add("p", read_file(exports / "imdb" / "ratings-2023.csv").items)

    # Stalker, Hereditary and Amélie/Amelie are the same films; Breaking Bad and Chernobyl new.
    assert (result.added, result.merged) == (2, 3)
    items = {item.title: item for item in await library.items("p")}
    assert set(items) == {"Stalker", "Hereditary", "Amélie", "Breaking Bad", "Chernobyl"}
    stalker = items["Stalker"]
    assert stalker.source == "letterboxd, imdb"
    assert stalker.creator == "Andrei Tarkovsky" and stalker.genres == ("drama", "sci-fi")
    marks = await library.marks("p", stalker)
    assert [(m.source, m.rating, m.date) for m in marks] == [
        ("letterboxd", 10.0, "2021-03-15"),
        ("imdb", 9.0, "2021-03-16"),
    ]


async def test_the_same_film_with_another_year_stays_apart(library):
    await library.add("p", [Item("Solaris", MediaType.MOVIE, year=1972)])
    result = await library.add("p", [Item("Solaris", MediaType.MOVIE, year=2002)])
    assert result.added == 1


async def test_removing_an_item_removes_its_marks(library):
    await library.add("p", [Item("Heat", MediaType.MOVIE, rating=9.0, source="imdb")])
    await library.remove("p", "Heat")
    async with library._db.execute("SELECT COUNT(*) FROM marks") as cursor:
        assert (await cursor.fetchone())[0] == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Matrix, The", "The Matrix"),
        ("Pride & Prejudice", "Pride and Prejudice"),
        ("Schindler's List", "Schindlers List"),
        ("Amélie", "Amelie"),
        ("Ёжик в тумане", "Ежик в тумане"),
    ],
    ids=["trailing article", "ampersand", "apostrophe", "accent", "yo"],
)
async def test_spellings_from_different_exports_meet_in_one_item(library, a, b):
    await library.add("p", [Item(a, MediaType.MOVIE, year=2000, source="letterboxd")])
    result = await library.add("p", [Item(b, MediaType.MOVIE, year=2000, source="imdb")])
    assert result.merged == 1
