"""One job's use of the language model: its budget, its deadline and what to tell the person.

A job is one map, one chat message or one round of recommendations. It waits for the model at
most `seconds` in all (the time its requests are out, however many run at once; the embedding
and clustering in between do not count), then carries on without it. It may spend at most
`Limits.map_requests` answers and `Limits.map_tokens` tokens, and a person at most
`Limits.person_requests` and `Limits.person_tokens` a UTC day (counted in the library). Answers
served from the client's cache are free. The first problem of a job is kept so that the person
can be told, in one sentence, why some names were chosen offline; after a wrong key, an
unknown model, an empty account or a server that is down or overloaded the job asks nothing
more.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from engine.llm.client import Deadline, LLMClient, LLMError, Reply
from engine.messages import Message

logger = logging.getLogger(__name__)


FINAL_PROBLEMS = {"llm_auth", "llm_model", "llm_quota", "llm_down", "llm_busy"}
"""After one of these a job asks nothing more: the next request would fail the same way."""


@dataclass(frozen=True)
class Limits:
    """What one job and one person a day may spend on the model."""

    map_requests: int = 10
    map_tokens: int = 60_000
    describe_requests: int = 6
    """Of a map's requests, at most this many describe works, so naming always has room."""
    person_requests: int = 300
    person_tokens: int = 600_000


class UsageStore(Protocol):
    async def llm_usage(self, person: str, day: str) -> tuple[int, int]: ...

    async def add_llm_usage(self, person: str, day: str, requests: int, tokens: int) -> None: ...


class LLMSession:
    """A job's share of the model: answers within `limits`, asked before the deadline."""

    def __init__(
        self,
        client: LLMClient,
        *,
        limits: Limits | None = None,
        seconds: float | None = None,
        person: str | None = None,
        store: UsageStore | None = None,
    ) -> None:
        self.client = client
        self.limits = limits or Limits()
        self.seconds = math.inf if seconds is None else seconds
        self.person = person
        self.requests = 0
        self.tokens = 0
        self.problem: Message | None = None
        self._store = store
        self._waited = 0.0
        self._out = 0
        self._since = 0.0

    @property
    def model_id(self) -> str:
        return self.client.model_id

    @property
    def deadline(self) -> Deadline:
        """How long, from now, this job may still wait for the model."""
        if math.isinf(self.seconds):
            return Deadline()
        return Deadline(self.seconds - self.waited())

    def waited(self) -> float:
        """Seconds during which at least one request of this job was out."""
        return self._waited + (time.monotonic() - self._since if self._out else 0.0)

    async def ask(
        self,
        messages: list[dict[str, str]],
        *,
        schema_name: str,
        schema: dict[str, object],
        max_tokens: int,
        deadline: Deadline | None = None,
    ) -> Reply:
        """The model's answer within this job's budget and deadline; raises `LLMError`."""
        if self.problem is not None and self.problem.key in FINAL_PROBLEMS:
            raise LLMError(self.problem.key, **self.problem.params)
        estimate = sum(len(m["content"]) for m in messages) // 3 + max_tokens

        async def admit() -> None:
            await self._admit(estimate)

        try:
            with self._waiting():
                reply = await self.client.chat(
                    messages,
                    schema_name=schema_name,
                    schema=schema,
                    max_tokens=max_tokens,
                    deadline=deadline or self.deadline,
                    admit=admit,
                )
        except LLMError as error:
            self.fail(error)
            raise
        if not reply.cached:
            await self._spend(reply.tokens)
        return reply

    @contextmanager
    def _waiting(self) -> Iterator[None]:
        if self._out == 0:
            self._since = time.monotonic()
        self._out += 1
        try:
            yield
        finally:
            self._out -= 1
            if self._out == 0:
                self._waited += time.monotonic() - self._since

    def fail(self, error: LLMError) -> None:
        """Remember `error` as this job's problem unless an earlier one is known."""
        if self.problem is None:
            self.problem = error.message

    async def _admit(self, estimate: int) -> None:
        limits = self.limits
        if self.requests + 1 > limits.map_requests or self.tokens + estimate > limits.map_tokens:
            logger.warning(
                "the job's budget is spent (%d requests, %d tokens)", self.requests, self.tokens
            )
            raise LLMError("llm_budget_map")
        if self.person is not None and self._store is not None:
            requests, tokens = await self._store.llm_usage(self.person, _today())
            if requests + 1 > limits.person_requests or tokens + estimate > limits.person_tokens:
                logger.warning("a person's daily budget is spent (%d requests)", requests)
                raise LLMError("llm_budget_person")

    async def _spend(self, tokens: int) -> None:
        self.requests += 1
        self.tokens += tokens
        if self.person is not None and self._store is not None:
            await self._store.add_llm_usage(self.person, _today(), 1, tokens)


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()
