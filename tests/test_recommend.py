import numpy as np
import pytest

from engine.catalog import Catalog, Entry
from engine.items import Item, MediaType
from engine.pipeline import Cluster, TasteMap
from engine.recommend import CatalogIndex, recommend, similar
from engine.taste import taste_vectors

WORKS = [
    Item(
        "Neuromancer",
        MediaType.BOOK,
        "William Gibson",
        1984,
        ("science fiction", "cyberpunk"),
        ("hackers", "dystopian", "neon"),
    ),
    Item(
        "Count Zero",
        MediaType.BOOK,
        "William Gibson",
        1986,
        ("science fiction", "cyberpunk"),
        ("hackers", "dystopian"),
    ),
    Item(
        "Snow Crash",
        MediaType.BOOK,
        "Neal Stephenson",
        1992,
        ("science fiction", "cyberpunk"),
        ("virtual reality", "dystopian", "hackers"),
    ),
    Item(
        "Blade Runner",
        MediaType.MOVIE,
        "Ridley Scott",
        1982,
        ("science fiction", "neo-noir"),
        ("dystopian", "androids", "neon", "rain"),
    ),
    Item(
        "Ghost in the Shell",
        MediaType.MOVIE,
        "Mamoru Oshii",
        1995,
        ("animation", "cyberpunk"),
        ("hackers", "androids", "identity"),
    ),
    Item(
        "Kind of Blue",
        MediaType.MUSIC,
        "Miles Davis",
        1959,
        ("jazz", "modal jazz"),
        ("cool", "nocturnal"),
    ),
    Item(
        "A Love Supreme",
        MediaType.MUSIC,
        "John Coltrane",
        1965,
        ("jazz", "spiritual jazz"),
        ("meditative", "intense"),
    ),
    Item(
        "Mingus Ah Um",
        MediaType.MUSIC,
        "Charles Mingus",
        1959,
        ("jazz", "hard bop"),
        ("swing", "exuberant"),
    ),
    Item(
        "Round Midnight",
        MediaType.MOVIE,
        "Bertrand Tavernier",
        1986,
        ("drama", "music"),
        ("jazz", "paris", "nocturnal"),
    ),
    Item(
        "Really the Blues",
        MediaType.BOOK,
        "Mezz Mezzrow",
        1946,
        ("memoir", "jazz"),
        ("harlem", "jazz age"),
    ),
]


@pytest.fixture(scope="module")
def catalog():
    return Catalog([Entry(item, (item.title,)) for item in WORKS])


@pytest.fixture
async def index(catalog, embedder, tmp_path):
    return await CatalogIndex.build(catalog, embedder=embedder, cache_dir=tmp_path)


async def test_the_index_is_saved_and_reused(catalog, embedder, tmp_path, counting_embedder):
    first = await CatalogIndex.build(catalog, embedder=counting_embedder, cache_dir=tmp_path)
    calls = len(counting_embedder.calls)
    again = await CatalogIndex.build(catalog, embedder=counting_embedder, cache_dir=tmp_path)
    assert calls > 0 and len(counting_embedder.calls) == calls
    np.testing.assert_array_equal(first.vectors, again.vectors)
    assert again.vectors.shape[0] == len(WORKS) and again.vectors.shape[1] > 512


async def test_similar_finds_neighbours_marks_the_library_and_excludes_the_query(
    index, catalog, embedder
):
    library = [WORKS[0].with_(genres=(), tags=()), WORKS[3]]
    _, vectors = await taste_vectors(library, embedder=embedder)
    asked, found = await similar(
        "Neuromancer",
        index=index,
        catalog=catalog,
        embedder=embedder,
        library=library,
        library_vectors=vectors,
        count=4,
    )
    assert asked.title == "Neuromancer"
    titles = [s.item.title for s in found]
    assert "Neuromancer" not in titles
    assert {"Count Zero", "Snow Crash"} & set(titles[:3])
    assert [s.in_library for s in found if s.item.title == "Blade Runner"] == [True]
    assert all(not s.in_library for s in found if s.item.title != "Blade Runner")
    assert found == sorted(found, key=lambda s: -s.score)
    assert set(found[0].to_dict()) == {"title", "creator", "type", "year", "score", "in_library"}


