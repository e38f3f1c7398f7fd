"""Grouping items by taste: KMeans with the number of clusters chosen from the data."""

from __future__ import annotations

import logging

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

logger = logging.getLogger(__name__)

SILHOUETTE_SAMPLE = 2000


def max_clusters(count: int) -> int:
    """The most clusters worth showing for `count` items (about 3 items a cluster at least)."""
    return int(max(1, min(16 if count >= 1000 else 12, count // 3)))


def cluster(space: np.ndarray, *, seed: int, k: int | None = None) -> np.ndarray:
    """Cluster labels 0..k-1 for points (N, d); `k` None chooses k by silhouette.

    Labels are ordered by cluster size, largest first, so cluster 0 is the biggest.
    """
    count = len(space)
    if count == 0:
        return np.zeros(0, dtype=int)
    if k is not None:
        k = max(1, min(int(k), count))
    elif count < 4:
        k = 1
    else:
        k = _choose_k(space, seed=seed)
    if k == 1:
        return np.zeros(count, dtype=int)
    labels = _kmeans(space, k, seed=seed).labels_
    return _by_size(labels)


def _kmeans(space: np.ndarray, k: int, *, seed: int) -> KMeans:
    return KMeans(n_clusters=k, n_init=4, random_state=seed).fit(space)


def min_clusters(count: int) -> int:
    """The fewest clusters worth drawing: a map of two blobs tells a person little.

    Silhouette alone favours two or three clusters on taste data, where one split (say music
    against the rest) dominates; from 16 items on, at least 3-4 are considered.
    """
    return max(2, min(4, count // 8))


def _choose_k(space: np.ndarray, *, seed: int) -> int:
    distinct = len(np.unique(np.round(space, 6), axis=0))
    best_k, best_score = 1, -1.0
    for k in range(min_clusters(len(space)), min(max_clusters(len(space)), distinct - 1) + 1):
        labels = _kmeans(space, k, seed=seed).labels_
        score = silhouette_score(
            space, labels, sample_size=min(SILHOUETTE_SAMPLE, len(space)), random_state=seed
        )
        logger.debug("k=%d silhouette %.3f", k, score)
        if score > best_score:
            best_k, best_score = k, score
    # A weak structure is shown honestly as one group rather than as arbitrary splits.
    return best_k if best_score >= 0.05 else 1


def _by_size(labels: np.ndarray) -> np.ndarray:
    order = np.argsort(-np.bincount(labels), kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    return remap[labels]
