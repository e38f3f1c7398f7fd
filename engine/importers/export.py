"""A library written back as a CSV file that spreadsheets open safely and tastemap reads again.

Titles come from other people's files, so a cell may start like a formula (`=cmd|' /C
calc'!A0`). Spreadsheet programs run such cells, so every text cell starting with `=`, `+`,
`-`, `@`, a tab or a carriage return is written with a leading apostrophe, which they show
as text; the generic CSV reader takes the apostrophe off again on import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from engine.items import Item

COLUMNS = (
    "type",
    "title",
    "creator",
    "year",
    "genres",
    "tags",
    "rating",
    "date",
    "source",
    "want",
    "plays",
    "description",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """A text cell that no spreadsheet will run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_csv(items: Iterable[Item], stream: TextIO) -> None:
    """Write `items` as CSV with a header of `COLUMNS` to a text stream."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.type.value,
                escape_cell(item.title),
                escape_cell(item.creator),
                item.year or "",
                escape_cell("; ".join(item.genres)),
                escape_cell("; ".join(item.tags)),
                "" if item.rating is None else f"{item.rating:g}",
                escape_cell(item.date or ""),
                escape_cell(item.source),
                "yes" if item.want else "",
                item.plays,
                escape_cell(item.description),
            ]
        )


def export_csv(items: Iterable[Item]) -> bytes:
    """`items` as the bytes of a CSV file: UTF-8 with a BOM, so Excel reads Cyrillic right."""
    stream = io.StringIO()
    write_csv(items, stream)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")
