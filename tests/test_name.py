import numpy as np

from engine.items import Item
from engine.name import OfflineNamer, assign_names, common_terms, distinctive_terms, vocabulary
from engine.pipeline import describe_clusters


def test_vocabulary_is_bilingual_short_and_distinct():
    entries = vocabulary()
    assert len(entries) >= 150
    assert len({e.en for e in entries}) == len(entries)
    assert len({e.ru for e in entries}) == len(entries)
    for entry in entries:
        assert 2 <= len(entry.en.split()) <= 4 and 2 <= len(entry.ru.split()) <= 4
        assert any("\u0400" <= ch <= "\u04ff" for ch in entry.ru)


def test_assignment_gives_each_cluster_a_different_entry():
    vocab = np.eye(4)
    centroids = np.array([[1.0, 0, 0, 0], [0.9, 0.1, 0, 0], [0, 0, 1.0, 0]])
    chosen = assign_names(vocab, centroids, distinctiveness=0.5)
    assert len(set(chosen)) == 3
    assert chosen[0] == 0 and chosen[2] == 2


def test_distinctive_terms_favour_what_one_cluster_has_alone():
    items = [
        Item("a", genres=("jazz", "music")),
        Item("b", genres=("jazz", "music")),
        Item("c", genres=("horror", "music")),
        Item("d", genres=("horror", "music")),
    ]
    terms = distinctive_terms(items, np.array([0, 0, 1, 1]))
    assert terms[0][0] == "jazz" and terms[1][0] == "horror"


async def test_offline_names_follow_the_language_and_the_content(embedder, library):
    items = [
        Item(
            "Neuromancer",
            creator="William Gibson",
            genres=("science fiction", "cyberpunk"),
            tags=("hackers", "dystopian"),
        ),
        Item(
            "Snow Crash",
            creator="Neal Stephenson",
            genres=("science fiction", "cyberpunk"),
            tags=("virtual reality", "dystopian"),
        ),
        Item(
            "Kind of Blue",
            creator="Miles Davis",
            genres=("jazz", "modal jazz"),
            tags=("nocturnal", "cool"),
        ),
        Item(
            "A Love Supreme",
            creator="John Coltrane",
            genres=("jazz", "spiritual jazz"),
            tags=("meditative",),
        ),
    ]
    from engine.embed import embed_texts
    from engine.items import embed_text

    vectors = await embed_texts([embed_text(i) for i in items], embedder=embedder)
    facts = describe_clusters(items, vectors, np.array([0, 0, 1, 1]))
    namer = OfflineNamer(embedder=embedder, cache=library)
    english = await namer.name_clusters(facts, lang="en")
    russian = await namer.name_clusters(facts, lang="ru")
    assert english[0].name != english[1].name
    assert all(n.source == "offline" for n in english)
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in n.name) for n in russian)
    by_en = {e.en: e for e in vocabulary()}
    assert "jazz" in by_en[english[1].name].descriptor
    assert (
        "cyberpunk" in by_en[english[0].name].descriptor
        or "science fiction" in by_en[english[0].name].descriptor
    )


def test_term_lists_steer_names_and_clusters_without_terms_keep_their_centroid():
    vocab = np.eye(4)
    centroids = np.array([[0.6, 0.5, 0, 0], [0, 0, 0.5, 0.6]])
    assert assign_names(vocab, centroids, distinctiveness=0.5) == [0, 3]
    terms = np.array([[0, 1.0, 0, 0], [0, 0, 0, 0]])  # the second cluster has no terms
    assert assign_names(vocab, centroids, distinctiveness=0.5, terms=terms) == [1, 3]


def test_common_terms_are_what_most_items_share():
    items = [
        Item("a", genres=("jazz",), tags=("night",)),
        Item("b", genres=("jazz", "bebop")),
        Item("c", genres=("horror",)),
    ]
    assert common_terms(items, np.array([0, 0, 1]))[0][0] == "jazz"
    assert common_terms(items, np.array([0, 0, 1]))[1] == ["horror"]
