import csv
from importlib.resources import files

import pytest

from engine.catalog import Catalog, load_catalog
from engine.items import Item, MediaType, title_key

HEADER = [
    "type",
    "form",
    "title",
    "original_title",
    "title_ru",
    "creator",
    "creator_ru",
    "year",
    "genres",
    "tags",
]
FORMS = {
    "book": {"novel", "novella", "stories", "poetry", "play", "nonfiction", "comic"},
    "music": {"album", "track", "composition"},
    "movie": {"film", "series"},
}


def _catalog_files():
    folder = files("engine").joinpath("data", "catalog")
    return sorted((r for r in folder.iterdir() if r.name.endswith(".csv")), key=lambda r: r.name)


def test_catalog_files_are_well_formed_and_free_of_duplicates():
    seen: dict[tuple[str, ...], str] = {}
    for resource in _catalog_files():
        rows = list(csv.reader(resource.read_text(encoding="utf-8").splitlines()))
        assert rows[0] == HEADER, resource.name
        for number, row in enumerate(rows[1:], start=2):
            where = f"{resource.name}:{number}"
            assert len(row) == len(HEADER), where
            entry = dict(zip(HEADER, row, strict=True))
            assert entry["form"] in FORMS[entry["type"]], where
            assert entry["title"].strip() and entry["creator"].strip(), where
            assert entry["year"].lstrip("-").isdigit(), where
            assert [g for g in entry["genres"].split("|") if g.strip()], where
            key = (
                entry["type"],
                entry["form"],
                title_key(entry["title"]),
                title_key(entry["creator"]),
            )
            assert key not in seen, f"{where} repeats {seen.get(key)}"
            seen[key] = where


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_film_table_and_the_written_tables_are_both_loaded(catalog):
    origins = {entry.origin for entry in catalog.entries}
    assert origins == {0, 1}
    assert len(catalog) > 17_000


def test_it_is_not_it_follows(catalog):
    found = catalog.lookup(Item("It", MediaType.MOVIE, year=2017))
    assert found is None or title_key(found.title) == "it"
    assert all(title_key(e.item.title) == "it" for e in catalog.candidates(Item("It")))


def test_russian_and_english_titles_find_the_same_work(catalog):
    by_ru = catalog.lookup(Item("Сталкер", MediaType.MOVIE))
    by_en = catalog.lookup(Item("Stalker", MediaType.MOVIE, year=1979))
    assert by_ru is not None and by_en is not None
    assert by_ru.year == by_en.year == 1979 and "Tarkovsky" in by_ru.creator


def test_creator_in_another_script_and_case_still_matches(catalog):
    found = catalog.lookup(Item("Мастер и Маргарита", creator="Булгакова"))
    assert found is not None and found.type is MediaType.BOOK
    assert "Bulgakov" in found.creator


def test_a_wrong_creator_means_no_match(catalog):
    assert catalog.lookup(Item("Stalker", MediaType.MOVIE, creator="Stanley Kubrick")) is None


def test_types_are_guessed_only_when_clear():
    book = Item("Solaris", MediaType.BOOK, "Stanisław Lem", 1961, genres=("science fiction",))
    film = Item("Solaris", MediaType.MOVIE, "Andrei Tarkovsky", 1972, genres=("drama",))
    from engine.catalog import Entry

    small = Catalog([Entry(book, ("Solaris",)), Entry(film, ("Solaris", "Солярис"))])
    assert small.guess_type(Item("Solaris")) is None
    assert small.guess_type(Item("Solaris", creator="Lem")) is MediaType.BOOK
    assert small.guess_type(Item("Солярис")) is MediaType.MOVIE
    assert small.guess_type(Item("Unknown Title")) is None


def test_a_subtitle_finds_the_work_when_the_full_title_is_another_type():
    from engine.catalog import Entry

    book = Item("The Fellowship of the Ring", MediaType.BOOK, "J. R. R. Tolkien", 1954)
    film = Item(
        "The Lord of the Rings: The Fellowship of the Ring", MediaType.MOVIE, "Peter Jackson", 2001
    )
    small = Catalog([Entry(book, (book.title,)), Entry(film, (film.title,))])
    asked = Item("The Fellowship of the Ring", MediaType.MOVIE, "Peter Jackson", 2001)
    assert small.lookup(asked) == film
    assert small.lookup(asked.with_(type=MediaType.BOOK, creator="Tolkien", year=1954)) == book
    # The full title wins when it fits: a bare title is the book, not the film's subtitle.
    assert small.lookup(Item("The Fellowship of the Ring")) == book


def test_a_title_shared_with_its_soundtrack_is_guessed_as_the_story():
    from engine.catalog import Entry

    film = Item("Stalker", MediaType.MOVIE, "Andrei Tarkovsky", 1979, genres=("drama",))
    score = Item("Stalker", MediaType.MUSIC, "Eduard Artemyev", 1979, genres=("film score",))
    album = Item("Stalker", MediaType.MUSIC, "Some Band", 2010, genres=("rock",))
    assert (
        Catalog([Entry(film, ("Stalker",)), Entry(score, ("Stalker",))]).guess_type(
            Item("Stalker")
        )
        is MediaType.MOVIE
    )
    # An album that is not a soundtrack keeps the title ambiguous.
    small = Catalog([Entry(film, ("Stalker",)), Entry(album, ("Stalker",))])
    assert small.guess_type(Item("Stalker")) is None
    # Only a soundtrack: it is music.
    assert Catalog([Entry(score, ("Stalker",))]).guess_type(Item("Stalker")) is MediaType.MUSIC
