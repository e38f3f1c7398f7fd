"""Knowledge from the language model: one neutral line (genre, mood, setting) for each work that
nothing else describes, so that bare titles carry taste into the embedding.

Works are described in batches, once per model for everyone: the lines are kept in the
library's `llm_descriptions` table under the work's identity (type, title, creator, year) and
the model id, and an empty line records that the model did not know the work, so it is not
asked again. Lines are written in English whatever the person's language, so one line serves
all people; the multilingual embedder reads them alongside Russian titles.
"""

from __future__ import annotations

import asyncio
import logging

from engine.items import Item, title_key
from engine.llm.client import Deadline, LLMError, read_json
from engine.llm.data import DATA_RULE, data_message, one_line, work_data
from engine.llm.session import LLMSession

logger = logging.getLogger(__name__)

BATCH = 40
MAX_LINE_CHARS = 200
DEADLINE_SHARE = 0.6
"""Describing may use this share of a map's time; naming gets the rest."""

SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "line": {"type": "string"}},
                "required": ["id", "line"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["items"],
    "additionalProperties": False,
}

_SYSTEM = """You describe films, books and music for a search index. {rule}
For each work in the document write one neutral line in English of at most 20 words: its \
genre, its mood and its setting or sound, as a list of descriptive words, with no opinion, no \
plot spoilers and no title. If you do not know the work, give an empty line rather than a \
guess.
Answer with JSON only, exactly in this form: {{"items": [{{"id": 1, "line": "..."}}]}}, one \
entry per work, with the ids of the document."""


def work_id(item: Item) -> str:
    """A work's identity for the description cache: type, title, creator and year."""
    return f"{item.type.value}|{title_key(item.title)}|{title_key(item.creator)}|{item.year or ''}"


def needs_description(item: Item) -> bool:
    return not item.genres and not item.description


class LLMDescriber:
    """Describes bare works with the model; a `Knowledge` source that also knows `describe`."""

    def __init__(
        self, llm: LLMSession, *, cache=None, batch: int = BATCH, parallel: int = 2
    ) -> None:
        self._llm = llm
        self._cache = cache
        self._batch = batch
        self._parallel = asyncio.Semaphore(parallel)
        self._lines: dict[str, str] = {}
        self._asked = 0

    def lookup(self, item: Item) -> Item | None:
        """The work with the line already written for it, or None."""
        line = self._lines.get(work_id(item))
        return item.with_(description=line) if line else None

    async def describe(self, items: list[Item]) -> list[Item]:
        """`items` in order, each bare one with its line when the model knows the work."""
        works = {work_id(item): item for item in items if needs_description(item)}
        missing = [work for work in works if work not in self._lines]
        if missing and self._cache is not None:
            self._lines.update(await self._cache.cached_descriptions(self._llm.model_id, missing))
            missing = [work for work in missing if work not in self._lines]
        if missing:
            deadline = self._llm.deadline.share(DEADLINE_SHARE)
            batches = [missing[i : i + self._batch] for i in range(0, len(missing), self._batch)]
            await asyncio.gather(
                *(self._describe([works[w] for w in b], deadline) for b in batches)
            )
        described = [
            item.with_(description=line)
            if needs_description(item) and (line := self._lines.get(work_id(item)))
            else item
            for item in items
        ]
        logger.info(
            "%d bare works, %d described by the model",
            len(works),
            sum(1 for work in works if self._lines.get(work)),
        )
        return described

    async def _describe(self, batch: list[Item], deadline: Deadline) -> None:
        async with self._parallel:
            if self._asked >= self._llm.limits.describe_requests:
                return
            self._asked += 1
            messages = [
                {"role": "system", "content": _SYSTEM.format(rule=DATA_RULE)},
                data_message(
                    {
                        "task": "describe_items",
                        "items": [
                            {"id": number, **work_data(item, about=False)}
                            for number, item in enumerate(batch, start=1)
                        ],
                    }
                ),
            ]
            try:
                reply = await self._llm.ask(
                    messages,
                    schema_name="item_descriptions",
                    schema=SCHEMA,
                    max_tokens=40 * len(batch) + 100,
                    deadline=deadline,
                )
            except LLMError as error:
                logger.warning("describing %d works failed (%s)", len(batch), error)
                return
        lines = read_lines(reply.text, len(batch))
        found = {work_id(batch[number - 1]): line for number, line in lines.items()}
        self._lines.update(found)
        if found and self._cache is not None:
            await self._cache.store_descriptions(self._llm.model_id, found)


def read_lines(text: str, count: int) -> dict[int, str]:
    """The lines of an answer by work number (1..count); unusable entries are left out."""
    try:
        data = read_json(text)
    except ValueError:
        logger.warning("the descriptions answer was not JSON")
        return {}
    entries = data.get("items") if isinstance(data, dict) else None
    lines: dict[int, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        number = entry.get("id") if isinstance(entry, dict) else None
        usable = isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= count
        if usable and number not in lines and isinstance(entry.get("line"), str):
            lines[number] = one_line(entry["line"], MAX_LINE_CHARS)
    return lines
