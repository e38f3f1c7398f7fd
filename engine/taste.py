"""Taste vectors: what items are compared by, made from what the text model knows.

A sentence model embeds "Neuromancer — William Gibson. science fiction, cyberpunk. hackers"
mostly by its words, so titles and names that share nothing look unrelated even when their
genres and moods agree. A taste vector therefore has two halves of equal weight:
- the item's text vector (title, creator and what is known about it);
- its profile over taste concepts: how strongly the known genres, tags and description
  resemble each entry of the curated vocabulary (`engine/data/names.csv`), sharpened by a
  softmax so that each item leans on a few concepts. Items that evoke the same concepts meet
  here even when their words differ.

Items with nothing known use their text vector for both halves.
"""

from __future__ import annotations

import numpy as np

from engine.embed import Embedder, embed_texts
from engine.items import Item, embed_text
from engine.name import vocabulary

# How sharply a profile picks its concepts: similarity differences of ~0.1 mean e-fold.
CONCEPT_TEMPERATURE = 0.1


def knowledge_text(item: Item) -> str:
    """The genres, tags and description of an item, or "" when nothing is known."""
    parts = [", ".join(item.genres + item.tags), item.description]
    return ". ".join(part for part in parts if part)


_CONCEPTS: dict[str, np.ndarray] = {}


async def concept_vectors(*, embedder: Embedder, cache=None) -> np.ndarray:
    """Unit vectors of the vocabulary's descriptors, shape (concepts, dim); embedded once per
    model and process."""
    found = _CONCEPTS.get(embedder.model_id)
    if found is None:
        descriptors = [entry.descriptor for entry in vocabulary()]
        found = await embed_texts(descriptors, embedder=embedder, cache=cache)
        _CONCEPTS[embedder.model_id] = found
    return found


async def taste_vectors(
    items: list[Item], *, embedder: Embedder, cache=None
) -> tuple[np.ndarray, np.ndarray]:
    """Text vectors (N, dim) and taste vectors (N, dim + concepts) of `items`, unit rows."""
    texts = [embed_text(item) for item in items]
    known = [knowledge_text(item) or text for item, text in zip(items, texts, strict=True)]
    text_vectors = await embed_texts(texts, embedder=embedder, cache=cache)
    known_vectors = await embed_texts(known, embedder=embedder, cache=cache)
    concepts = await concept_vectors(embedder=embedder, cache=cache)
    return text_vectors, combine(text_vectors, known_vectors, concepts)


def combine(
    text_vectors: np.ndarray, known_vectors: np.ndarray, concepts: np.ndarray
) -> np.ndarray:
    """Join text vectors (N, d) with concept profiles of `known_vectors` (N, d) over
    `concepts` (C, d) into unit taste vectors (N, d + C)."""
    if len(text_vectors) == 0:
        return np.zeros((0, text_vectors.shape[1] + len(concepts)), dtype=np.float32)
    similarity = known_vectors @ concepts.T
    weights = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / CONCEPT_TEMPERATURE)
    profile = weights / np.linalg.norm(weights, axis=1, keepdims=True)
    joined = np.hstack([text_vectors, profile]).astype(np.float32)
    return joined / np.linalg.norm(joined, axis=1, keepdims=True)