async def test_similar_embeds_an_unknown_query_as_typed(index, catalog, embedder):
    asked, found = await similar(
        "modal jazz trumpet at night", index=index, catalog=catalog, embedder=embedder, count=3
    )
    assert asked.title == "modal jazz trumpet at night"
    assert found[0].item.type is MediaType.MUSIC or "jazz" in found[0].item.genres


async def test_recommendations_are_new_varied_and_follow_the_cluster_mix(index, embedder):
    items = [WORKS[0], WORKS[3], WORKS[5]]
    _, vectors = await taste_vectors(items, embedder=embedder)
    taste_map = TasteMap(
        items=items,
        labels=np.array([0, 0, 1]),
        picture=np.zeros((3, 2)),
        vectors=vectors,
        clusters=[Cluster(0, "neon", 2, [0, 1]), Cluster(1, "jazz", 1, [2])],
        lang="en",
        timings={},
    )
    picks = await recommend(taste_map, index=index, per_cluster=3)
    cyber = picks[0]
    assert cyber and all(s.item.title not in {"Neuromancer", "Blade Runner"} for s in cyber)
    creators = [s.item.creator for s in cyber]
    assert len(creators) == len(set(creators))  # never two Gibsons
    assert {s.item.type for s in cyber} >= {MediaType.BOOK, MediaType.MOVIE}
    assert all("jazz" in s.item.genres + s.item.tags for s in picks[1][:2])


async def test_similar_keeps_places_for_every_media_type(index, catalog, embedder):
    _, found = await similar("Blade Runner", index=index, catalog=catalog, embedder=embedder)
    assert {s.item.type for s in found} == {MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC}
    _, few = await similar(
        "Blade Runner", index=index, catalog=catalog, embedder=embedder, count=5
    )
    assert len(few) == 5 and MediaType.MUSIC in {s.item.type for s in few}
    assert few == sorted(few, key=lambda s: -s.score)


async def test_a_work_known_by_another_title_counts_as_owned(embedder, tmp_path):
    cranes = Item(
        "The Cranes Are Flying",
        MediaType.MOVIE,
        "Mikhail Kalatozov",
        1957,
        ("drama", "war"),
        ("love", "soviet"),
    )
    catalog = Catalog(
        [Entry(item, (item.title,)) for item in WORKS]
        + [Entry(cranes, (cranes.title, "Летят журавли"), creator_ru="Михаил Калатозов")]
    )
    index = await CatalogIndex.build(catalog, embedder=embedder, cache_dir=tmp_path)
    mine = Item("Летят журавли", MediaType.MOVIE, "Михаил Калатозов", 1957)
    items = [mine, cranes.with_(title="Летят журавли")]
    _, vectors = await taste_vectors(items, embedder=embedder)
    taste_map = TasteMap(
        items=items,
        labels=np.array([0, 0]),
        picture=np.zeros((2, 2)),
        vectors=vectors,
        clusters=[Cluster(0, "war and love", 2, [0, 1])],
        lang="ru",
        timings={},
    )
    plain = await recommend(taste_map, index=index, per_cluster=len(WORKS))
    known = await recommend(taste_map, index=index, catalog=catalog, per_cluster=len(WORKS))
    assert "The Cranes Are Flying" in {s.item.title for s in plain[0]}
    assert "The Cranes Are Flying" not in {s.item.title for s in known[0]}

    asked, found = await similar(
        "Летят журавли", index=index, catalog=catalog, embedder=embedder, library=[mine]
    )
    assert asked.title == "Летят журавли"
    assert "The Cranes Are Flying" not in {s.item.title for s in found}


async def test_an_extended_index_adds_only_works_it_lacks(index, embedder):
    new = Item("Giant Steps", MediaType.MUSIC, "John Coltrane", 1960)
    again = WORKS[0].with_(genres=(), tags=())
    _, vectors = await taste_vectors([new, again], embedder=embedder)
    bigger = index.extended([new, again], vectors)
    assert len(bigger) == len(index) + 1 and bigger.items[-1] == new
    np.testing.assert_array_equal(bigger.vectors[-1], vectors[0])
    assert index.extended([again], vectors[1:]) is index
