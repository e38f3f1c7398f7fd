"""Choosing each stage's implementation from the settings, in one place.

Offline unless `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set: then cluster names, descriptions
of bare works and recommendations come from the language model (with the offline stages filling
whatever it cannot do), and `TASTEMAP_EMBEDDINGS=openai` embeds through the same server. The
`engine.llm` modules load `openai` only when a request is made, so the offline path never does.
"""

from __future__ import annotations

import logging

from engine.compute import Compute
from engine.embed import Embedder, LocalEmbedder
from engine.enrich import Knowledge
from engine.llm.client import LLMClient
from engine.llm.session import Limits, LLMSession, UsageStore
from engine.name import Namer, OfflineNamer
from engine.settings import Settings

logger = logging.getLogger(__name__)


def make_llm_client(settings: Settings) -> LLMClient | None:
    """The process's client of the model server, or None when the LLM mode is off."""
    if not settings.llm_enabled:
        return None
    client = LLMClient.from_settings(settings)
    logger.info("LLM mode: model %s at %s", client.model, client.host)
    return client


def make_llm(
    settings: Settings,
    *,
    client: LLMClient | None = None,
    person: str | None = None,
    usage: UsageStore | None = None,
    limits: Limits | None = None,
) -> LLMSession | None:
    """A new job (one map, message or round of suggestions) on the model, or None offline.

    Args:
        client: the shared client; a new one when None.
        person, usage: whose job it is and where their daily use is counted (the library).
        limits: what the job and the person may spend.
    """
    if not settings.llm_enabled:
        return None
    return LLMSession(
        client or LLMClient.from_settings(settings),
        limits=limits,
        seconds=settings.llm_deadline,
        person=person,
        store=usage,
    )


def make_embedder(
    settings: Settings, *, compute: Compute, client: LLMClient | None = None
) -> Embedder:
    if settings.embeddings == "openai":
        if settings.llm_enabled:
            from engine.llm.embedder import OpenAIEmbedder

            client = client or LLMClient.from_settings(settings)
            return OpenAIEmbedder(client, model=settings.embed_model)
        logger.warning(
            "TASTEMAP_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL; "
            "using the local model"
        )
    return LocalEmbedder(compute, threads=settings.embed_threads)


def make_namer(
    settings: Settings, *, embedder: Embedder, cache=None, llm: LLMSession | None = None
) -> Namer:
    """The offline namer, or the model's with the offline namer filling its gaps."""
    offline = OfflineNamer(embedder=embedder, cache=cache)
    llm = llm or make_llm(settings)
    if llm is None:
        return offline
    from engine.llm.namer import LLMNamer

    return LLMNamer(llm, fallback=offline)


def make_knowledge(
    settings: Settings, *, llm: LLMSession | None = None, cache=None
) -> list[Knowledge]:
    """Sources that enrich items before embedding, best first: the catalog, then the model."""
    from engine.catalog import load_catalog

    sources: list[Knowledge] = [load_catalog()]
    llm = llm or make_llm(settings)
    if llm is not None:
        from engine.llm.describer import LLMDescriber

        sources.append(LLMDescriber(llm, cache=cache))
    return sources
