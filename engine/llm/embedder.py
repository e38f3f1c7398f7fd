"""Embeddings from an OpenAI-compatible server (`TASTEMAP_EMBEDDINGS=openai`).

The model id names the embedding model and the server's host, so vectors of different models
or servers never share cache entries, and none of them mixes with the local model's.
"""

from __future__ import annotations

import logging
import re

import numpy as np

from engine.llm.client import LLMClient

logger = logging.getLogger(__name__)

BATCH = 128


class OpenAIEmbedder:
    """An embedding model behind an OpenAI-compatible API; texts go in batches of `batch`."""

    def __init__(self, client: LLMClient, *, model: str, batch: int = BATCH) -> None:
        self.model_id = re.sub(r"[^\w.@:+-]", "_", f"openai-{model}@{client.host}")
        self._client = client
        self._model = model
        self._batch = batch

    async def embed(self, texts: list[str]) -> np.ndarray:
        parts = [
            await self._client.embed(texts[start : start + self._batch], model=self._model)
            for start in range(0, len(texts), self._batch)
        ]
        if not parts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.vstack(parts)
        logger.debug("embedded %d texts with %s", len(texts), self.model_id)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
