"""Fixtures for the LLM mode: the fake OpenAI-compatible server, clients and jobs pointed at it,
and a few works with real (local) embeddings to name."""

from __future__ import annotations

import pytest
from fake_openai import FakeOpenAI
from llm_samples import LABELS, SECRET, WORKS

from engine.embed import embed_texts
from engine.items import embed_text
from engine.llm.client import LLMClient
from engine.llm.session import Limits, LLMSession
from engine.name import OfflineNamer
from engine.pipeline import describe_clusters


@pytest.fixture
async def fake_openai():
    server = FakeOpenAI()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake_openai):
    """A client with short timeouts and backoff, so that failures are quick."""
    llm = LLMClient(
        model="test-model",
        api_key=SECRET,
        base_url=fake_openai.url,
        timeout=0.4,
        retries=2,
        backoff=0.01,
        max_wait=1.0,
    )
    yield llm
    await llm.aclose()


@pytest.fixture
def job(client):
    """A new job on the fake model; call it for more, with other limits or deadlines."""

    def make(*, seconds: float | None = 5.0, limits: Limits | None = None, **kwargs):
        return LLMSession(client, seconds=seconds, limits=limits, **kwargs)

    return make


@pytest.fixture(scope="session")
def offline_namer(embedder):
    """The offline namer, shared so that its vocabulary is embedded once."""
    return OfflineNamer(embedder=embedder)


@pytest.fixture(scope="session")
def work_vectors(embedder):
    """Local embeddings of `WORKS`, shape (6, 512)."""
    import asyncio

    return asyncio.run(embed_texts([embed_text(w) for w in WORKS], embedder=embedder))


@pytest.fixture
def facts(work_vectors):
    """What the namer sees for three clusters: cyberpunk books, jazz, Tolstoy."""
    return describe_clusters(WORKS, work_vectors, LABELS)
