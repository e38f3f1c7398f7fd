"""Reading a free-form chat message with the language model, when the offline parser cannot.

"вчера посмотрел Сталкер Тарковского и слушал OK Computer" is one line to the offline parser;
the model reads two works in it, with their types, creators and years. Its answer is checked:
a title must be written in the message itself (so nothing is invented), types come from a
fixed list, years must be plausible.
"""

from __future__ import annotations

import datetime as dt
import logging

from engine.items import Item, MediaType, normalise_text
from engine.llm.client import read_json
from engine.llm.data import DATA_RULE, data_message, one_line
from engine.llm.session import LLMSession
from engine.parse import ParsedItem

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_ITEMS = 30

SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "type": {"type": "string", "enum": ["movie", "book", "music", "other"]},
                    "creator": {"type": "string"},
                    "year": {"type": ["integer", "null"]},
                },
                "required": ["title", "type", "creator", "year"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["items"],
    "additionalProperties": False,
}

_SYSTEM = """You find the films, series, books and music a person mentions in a chat message. \
{rule}
The document holds the message. List every work it names: "title" exactly as written in the \
message (in its grammatical base form if the message inflects it), "type" one of movie, \
book, music, other (series count as movie, albums and songs as music), "creator" the \
director, author or artist in the usual spelling of the message's language ("" if you are \
not sure), "year" of first release (null if you are not sure). Do not add works the message \
does not name.
Answer with JSON only, exactly in this form: \
{{"items": [{{"title": "...", "type": "movie", "creator": "...", "year": 1979}}]}}; \
an empty list if the message names no work."""


def looks_unparsed(message: str, parsed: list[ParsedItem]) -> bool:
    """Whether the offline parser found nothing sensible in `message`: no items, or only items
    of unknown type of which one reads like a sentence rather than a title."""
    if not any(ch.isalpha() for ch in message):
        return False
    if not parsed:
        return True
    unknown = all(p.item.type is MediaType.OTHER for p in parsed)
    return unknown and any(len(p.item.title.split()) >= 4 for p in parsed)


async def parse_chat(message: str, *, llm: LLMSession) -> list[ParsedItem]:
    """The works `message` names, read by the model; raises `LLMError` when it cannot answer."""
    text = message[:MAX_MESSAGE_CHARS]
    messages = [
        {"role": "system", "content": _SYSTEM.format(rule=DATA_RULE)},
        data_message({"task": "parse_message", "message": text}),
    ]
    reply = await llm.ask(messages, schema_name="parsed_items", schema=SCHEMA, max_tokens=800)
    items = read_items(reply.text, text)
    logger.info("the model read %d works in a message", len(items))
    return [ParsedItem(item) for item in items]


def read_items(answer: str, message: str) -> list[Item]:
    """The works of an answer that the message really names, without repeats."""
    try:
        data = read_json(answer)
    except ValueError:
        logger.warning("the parsing answer was not JSON")
        return []
    entries = data.get("items") if isinstance(data, dict) else None
    said = f" {normalise_text(message)} "
    items: list[Item] = []
    for entry in (entries if isinstance(entries, list) else [])[:MAX_ITEMS]:
        if not isinstance(entry, dict):
            continue
        title = one_line(entry.get("title"), 300)
        if not title or not _named_in(title, said):
            continue
        item = Item(
            title=title,
            type=MediaType.parse(one_line(entry.get("type"), 20)),
            creator=one_line(entry.get("creator"), 200),
            year=plausible_year(entry.get("year")),
        )
        if all(other.key != item.key for other in items):
            items.append(item)
    return items


def _named_in(title: str, said: str) -> bool:
    """Whether every word of `title` starts a word of the message (Russian inflects words)."""
    words = normalise_text(title).split()
    return bool(words) and all(
        f" {word} " in said or (len(word) >= 4 and f" {word[: max(4, len(word) - 2)]}" in said)
        for word in words
    )


def plausible_year(value: object) -> int | None:
    """A year of release from an answer, or None when it is not a plausible one."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1000 <= value <= dt.date.today().year + 1 else None
    return None
