"""Generic spreadsheets: CSV or TSV with a title column and any of the usual others."""

from __future__ import annotations

import re

from engine.items import Item, MediaType, normalise_text
from engine.messages import Message, TasteError

from . import ImportResult, Skipped, register
from .source import Source, Table

MAX_TITLE_CHARS = 300

# Header names people use, in English and Russian, normalised by `normalise_text`.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "work", "название", "наименование", "заголовок", "произведение"),
    "type": ("type", "kind", "media", "media type", "category", "тип", "вид", "категория"),
    "creator": (
        "creator",
        "author",
        "authors",
        "director",
        "directors",
        "artist",
        "artists",
        "band",
        "composer",
        "автор",
        "авторы",
        "режиссер",
        "режиссеры",
        "исполнитель",
        "группа",
        "композитор",
        "создатель",
    ),
    "year": ("year", "release year", "year published", "год", "год выпуска", "год издания"),
    "genres": ("genres", "genre", "жанр", "жанры"),
    "tags": ("tags", "tag", "labels", "shelves", "теги", "метки", "полки"),
    "description": (
        "description",
        "notes",
        "note",
        "comment",
        "описание",
        "заметки",
        "комментарий",
    ),
    "rating": ("rating", "my rating", "score", "оценка", "моя оценка", "рейтинг"),
    "date": ("date", "watched date", "date read", "date added", "дата", "дата просмотра"),
}
_LOOKUP = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
_LIST_SPLIT = re.compile(r"\s*[,;|/]\s*")
_YEAR = re.compile(r"^\s*(\d{4})")


def column_map(header: list[str]) -> dict[str, int]:
    """Which position holds which known column; the first match of each wins."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        column = _LOOKUP.get(normalise_text(name))
        if column and column not in found:
            found[column] = index
    return found


def parse_year(raw: str) -> int | None:
    match = _YEAR.match(raw or "")
    if not match:
        return None
    year = int(match.group(1))
    return year if 0 < year <= 2100 else None


def parse_rating(raw: str) -> float | None:
    try:
        value = float((raw or "").strip().replace(",", "."))
    except ValueError:
        return None
    return value if value > 0 else None


def split_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in _LIST_SPLIT.split(raw or "") if part.strip())


class GenericTable:
    """Any delimited table whose header names a title column."""

    name = "csv"

    def score(self, source: Source) -> float:
        table = source.table
        if table is None or "title" not in column_map(table.header):
            return 0.0
        return 0.5

    def read(self, source: Source) -> ImportResult:
        table = source.table
        assert table is not None  # score() said so
        columns = column_map(table.header)
        if "title" not in columns:
            raise TasteError("unknown_layout", name=source.name, found=", ".join(table.header))
        if not table.rows:
            raise TasteError("header_only", name=source.name)
        result = ImportResult(path=source.name, format=self.name)
        for row in table.rows:
            item = self._read_row(table, columns, row.cells, row.line, result.skipped)
            if item is not None:
                result.items.append(item.with_(source=self.name))
        return result

    def _read_row(
        self,
        table: Table,
        columns: dict[str, int],
        cells: list[str],
        line: int,
        skipped: list[Skipped],
    ) -> Item | None:
        if len(cells) != len(table.header):
            skipped.append(
                Skipped(
                    line,
                    Message(
                        "ragged_row",
                        {"line": line, "got": len(cells), "expected": len(table.header)},
                    ),
                )
            )

        def cell(column: str) -> str:
            index = columns.get(column)
            if index is None or index >= len(cells):
                return ""
            return cells[index].strip()

        title = cell("title")
        if not title:
            skipped.append(Skipped(line, Message("no_title", {"line": line})))
            return None
        if len(title) > MAX_TITLE_CHARS:
            skipped.append(
                Skipped(
                    line,
                    Message(
                        "title_too_long",
                        {"line": line, "length": len(title), "limit": MAX_TITLE_CHARS},
                    ),
                )
            )
            return None
        year = parse_year(cell("year"))
        if cell("year") and year is None:
            skipped.append(
                Skipped(line, Message("bad_year", {"line": line, "value": cell("year")}))
            )
        return Item(
            title=title,
            type=MediaType.parse(cell("type")),
            creator=cell("creator"),
            year=year,
            genres=split_list(cell("genres")),
            tags=split_list(cell("tags")),
            description=cell("description"),
            rating=parse_rating(cell("rating")),
            date=cell("date") or None,
        )


register(GenericTable())
