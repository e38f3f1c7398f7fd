"""Talking to an OpenAI-compatible server: retries, timeouts, JSON answers and a cache of them.

One `LLMClient` per process holds the connection pool, the chat model and what was learnt
about the server (some servers refuse structured output, `max_tokens` or `temperature`; the
client adapts once and remembers). Retries are ours, not the `openai` package's: 429, 408,
409, 5xx and broken connections are retried with exponential backoff and jitter, a server's
Retry-After is honoured when it is at most `max_wait` seconds and fits before the caller's
deadline (otherwise the client gives up at once), and every attempt is counted.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import logging
import math
import random
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlparse

import numpy as np

from engine.messages import TasteError

logger = logging.getLogger(__name__)

PLACEHOLDER_KEY = "no-key-needed"
"""Sent when only a base URL is set: local servers take any key, the client insists on one."""


class LLMError(TasteError):
    """The model could not be used: one sentence for the person; the details are in the log."""


@dataclass
class Usage:
    """What a client spent talking to its server."""

    requests: int = 0
    """HTTP requests sent, retries included."""
    tokens: int = 0
    cached: int = 0
    """Answers served from the cache instead of a request."""


@dataclass(frozen=True)
class Reply:
    """The text of one chat answer and what it cost."""

    text: str
    tokens: int
    cached: bool = False
    truncated: bool = False


class Deadline:
    """A moment after which no request starts. `Deadline()` never passes."""

    def __init__(self, seconds: float | None = None) -> None:
        self._at = math.inf if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float:
        return self._at - time.monotonic()

    def share(self, fraction: float) -> Deadline:
        """A deadline `fraction` of the way from now to this one."""
        part = Deadline()
        if math.isfinite(self._at):
            part._at = time.monotonic() + max(self.remaining(), 0.0) * fraction
        return part


@dataclass(frozen=True)
class _Problem:
    key: str
    detail: str
    retry: bool = False
    wait: float | None = None
    params: dict[str, object] = field(default_factory=dict)


class _BadRequest(Exception):
    """A 400 or 422: the server did not take some parameter of the request."""


class LLMClient:
    """One OpenAI-compatible server and chat model, shared by every job of a process."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        max_wait: float = 20.0,
        backoff: float = 0.5,
        seed: int = 0,
        cache_size: int = 256,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.backoff = backoff
        self.usage = Usage()
        self._api_key = api_key or PLACEHOLDER_KEY
        self._random = random.Random(seed)
        self._answers: OrderedDict[str, Reply] = OrderedDict()
        self._cache_size = cache_size
        self._quirks: set[str] = set()
        self._openai: Any = None

    @classmethod
    def from_settings(cls, settings) -> LLMClient:
        return cls(
            model=settings.llm_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            seed=settings.seed,
        )

    @property
    def host(self) -> str:
        """The server's host and port: part of every cache key of its answers and vectors."""
        return (urlparse(self.base_url).hostname or "") + _port(self.base_url) or "api.openai.com"

    @property
    def model_id(self) -> str:
        return f"{self.model}@{self.host}"

    async def aclose(self) -> None:
        if self._openai is not None:
            await self._openai.close()
            self._openai = None

    # Chat.

    async def chat(
        self,
        messages: list[dict[str, str]],
        *,
        schema_name: str,
        schema: dict[str, object],
        max_tokens: int,
        deadline: Deadline,
        admit: Callable[[], Awaitable[None]] | None = None,
    ) -> Reply:
        """The model's answer to `messages`, asked for JSON matching `schema`.

        An answer to the same request is served from the cache. `admit` runs before a request
        is really sent (a budget check) and may raise; raises `LLMError` when the model cannot
        answer.
        """
        key = _digest([self.model, messages, schema_name, max_tokens])
        if key in self._answers:
            self._answers.move_to_end(key)
            self.usage.cached += 1
            return replace(self._answers[key], cached=True)
        if admit is not None:
            await admit()
        reply = await self._chat(messages, schema_name, schema, max_tokens, deadline)
        self._answers[key] = reply
        if len(self._answers) > self._cache_size:
            self._answers.popitem(last=False)
        return reply

    async def _chat(self, messages, schema_name, schema, max_tokens, deadline) -> Reply:
        while True:
            params = self._chat_params(schema_name, schema, max_tokens)
            try:
                response = await self._send(
                    lambda timeout, params=params: self._client().chat.completions.create(
                        model=self.model, messages=messages, timeout=timeout, **params
                    ),
                    deadline=deadline,
                    what="chat",
                    model=self.model,
                )
            except _BadRequest as bad:
                if self._adapt(str(bad)):
                    continue
                logger.warning("chat refused by the server: %s", bad)
                raise LLMError("llm_refused") from None
            return self._reply(response)

    def _chat_params(self, schema_name: str, schema: dict, max_tokens: int) -> dict[str, object]:
        params: dict[str, object] = {}
        if "no_temperature" not in self._quirks:
            params["temperature"] = 0
        params[
            "max_completion_tokens" if "max_completion_tokens" in self._quirks else "max_tokens"
        ] = max_tokens
        if "plain_text" in self._quirks:
            pass
        elif "json_object" in self._quirks:
            params["response_format"] = {"type": "json_object"}
        else:
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "strict": True, "schema": schema},
            }
        return params

    def _adapt(self, detail: str) -> bool:
        """Learn from a refused request what this server does not take; False if nothing."""
        text = detail.lower()
        if "max_tokens" in text and "max_completion_tokens" not in self._quirks:
            quirk = "max_completion_tokens"
        elif "temperature" in text and "no_temperature" not in self._quirks:
            quirk = "no_temperature"
        elif re.search(r"response_format|json|schema", text) and "json_object" not in self._quirks:
            quirk = "json_object"
        elif re.search(r"response_format|json|schema", text) and "plain_text" not in self._quirks:
            quirk = "plain_text"
        else:
            return False
        logger.info("the model server refused a parameter; asking again with %s", quirk)
        self._quirks.add(quirk)
        return True

    def _reply(self, response) -> Reply:
        try:
            choice = response.choices[0]
            text = choice.message.content or ""
            refusal = getattr(choice.message, "refusal", None)
            finish = choice.finish_reason
        except (AttributeError, IndexError, TypeError):
            logger.warning("the chat answer has no choices (%s)", type(response).__name__)
            raise LLMError("llm_bad_reply") from None
        if refusal and not text:
            logger.warning("the model declined to answer")
            logger.debug("its refusal: %.200s", refusal)
            raise LLMError("llm_bad_reply")
        tokens = _tokens(response, fallback=len(text) // 3)
        self.usage.tokens += tokens
        return Reply(text=text, tokens=tokens, truncated=finish == "length")

    # Embeddings.

    async def embed(
        self, texts: list[str], *, model: str, deadline: Deadline | None = None
    ) -> np.ndarray:
        """Vectors of `texts` from the embedding `model`, shape (len(texts), dim), float32."""
        try:
            response = await self._send(
                lambda timeout: self._client().embeddings.create(
                    model=model, input=texts, encoding_format="float", timeout=timeout
                ),
                deadline=deadline or Deadline(),
                what="embeddings",
                model=model,
            )
        except _BadRequest as bad:
            logger.warning("embeddings refused by the server: %s", bad)
            raise LLMError("llm_refused") from None
        try:
            rows = sorted(response.data, key=lambda row: row.index)
            vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        except (AttributeError, TypeError, ValueError):
            logger.warning("the embeddings answer is malformed")
            raise LLMError("llm_bad_reply") from None
        if vectors.ndim != 2 or len(vectors) != len(texts):
            logger.warning("asked for %d vectors, got %d", len(texts), len(vectors))
            raise LLMError("llm_bad_reply")
        self.usage.tokens += _tokens(response, fallback=sum(map(len, texts)) // 4)
        return vectors

    # Transport.

    def _client(self):
        if self._openai is None:
            import openai

            self._openai = openai.AsyncOpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=0,
            )
        return self._openai

    async def _send(self, request, *, deadline: Deadline, what: str, model: str):
        """`request(timeout)` with retries, each attempt bounded by the timeout and deadline."""
        import openai

        attempt = 0
        while True:
            remaining = deadline.remaining()
            if remaining <= 0:
                logger.warning("%s: the deadline passed before a request could start", what)
                raise LLMError("llm_timeout")
            limit = min(self.timeout, remaining)
            self.usage.requests += 1
            attempt += 1
            try:
                async with asyncio.timeout(limit):
                    return await request(limit)
            except (TimeoutError, openai.APITimeoutError):
                problem = _Problem("llm_timeout", f"no answer in {limit:.1f} s", retry=True)
            except openai.APIStatusError as error:
                problem = self._status_problem(error, model)
            except openai.APIConnectionError as error:
                cause = type(error.__cause__ or error).__name__
                problem = _Problem("llm_down", f"cannot connect ({cause})", retry=True)
            except openai.OpenAIError as error:
                problem = _Problem("llm_bad_reply", self._scrub(f"{type(error).__name__}"))

            delay = self._delay(problem, attempt) if problem.retry else math.inf
            if attempt > self.retries or delay >= deadline.remaining():
                logger.warning(
                    "%s to %s failed after %d attempt(s): %s",
                    what,
                    self.host,
                    attempt,
                    problem.detail,
                )
                raise LLMError(problem.key, **problem.params)
            logger.info("%s: %s; retrying in %.1f s", what, problem.detail, delay)
            await asyncio.sleep(delay)

    def _status_problem(self, error, model: str) -> _Problem:
        status = error.status_code
        code = getattr(error, "code", None)
        detail = self._scrub(f"HTTP {status} {code or ''} {error.message}")[:300]
        headers = getattr(error.response, "headers", None)
        if status in (400, 422):
            raise _BadRequest(detail)
        if status in (401, 403):
            return _Problem("llm_auth", detail)
        if status == 404:
            if code == "model_not_found" or "model" in str(error.message).lower():
                return _Problem("llm_model", detail, params={"model": model})
            return _Problem("llm_refused", detail + " (does OPENAI_BASE_URL end in /v1?)")
        if status == 429 and code == "insufficient_quota":
            return _Problem("llm_quota", detail)
        if status == 429:
            return _Problem("llm_busy", detail, retry=True, wait=retry_after(headers))
        if status == 408:
            return _Problem("llm_timeout", detail, retry=True, wait=retry_after(headers))
        if status == 409 or status >= 500:
            return _Problem("llm_down", detail, retry=True, wait=retry_after(headers))
        return _Problem("llm_refused", detail)

    def _delay(self, problem: _Problem, attempt: int) -> float:
        """Seconds before the next attempt: the server's Retry-After, else backoff with jitter."""
        if problem.wait is not None:
            if problem.wait > self.max_wait:
                logger.warning(
                    "the server asks to wait %.0f s, longer than the %.0f s allowed",
                    problem.wait,
                    self.max_wait,
                )
                return math.inf
            return problem.wait
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait) * self._random.uniform(
            0.5, 1.0
        )

    def _scrub(self, text: str) -> str:
        """`text` without the API key, should a server echo it back."""
        return text.replace(self._api_key, "***") if self._api_key else text


