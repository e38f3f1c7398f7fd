"""What tastemap knows about works, offline: films, books and music with genres and moods.

Two sources, read from installed files, never copied into the repository:
- films 1940-2014 from the CC0 Wikidata table in `bokeh-sampledata` (`movies.db`, table
  `omdb`);
- the hand-written tables in `engine/data/catalog/*.csv`: books, music, films after 2014,
  series, and Soviet and Russian films, with English and Russian titles (see FORMAT.md there).

A `Catalog` matches a person's items to entries (`lookup`, the `Knowledge` protocol of
`engine.enrich`) and guesses a missing media type (`guess_type`).
"""

from __future__ import annotations

import csv
import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from engine.items import Item, MediaType, title_key

logger = logging.getLogger(__name__)

_OMDB_GENRES = {"sci-fi": "science fiction", "film-noir": "film noir", "music": "musical"}
# Hand-written entries are well-known works; among same-titled films they come first.
_CURATED, _OMDB = 0, 1


@dataclass(frozen=True)
class Entry:
    """One catalog work: an `Item` with its other titles and how well known it is."""

    item: Item
    titles: tuple[str, ...]
    creator_ru: str = ""
    form: str = ""
    origin: int = _CURATED
    fame: int = 0

    @property
    def curated(self) -> bool:
        """One of the hand-written landmark works (as opposed to the big film table)."""
        return self.origin == _CURATED

    def creator_words(self) -> set[str]:
        return _name_words(self.item.creator) | _name_words(self.creator_ru)


class Catalog:
    """An index of entries by every title key they are known by."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_title: dict[str, list[int]] = defaultdict(list)
        self._by_subtitle: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(entries):
            for key in {title_key(t) for t in entry.titles if t}:
                if key:
                    self._by_title[key].append(index)
            # "The Lord of the Rings: The Fellowship of the Ring" is also "The Fellowship...".
            for title in entry.titles:
                _, colon, tail = title.partition(":")
                if colon and len(title_key(tail).split()) >= 2:
                    self._by_subtitle[title_key(tail)].append(index)

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, item: Item) -> list[Entry]:
        """Entries that could be `item`: same title, and type, creator and year agreeing."""
        key = title_key(item.title)
        # A full title first; the part after a colon ("The Fellowship of the Ring" for
        # "The Lord of the Rings: ...") only when no work of the full title fits.
        found = self._fitting(item, self._by_title.get(key, []))
        if not found:
            found = self._fitting(item, self._by_subtitle.get(key, []))
        return sorted(found, key=lambda e: (e.origin, -e.fame))

    def _fitting(self, item: Item, indices: list[int]) -> list[Entry]:
        """The entries of `indices` whose type, creator and year agree with `item`'s."""
        found = [self.entries[i] for i in indices]
        if item.type is not MediaType.OTHER:
            found = [e for e in found if e.item.type is item.type]
        words = _name_words(item.creator)
        if words:
            found = [e for e in found if words & e.creator_words()]
        if item.year:
            slack = 3 if words else 1
            found = [e for e in found if not e.item.year or abs(e.item.year - item.year) <= slack]
        return found

    def lookup(self, item: Item) -> Item | None:
        """The best-known entry that is the same work as `item`, or None."""
        found = self.candidates(item)
        return found[0].item if found else None

    def guess_type(self, item: Item) -> MediaType | None:
        """The media type of `item` when the catalog can tell, else None."""
        found = self.candidates(item)
        # A soundtrack is named after its film (or book): the title alone means the story.
        stories = [e for e in found if not _is_soundtrack(e)]
        if stories and len(stories) < len(found):
            found = stories
        if not found:
            return None
        types = {e.item.type for e in found}
        if len(types) == 1:
            return found[0].item.type
        # A curated entry (a famous work) wins over films of the same name from the big table.
        curated = {e.item.type for e in found if e.origin == _CURATED}
        return curated.pop() if len(curated) == 1 else None

    def match_rate(self, items: list[Item]) -> float:
        return sum(1 for item in items if self.candidates(item)) / len(items) if items else 0.0


_SOUNDTRACK_GENRES = {"soundtrack", "film score"}


def _is_soundtrack(entry: Entry) -> bool:
    return entry.item.type is MediaType.MUSIC and bool(_SOUNDTRACK_GENRES & set(entry.item.genres))


@cache
def load_catalog() -> Catalog:
    """The whole offline catalog, loaded once per process (~0.5 s)."""
    entries = list(_curated_entries()) + list(_omdb_entries())
    logger.info("catalog loaded: %d entries", len(entries))
    return Catalog(entries)


def _curated_entries():
    folder = files("engine").joinpath("data", "catalog")
    for resource in sorted(folder.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".csv"):
            continue
        for row in csv.DictReader(resource.read_text(encoding="utf-8").splitlines()):
            yield _curated_entry(row)


def _curated_entry(row: dict[str, str]) -> Entry:
    item = Item(
        title=row["title"],
        type=MediaType(row["type"]),
        creator=row["creator"],
        year=int(row["year"]) if row["year"].strip().lstrip("-").isdigit() else None,
        genres=_split(row["genres"]),
        tags=_split(row["tags"]),
        source="catalog",
    )
    titles = (row["title"], row.get("original_title", ""), row.get("title_ru", ""))
    return Entry(
        item=item,
        titles=titles,
        creator_ru=row.get("creator_ru", ""),
        form=row.get("form", ""),
        origin=_CURATED,
    )


def _omdb_entries():
    path = omdb_path()
    if path is None:
        logger.warning(
            "bokeh-sampledata's movies.db is missing: the catalog has no 1940-2014 film table"
        )
        return
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            'SELECT Title, Year, Genre, Director, Metacritic, Oscars, "Cast" '
            "FROM omdb WHERE Title IS NOT NULL"
        ).fetchall()
    for title, year, genre, director, metacritic, oscars, cast in rows:
        # Wikidata lists the specific genres first; later ones are mostly generic.
        genres = tuple(_OMDB_GENRES.get(g.lower(), g.lower()) for g in _split(genre, ",")[:3])
        item = Item(
            title=title,
            type=MediaType.MOVIE,
            creator=_first_names(director),
            year=year,
            genres=genres,
            source="catalog",
        )
        fame = (metacritic or 0) + 50 * (oscars or 0) + len(_split(cast, ","))
        yield Entry(item=item, titles=(title,), form="film", origin=_OMDB, fame=fame)


def omdb_path() -> Path | None:
    """Where bokeh-sampledata's movies.db is installed, or None."""
    try:
        path = Path(str(files("bokeh_sampledata").joinpath("_data", "movies.db")))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def _split(raw: str | None, separator: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in (raw or "").split(separator) if part.strip())


def _first_names(raw: str | None, limit: int = 2) -> str:
    return " & ".join(_split(raw, ",")[:limit])


_STOP_WORDS = {"the", "and", "of", "von", "van", "de", "la", "le", "и"}


def _name_words(name: str) -> set[str]:
    """Stems of a creator's name worth matching on: no initials, articles or "and".

    A stem is the first six letters, so "Wachowskis" meets "Wachowski" and "Тарковского"
    meets "Тарковский".
    """
    return {w[:6] for w in title_key(name).split() if len(w) > 2 and w not in _STOP_WORDS}
