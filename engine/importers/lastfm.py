"""Last.fm scrobbles, as exported by lastfm-to-csv and by lastfm.ghan.nl.

lastfm-to-csv writes no header: `artist,album,track,date` with dates like "15 Jun 2007
22:30"; it is recognised by that shape. lastfm.ghan.nl writes a quoted header starting
`uts,utc_time,artist`. Scrobbles are counted into tracks by `listens.Listens`.
"""

from __future__ import annotations

import logging
import re

from engine.items import normalise_text

from . import ImportResult, register
from .cells import iso_date, minute_stamp, unix_date, unix_minute
from .listens import Listens, file_digest, play_name
from .source import Row, Source, Table
from .table import Cells, check_table, positions

logger = logging.getLogger(__name__)

_SCROBBLE_DATE = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4},? \d{1,2}:\d{2}$")
_GHAN = {"uts", "utc_time", "artist", "track"}


def _headerless(table: Table) -> bool:
    rows = [table.header] + [row.cells for row in table.rows[:20]]
    shaped = [cells for cells in rows if len(cells) == 4 and _SCROBBLE_DATE.match(cells[3])]
    return len(shaped) >= 0.8 * len(rows)


class Lastfm:
    name = "lastfm"

    def score(self, source: Source) -> float:
        table = source.table
        if table is None or table.delimiter != ",":
            return 0.0
        if {normalise_text(h) for h in table.header} >= _GHAN:
            return 0.95
        return 0.9 if _headerless(table) else 0.0

    def read(self, source: Source) -> ImportResult:
        table = source.table
        assert table is not None  # score() said so
        listens = Listens()
        result = ImportResult(path=source.name, format=self.name, listens=listens)
        if _headerless(table):
            where = {"artist": 0, "album": 1, "track": 2, "date": 3}
            rows = [Row(table.header_line, table.header), *table.rows]
            for line in sorted(table.broken):
                result.skip(line, "unbalanced_quote", line=line)
        else:
            check_table(source, table, result)
            where, rows = positions(table.header), table.rows
        digest = file_digest(source.data)
        for row in rows:
            cell = Cells(row.cells, where)
            if not cell["track"] or not cell["artist"]:
                result.skip(row.line, "no_title", line=row.line)
                continue
            if cell["uts"]:
                date, moment = unix_date(cell["uts"]), unix_minute(cell["uts"])
            else:
                date, moment = iso_date(cell["date"]), minute_stamp(cell["date"])
            heard = play_name(moment, file_digest=digest, line=row.line)
            listens.add(cell["artist"], cell["track"], date=date, source=self.name, heard=heard)
        return result


register(Lastfm())
