import numpy as np

from engine.embed import embed_texts


async def test_vectors_are_unit_length_and_multilingual(embedder):
    vectors = await embed_texts(
        ["War and Peace by Leo Tolstoy", "Война и мир — Лев Толстой", "Daft Punk — Derezzed"],
        embedder=embedder,
    )
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


async def test_no_text_is_embedded_twice(library, counting_embedder):
    first = await embed_texts(["a", "b", "a"], embedder=counting_embedder, cache=library)
    second = await embed_texts(["b", "c", "a"], embedder=counting_embedder, cache=library)
    assert counting_embedder.calls == [2, 1]
    np.testing.assert_allclose(first[1], second[0])
    np.testing.assert_allclose(first[0], first[2])


async def test_very_long_texts_are_cut_before_embedding(embedder):
    vectors = await embed_texts(["x" * 10_000], embedder=embedder)
    assert vectors.shape == (1, 512)
