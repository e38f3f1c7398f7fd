"""Lending items what is known about them: genres, tags, a description, a missing type or year.

Bare titles carry little taste for a small embedding model; the genres and moods a catalog,
an export or an LLM knows are what put "Hereditary" next to other horror. Each source of
knowledge is a `Knowledge` object; `enrich` asks them in order and keeps the first answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from engine.items import Item, MediaType

logger = logging.getLogger(__name__)


class Knowledge(Protocol):
    def lookup(self, item: Item) -> Item | None:
        """The same work as `item` with what this source knows, or None when unknown."""
        ...


@dataclass(frozen=True)
class Enriched:
    items: list[Item]
    matched: int


def enrich(items: list[Item], sources: list[Knowledge]) -> Enriched:
    """Items with the first known match of each merged in; the person's own data wins."""
    result, matched = [], 0
    for item in items:
        known = next((found for source in sources if (found := source.lookup(item))), None)
        if known is None:
            result.append(item)
            continue
        matched += 1
        result.append(lend(item, known))
    if items:
        logger.info("enriched %d of %d items", matched, len(items))
    return Enriched(result, matched)


def lend(item: Item, known: Item) -> Item:
    """`item` completed with `known`'s facts where `item` has none."""
    return item.with_(
        type=item.type if item.type is not MediaType.OTHER else known.type,
        creator=item.creator or known.creator,
        year=item.year or known.year,
        genres=tuple(dict.fromkeys(item.genres + known.genres)),
        tags=tuple(dict.fromkeys(item.tags + known.tags)),
        description=item.description or known.description,
    )
