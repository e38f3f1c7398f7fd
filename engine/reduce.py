"""From embedding space to a few dimensions: 5-D to cluster in, 2-D to draw."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from functools import cache

import numpy as np

logger = logging.getLogger(__name__)

# Below this many items UMAP is unstable or fails (spectral init, n_neighbors): use PCA.
MIN_UMAP_ITEMS = 15
CLUSTER_DIMS = 5
# UMAP switches from exact to approximate (pynndescent) neighbours at this size.
APPROXIMATE_FROM = 4096


@dataclass(frozen=True)
class Reduction:
    """`space`: (N, d) coordinates to cluster in; `picture`: (N, 2) coordinates to draw."""

    space: np.ndarray
    picture: np.ndarray
    method: str


def reduce(
    vectors: np.ndarray, *, seed: int, n_neighbors: int = 15, space: bool = True
) -> Reduction:
    """Project unit vectors (N, dim) for clustering and for the picture. Works for any N >= 0.

    With `space` False only the picture is projected and `space` holds the vectors as given.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    count = len(vectors)
    if count == 0:
        return Reduction(np.zeros((0, CLUSTER_DIMS)), np.zeros((0, 2)), "none")
    if count == 1:
        return Reduction(vectors.copy(), np.zeros((1, 2)), "none")
    if count < MIN_UMAP_ITEMS:
        return Reduction(vectors.copy(), _pca_2d(vectors, seed=seed), "pca")
    return _umap(vectors, seed=seed, n_neighbors=min(n_neighbors, count - 1), space=space)


def _pca_2d(vectors: np.ndarray, *, seed: int) -> np.ndarray:
    from sklearn.decomposition import PCA

    if len(vectors) == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    return PCA(n_components=2, random_state=seed).fit_transform(vectors)


def _umap(vectors: np.ndarray, *, seed: int, n_neighbors: int, space: bool) -> Reduction:
    umap = import_umap()
    common = dict(
        n_neighbors=n_neighbors, metric="cosine", random_state=seed, n_epochs=_epochs(len(vectors))
    )
    if len(vectors) >= APPROXIMATE_FROM:
        # One approximate neighbour search serves both projections.
        from umap.umap_ import nearest_neighbors

        common["precomputed_knn"] = nearest_neighbors(
            vectors,
            n_neighbors=n_neighbors,
            metric="cosine",
            metric_kwds=None,
            angular=False,
            random_state=np.random.RandomState(seed),
        )
    with warnings.catch_warnings():
        # UMAP warns that a seed disables parallelism: single-threaded is what we want.
        warnings.filterwarnings("ignore", message=".*n_jobs.*", category=UserWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        picture = umap.UMAP(n_components=2, min_dist=0.15, **common).fit_transform(vectors)
        if not space:
            return Reduction(vectors, picture, "umap")
        space = umap.UMAP(n_components=CLUSTER_DIMS, min_dist=0.0, **common).fit_transform(vectors)
    return Reduction(space, picture, "umap")


def _epochs(count: int) -> int:
    # UMAP's own default is 500 below 10,000 points and 200 above; fewer epochs keep big
    # libraries inside the time budget with layouts that look the same.
    return 500 if count < 500 else 200 if count < 5000 else 120


@cache
def import_umap():
    """Import umap with every numba function of it and pynndescent cached on disk.

    Many of their functions are compiled without `cache=True`, which costs 15-20 s in every
    new process; switching caching on before the first call makes that a one-time cost
    (kept in NUMBA_CACHE_DIR).
    """
    import importlib

    from numba.core.registry import CPUDispatcher

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import umap

    switched = 0
    for name in _NUMBA_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, CPUDispatcher) and type(value._cache).__name__ == "NullCache":
                value.enable_caching()
                switched += 1
    logger.debug("disk cache switched on for %d numba functions", switched)
    return umap


_NUMBA_MODULES = (
    "umap.layouts",
    "umap.umap_",
    "umap.utils",
    "umap.distances",
    "umap.sparse",
    "umap.spectral",
    "pynndescent.pynndescent_",
    "pynndescent.distances",
    "pynndescent.utils",
    "pynndescent.rp_trees",
    "pynndescent.sparse",
    "pynndescent.graph_utils",
    "pynndescent.sparse_nndescent",
)
