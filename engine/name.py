"""Naming clusters. Offline: the nearest distinct entries of a curated bilingual vocabulary.

No small local model names clusters usably (they echo titles or invent facts), so the offline
namer is not generative: every vocabulary entry has an English name, a Russian name and a
descriptor of the genres and moods it stands for. Descriptors are embedded with the same model
as the items; each cluster gets the entry closest to its centroid and furthest from the other
clusters, and one assignment over all clusters keeps names distinct.
"""

from __future__ import annotations

import csv
import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Protocol

import numpy as np
from scipy.optimize import linear_sum_assignment

from engine.embed import Embedder, embed_texts
from engine.items import Item

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClusterFacts:
    """What a namer may look at for one cluster."""

    id: int
    typical: list[Item]
    terms: list[str]
    centroid: np.ndarray = field(repr=False)
    """Mean unit embedding of the cluster's items, shape (dim,)."""
    common: list[str] = field(default_factory=list)
    """The genres and tags most of its items share."""


@dataclass(frozen=True)
class ClusterName:
    name: str
    description: str = ""
    source: str = "offline"


class Namer(Protocol):
    async def name_clusters(self, clusters: list[ClusterFacts], *, lang: str) -> list[ClusterName]:
        """One name per cluster, in order, distinct, in `lang` ("en" or "ru")."""
        ...


@dataclass(frozen=True)
class VocabularyEntry:
    en: str
    ru: str
    descriptor: str


@cache
def vocabulary() -> tuple[VocabularyEntry, ...]:
    """The curated name vocabulary shipped in `engine/data/names.csv`."""
    text = files("engine").joinpath("data", "names.csv").read_text(encoding="utf-8")
    return tuple(VocabularyEntry(**row) for row in csv.DictReader(text.splitlines()))


class OfflineNamer:
    """Names from the vocabulary; say so wherever names are shown."""

    source = "offline"

    def __init__(self, *, embedder: Embedder, cache=None, distinctiveness: float = 0.5) -> None:
        self._embedder = embedder
        self._cache = cache
        self._distinctiveness = distinctiveness
        self._vectors: np.ndarray | None = None

    async def name_clusters(self, clusters: list[ClusterFacts], *, lang: str) -> list[ClusterName]:
        if not clusters:
            return []
        entries = vocabulary()
        if self._vectors is None:
            self._vectors = await embed_texts(
                [entry.descriptor for entry in entries], embedder=self._embedder, cache=self._cache
            )
        centroids = np.vstack([_unit(c.centroid) for c in clusters])
        # Descriptors are lists of genres and moods, so a cluster's own list of them is the
        # closest thing to compare them with; its items' centroid adds what titles carry.
        docs = [", ".join(dict.fromkeys(c.terms[:6] + c.common)) for c in clusters]
        terms = None
        if any(docs):
            terms = await embed_texts(
                [doc or "-" for doc in docs], embedder=self._embedder, cache=self._cache
            )
            terms = np.where(np.array([bool(doc) for doc in docs])[:, None], terms, 0.0)
        chosen = assign_names(
            self._vectors, centroids, terms=terms, distinctiveness=self._distinctiveness
        )
        names = []
        for facts, index in zip(clusters, chosen, strict=True):
            entry = entries[index] if index >= 0 else None
            name = (entry.ru if lang == "ru" else entry.en) if entry else f"#{facts.id + 1}"
            names.append(
                ClusterName(name=name, description=", ".join(facts.terms[:3]), source=self.source)
            )
        return names


def assign_names(
    vocab: np.ndarray,
    centroids: np.ndarray,
    *,
    distinctiveness: float,
    terms: np.ndarray | None = None,
) -> list[int]:
    """For each centroid (K, dim) the index of a distinct vocabulary row (V, dim), -1 if none.

    The score of entry v for cluster k is its similarity to k minus `distinctiveness` times
    its mean similarity to the other clusters, plus the same score for the embedded term
    lists `terms` (K, dim) when given (a zero row: no terms); one assignment maximises the
    total.
    """
    score = _distinct_scores(vocab @ centroids.T, distinctiveness)  # (V, K)
    if terms is not None:
        has_terms = np.linalg.norm(terms, axis=1) > 0
        score = score + _distinct_scores(vocab @ terms.T, distinctiveness) * has_terms
    rows, cols = linear_sum_assignment(-score)
    k = score.shape[1]
    chosen = [-1] * k
    for row, col in zip(rows, cols, strict=True):
        chosen[col] = int(row)
    return chosen


def _distinct_scores(similarity: np.ndarray, distinctiveness: float) -> np.ndarray:
    """Similarities (V, K) less `distinctiveness` times each row's mean over other columns."""
    k = similarity.shape[1]
    if k < 2:
        return similarity
    others = (similarity.sum(axis=1, keepdims=True) - similarity) / (k - 1)
    return similarity - distinctiveness * others


def common_terms(items: list[Item], labels: np.ndarray, *, top: int = 6) -> list[list[str]]:
    """Per cluster, the genres and tags found on most of its items."""
    k = int(labels.max()) + 1 if len(labels) else 0
    per_cluster = [Counter() for _ in range(k)]
    for item, label in zip(items, labels, strict=True):
        per_cluster[label].update(list(dict.fromkeys(item.genres + item.tags)))
    # Ties go alphabetically, so the same library always gives the same list.
    return [
        [term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
        for counts in per_cluster
    ]


def distinctive_terms(items: list[Item], labels: np.ndarray, *, top: int = 5) -> list[list[str]]:
    """Per cluster, the genres and tags most particular to it (a class-based TF-IDF)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    per_cluster = [Counter() for _ in range(k)]
    for item, label in zip(items, labels, strict=True):
        per_cluster[label].update(set(item.genres) | set(item.tags))
    clusters_with = Counter(term for counts in per_cluster for term in counts)
    result = []
    for counts in per_cluster:
        size = max(sum(counts.values()), 1)
        scored = sorted(
            (
                (n / size * math.log(1 + k / clusters_with[term]), term)
                for term, n in counts.items()
                if n >= 2 or len(counts) < 4
            ),
            reverse=True,
        )
        result.append([term for _, term in scored[:top]])
    return result


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)
