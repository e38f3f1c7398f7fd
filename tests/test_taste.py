import numpy as np

from engine.items import Item
from engine.taste import centre_kinds, combine, embed_taste, knowledge_text, taste_vectors


def test_knowledge_text_is_genres_tags_and_description():
    item = Item(
        "Dune",
        genres=("science fiction",),
        tags=("desert", "epic"),
        description="A desert planet.",
    )
    assert knowledge_text(item) == "science fiction, desert, epic. A desert planet."
    assert knowledge_text(Item("Dune")) == ""


def test_combine_gives_unit_rows_with_a_sharpened_concept_profile():
    text = np.eye(3, dtype=np.float32)
    concepts = np.eye(3, dtype=np.float32)
    taste = combine(text, text, concepts)
    assert taste.shape == (3, 6)
    np.testing.assert_allclose(np.linalg.norm(taste, axis=1), 1.0, atol=1e-6)
    profile = taste[0, 3:]
    assert profile[0] > 0.99 * np.linalg.norm(profile)  # leans on its one matching concept
    assert combine(text[:0], text[:0], concepts).shape == (0, 6)


async def test_shared_genres_bring_works_with_unrelated_titles_together(embedder):
    items = [
        Item(
            "Neuromancer",
            creator="William Gibson",
            genres=("science fiction", "cyberpunk"),
            tags=("hackers", "dystopian", "neon"),
        ),
        Item(
            "Akira",
            creator="Katsuhiro Otomo",
            genres=("animation", "cyberpunk"),
            tags=("dystopian", "neon", "psychic powers"),
        ),
        Item(
            "Winnie-the-Pooh",
            creator="A. A. Milne",
            genres=("children's",),
            tags=("cozy", "friendship", "forest"),
        ),
    ]
    text, taste = await taste_vectors(items, embedder=embedder)
    assert text.shape == (3, 512) and taste.shape[0] == 3
    gain = (taste[0] @ taste[1] - taste[0] @ taste[2]) - (text[0] @ text[1] - text[0] @ text[2])
    assert taste[0] @ taste[1] > taste[0] @ taste[2]
    assert gain > 0


async def test_absolute_vectors_ignore_the_company_library_vectors_do_not(embedder):
    dune = Item("Dune", creator="Frank Herbert", genres=("science fiction",), tags=("desert",))
    few = [dune, Item("Heat", creator="Michael Mann", genres=("crime",))]
    more = [dune, Item("Emma", creator="Jane Austen", genres=("romance",)), Item("Kind of Blue")]
    a = await embed_taste(few, embedder=embedder)
    b = await embed_taste(more, embedder=embedder)
    np.testing.assert_allclose(a.absolute[0], b.absolute[0], atol=1e-5)
    assert not np.allclose(a.library[0], b.library[0], atol=1e-3)
    np.testing.assert_allclose(np.linalg.norm(b.library, axis=1), 1.0, atol=1e-5)
    assert a.text.shape[0] == a.absolute.shape[0] == a.library.shape[0] == 2


def test_centring_takes_away_what_a_kind_shares():
    rng = np.random.default_rng(0)
    shared = np.ones(8, dtype=np.float32)
    vectors = shared + 0.1 * rng.standard_normal((400, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kinds = np.ones(400, dtype=bool)
    before = float(np.mean(vectors @ vectors.T))
    centred = centre_kinds(vectors, kinds)
    assert before > 0.9 and float(np.mean(centred @ centred.T)) < 0.2
    # One item alone keeps most of itself: its own mean is shrunk away.
    single = centre_kinds(vectors[:1], kinds[:1])
    assert float(single[0] @ vectors[0]) > 0.99
