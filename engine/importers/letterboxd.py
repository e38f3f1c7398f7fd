"""Letterboxd's export: watched, ratings, diary, reviews, likes, watchlist and lists.

Every CSV of the export has a `Letterboxd URI` column (lists: a `Letterboxd list export`
first line). The watchlist has the very same columns as `watched.csv`, so only its file name
tells them apart: the format comes from the content, the name only decides whether the films
are wanted (`Item.want`) or seen.
"""

from __future__ import annotations

import logging

from engine.items import Item, MediaType, normalise_text
from engine.messages import TasteError

from . import ImportResult, register
from .cells import iso_date, parse_rating, parse_year, plain_text, split_list
from .source import Source, Table, parse_table, split_lines
from .table import Cells, check_table, column_map, note_ragged, positions

logger = logging.getLogger(__name__)

_LIST_PREAMBLE = "letterboxd list export"


class Letterboxd:
    """Any CSV of a Letterboxd export."""

    name = "letterboxd"

    def score(self, source: Source) -> float:
        if not source.is_text:
            return 0.0
        if source.text.lstrip()[:40].lower().startswith(_LIST_PREAMBLE):
            return 0.95
        table = source.table
        if table and {"letterboxd uri", "name"} <= {normalise_text(h) for h in table.header}:
            return 0.95
        return 0.0

    def read(self, source: Source) -> ImportResult:
        result = ImportResult(path=source.name, format=self.name)
        if source.text.lstrip()[:40].lower().startswith(_LIST_PREAMBLE):
            table, list_name = _list_table(source)
            tags = (list_name.lower(),) if list_name else ()
            want = False
        else:
            table, tags = source.table, ()
            want = "watchlist" in source.stem
        if table is None:
            raise TasteError("header_only", name=source.name)
        check_table(source, table, result)
        where = positions(table.header)
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            cell = Cells(row.cells, where)
            item = Item(
                title=cell["name"],
                type=MediaType.MOVIE,
                year=parse_year(cell["year"]),
                tags=tags + split_list(cell["tags"]),
                description=plain_text(cell["review"] or cell["description"]),
                rating=parse_rating(cell["rating"], scale=2),
                date=iso_date(cell["watched date"] or cell["date"]),
                want=want,
            )
            result.add(item, row.line)
        return result


def _list_table(source: Source) -> tuple[Table | None, str]:
    """A list file's films table and the list's name from the lines above it."""
    lines = split_lines(source.text)
    start = next((i for i, line in enumerate(lines) if line.lower().startswith("position,")), None)
    if start is None:
        return None, ""
    meta = parse_table("".join(lines[1:start]), first_line=2)
    name = ""
    if meta is not None and meta.rows:
        index = column_map(meta.header).get("title")
        cells = meta.rows[0].cells
        name = cells[index].strip() if index is not None and index < len(cells) else ""
    return parse_table("".join(lines[start:]), first_line=start + 1), name


register(Letterboxd())
