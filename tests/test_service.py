import pytest

from engine.catalog import Catalog, Entry
from engine.items import Item, MediaType
from engine.service import Engine
from engine.settings import Settings

CATALOG = [
    Item("Neuromancer", MediaType.BOOK, "William Gibson", 1984, ("cyberpunk",), ("hackers",)),
    Item("Blade Runner", MediaType.MOVIE, "Ridley Scott", 1982, ("science fiction",), ("neon",)),
    Item("Kind of Blue", MediaType.MUSIC, "Miles Davis", 1959, ("jazz",), ("nocturnal",)),
]
# Works no catalog knows; the first is in two people's libraries, the second in one only.
AKIRA = Item("Akira", MediaType.MOVIE, "Katsuhiro Otomo", 1988)
DIARY = Item("Notes From My Own Cyberpunk Summer", MediaType.BOOK, "Ann Private")


@pytest.fixture(params=[False, True], ids=["private", "shared"])
async def engine(request, tmp_path, compute):
    settings = Settings(
        db_path=tmp_path / "tastemap.sqlite3",
        cache_dir=tmp_path,
        workers=0,
        share_library_items=request.param,
    )
    catalog = Catalog([Entry(item, (item.title,)) for item in CATALOG])
    async with Engine(settings, compute=compute, catalog=catalog) as running:
        await running.library.add("ann", [AKIRA.with_(rating=5.0, source="letterboxd"), DIARY])
        await running.library.add("bob", [AKIRA, CATALOG[0]])
        yield running


async def test_library_works_are_suggested_only_when_shared_and_held_by_two(engine):
    _, found = await engine.similar("cat", "Neuromancer", count=10)
    titles = {s.item.title for s in found}
    assert "Blade Runner" in titles
    assert DIARY.title not in titles  # one person's work never leaves their library
    assert ("Akira" in titles) is engine.settings.share_library_items
    for suggestion in found:
        if suggestion.item.title == "Akira":
            assert suggestion.item == AKIRA  # bare: no rating, no source, nobody's name
            assert not suggestion.in_library


async def test_a_persons_own_items_are_marked_as_theirs(engine):
    _, found = await engine.similar("ann", "Neuromancer", count=10)
    mine = {s.item.title for s in found if s.in_library}
    assert mine == {DIARY.title, "Akira"}
    assert not any(s.in_library for s in found if s.item.title in {"Blade Runner"})


async def test_importing_the_same_file_again_at_the_item_limit_is_not_refused(tmp_path, compute):
    from engine.messages import TasteError

    settings = Settings(db_path=tmp_path / "t.sqlite3", cache_dir=tmp_path, workers=0, max_items=2)
    catalog = Catalog([Entry(item, (item.title,)) for item in CATALOG])
    async with Engine(settings, compute=compute, catalog=catalog) as running:
        data = b"title,year\nAkira,1988\nHeat,1995\n"
        assert (await running.import_file("ann", data, "films.csv")).added.added == 2
        assert (await running.import_file("ann", data, "films.csv")).added.merged == 2
        with pytest.raises(TasteError) as error:
            await running.import_file("ann", b"title\nAlien\n", "more.csv")
        assert error.value.message.key == "too_many_items"


async def test_one_work_by_two_titles_becomes_one_item(tmp_path, compute):
    stalker = Item("Stalker", MediaType.MOVIE, "Andrei Tarkovsky", 1979, ("drama",), ("zone",))
    catalog = Catalog([Entry(stalker, ("Stalker", "Сталкер"), creator_ru="Андрей Тарковский")])
    settings = Settings(db_path=tmp_path / "db.sqlite3", cache_dir=tmp_path, workers=0)
    async with Engine(settings, compute=compute, catalog=catalog) as engine:
        _, added = await engine.add_text("ann", "фильм: Сталкер")
        assert added.added == 1
        export = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-02,Stalker,1979,https://x,5\n"
        imported = await engine.import_file("ann", export.encode(), "ratings.csv")
        assert (imported.added.added, imported.added.merged) == (0, 1)
        [item] = await engine.library.items("ann")
        assert (item.title, item.year, item.rating) == ("Сталкер", 1979, 10.0)
        assert "chat" in item.source and "letterboxd" in item.source

        # Works the catalog does not know keep their titles; one batch names a work once.
        await engine.import_file(
            "bob", "title\nStalker\nСталкер\nNowhere Film\n".encode(), "l.csv"
        )
        assert [i.title for i in await engine.library.items("bob")] == ["Stalker", "Nowhere Film"]
