"""Grouping items by taste: spectral clustering of the items' nearest-neighbour graph.

Items are linked to their nearest items by cosine similarity in the full taste space, closer
ones more strongly; the clusters are the groups that this graph splits into most cleanly (the
leading eigenvectors of its normalised adjacency, grouped by KMeans). A graph follows groups of
any shape and needs no projection first: KMeans on a 5-D UMAP projection merged and split
taste groups that the items' own neighbours keep apart. The number of clusters is the one
whose clusters are most coherent in the taste space itself (silhouette with cosine distance).
"""

from __future__ import annotations

import logging

import numpy as np
from scipy.sparse import csr_matrix, diags
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

logger = logging.getLogger(__name__)

SILHOUETTE_SAMPLE = 2000
# Neighbours per item grow with the library (about its square root) within these bounds.
MIN_NEIGHBOURS, MAX_NEIGHBOURS = 3, 30
# Exact neighbours below this size, approximate ones (pynndescent, as UMAP does) from it.
APPROXIMATE_FROM = 4096
# Dense eigendecomposition up to this size, sparse (Lanczos) above.
DENSE_UP_TO = 500
BLOCK = 1024
# How softly edge weights fall with distance, in units of the two items' local scales.
KERNEL_WIDTH = 4.0


def max_clusters(count: int) -> int:
    """The most clusters worth showing for `count` items (about 3 items a cluster at least)."""
    return int(max(1, min(16 if count >= 1000 else 12, count // 3)))


def min_clusters(count: int) -> int:
    """The fewest clusters worth drawing: a map of two blobs tells a person little.

    Silhouette alone favours two or three clusters on taste data, where one split (say music
    against the rest) dominates; from 16 items on, at least 3-4 are considered.
    """
    return max(2, min(4, count // 8))


def cluster(vectors: np.ndarray, *, seed: int, k: int | None = None) -> np.ndarray:
    """Cluster labels 0..k-1 for vectors (N, d), compared by cosine; `k` None chooses k.

    Labels are ordered by cluster size, largest first, so cluster 0 is the biggest.
    """
    count = len(vectors)
    if count == 0:
        return np.zeros(0, dtype=int)
    vectors = _unit(np.asarray(vectors, dtype=np.float32))
    distinct = len(np.unique(np.round(vectors, 5), axis=0))
    if k is not None:
        k = max(1, min(int(k), distinct))
    elif count < 4:
        k = 1
    if k == 1 or (k is None and distinct < 3):
        return np.zeros(count, dtype=int)
    if count < 4:
        # Too few items for a graph: a fixed k splits them directly.
        return _by_size(KMeans(n_clusters=k, n_init=1, random_state=seed).fit(vectors).labels_)

    graph = neighbour_graph(vectors, seed=seed)
    highest = k or min(max_clusters(count), distinct - 1)
    embedding = _spectral_embedding(graph, highest)
    if k is not None:
        return _by_size(_split(embedding, k, seed=seed))
    return _by_size(_choose(vectors, embedding, seed=seed))


def neighbour_graph(vectors: np.ndarray, *, seed: int) -> csr_matrix:
    """The symmetric weighted graph linking each unit vector (N, d) to its nearest by cosine."""
    count = len(vectors)
    neighbours = int(np.clip(round(np.sqrt(count)), MIN_NEIGHBOURS, MAX_NEIGHBOURS))
    neighbours = min(neighbours, count - 1)
    if count >= APPROXIMATE_FROM:
        nearest = _approximate_neighbours(vectors, neighbours, seed=seed)
    else:
        nearest = _exact_neighbours(vectors, neighbours)
    rows = np.repeat(np.arange(count), neighbours)
    weights = _weights(vectors, nearest).astype(np.float32)
    graph = csr_matrix((weights.ravel(), (rows, nearest.ravel())), shape=(count, count))
    return graph.maximum(graph.T).tocsr()


def _weights(vectors: np.ndarray, nearest: np.ndarray) -> np.ndarray:
    """Edge weights (N, neighbours) on a locally scaled Gaussian of cosine distance.

    Each item's scale is its distance to its farthest kept neighbour, so dense and sparse
    tastes are linked alike, while a small group's few links out to another group, taken only
    because it has fewer members than neighbours, weigh little.
    """
    distance = 1.0 - np.einsum("nd,nkd->nk", vectors, vectors[nearest])
    scale = np.maximum(distance.max(axis=1), 1e-6)
    return np.exp(-(distance**2) / (KERNEL_WIDTH * scale[:, None] * scale[nearest]))


def _exact_neighbours(vectors: np.ndarray, neighbours: int) -> np.ndarray:
    parts = []
    for start in range(0, len(vectors), BLOCK):
        similarity = vectors[start : start + BLOCK] @ vectors.T
        rows = np.arange(len(similarity))
        similarity[rows, rows + start] = -np.inf
        parts.append(np.argpartition(-similarity, neighbours - 1, axis=1)[:, :neighbours])
    return np.vstack(parts)


def _approximate_neighbours(vectors: np.ndarray, neighbours: int, *, seed: int) -> np.ndarray:
    from engine.reduce import import_umap

    umap = import_umap()
    indices, _, _ = umap.umap_.nearest_neighbors(
        vectors,
        n_neighbors=neighbours + 1,
        metric="cosine",
        metric_kwds=None,
        angular=False,
        random_state=np.random.RandomState(seed),
    )
    # Each point is its own nearest neighbour: drop the first column, keep the others.
    return indices[:, 1:]


def _spectral_embedding(graph: csr_matrix, dims: int) -> np.ndarray:
    """The `dims` leading eigenvectors (N, dims) of the graph's normalised adjacency."""
    scale = diags(1.0 / np.sqrt(np.asarray(graph.sum(axis=1)).ravel()))
    adjacency = scale @ graph @ scale
    if graph.shape[0] <= DENSE_UP_TO:
        _, vectors = np.linalg.eigh(adjacency.toarray())
        return vectors[:, ::-1][:, :dims]
    start = np.full(graph.shape[0], 1.0 / np.sqrt(graph.shape[0]))
    values, vectors = eigsh(adjacency, k=dims, which="LA", v0=start)
    return vectors[:, np.argsort(-values)]


def _split(embedding: np.ndarray, k: int, *, seed: int) -> np.ndarray:
    points = _unit(embedding[:, :k])
    return KMeans(n_clusters=k, n_init=4, random_state=seed).fit(points).labels_


def _choose(vectors: np.ndarray, embedding: np.ndarray, *, seed: int) -> np.ndarray:
    count = len(vectors)
    best, best_score = np.zeros(count, dtype=int), -1.0
    for k in range(min_clusters(count), embedding.shape[1] + 1):
        labels = _split(embedding, k, seed=seed)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(
            vectors,
            labels,
            metric="cosine",
            sample_size=min(SILHOUETTE_SAMPLE, count),
            random_state=seed,
        )
        logger.debug("k=%d silhouette %.3f", k, score)
        if score > best_score:
            best, best_score = labels, score
    # A weak structure is shown honestly as one group rather than as arbitrary splits.
    return best if best_score >= 0.02 else np.zeros(count, dtype=int)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _by_size(labels: np.ndarray) -> np.ndarray:
    order = np.argsort(-np.bincount(labels), kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    return remap[labels]
