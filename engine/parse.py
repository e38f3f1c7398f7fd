"""Understanding what a person types: "Dune (2021)", "книга: Мастер и Маргарита — Булгаков"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from engine.items import Item, MediaType

_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-*•·–—]|\d{1,3}\s*-)\s+")
_TYPE_PREFIX = re.compile(
    r"^(?P<word>movie|film|series|tv series|show|anime|book|novel|comic|track|song|album|music|"
    r"фильм|кино|сериал|мультфильм|аниме|книга|книгу|роман|повесть|комикс|трек|песня|песню|"
    r"альбом|музыка)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\s*[(\[]\s*(?P<year>1[0-9]{3}|20[0-9]{2})\s*[)\]]\s*$")
_TRAILING_YEAR = re.compile(r",\s*(?P<year>1[0-9]{3}|20[0-9]{2})\s*$")
_BY = re.compile(r"^(?P<title>.+?)\s+(?:by|от|автор[а]?)\s+(?P<creator>[^,]+)$", re.IGNORECASE)
_DASH = re.compile(r"^(?P<left>.+?)\s+[–—]\s+(?P<right>.+)$")
_HYPHEN = re.compile(r"^(?P<left>.+?)\s+-\s+(?P<right>.+)$")
_QUOTES = "\"'«»„“”‘’`"


@dataclass(frozen=True)
class ParsedItem:
    item: Item
    type_given: bool


def clean(text: str) -> str:
    """Drop emoji, control characters, list markers, quotes and extra spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if _keep(ch))
    text = _LIST_MARKER.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(_QUOTES + " .;").strip()


def _keep(ch: str) -> bool:
    category = unicodedata.category(ch)
    return not (category in {"So", "Cs", "Co", "Cn"} or (category == "Cc" and ch not in "\t"))


def split_message(text: str) -> list[str]:
    """A message as candidate lines: one per line, numbered and bulleted lists included."""
    return [line for line in (clean(raw) for raw in text.splitlines()) if line]


def parse_line(line: str) -> ParsedItem | None:
    """One line of text as an item, or None when nothing that could be a title is left."""
    text = clean(line)
    media, type_given = MediaType.OTHER, False
    prefix = _TYPE_PREFIX.match(text)
    if prefix and len(text) > prefix.end():
        media, type_given = MediaType.parse(prefix.group("word")), True
        text = text[prefix.end() :].strip()

    year = None
    for pattern in (_YEAR, _TRAILING_YEAR):
        match = pattern.search(text)
        if match:
            year = int(match.group("year"))
            text = text[: match.start()].strip()
            break

    title, creator = _split_creator(text, media)
    title = title.strip(_QUOTES + " ")
    creator = creator.strip(_QUOTES + " ")
    if not title or not any(ch.isalnum() for ch in title):
        return None
    return ParsedItem(Item(title=title, type=media, creator=creator, year=year), type_given)


def parse_message(text: str) -> list[ParsedItem]:
    """Every item in a chat message; a list adds one item per line."""
    return [parsed for line in split_message(text) if (parsed := parse_line(line))]


def _split_creator(text: str, media: MediaType) -> tuple[str, str]:
    by = _BY.match(text)
    if by:
        return by.group("title"), by.group("creator")
    dash = _DASH.match(text)
    if dash:
        return dash.group("left"), dash.group("right")
    hyphen = _HYPHEN.match(text)
    if hyphen:
        # "Artist - Track" is how players and scrobblers write music.
        if media is MediaType.MUSIC:
            return hyphen.group("right"), hyphen.group("left")
        return hyphen.group("left"), hyphen.group("right")
    return text, ""
