"""Each person's library of items, and the embedding cache, in one SQLite file (aiosqlite).

One connection is the single writer; aiosqlite runs it on its own thread, so nothing here
blocks the event loop. Every query about items is scoped by the person's id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite
import numpy as np

from engine.items import Item, MediaType, normalise_text, title_key

logger = logging.getLogger(__name__)

# Each entry moves the schema from version i to i + 1; never edit a shipped one.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        person TEXT NOT NULL,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        creator TEXT NOT NULL DEFAULT '',
        year INTEGER,
        genres TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        rating REAL,
        date TEXT,
        source TEXT NOT NULL DEFAULT '',
        want INTEGER NOT NULL DEFAULT 0,
        plays INTEGER NOT NULL DEFAULT 1,
        added_at REAL NOT NULL
    );
    CREATE INDEX items_person_key ON items (person, key);
    CREATE TABLE embeddings (
        model TEXT NOT NULL,
        digest BLOB NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model, digest)
    ) WITHOUT ROWID;
    CREATE TABLE people (
        person TEXT PRIMARY KEY,
        lang TEXT,
        settings TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # Every rating and date each source gave a work, so merging two sources loses neither.
    """
    CREATE TABLE marks (
        item INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        source TEXT NOT NULL DEFAULT '',
        rating REAL,
        date TEXT
    );
    CREATE UNIQUE INDEX marks_once ON marks (item, source, ifnull(rating, -1), ifnull(date, ''));
    INSERT OR IGNORE INTO marks (item, source, rating, date)
        SELECT id, source, rating, date FROM items
        WHERE rating IS NOT NULL OR date IS NOT NULL;
    """,
    # The language model's one-line descriptions of works, shared by everyone and kept per
    # model (an empty line: the model did not know the work), and each person's use of the
    # model per UTC day, for the per-person budget.
    """
    CREATE TABLE llm_descriptions (
        model TEXT NOT NULL,
        work TEXT NOT NULL,
        line TEXT NOT NULL,
        PRIMARY KEY (model, work)
    ) WITHOUT ROWID;
    CREATE TABLE llm_usage (
        person TEXT NOT NULL,
        day TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person, day)
    ) WITHOUT ROWID;
    """,
    # Each play of a listening history an item counts, by its name (`Item.heard`), so that
    # another part of the history adds its plays and the same file again adds none.
    """
    CREATE TABLE plays (
        item INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        heard TEXT NOT NULL,
        PRIMARY KEY (item, heard)
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


@dataclass(frozen=True)
class AddResult:
    added: int
    merged: int


@dataclass(frozen=True)
class Mark:
    """One rating or date a source gave a work (ratings on a 10-point scale)."""

    source: str
    rating: float | None
    date: str | None


@dataclass
class _Plan:
    """The rows one `Library.add` writes, by row id, and its marks and named plays."""

    inserts: dict[int, Item] = field(default_factory=dict)
    updates: dict[int, Item] = field(default_factory=dict)
    marks: list[tuple[int, str, float | None, str | None]] = field(default_factory=list)
    plays: list[tuple[int, str]] = field(default_factory=list)


def text_digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class Library:
    """People's items and the embedding cache. Open with `await Library.open(path)`."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | Path) -> Library:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path))
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA foreign_keys=ON")
        library = cls(db)
        await library._migrate()
        return library

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Library:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            (version,) = await cursor.fetchone()
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"the database has schema version {version}, newer than this tastemap "
                f"({SCHEMA_VERSION}); upgrade tastemap"
            )
        for number in range(version, SCHEMA_VERSION):
            await self._db.executescript(
                f"BEGIN; {_MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;"
            )
            logger.info("database schema upgraded to version %d", number + 1)

    # Items.

    async def add(self, person: str, items: list[Item]) -> AddResult:
        """Add items in one transaction, merging each with the same work already there.

        The works already there are read in a few queries and the batch is matched in
        memory, then written with one statement per kind of change: a 20,000-row file costs
        seconds, not minutes of one round trip per row.
        """
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            plan = await self._plan(person, items)
            await self._write(person, plan)
            await self._db.commit()
        except BaseException:
            await self._db.rollback()
            raise
        added = len(plan.inserts)  # every other item merged into a row, old or new
        logger.debug("library add: %d added, %d merged", added, len(items) - added)
        return AddResult(added=added, merged=len(items) - added)

    async def _plan(self, person: str, items: list[Item]) -> _Plan:
        """What adding `items` changes: new rows, merged rows, marks and plays."""
        known = await self._works(person, {item.key for item in items})
        async with self._db.execute("SELECT ifnull(max(id), 0) FROM items") as cursor:
            (last_id,) = await cursor.fetchone()
        plan = _Plan()
        for item in items:
            works = known.setdefault(item.key, [])
            index = next((i for i, (_, old) in enumerate(works) if same_work(old, item)), None)
            if index is None:
                last_id += 1
                row_id, stored = last_id, item
                works.append((row_id, item))
                plan.inserts[row_id] = item
            else:
                row_id, old = works[index]
                stored = merge_items(old, item)
                works[index] = (row_id, stored)
            # A row first written by this batch is inserted in its final state.
            changes = plan.inserts if row_id in plan.inserts else plan.updates
            changes[row_id] = stored
            if item.rating is not None or item.date:
                plan.marks.append((row_id, item.source, item.rating, item.date))
            plan.plays.extend((row_id, heard) for heard in item.heard)
        return plan

    async def _works(self, person: str, keys: set[str]) -> dict[str, list[tuple[int, Item]]]:
        """The person's items with any of `keys`, by key, oldest first."""
        found: dict[str, list[tuple[int, Item]]] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            async with self._db.execute(
                f"SELECT * FROM items WHERE person = ? AND key IN ({_marks(len(chunk))}) "
                "ORDER BY id",
                (person, *chunk),
            ) as cursor:
                async for row in cursor:
                    found.setdefault(row[2], []).append((row[0], _row_item(row)))
        return found

    async def _write(self, person: str, plan: _Plan) -> None:
        now = time.time()
        await self._db.executemany(
            "INSERT INTO items (id, person, key, type, title, creator, year, genres, tags, "
            "description, rating, date, source, want, plays, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (row_id, person, item.key, *_item_values(item), now)
                for row_id, item in plan.inserts.items()
            ],
        )
        await self._db.executemany(
            "UPDATE items SET type = ?, title = ?, creator = ?, year = ?, genres = ?, "
            "tags = ?, description = ?, rating = ?, date = ?, source = ?, want = ?, plays = ? "
            "WHERE id = ?",
            [(*_item_values(item), row_id) for row_id, item in plan.updates.items()],
        )
        await self._db.executemany(
            "INSERT OR IGNORE INTO marks (item, source, rating, date) VALUES (?, ?, ?, ?)",
            plan.marks,
        )
        # Named plays (`Item.heard`): an item's plays become all its distinct plays. Plays
        # counted before plays were named stay as they were when they are more: they cannot
        # be told apart from the named ones.
        await self._db.executemany(
            "INSERT OR IGNORE INTO plays (item, heard) VALUES (?, ?)", plan.plays
        )
        heard_by = sorted({row_id for row_id, _ in plan.plays})
        await self._db.executemany(
            "UPDATE items SET plays = max(plays, (SELECT COUNT(*) FROM plays WHERE item = ?)) "
            "WHERE id = ?",
            [(row_id, row_id) for row_id in heard_by],
        )

    async def count_new(self, person: str, items: list[Item]) -> int:
        """How many of `items` `add` would add as new works (the others merge)."""
        return len((await self._plan(person, items)).inserts)

    async def items(self, person: str, *, include_want: bool = False) -> list[Item]:
        """The person's items in the order they were added."""
        query = "SELECT * FROM items WHERE person = ?"
        if not include_want:
            query += " AND want = 0"
        async with self._db.execute(query + " ORDER BY id", (person,)) as cursor:
            return [_row_item(row) for row in await cursor.fetchall()]

    async def count(self, person: str) -> int:
        async with self._db.execute(
            "SELECT COUNT(*) FROM items WHERE person = ?", (person,)
        ) as cursor:
            (count,) = await cursor.fetchone()
        return count

    async def remove(self, person: str, title: str) -> list[Item]:
        """Remove the items whose title matches `title`; returns what was removed."""
        wanted = title_key(title)
        removed = [
            item
            for item in await self.items(person, include_want=True)
            if title_key(item.title) == wanted
        ]
        if removed:
            keys = sorted({item.key for item in removed})
            await self._db.execute(
                f"DELETE FROM items WHERE person = ? AND key IN ({_marks(len(keys))})",
                (person, *keys),
            )
            await self._db.commit()
        return removed

    async def remove_last(self, person: str, count: int) -> int:
        """Remove the `count` most recently added items (an undo)."""
        cursor = await self._db.execute(
            "DELETE FROM items WHERE id IN "
            "(SELECT id FROM items WHERE person = ? ORDER BY id DESC LIMIT ?)",
            (person, count),
        )
        await self._db.commit()
        return cursor.rowcount

    async def clear(self, person: str) -> int:
        cursor = await self._db.execute("DELETE FROM items WHERE person = ?", (person,))
        await self._db.commit()
        return cursor.rowcount

    async def forget(self, person: str) -> None:
        """Delete every trace of a person: items and settings."""
        await self._db.execute("DELETE FROM items WHERE person = ?", (person,))
        await self._db.execute("DELETE FROM people WHERE person = ?", (person,))
        await self._db.execute("DELETE FROM llm_usage WHERE person = ?", (person,))
        await self._db.commit()

    async def _find_same(self, person: str, item: Item) -> tuple[int, Item] | None:
        async with self._db.execute(
            "SELECT * FROM items WHERE person = ? AND key = ?", (person, item.key)
        ) as cursor:
            rows = await cursor.fetchall()
        for row in rows:
            old = _row_item(row)
            if same_work(old, item):
                return row[0], old
        return None

    async def marks(self, person: str, item: Item) -> list[Mark]:
        """Every rating and date the sources gave the work `item`, oldest import first."""
        found = await self._find_same(person, item)
        if found is None:
            return []
        async with self._db.execute(
            "SELECT source, rating, date FROM marks WHERE item = ? ORDER BY rowid", (found[0],)
        ) as cursor:
            return [Mark(*row) for row in await cursor.fetchall()]

    # People.

    async def person_settings(self, person: str) -> tuple[str | None, dict[str, object]]:
        async with self._db.execute(
            "SELECT lang, settings FROM people WHERE person = ?", (person,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None, {}
        return row[0], json.loads(row[1])

    async def save_person(
        self, person: str, *, lang: str | None, settings: dict[str, object]
    ) -> None:
        await self._db.execute(
            "INSERT INTO people (person, lang, settings) VALUES (?, ?, ?) "
            "ON CONFLICT (person) DO UPDATE SET lang = excluded.lang, "
            "settings = excluded.settings",
            (person, lang, json.dumps(settings)),
        )
        await self._db.commit()

    # Embedding cache, keyed by model id and the exact text.

    async def shared_works(self, *, min_people: int = 2, limit: int = 50_000) -> list[Item]:
        """Works found in the libraries of at least `min_people` people, as bare works.

        Only type, title, creator and year leave this method: never who has the work, nor
        anyone's ratings, dates, tags or sources. Most widely held first.
        """
        query = """
            SELECT type, MIN(title), MAX(creator), MIN(year)
            FROM items WHERE want = 0
            GROUP BY key
            HAVING COUNT(DISTINCT person) >= ?
            ORDER BY COUNT(DISTINCT person) DESC, MIN(id)
            LIMIT ?
        """
        async with self._db.execute(query, (min_people, limit)) as cursor:
            rows = await cursor.fetchall()
        return [
            Item(title=title, type=MediaType(type_), creator=creator or "", year=year)
            for type_, title, creator, year in rows
        ]

    async def cached_vectors(self, model: str, texts: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors for those of `texts` that have one."""
        found: dict[str, np.ndarray] = {}
        digests = {text_digest(text): text for text in texts}
        keys = list(digests)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            async with self._db.execute(
                "SELECT digest, vector FROM embeddings WHERE model = ? "
                f"AND digest IN ({_marks(len(chunk))})",
                (model, *chunk),
            ) as cursor:
                async for digest, blob in cursor:
                    found[digests[digest]] = np.frombuffer(blob, dtype=np.float32)
        return found

    async def store_vectors(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        await self._db.executemany(
            "INSERT OR REPLACE INTO embeddings (model, digest, vector) VALUES (?, ?, ?)",
            [
                (model, text_digest(text), np.asarray(vector, dtype=np.float32).tobytes())
                for text, vector in zip(texts, vectors, strict=True)
            ],
        )
        await self._db.commit()

    # The language model: descriptions of works (any person's), and each person's daily use.

    async def cached_descriptions(self, model: str, works: list[str]) -> dict[str, str]:
        """The lines `model` already wrote for those of `works` (identity keys) it was asked."""
        found: dict[str, str] = {}
        for start in range(0, len(works), 500):
            chunk = works[start : start + 500]
            async with self._db.execute(
                "SELECT work, line FROM llm_descriptions WHERE model = ? "
                f"AND work IN ({_marks(len(chunk))})",
                (model, *chunk),
            ) as cursor:
                async for work, line in cursor:
                    found[work] = line
        return found

    async def store_descriptions(self, model: str, lines: dict[str, str]) -> None:
        await self._db.executemany(
            "INSERT OR REPLACE INTO llm_descriptions (model, work, line) VALUES (?, ?, ?)",
            [(model, work, line) for work, line in lines.items()],
        )
        await self._db.commit()

    async def llm_usage(self, person: str, day: str) -> tuple[int, int]:
        """Requests and tokens `person` spent on the language model on `day` (YYYY-MM-DD)."""
        async with self._db.execute(
            "SELECT requests, tokens FROM llm_usage WHERE person = ? AND day = ?", (person, day)
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row else (0, 0)

    async def add_llm_usage(self, person: str, day: str, requests: int, tokens: int) -> None:
        await self._db.execute(
            "INSERT INTO llm_usage (person, day, requests, tokens) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (person, day) DO UPDATE SET requests = requests + excluded.requests, "
            "tokens = tokens + excluded.tokens",
            (person, day, requests, tokens),
        )
        await self._db.commit()


def _marks(count: int) -> str:
    return ",".join("?" * count)


def same_work(a: Item, b: Item) -> bool:
    """Whether two items with the same type and title key are one work (year or creator agree)."""
    if a.key != b.key:
        return False
    if a.year and b.year:
        return abs(a.year - b.year) <= 1
    creator_a, creator_b = normalise_text(a.creator), normalise_text(b.creator)
    if creator_a and creator_b:
        return _creators_overlap(creator_a, creator_b, music=a.type is MediaType.MUSIC)
    return True


# Words that name no one: "The xx" and "The Weeknd" share only "the".
_NO_NAME_WORDS = {"the", "a", "an", "and", "of", "feat", "ft", "featuring", "with", "и"}


def _creators_overlap(a: str, b: str, *, music: bool) -> bool:
    """Whether two normalised credits name the same people.

    Books and films: any name word in common ("Leo Tolstoy", "Lev Tolstoy"). Music, where
    tracks share titles ("Intro") across many artists: one credit's names all appear in the
    other ("Daft Punk" within "Daft Punk, Pharrell Williams").
    """
    words_a, words_b = set(a.split()) - _NO_NAME_WORDS, set(b.split()) - _NO_NAME_WORDS
    if not words_a or not words_b:
        return a == b
    if music:
        return words_a <= words_b or words_b <= words_a
    return bool(words_a & words_b)


def merge_items(old: Item, new: Item) -> Item:
    """One item from two sources: keep what each knows, union the lists.

    Plays are not summed here: two counts of plays without names may be the same plays. Named
    plays (`Item.heard`) are united, and `Library.add` counts them across imports.
    """
    heard = tuple(dict.fromkeys(old.heard + new.heard))
    sources = [s for s in dict.fromkeys([*old.source.split(", "), *new.source.split(", ")]) if s]
    return old.with_(
        creator=old.creator or new.creator,
        year=old.year or new.year,
        genres=tuple(dict.fromkeys(old.genres + new.genres)),
        tags=tuple(dict.fromkeys(old.tags + new.tags)),
        description=old.description or new.description,
        rating=new.rating if new.rating is not None else old.rating,
        date=new.date or old.date,
        source=", ".join(sources),
        want=old.want and new.want,
        plays=max(old.plays, new.plays, len(heard)),
        heard=heard,
    )


def merge_duplicates(items: list[Item]) -> list[Item]:
    """The same list with repeated works merged into their first occurrence."""
    merged: list[Item] = []
    by_key: dict[str, list[int]] = {}
    for item in items:
        for index in by_key.get(item.key, []):
            if same_work(merged[index], item):
                merged[index] = merge_items(merged[index], item)
                break
        else:
            by_key.setdefault(item.key, []).append(len(merged))
            merged.append(item)
    return merged


def _item_values(item: Item) -> tuple[object, ...]:
    return (
        item.type.value,
        item.title,
        item.creator,
        item.year,
        json.dumps(list(item.genres)),
        json.dumps(list(item.tags)),
        item.description,
        item.rating,
        item.date,
        item.source,
        int(item.want),
        item.plays,
    )


def _row_item(row: tuple) -> Item:
    (
        _id,
        _person,
        _key,
        type_,
        title,
        creator,
        year,
        genres,
        tags,
        description,
        rating,
        date,
        source,
        want,
        plays,
        _added,
    ) = row
    return Item(
        title=title,
        type=MediaType(type_),
        creator=creator,
        year=year,
        genres=tuple(json.loads(genres)),
        tags=tuple(json.loads(tags)),
        description=description,
        rating=rating,
        date=date,
        source=source,
        want=bool(want),
        plays=plays,
    )
