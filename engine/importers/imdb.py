"""IMDb's ratings and watchlist CSVs, in their old and mid-2024 shapes.

Recognised by the `Const` and `Title Type` columns. Ratings files have `Your Rating`; the
watchlist (and custom lists, which share its columns) has `Position` and `Created`. A list's
file is named like `ls012345678.csv`; any other file with those columns is taken as the
watchlist, whose titles are wanted (`Item.want`). Old files write title types as `tvSeries`,
new ones as `TV Series`: both are films on the map with a tag such as "tv series".
"""

from __future__ import annotations

import logging
import re

from engine.items import Item, MediaType, normalise_text

from . import ImportResult, register
from .cells import iso_date, parse_rating, parse_year, split_list
from .source import Source
from .table import Cells, note_ragged, open_table

logger = logging.getLogger(__name__)

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LIST_NAME = re.compile(r"^ls\d+")
_NOT_FILMS = {"video game": MediaType.OTHER, "podcast series": MediaType.OTHER}


def title_type(raw: str) -> tuple[MediaType, tuple[str, ...]]:
    """IMDb's title type as a media type and a tag ("tvMiniSeries" -> movie, "tv mini series")."""
    words = normalise_text(_CAMEL.sub(" ", raw.strip()))
    if words in ("", "movie", "feature", "feature film"):
        return MediaType.MOVIE, ()
    return _NOT_FILMS.get(words, MediaType.MOVIE), (words,)


class Imdb:
    name = "imdb"

    def score(self, source: Source) -> float:
        table = source.table
        if table is None:
            return 0.0
        header = {normalise_text(h) for h in table.header}
        if {"const", "title", "title type"} <= header:
            return 0.95
        return 0.0

    def read(self, source: Source) -> ImportResult:
        table, result, where = open_table(source, self.name)
        watchlist = "position" in where and "created" in where
        want = watchlist and not _LIST_NAME.match(source.stem)
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            cell = Cells(row.cells, where)
            media, tags = title_type(cell["title type"])
            rating = parse_rating(cell["your rating"])
            item = Item(
                title=cell["title"],
                type=media,
                creator=cell["directors"],
                year=parse_year(cell["year"]) or parse_year(cell["release date"]),
                genres=split_list(cell["genres"]),
                tags=tags,
                rating=rating,
                date=iso_date(cell["date rated"] or cell["created"]),
                # The 2024 watchlist has a rating column: a rated title has been seen.
                want=want and rating is None,
            )
            result.add(item, row.line)
        return result


register(Imdb())