def retry_after(headers) -> float | None:
    """Seconds a response asks to wait: `retry-after-ms`, or `Retry-After` in seconds or as a
    date; None when it says nothing usable, infinity when it asks for forever."""
    if headers is None:
        return None
    raw = headers.get("retry-after-ms")
    if raw:
        seconds = _number(raw)
        if seconds is not None:
            return seconds / 1000
    raw = headers.get("retry-after")
    if not raw:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def read_json(text: str) -> object:
    """The JSON value of a model's answer: the whole text, or the object inside a code fence or
    surrounding prose. Raises ValueError when there is none."""
    text = text.strip()
    candidates = [text]
    fence = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fence:
        candidates.append(fence.group(1))
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise ValueError("the answer holds no JSON object")


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    if math.isnan(value):
        return None
    return max(value, 0.0)


def _tokens(response, *, fallback: int) -> int:
    usage = getattr(response, "usage", None)
    total = getattr(usage, "total_tokens", None) if usage is not None else None
    return int(total) if isinstance(total, int) and total > 0 else max(fallback, 1)


def _port(url: str | None) -> str:
    try:
        port = urlparse(url).port if url else None
    except ValueError:  # a malformed port: the request itself will say what is wrong
        port = None
    return f":{port}" if port else ""


def _digest(parts: list[object]) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
