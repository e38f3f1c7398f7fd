"""Reading the files people have into items.

Each format is a `Reader`: it scores how sure it is that a file is its format (from content
and header, never from the name alone) and reads it. `read_file` and `read_bytes` pick the
most confident reader. New formats plug in with `register`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from engine.items import Item
from engine.messages import Message, TasteError

from .source import Source

logger = logging.getLogger(__name__)

__all__ = ["ImportResult", "Reader", "Skipped", "Source", "read_bytes", "read_file", "register"]


@dataclass(frozen=True)
class Skipped:
    """A row that was not imported (or imported with a loss), and why."""

    line: int
    reason: Message


@dataclass
class ImportResult:
    """What one file gave: its format, its items in file order, and what was skipped."""

    path: str
    format: str
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class Reader(Protocol):
    name: str

    def score(self, source: Source) -> float:
        """How sure this reader is that `source` is its format, from 0 (not) to 1 (certain)."""
        ...

    def read(self, source: Source) -> ImportResult: ...


_READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    """Add a reader; the most confident registered reader reads each file."""
    _READERS.append(reader)
    return reader


def read_file(path: str | Path, *, max_bytes: int = 20 * 1024 * 1024) -> ImportResult:
    """Read one file of any supported format. Raises `TasteError` with a sentence for a person."""
    path = Path(path)
    if not path.is_file():
        raise TasteError("not_found", name=path.name)
    size = path.stat().st_size
    if size > max_bytes:
        raise TasteError("too_big", name=path.name, size=_mb(size), limit=_mb(max_bytes))
    return read_bytes(path.read_bytes(), name=path.name, max_bytes=max_bytes)


def read_bytes(data: bytes, *, name: str, max_bytes: int = 20 * 1024 * 1024) -> ImportResult:
    """Read a file given as bytes (an upload); `name` is only used in messages."""
    if len(data) > max_bytes:
        raise TasteError("too_big", name=name, size=_mb(len(data)), limit=_mb(max_bytes))
    source = Source(name=name, data=data)
    if not data.strip():
        raise TasteError("empty_file", name=name)
    _load_builtin_readers()
    scored = sorted(((r.score(source), i, r) for i, r in enumerate(_READERS)), reverse=True)
    best_score, _, reader = scored[0]
    if best_score <= 0:
        raise TasteError("unknown_format", name=name)
    logger.debug("%s read as %s (score %.2f)", name, reader.name, best_score)
    result = reader.read(source)
    logger.info(
        "read %d items from a %s file, skipped %d",
        len(result.items),
        result.format,
        len(result.skipped),
    )
    return result


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def _load_builtin_readers() -> None:
    if _READERS:
        return
    from . import table, text  # noqa: F401  (each module registers its readers)
