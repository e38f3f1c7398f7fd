"""Taste vectors: what items are compared by, made from what the text model knows.

A sentence model embeds "Neuromancer — William Gibson. science fiction, cyberpunk. hackers"
mostly by its words, so titles and names that share nothing look unrelated even when their
genres and moods agree. A taste vector therefore joins two parts:
- the item's text vector (title, creator and what is known about it);
- its profile over taste concepts: how strongly the known genres, tags and description
  resemble each entry of the curated vocabulary (`engine/data/names.csv`), sharpened by a
  softmax so that each item leans on a few concepts. Items that evoke the same concepts meet
  here even when their words differ.

Items with nothing known use their text vector for both parts.

The model also places texts by their form: every bare "Title — Creator" resembles every other
one more than any described item, whatever the works are. So inside one library (its map and
clusters) the vectors of each kind (described items, bare items) are centred on their kind's
mean, which removes what a kind shares and keeps what tells its items apart; the mean is
shrunk towards zero for a kind with few items, where it would be mostly the items themselves.
That space depends on the library, so suggestions, which compare a library with the catalog,
use the absolute vectors, centred on nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.embed import Embedder, embed_texts
from engine.items import Item, embed_text
from engine.name import vocabulary

# How sharply a profile picks its concepts: similarity differences of ~0.05 mean e-fold.
CONCEPT_TEMPERATURE = 0.05
# The concept profile's weight against the text vector's (both are unit vectors).
CONCEPT_WEIGHT = 0.75
# A kind's mean counts fully for large kinds and n / (n + KIND_SHRINK) for n items.
KIND_SHRINK = 4


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


@dataclass(frozen=True)
class TasteVectors:
    """Unit rows for N items: `text` (N, dim); `absolute` (N, dim + concepts), comparable with
    any other item or catalog work; `library` (N, dim + concepts), centred on these items'
    kinds, for comparing them with each other."""

    text: np.ndarray
    absolute: np.ndarray
    library: np.ndarray


async def embed_taste(items: list[Item], *, embedder: Embedder, cache=None) -> TasteVectors:
    """Both taste spaces of `items`, embedding each text once."""
    texts = [embed_text(item) for item in items]
    knowledge = [knowledge_text(item) for item in items]
    known = [found or text for found, text in zip(knowledge, texts, strict=True)]
    text_vectors = await embed_texts(texts, embedder=embedder, cache=cache)
    known_vectors = await embed_texts(known, embedder=embedder, cache=cache)
    concepts = await concept_vectors(embedder=embedder, cache=cache)
    described = np.array([bool(found) for found in knowledge], dtype=bool)
    return TasteVectors(
        text=text_vectors,
        absolute=combine(text_vectors, known_vectors, concepts),
        library=combine(text_vectors, known_vectors, concepts, described=described),
    )


async def taste_vectors(
    items: list[Item], *, embedder: Embedder, cache=None
) -> tuple[np.ndarray, np.ndarray]:
    """Text vectors (N, dim) and absolute taste vectors (N, dim + concepts) of `items`."""
    found = await embed_taste(items, embedder=embedder, cache=cache)
    return found.text, found.absolute


def combine(
    text_vectors: np.ndarray,
    known_vectors: np.ndarray,
    concepts: np.ndarray,
    *,
    described: np.ndarray | None = None,
) -> np.ndarray:
    """Join text vectors (N, d) with concept profiles of `known_vectors` (N, d) over
    `concepts` (C, d) into unit taste vectors (N, d + C).

    `described` (N,) marks the items something is known about; given, each kind is centred
    on its own mean first (the library space); None leaves the vectors absolute.
    """
    if len(text_vectors) == 0:
        return np.zeros((0, text_vectors.shape[1] + len(concepts)), dtype=np.float32)
    if described is not None:
        kinds = np.asarray(described, dtype=bool)
        text_vectors = centre_kinds(text_vectors, kinds)
        known_vectors = centre_kinds(known_vectors, kinds)
    similarity = known_vectors @ concepts.T
    weights = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / CONCEPT_TEMPERATURE)
    profile = weights / np.linalg.norm(weights, axis=1, keepdims=True)
    joined = np.hstack([text_vectors, CONCEPT_WEIGHT * profile]).astype(np.float32)
    return joined / np.linalg.norm(joined, axis=1, keepdims=True)


def centre_kinds(vectors: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Unit vectors (N, d) with each kind's shrunk mean taken away; `kinds` (N,) is boolean."""
    centred = np.array(vectors, dtype=np.float32)
    for members in (kinds, ~kinds):
        count = int(members.sum())
        if count:
            centred[members] -= centred[members].mean(axis=0) * count / (count + KIND_SHRINK)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return centred / np.maximum(norms, 1e-12)
