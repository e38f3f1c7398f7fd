"""Shared fixtures. Tests run offline: any connection beyond 127.0.0.1 fails loudly."""

from __future__ import annotations

import socket

import pytest

from engine.compute import Compute
from engine.embed import LocalEmbedder
from engine.library import Library

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str)
        and host not in {"127.0.0.1", "localhost", "::1"}
        and not (self.family == socket.AF_UNIX)
    ):
        raise RuntimeError(f"tests must not reach the network (tried {host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture
async def library(tmp_path):
    lib = await Library.open(tmp_path / "tastemap.sqlite3")
    yield lib
    await lib.close()


@pytest.fixture(scope="session")
def compute():
    pool = Compute(processes=0, warm=False)
    yield pool
    pool.shutdown()


@pytest.fixture(scope="session")
def embedder(compute):
    return LocalEmbedder(compute)


class CountingEmbedder:
    """The real local embedder, counting how many texts it was asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.calls: list[int] = []

    async def embed(self, texts):
        self.calls.append(len(texts))
        return await self.inner.embed(texts)


@pytest.fixture
def counting_embedder(embedder):
    return CountingEmbedder(embedder)
