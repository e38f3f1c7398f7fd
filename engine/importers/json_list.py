"""A JSON list of objects with title-like keys: `[{"title": "Dune", "author": "..."}]`.

The list may also be the one list inside an object (`{"items": [...]}`). Keys are matched
like spreadsheet headers (English or Russian); values may be text, numbers or lists of text.
Entries are numbered from 1 in messages.
"""

from __future__ import annotations

import logging

from engine.messages import TasteError

from . import ImportResult, register
from .source import Row, Source, Table
from .table import COLUMNS, GenericTable, column_map, creator_type

logger = logging.getLogger(__name__)

_MAX_KEYS = 100


def _entries(data: object) -> list[dict] | None:
    """The list of objects in `data`, itself or the only list of objects inside it."""
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list):
        return None
    entries = [entry for entry in data if isinstance(entry, dict)]
    return entries or None


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if isinstance(part, str | int | float))
    return ""


def _table(entries: list[dict]) -> Table:
    """Entries as a table of canonical columns; each entry's first filled alias of a column wins.

    Objects written by hand mix their keys ("title" in one, "name" in the next).
    """
    header = list(COLUMNS)
    rows = []
    for number, entry in enumerate(entries, start=1):
        canonical: dict[str, str] = {}
        told = None  # the type the creator's key tells ("director"), as a header would
        for key, value in list(entry.items())[:_MAX_KEYS]:
            name = next(iter(column_map([str(key)])), None)
            if name and name not in canonical and (cell := _cell(value)):
                canonical[name] = cell
                told = creator_type(str(key)) if name == "creator" else told
        if told is not None:
            canonical.setdefault("type", told.value)
        rows.append(Row(number, [canonical.get(name, "") for name in header]))
    return Table("", header, rows)


def _titled(entries: list[dict]) -> bool:
    """Whether any of the entries has a title-like key."""
    return any("title" in column_map([str(key) for key in entry]) for entry in entries)


class JsonList:
    name = "json"

    def score(self, source: Source) -> float:
        if source.json is None:
            return 0.0
        entries = _entries(source.json)
        return 0.5 if entries and _titled(entries[:20]) else 0.2

    def read(self, source: Source) -> ImportResult:
        entries = _entries(source.json)
        if not entries:
            found = list(source.json)[:20] if isinstance(source.json, dict) else []
            raise TasteError("json_unknown", name=source.name, found=_names(found))
        if not _titled(entries):
            keys = dict.fromkeys(str(key) for entry in entries[:20] for key in entry)
            raise TasteError("json_unknown", name=source.name, found=_names(list(keys)))
        return GenericTable().read_table(source, _table(entries), format=self.name)


def _names(keys: list[str]) -> str:
    return ", ".join(str(key) for key in keys)[:300] or "—"


register(JsonList())
