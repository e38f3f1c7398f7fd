"""Kinopoisk's legacy export: an HTML `<table>` saved with an `.xls` name, in windows-1251.

Recognised by its Russian header cells (`русскоязычное название`, `оригинальное название`);
the director column is spelled with a Latin "c" in real files, so Latin look-alike letters
are read as Cyrillic in headers. Series have a year range ("2008 – 2013"): the first year is
kept and the item is tagged "tv series". Items keep the Russian title, which is how the
person knows them; the original title goes into the description, where the embedding sees
it. Any other HTML table with a title column is read like a generic spreadsheet.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from engine.items import Item, MediaType, normalise_text
from engine.messages import TasteError

from . import ImportResult, register
from .cells import iso_date, parse_rating, parse_year, split_list
from .source import Row, Source, Table
from .table import Cells, GenericTable, check_table, note_ragged

logger = logging.getLogger(__name__)

_RANGE = re.compile(r"^\s*\d{4}\s*[-–—]")
_LOOKALIKES = str.maketrans("aceopxyk", "асеорхук")
_SIGNATURE = ("русскоязычное название", "оригинальное название")


class _TableParser(HTMLParser):
    """The cells of the first HTML table that has any, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
        elif tag == "tr" and self._depth:
            self._close_row()
            self._row = []
            self._line = self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._close_cell()
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table" and self._depth:
            self._close_row()
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def close(self) -> None:
        super().close()
        self._close_row()

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row:
            self.rows.append((self._line, self._row))
        self._row = None


def html_table(text: str) -> Table | None:
    """The first table of an HTML page, its first row as the header."""
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        logger.debug("broken HTML, kept %d rows", len(parser.rows))
    rows = [(line, cells) for line, cells in parser.rows if any(cells)]
    if not rows:
        return None
    (header_line, header), *rest = rows
    return Table("", header, [Row(line, cells) for line, cells in rest], header_line=header_line)


def _header_name(cell: str) -> str:
    name = normalise_text(cell)
    if any("а" <= ch <= "я" for ch in name):
        name = name.translate(_LOOKALIKES)
    return name


def _looks_like_html(source: Source) -> bool:
    head = source.text.lstrip()[:2000].lower()
    return head.startswith("<") and "<table" in source.text[:200_000].lower()


class Kinopoisk:
    name = "kinopoisk"

    def score(self, source: Source) -> float:
        if not source.is_text or not _looks_like_html(source):
            return 0.0
        head = source.text[:20_000].lower()
        return 0.95 if any(word in head for word in _SIGNATURE) else 0.3

    def read(self, source: Source) -> ImportResult:
        table = html_table(source.text)
        if table is None:
            raise TasteError("unknown_format", name=source.name)
        where: dict[str, int] = {}
        for index, cell in enumerate(table.header):
            where.setdefault(_header_name(cell), index)
        if not any(word in where for word in _SIGNATURE):
            return GenericTable().read_table(source, table, format="html")

        result = ImportResult(path=source.name, format=self.name)
        check_table(source, table, result)
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            cell = Cells(row.cells, where)
            title = cell["русскоязычное название"] or cell["оригинальное название"]
            original = cell["оригинальное название"]
            series = bool(_RANGE.match(cell["год"]))
            item = Item(
                title=title,
                type=MediaType.MOVIE,
                creator=cell["режиссер"],
                year=parse_year(cell["год"]),
                genres=split_list(cell["жанры"] or cell["жанр"]),
                tags=("tv series",) if series else (),
                description=original if original and original != title else "",
                rating=parse_rating(cell["моя оценка"]),
                date=iso_date(cell["дата и время"] or cell["дата"]),
            )
            result.add(item, row.line)
        return result


register(Kinopoisk())
