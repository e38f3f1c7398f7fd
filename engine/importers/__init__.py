"""Reading the files people have into items.

Each format is a `Reader`: it scores how sure it is that a file is its format (from content
and header, never from the name alone) and reads it. `read_file` and `read_bytes` pick the
most confident reader. New formats plug in with `register`.

What every reader promises:
- items come in file order, one per row: repeats are left for `Library.add` (or
  `merge_duplicates`) to merge, so every rating and date of every row is seen;
- ratings are on a 10-point scale, dates are ISO `YYYY-MM-DD` where they can be read;
- watchlists and to-read shelves come as `Item.want=True`;
- listening histories (Last.fm, Spotify) are counted into tracks with `Item.plays`, each
  play named in `Item.heard`, and only the most played are kept (see `listens.py`);
- a bad row is skipped with a reason and the good rows are still read; only a file that
  cannot be read at all raises `TasteError`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from engine.items import Item, MediaType
from engine.messages import Message, TasteError

from .source import Source

if TYPE_CHECKING:
    from .listens import Listens

logger = logging.getLogger(__name__)

__all__ = ["ImportResult", "Reader", "Skipped", "Source", "read_bytes", "read_file", "register"]

MAX_TITLE_CHARS = 300
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    """A row that was not imported (or imported with a loss), and why.

    `line` 0 means the note is about the whole file; `file` names the file inside an archive.
    """

    line: int
    reason: Message
    file: str = ""

    def text(self, lang: str = "en") -> str:
        reason = self.reason.text(lang)
        return f"{self.file}: {reason}" if self.file else reason


@dataclass
class ImportResult:
    """What one file gave: its format, its items in file order, and what was skipped."""

    path: str
    format: str
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    listens: Listens | None = None

    def skip(self, line: int, key: str, /, **params: object) -> None:
        """Note that `line` was skipped (or read with a loss) for the reason `key`."""
        self.skipped.append(Skipped(line, Message(key, params)))

    def add(self, item: Item, line: int) -> bool:
        """Keep `item` read from `line` if its title is usable; otherwise note why not."""
        title = " ".join(item.title.split())
        if not title or not any(ch.isalnum() for ch in title):
            self.skip(line, "no_title", line=line)
            return False
        if len(title) > MAX_TITLE_CHARS:
            self.skip(line, "title_too_long", line=line, length=len(title), limit=MAX_TITLE_CHARS)
            return False
        self.items.append(
            item.with_(
                title=title,
                creator=" ".join(item.creator.split()),
                source=item.source or self.format,
            )
        )
        return True


class Reader(Protocol):
    name: str

    def score(self, source: Source) -> float:
        """How sure this reader is that `source` is its format, from 0 (not) to 1 (certain)."""
        ...

    def read(self, source: Source) -> ImportResult: ...


_READERS: list[Reader] = []
_BUILTINS_LOADED = False


def register(reader: Reader) -> Reader:
    """Add a reader; the most confident registered reader reads each file."""
    _READERS.append(reader)
    return reader


def read_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    guess_type: Callable[[Item], MediaType | None] | None = None,
) -> ImportResult:
    """Read one file of any supported format. Raises `TasteError` with a sentence for a person."""
    path = Path(path)
    if not path.is_file():
        raise TasteError("not_found", name=path.name)
    size = path.stat().st_size
    if size > max_bytes:
        raise TasteError(
            "too_big", name=path.name, size=megabytes(size), limit=megabytes(max_bytes)
        )
    return read_bytes(
        path.read_bytes(), name=path.name, max_bytes=max_bytes, guess_type=guess_type
    )


def read_bytes(
    data: bytes,
    *,
    name: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    guess_type: Callable[[Item], MediaType | None] | None = None,
) -> ImportResult:
    """Read a file given as bytes (an upload); `name` is used in messages and as a hint.

    `guess_type` (the catalog's) types items of plain text lists that do not say their type.
    """
    if len(data) > max_bytes:
        raise TasteError(
            "too_big", name=name, size=megabytes(len(data)), limit=megabytes(max_bytes)
        )
    source = Source(name=name, data=data, guess_type=guess_type, max_bytes=max_bytes)
    result = read_source(source)
    if result.listens is not None:
        from .listens import keep_favourites  # here: listens.py imports this module

        keep_favourites(result)
    logger.info(
        "read %d items from a %s file, skipped %d",
        len(result.items),
        result.format,
        len(result.skipped),
    )
    return result


def read_source(source: Source, *, archives: bool = True) -> ImportResult:
    """Read `source` with the most confident reader (archives only when `archives`)."""
    if not source.data.strip():
        raise TasteError("empty_file", name=source.name)
    _load_builtin_readers()
    readers = [r for r in _READERS if archives or r.name != "zip"]
    scored = sorted(((r.score(source), i, r) for i, r in enumerate(readers)), reverse=True)
    best_score, _, reader = scored[0]
    if best_score <= 0:
        if not source.is_text:
            _ = source.text  # raises the sentence saying why it is not text
        raise TasteError("unknown_format", name=source.name)
    logger.debug("%s read as %s (score %.2f)", source.name, reader.name, best_score)
    return reader.read(source)


def megabytes(size: int) -> str:
    """A size in bytes as megabytes for a sentence: "20", "1.5"."""
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def _load_builtin_readers() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    # Each module registers its readers when imported.
    from . import (  # noqa: F401
        archive,
        goodreads,
        imdb,
        json_list,
        kinopoisk,
        lastfm,
        letterboxd,
        spotify,
        table,
        text,
    )
