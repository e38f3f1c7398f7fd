import numpy as np

from engine.items import Item, MediaType
from engine.library import SCHEMA_VERSION, Library, merge_duplicates


async def test_items_are_stored_per_person_and_survive_reopening(tmp_path):
    path = tmp_path / "db.sqlite3"
    async with await Library.open(path) as library:
        result = await library.add("alice", [Item("Dune", MediaType.BOOK, "Frank Herbert", 1965)])
        await library.add("bob", [Item("Heat", MediaType.MOVIE, "Michael Mann", 1995)])
        assert (result.added, result.merged) == (1, 0)
    async with await Library.open(path) as library:
        assert [i.title for i in await library.items("alice")] == ["Dune"]
        assert [i.title for i in await library.items("bob")] == ["Heat"]


async def test_the_same_work_from_two_sources_merges(library):
    await library.add(
        "p", [Item("The Matrix", MediaType.MOVIE, year=1999, source="letterboxd", rating=4.5)]
    )
    result = await library.add(
        "p",
        [
            Item(
                "Matrix",
                MediaType.MOVIE,
                "The Wachowskis",
                1999,
                genres=("action",),
                source="imdb",
            )
        ],
    )
    assert (result.added, result.merged) == (0, 1)
    (item,) = await library.items("p")
    assert item.creator == "The Wachowskis" and item.genres == ("action",)
    assert item.source == "letterboxd, imdb" and item.rating == 4.5


async def test_works_with_one_title_but_different_years_stay_apart(library):
    await library.add(
        "p", [Item("It", MediaType.MOVIE, year=1990), Item("It", MediaType.MOVIE, year=2017)]
    )
    assert await library.count("p") == 2


async def test_reimporting_adds_nothing(library):
    items = [Item("Solaris", MediaType.BOOK, "Stanisław Lem", 1961)]
    await library.add("p", items)
    again = await library.add("p", items)
    assert again.added == 0 and await library.count("p") == 1


async def test_forget_removes_only_that_person(library):
    await library.add("a", [Item("x")])
    await library.add("b", [Item("y")])
    await library.save_person("a", lang="ru", settings={"clusters": 5})
    await library.forget("a")
    assert await library.items("a") == []
    assert await library.person_settings("a") == (None, {})
    assert await library.count("b") == 1


async def test_watchlist_items_are_kept_apart(library):
    await library.add("p", [Item("Dune", want=True), Item("Heat")])
    assert [i.title for i in await library.items("p")] == ["Heat"]
    assert len(await library.items("p", include_want=True)) == 2


async def test_embedding_cache_round_trips_by_model_and_text(library):
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    await library.store_vectors("m1", ["a", "b"], vectors)
    found = await library.cached_vectors("m1", ["a", "b", "c"])
    assert set(found) == {"a", "b"}
    np.testing.assert_array_equal(found["b"], vectors[1])
    assert await library.cached_vectors("m2", ["a"]) == {}


async def test_schema_version_is_recorded(library):
    async with library._db.execute("PRAGMA user_version") as cursor:
        assert (await cursor.fetchone())[0] == SCHEMA_VERSION
    async with library._db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"


def test_merge_duplicates_keeps_first_position():
    items = [
        Item("Heat", MediaType.MOVIE, year=1995),
        Item("Alien", MediaType.MOVIE),
        Item("heat", MediaType.MOVIE, "Michael Mann"),
    ]
    merged = merge_duplicates(items)
    assert [i.title for i in merged] == ["Heat", "Alien"]
    assert merged[0].creator == "Michael Mann"


async def test_shared_works_are_bare_and_held_by_enough_people(library):
    dune = Item(
        "Dune",
        MediaType.BOOK,
        "Frank Herbert",
        1965,
        genres=("science fiction",),
        tags=("desert",),
        rating=5.0,
        source="goodreads",
    )
    await library.add("ann", [dune, Item("Secret Diary", MediaType.BOOK, "Ann")])
    await library.add("bob", [dune.with_(rating=2.0, source="chat"), Item("Heat")])
    await library.add("cat", [Item("Heat"), Item("Wanted", want=True)])
    await library.add("dan", [Item("Wanted", want=True)])

    shared = await library.shared_works(min_people=2)
    assert [(w.title, w.type) for w in shared] == [
        ("Dune", MediaType.BOOK),
        ("Heat", MediaType.OTHER),
    ]
    assert shared[0] == Item("Dune", MediaType.BOOK, "Frank Herbert", 1965)
    assert len(await library.shared_works(min_people=1)) == 3  # "Wanted" is only wanted


def test_tracks_of_one_title_by_artists_sharing_only_small_words_stay_apart():
    intro = [
        Item("Intro", MediaType.MUSIC, "The xx"),
        Item("Intro", MediaType.MUSIC, "The Weeknd"),
        Item("Intro", MediaType.MUSIC, "Band 12"),
        Item("Intro", MediaType.MUSIC, "Band 57"),
        Item("intro", MediaType.MUSIC, "The XX"),
    ]
    assert [i.creator for i in merge_duplicates(intro)] == [
        "The xx",
        "The Weeknd",
        "Band 12",
        "Band 57",
    ]
    lucky = [
        Item("Get Lucky", MediaType.MUSIC, "Daft Punk"),
        Item("Get Lucky", MediaType.MUSIC, "Daft Punk, Pharrell Williams"),
    ]
    assert len(merge_duplicates(lucky)) == 1
    books = [
        Item("War and Peace", MediaType.BOOK, "Leo Tolstoy"),
        Item("War and Peace", MediaType.BOOK, "Lev Tolstoy"),
    ]
    assert len(merge_duplicates(books)) == 1
