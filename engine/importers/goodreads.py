"""Goodreads' library export (`goodreads_library_export.csv`, 24 or 31 columns).

Recognised by its `Book Id`, `Author l-f` and `Exclusive Shelf` columns. ISBN cells come
as Excel text formulas (`="0441013597"`) and are not kept: titles and authors match better
across sources. Titles lose their
series suffix ("Dune (Dune, #1)" is the book "Dune"), shelves become tags, the to-read shelf
is kept apart as wanted (`Item.want`), a rating of 0 means not rated, and 5 stars are put on
the 10-point scale.
"""

from __future__ import annotations

import logging
import re

from engine.items import Item, MediaType, normalise_text

from . import ImportResult, register
from .cells import iso_date, parse_rating, parse_year, plain_text, split_list
from .source import Source
from .table import Cells, note_ragged, open_table

logger = logging.getLogger(__name__)

_SIGNATURE = {"book id", "title", "author l f", "exclusive shelf"}
_SERIES = re.compile(r"\s*\([^()]*#\s*\d[^()]*\)\s*$")
_STATUS_SHELVES = {"read", "to-read", "currently-reading"}


def strip_series(title: str) -> str:
    """ "The Fellowship of the Ring (The Lord of the Rings, #1)" without the series part."""
    stripped = _SERIES.sub("", title)
    return stripped if stripped.strip() else title


class Goodreads:
    name = "goodreads"

    def score(self, source: Source) -> float:
        table = source.table
        if table and {normalise_text(h) for h in table.header} >= _SIGNATURE:
            return 0.95
        return 0.0

    def read(self, source: Source) -> ImportResult:
        table, result, where = open_table(source, self.name)
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            cell = Cells(row.cells, where)
            shelf = cell["exclusive shelf"].lower()
            shelves = split_list(cell["bookshelves"])
            item = Item(
                title=strip_series(cell["title"]),
                type=MediaType.BOOK,
                creator=cell["author"],
                year=parse_year(cell["original publication year"])
                or parse_year(cell["year published"]),
                tags=tuple(tag for tag in shelves if tag not in _STATUS_SHELVES),
                description=plain_text(cell["my review"]),
                rating=parse_rating(cell["my rating"], scale=2),
                date=iso_date(cell["date read"] or cell["date added"]),
                want=shelf == "to-read",
            )
            result.add(item, row.line)
        return result


register(Goodreads())
