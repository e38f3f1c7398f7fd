"""Choosing each stage's implementation from the settings, in one place."""

from __future__ import annotations

import logging

from engine.compute import Compute
from engine.embed import Embedder, LocalEmbedder
from engine.enrich import Knowledge
from engine.name import Namer, OfflineNamer
from engine.settings import Settings

logger = logging.getLogger(__name__)


def make_embedder(settings: Settings, *, compute: Compute) -> Embedder:
    # TODO: the OpenAI embedder arrives with the LLM mode; until then "openai" falls back.
    if settings.embeddings != "local":
        logger.warning(
            "TASTEMAP_EMBEDDINGS=%s is not available yet; using the local model",
            settings.embeddings,
        )
    return LocalEmbedder(compute, threads=settings.embed_threads)


def make_namer(settings: Settings, *, embedder: Embedder, cache=None) -> Namer:
    return OfflineNamer(embedder=embedder, cache=cache)


def make_knowledge(settings: Settings) -> list[Knowledge]:
    """Sources that enrich items before embedding, best first."""
    from engine.catalog import load_catalog

    return [load_catalog()]
