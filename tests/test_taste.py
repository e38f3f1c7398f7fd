import numpy as np

from engine.items import Item
from engine.taste import combine, knowledge_text, taste_vectors


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
