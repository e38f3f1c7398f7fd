from functools import partial

import pytest

from engine.importers import read_bytes, read_file
from engine.importers.imdb import title_type
from engine.items import Item, MediaType

Title = partial(Item, type=MediaType.MOVIE, source="imdb")

EXPECTED = {
    "ratings-2023.csv": [
        Title(
            "Stalker",
            creator="Andrei Tarkovsky",
            year=1979,
            genres=("drama", "sci-fi"),
            rating=9.0,
            date="2021-03-16",
        ),
        Title(
            "Hereditary",
            creator="Ari Aster",
            year=2018,
            genres=("drama", "horror", "mystery"),
            rating=8.0,
            date="2022-11-02",
        ),
        Title(
            "Breaking Bad",
            year=2008,
            genres=("crime", "drama", "thriller"),
            tags=("tv series",),
            rating=10.0,
            date="2020-05-01",
        ),
        Title(
            "Amelie",
            creator="Jean-Pierre Jeunet",
            year=2001,
            genres=("comedy", "romance"),
            rating=7.0,
            date="2023-01-03",
        ),
        Title(
            "Chernobyl",
            creator="Johan Renck",
            year=2019,
            genres=("drama", "history", "thriller"),
            tags=("tv mini series",),
            rating=9.0,
            date="2019-06-10",
        ),
    ],
    "ratings-2024.csv": [
        Title(
            "Stalker",
            creator="Andrei Tarkovsky",
            year=1979,
            genres=("drama", "sci-fi"),
            rating=9.0,
            date="2021-03-16",
        ),
        Title(
            "Spirited Away",
            creator="Hayao Miyazaki",
            year=2001,
            genres=("animation", "adventure", "family"),
            rating=10.0,
            date="2024-07-01",
        ),
        Title(
            "Chernobyl",
            year=2019,
            genres=("drama", "history", "thriller"),
            tags=("tv mini series",),
            rating=9.0,
            date="2024-07-02",
        ),
        Title(
            "Silicon Valley",
            year=2014,
            genres=("comedy",),
            tags=("tv series",),
            rating=8.0,
            date="2024-07-03",
        ),
        Title(
            "The Witcher 3: Wild Hunt",
            type=MediaType.OTHER,
            creator="Konrad Tomaszkiewicz, Mateusz Kanik",
            year=2015,
            genres=("action", "adventure", "drama"),
            tags=("video game",),
            rating=9.0,
            date="2024-07-04",
        ),
    ],
    "WATCHLIST.csv": [
        Title(
            "Come and See",
            creator="Elem Klimov",
            year=1985,
            genres=("drama", "war"),
            date="2022-02-02",
            want=True,
        ),
        Title(
            "The Office",
            year=2005,
            genres=("comedy",),
            tags=("tv series",),
            date="2022-03-05",
            want=True,
        ),
    ],
    "watchlist-2024.csv": [
        Title(
            "Perfect Days",
            creator="Wim Wenders",
            year=2023,
            genres=("drama",),
            date="2024-06-01",
            want=True,
        ),
        # Rated since it was put on the watchlist: seen, so taste.
        Title(
            "Come and See",
            creator="Elem Klimov",
            year=1985,
            genres=("drama", "war"),
            rating=9.0,
            date="2024-08-01",
        ),
    ],
}


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_ratings_and_watchlists_old_and_new_read_into_exact_items(exports, name):
    result = read_file(exports / "imdb" / name)
    assert result.format == "imdb"
    assert result.items == EXPECTED[name]
    assert result.skipped == []


def test_a_custom_list_has_the_watchlist_columns_but_is_not_wanted(exports):
    data = (exports / "imdb" / "WATCHLIST.csv").read_bytes()
    result = read_bytes(data, name="ls098765432.csv")
    assert [item.want for item in result.items] == [False, False]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("movie", (MediaType.MOVIE, ())),
        ("Movie", (MediaType.MOVIE, ())),
        ("tvSeries", (MediaType.MOVIE, ("tv series",))),
        ("TV Series", (MediaType.MOVIE, ("tv series",))),
        ("tvMiniSeries", (MediaType.MOVIE, ("tv mini series",))),
        ("TV Episode", (MediaType.MOVIE, ("tv episode",))),
        ("short", (MediaType.MOVIE, ("short",))),
        ("videoGame", (MediaType.OTHER, ("video game",))),
        ("Podcast Series", (MediaType.OTHER, ("podcast series",))),
    ],
)
def test_title_types_of_both_eras(raw, expected):
    assert title_type(raw) == expected
