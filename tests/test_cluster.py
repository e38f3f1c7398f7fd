import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from engine.cluster import cluster, max_clusters


def _blobs(sizes, *, dim=5, spread=0.05, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), dim)) * 3
    points = np.vstack(
        [c + rng.normal(scale=spread, size=(n, dim)) for c, n in zip(centres, sizes, strict=True)]
    )
    truth = np.repeat(np.arange(len(sizes)), sizes)
    return points, truth


def test_separate_groups_are_found_with_their_number():
    points, truth = _blobs([12, 10, 9, 8, 7])
    labels = cluster(points, seed=0)
    assert adjusted_rand_score(truth, labels) == pytest.approx(1.0)


def test_labels_are_ordered_by_size():
    points, _ = _blobs([5, 20, 10])
    labels = cluster(points, seed=0)
    sizes = np.bincount(labels)
    assert list(sizes) == sorted(sizes, reverse=True)


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_tiny_libraries_are_one_cluster(count):
    labels = cluster(np.zeros((count, 5)), seed=0)
    assert len(labels) == count and set(labels) <= {0}


def test_identical_points_do_not_crash():
    labels = cluster(np.ones((10, 5)), seed=0)
    assert set(labels) == {0}


def test_a_fixed_number_is_honoured_but_never_above_the_item_count():
    points, _ = _blobs([4, 4])
    assert len(set(cluster(points, seed=0, k=3))) == 3
    assert len(set(cluster(points[:2], seed=0, k=9))) == 2


def test_uniform_noise_is_not_split_into_many_clusters():
    points = np.random.default_rng(0).uniform(size=(60, 5))
    assert len(set(cluster(points, seed=0))) <= max_clusters(60)


@pytest.mark.parametrize("count", [5, 10, 15, 50, 1000])
def test_every_library_size_gets_labels_for_every_item_and_a_picture(count):
    from engine.pipeline import layout

    rng = np.random.default_rng(count)
    vectors = rng.normal(size=(count, 24)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels, picture, _, timings = layout(vectors, 0, None)
    assert labels.shape == (count,) and picture.shape == (count, 2)
    assert np.isfinite(picture).all() and set(timings) == {"reduce", "cluster"}
    assert set(labels) == set(range(int(labels.max()) + 1))  # no empty cluster numbers
    assert 1 <= labels.max() + 1 <= max_clusters(count)
