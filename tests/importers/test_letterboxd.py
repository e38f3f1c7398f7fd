from functools import partial

import pytest

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType

Film = partial(Item, type=MediaType.MOVIE, source="letterboxd")

EXPECTED = {
    "watched.csv": [
        Film("Stalker", year=1979, date="2021-03-14"),
        Film("Crouching Tiger, Hidden Dragon", year=2000, date="2021-03-20"),
        Film("Hereditary", year=2018, date="2022-10-31"),
        Film("Amélie", year=2001, date="2023-01-02"),
        Film("Grandma's 80th Birthday", date="2023-05-05"),
    ],
    "ratings.csv": [
        Film("Stalker", year=1979, rating=10.0, date="2021-03-15"),
        Film("Hereditary", year=2018, rating=9.0, date="2022-11-01"),
        Film("Amélie", year=2001, rating=7.0, date="2023-01-02"),
    ],
    "diary.csv": [
        Film("Stalker", year=1979, tags=("slow cinema", "zone"), rating=10.0, date="2021-03-14"),
        Film("Hereditary", year=2018, tags=("halloween",), rating=9.0, date="2022-10-31"),
        Film(
            "Hereditary", year=2018, tags=("halloween", "rewatch"), rating=8.0, date="2023-10-28"
        ),
        Film("Crouching Tiger, Hidden Dragon", year=2000, date="2023-11-03"),
    ],
    "reviews.csv": [
        Film(
            "Hereditary",
            year=2018,
            tags=("halloween",),
            description="Grief as a haunted house.\n"
            'Toni Collette & that dinner scene. He said "don\'t look", so I looked.',
            rating=9.0,
            date="2022-10-31",
        ),
        Film("Stalker", year=1979, description="The Zone waits.", rating=10.0, date="2021-03-14"),
    ],
    "likes/films.csv": [Film("Stalker", year=1979, date="2021-03-15")],
    "watchlist.csv": [
        Film("Perfect Days", year=2023, date="2023-02-11", want=True),
        Film("Come and See", year=1985, date="2023-03-01", want=True),
    ],
    "lists/autumn-comfort.csv": [
        Film("Amélie", year=2001, tags=("autumn comfort",)),
        Film(
            "Paddington 2", year=2017, tags=("autumn comfort",), description="Perfect, every time"
        ),
    ],
}


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_each_csv_of_the_export_reads_into_exact_items(exports, name):
    result = read_file(exports / "letterboxd" / name)
    assert result.format == "letterboxd"
    assert result.items == EXPECTED[name]
    assert result.skipped == []


def test_the_watchlist_is_known_by_its_name_only_when_the_columns_say_letterboxd(exports):
    data = (exports / "letterboxd" / "watchlist.csv").read_bytes()
    assert all(item.want for item in read_bytes(data, name="watchlist.csv").items)
    assert not any(item.want for item in read_bytes(data, name="upload.csv").items)


def test_the_downloaded_zip_reads_every_csv_and_says_what_it_left(exports, zip_folder):
    result = read_bytes(zip_folder(exports / "letterboxd"), name="letterboxd-someone-2024.zip")

    assert result.format == "letterboxd zip"
    # Archive order is the sorted path order of the fixture folder.
    order = [
        "diary.csv",
        "likes/films.csv",
        "lists/autumn-comfort.csv",
        "ratings.csv",
        "reviews.csv",
        "watched.csv",
        "watchlist.csv",
    ]
    assert result.items == [item for name in order for item in EXPECTED[name]]
    notes = {(s.file, s.reason.key) for s in result.skipped}
    assert notes == {
        ("comments.csv", "member_not_read"),
        ("profile.csv", "member_not_read"),
        ("deleted/diary.csv", "member_deleted"),
    }


async def test_the_zip_becomes_one_item_per_film_with_every_rating_kept(
    exports, zip_folder, library
):
    result = read_bytes(zip_folder(exports / "letterboxd"), name="letterboxd.zip")
    added = await library.add("p", result.items)

    assert added.added == 8 and added.added + added.merged == len(result.items)
    seen = {item.title for item in await library.items("p")}
    assert seen == {
        "Stalker",
        "Crouching Tiger, Hidden Dragon",
        "Hereditary",
        "Amélie",
        "Grandma's 80th Birthday",
        "Paddington 2",
    }
    wanted = await library.items("p", include_want=True)
    assert {i.title for i in wanted if i.want} == {"Perfect Days", "Come and See"}
    marks = await library.marks("p", Film("Hereditary", year=2018))
    assert {(m.rating, m.date) for m in marks if m.rating} == {
        (9.0, "2022-10-31"),
        (9.0, "2022-11-01"),
        (8.0, "2023-10-28"),
    }
