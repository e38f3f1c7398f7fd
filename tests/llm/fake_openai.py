"""A fake OpenAI-compatible server on 127.0.0.1, for the tests and the cost bench.

It serves `POST /v1/chat/completions` and `POST /v1/embeddings`. By default a small rule-based
"model" answers each of tastemap's tasks sensibly (the task is read from the JSON document in
the first user message); `tasks[name]` replaces one task's behaviour, and `then_chat(...)` /
`then_embed(...)` queue scripted answers (errors, hangs, bad JSON) that are used first, in
order. Every request is logged with its body and headers. Token counts are estimates (four
characters a token), as a real server's would differ anyway.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from aiohttp import web

NAMES = {
    "en": [
        "Velvet Midnight",
        "Rust Belt Dreams",
        "Quiet Northern Light",
        "Neon Rain Stories",
        "Sunlit Road Trips",
        "Cold War Shadows",
        "Gentle Absurdity",
        "Salt and Thunder",
        "Small Town Ghosts",
        "Brass and Smoke",
        "Paper Moon Longing",
        "Iron Sky Epics",
    ],
    "ru": [
        "Бархатная полночь",
        "Тихий северный свет",
        "Неоновый дождь",
        "Дорога на юг",
        "Тени холодной войны",
        "Нежный абсурд",
        "Соль и гром",
        "Призраки провинции",
        "Медь и дым",
        "Бумажная луна",
        "Железное небо",
        "Осенний джаз",
    ],
}


@dataclass
class Answer:
    """One scripted answer. `content` is a chat message's text; `body` replaces the JSON."""

    status: int = 200
    content: str | None = None
    body: dict | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False

    @classmethod
    def error(cls, status: int, message: str, *, code: str | None = None, headers=None) -> Answer:
        body = {"error": {"message": message, "type": "test_error", "code": code}}
        return cls(status=status, body=body, headers=headers or {})


def name_clusters(data: dict, body: dict) -> dict:
    """Distinct evocative names, in the language the document asks for."""
    lang = "ru" if data.get("language") == "Russian" else "en"
    return {
        "clusters": [
            {
                "id": group["id"],
                "name": NAMES[lang][index % len(NAMES[lang])]
                + ("" if index < len(NAMES[lang]) else f" {index}"),
                "description": "Works that share one mood.",
            }
            for index, group in enumerate(data["groups"])
        ]
    }


# What the fake model "knows" about a few works; any other gets a generic line.
LINES = {
    "Neuromancer": "cyberpunk, hackers, dystopian future, neon cities",
    "Snow Crash": "cyberpunk, satire, virtual reality, hackers",
    "Blade Runner": "cyberpunk, neo-noir, androids, rain-soaked future city",
    "Kind of Blue": "modal jazz, cool, nocturnal, trumpet",
    "A Love Supreme": "spiritual jazz, saxophone, intense, meditative",
    "Mingus Ah Um": "hard bop jazz, swing, exuberant, bass",
    "War and Peace": "Russian historical novel, Napoleonic wars, aristocracy",
    "Anna Karenina": "Russian realist novel, love, society, tragedy",
    "Resurrection": "Russian realist novel, guilt, redemption, prisons",
}
GENERIC_LINE = "atmospheric, slow, melancholic"


def describe_items(data: dict, body: dict) -> dict:
    return {
        "items": [
            {"id": item["id"], "line": LINES.get(item["title"], GENERIC_LINE)}
            for item in data["items"]
        ]
    }


def parse_message(data: dict, body: dict) -> dict:
    return {"items": []}


def suggest(data: dict, body: dict) -> dict:
    return {"groups": [{"id": group["id"], "works": []} for group in data["groups"]]}


class FakeOpenAI:
    """The server; `await start()` returns its base URL (ending in /v1)."""

    def __init__(self, *, dim: int = 32) -> None:
        self.dim = dim
        self.requests: list[dict] = []
        self.tasks: dict[str, Callable[[dict, dict], dict]] = {
            "name_clusters": name_clusters,
            "describe_items": describe_items,
            "parse_message": parse_message,
            "suggest": suggest,
        }
        self._chat: deque[Answer] = deque()
        self._embed: deque[Answer] = deque()
        self._released = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._on_chat)
        app.router.add_post("/v1/embeddings", self._on_embed)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self.url

    async def stop(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def then_chat(self, *answers: Answer) -> None:
        self._chat.extend(answers)

    def then_embed(self, *answers: Answer) -> None:
        self._embed.extend(answers)

    @property
    def chats(self) -> list[dict]:
        """Bodies of the chat requests received, in order."""
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    @property
    def embeddings(self) -> list[dict]:
        return [r["body"] for r in self.requests if r["path"].endswith("/embeddings")]

    def tasks_asked(self) -> list[str]:
        """The task of each chat request, in order ("repair" for a follow-up)."""
        return ["repair" if len(body["messages"]) > 2 else task_of(body) for body in self.chats]

    async def _on_chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._log(request, body)
        if self._chat:
            answer = self._chat.popleft()
            if answer.content is not None:
                return self._completion(body, answer.content)
            return await self._respond(answer)
        task = task_of(body)
        answer = self.tasks[task](document(body), body) if task in self.tasks else {}
        return self._completion(body, json.dumps(answer, ensure_ascii=False))

    async def _on_embed(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._log(request, body)
        if self._embed:
            return await self._respond(self._embed.popleft())
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        rows = []
        for index, text in enumerate(texts):
            vector = fake_vector(text, self.dim)
            if body.get("encoding_format") == "base64":
                encoded: object = base64.b64encode(vector.tobytes()).decode()
            else:
                encoded = vector.tolist()
            rows.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = sum(len(text) for text in texts) // 4 + 1
        return web.json_response(
            {
                "object": "list",
                "model": body["model"],
                "data": rows,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def _respond(self, answer: Answer) -> web.Response:
        """A scripted error, or a hang until the test ends (then a 503 nobody reads)."""
        if answer.hang:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._released.wait(), timeout=30)
            return web.json_response({"error": {"message": "gave up"}}, status=503)
        return web.json_response(answer.body or {}, status=answer.status, headers=answer.headers)

    def _completion(self, body: dict, content: str) -> web.Response:
        prompt = sum(len(m.get("content") or "") for m in body["messages"]) // 4 + 1
        completion = len(content) // 4 + 1
        return web.json_response(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )

    def _log(self, request: web.Request, body: dict) -> None:
        headers = dict(request.headers)
        self.requests.append({"path": request.path, "body": body, "headers": headers})


def document(body: dict) -> dict:
    """The JSON document of a chat request (its first user message)."""
    first = next(m for m in body["messages"] if m["role"] == "user")
    return json.loads(first["content"])


def task_of(body: dict) -> str:
    try:
        return str(document(body).get("task", ""))
    except (ValueError, StopIteration, AttributeError):
        return ""


def fake_vector(text: str, dim: int) -> np.ndarray:
    """A repeatable vector for `text` (not unit length, as some servers send)."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).normal(size=dim).astype(np.float32) * 3
