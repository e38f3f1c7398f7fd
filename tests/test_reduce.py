import numpy as np
import pytest

from engine.reduce import reduce


def _unit_rows(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 10, 15, 50])
def test_any_library_size_gives_a_picture_and_a_space(count):
    reduction = reduce(_unit_rows(count), seed=1)
    assert reduction.picture.shape == (count, 2)
    assert len(reduction.space) == count
    assert np.isfinite(reduction.picture).all()


def test_umap_is_used_from_fifteen_items_and_is_repeatable():
    vectors = _unit_rows(40)
    first, second = reduce(vectors, seed=3), reduce(vectors, seed=3)
    assert first.method == "umap" and first.space.shape == (40, 5)
    np.testing.assert_allclose(first.picture, second.picture)


def test_a_thousand_items():
    reduction = reduce(_unit_rows(1000, dim=16), seed=0)
    assert reduction.picture.shape == (1000, 2) and reduction.space.shape == (1000, 5)
