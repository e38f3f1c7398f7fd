"""Generic spreadsheets: CSV or TSV with a title column and any of the usual others.

Headers are matched in English and Russian. A file that is clearly a table (a header row of
names over rows of the same width) but has no title column is refused with the columns
found, rather than read line by line as text.
"""

from __future__ import annotations

import logging

from engine.items import Item, MediaType, normalise_text
from engine.messages import TasteError

from . import MAX_TITLE_CHARS, ImportResult, register
from .cells import (
    excel_text,
    iso_date,
    parse_rating,
    parse_year,
    split_list,
    unescape_formula,
)
from .source import Source, Table

logger = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "MAX_TITLE_CHARS",
    "GenericTable",
    "column_map",
    "parse_rating",
    "parse_year",
    "split_list",
]

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
    "want": ("want", "wishlist", "watchlist", "to read", "хочу", "в планах"),
    "plays": ("plays", "play count", "playcount", "scrobbles", "прослушивания"),
    "source": ("source", "источник"),
}
_LOOKUP = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
_YES = {"1", "yes", "y", "true", "x", "да", "+"}
# Without a type column, the name of the creator column tells the type.
_CREATOR_TYPES = {
    **dict.fromkeys(("director", "directors", "режиссер", "режиссеры"), MediaType.MOVIE),
    **dict.fromkeys(("author", "authors", "автор", "авторы"), MediaType.BOOK),
    **dict.fromkeys(
        ("artist", "artists", "band", "composer", "исполнитель", "группа", "композитор"),
        MediaType.MUSIC,
    ),
}
EXPECTED = "title / название, type / тип, creator / автор, year / год"


def creator_type(name: str) -> MediaType | None:
    """The media type a creator column's name tells ("director": movie), or None."""
    return _CREATOR_TYPES.get(normalise_text(name))


def column_map(header: list[str]) -> dict[str, int]:
    """Which position holds which known column; the first match of each wins."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        column = _LOOKUP.get(normalise_text(name))
        if column and column not in found:
            found[column] = index
    return found


def positions(header: list[str]) -> dict[str, int]:
    """Where each column is, by its normalised name (the first of repeated names wins)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        found.setdefault(normalise_text(name), index)
    return found


class Cells:
    """One row's cells by column name; a missing column or cell reads as empty text."""

    def __init__(self, cells: list[str], where: dict[str, int]) -> None:
        self._cells = cells
        self._where = where

    def __getitem__(self, column: str) -> str:
        index = self._where.get(column)
        if index is None or index >= len(self._cells):
            return ""
        return excel_text(self._cells[index])


def looks_like_header(table: Table, *, name_hint: bool = False) -> bool:
    """Whether the first row names columns (short distinct words) over rows of its width."""
    header = table.header
    if len(header) < 2 or len(set(header)) < len(header):
        return False
    if not all(
        cell and len(cell) <= 40 and not any(ch.isdigit() for ch in cell) for cell in header
    ):
        return False
    sample = table.rows[:20]
    if sample and sum(len(row.cells) == len(header) for row in sample) < 0.8 * len(sample):
        return False
    return len(header) >= 3 or name_hint or bool(column_map(header))


def check_table(source: Source, table: Table, result: ImportResult) -> None:
    """Refuse a table without rows; note the lines whose quotes were never closed."""
    if not table.rows:
        raise TasteError("header_only", name=source.name)
    for line in sorted(table.broken):
        result.skip(line, "unbalanced_quote", line=line)


def open_table(source: Source, format: str) -> tuple[Table, ImportResult, dict[str, int]]:
    """For a reader whose `score` found a table: the table, a result to fill and the header's
    column positions; refuses a table without rows."""
    table = source.table
    if table is None:
        raise TasteError("header_only", name=source.name)
    result = ImportResult(path=source.name, format=format)
    check_table(source, table, result)
    return table, result, positions(table.header)


def note_ragged(result: ImportResult, table: Table, line: int, cells: list[str]) -> None:
    """Say that a row has more or fewer cells than the header (it is still read)."""
    if len(cells) != len(table.header) and line not in table.broken:
        result.skip(line, "ragged_row", line=line, got=len(cells), expected=len(table.header))


class GenericTable:
    """Any delimited table whose header names a title column."""

    name = "csv"

    def score(self, source: Source) -> float:
        table = source.table
        if table is None:
            return 0.0
        if "title" in column_map(table.header):
            return 0.5
        hint = source.name.lower().endswith((".csv", ".tsv", ".tab"))
        return 0.3 if looks_like_header(table, name_hint=hint) else 0.0

    def read(self, source: Source) -> ImportResult:
        table = source.table
        if table is None:
            raise TasteError("unknown_format", name=source.name)
        return self.read_table(source, table, format=self.name)

    def read_table(self, source: Source, table: Table, *, format: str) -> ImportResult:
        """Read any table (from CSV, HTML...) by its generic column names."""
        columns = column_map(table.header)
        if "title" not in columns:
            found = ", ".join(table.header)
            raise TasteError("unknown_layout", name=source.name, found=found[:300])
        result = ImportResult(path=source.name, format=format)
        check_table(source, table, result)
        creator = table.header[columns["creator"]] if "creator" in columns else ""
        default_type = creator_type(creator) or MediaType.OTHER
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            item = self._read_row(columns, row.cells, row.line, result)
            if item.type is MediaType.OTHER and "type" not in columns:
                item = item.with_(type=default_type)
            result.add(item, row.line)
        return result

    def _read_row(
        self, columns: dict[str, int], cells: list[str], line: int, result: ImportResult
    ) -> Item:
        def cell(column: str) -> str:
            index = columns.get(column)
            if index is None or index >= len(cells):
                return ""
            return unescape_formula(excel_text(cells[index]))

        year = parse_year(cell("year"))
        if cell("year") and year is None:
            result.skip(line, "bad_year", line=line, value=cell("year")[:40])
        plays = cell("plays")
        play_count = int(plays) if plays.isascii() and plays.isdigit() else 1
        return Item(
            title=cell("title"),
            type=MediaType.parse(cell("type")),
            creator=cell("creator"),
            year=year,
            genres=split_list(cell("genres")),
            tags=split_list(cell("tags")),
            description=cell("description"),
            rating=parse_rating(cell("rating")),
            date=iso_date(cell("date")),
            source=cell("source")[:100],
            want=cell("want").lower() in _YES,
            plays=play_count if 0 < play_count < 10**9 else 1,
        )


register(GenericTable())
