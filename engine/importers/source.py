"""A file being imported: its bytes, its decoded text and, if it is a table, its rows.

Decoding tries UTF-8 (with or without BOM), UTF-16 (what Excel calls "Unicode text") and
windows-1251, in that order. Table parsing guesses the delimiter from the first lines and
survives what spreadsheets and hand edits leave behind: a quote that is never closed, rows
with too many or too few cells, NUL bytes.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from engine.items import Item, MediaType
from engine.messages import TasteError

logger = logging.getLogger(__name__)

_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 20
# A quoted cell may hold line breaks (Letterboxd reviews do); one that runs longer than this
# is a quote left open, not a cell.
_MAX_RECORD_LINES = 400

csv.field_size_limit(1_000_000)


@dataclass(frozen=True)
class Row:
    """One record of a table: the line it starts on (1-based) and its cells."""

    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """A delimited table. `broken` lists the lines whose quote was never closed."""

    delimiter: str
    header: list[str]
    rows: list[Row]
    header_line: int = 1
    broken: frozenset[int] = frozenset()


class Source:
    """One input file. Decoding and parsing happen on first use and are kept."""

    def __init__(
        self,
        *,
        name: str,
        data: bytes,
        guess_type: Callable[[Item], MediaType | None] | None = None,
        max_bytes: int = 20 * 1024 * 1024,
    ) -> None:
        self.name = name
        self.data = data
        self.guess_type = guess_type
        self.max_bytes = max_bytes

    @cached_property
    def text(self) -> str:
        """The file as text: UTF-8 (with or without BOM), UTF-16 (Excel) or windows-1251."""
        return decode(self.data, name=self.name)

    @cached_property
    def is_text(self) -> bool:
        try:
            _ = self.text
        except TasteError:
            return False
        return True

    @cached_property
    def table(self) -> Table | None:
        """The file as a delimited table (one column when no delimiter fits), or None."""
        if not self.is_text or self.json is not None:
            return None
        return parse_table(self.text)

    @cached_property
    def json(self) -> object | None:
        """The file parsed as JSON when it is JSON (an object or an array), else None."""
        if not self.is_text or self.text.lstrip()[:1] not in ("[", "{"):
            return None
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):
            return None

    @property
    def stem(self) -> str:
        """The file's name without folders and extension, in lower case: a hint, never proof."""
        base = self.name.replace("\\", "/").rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0].lower()


def decode(data: bytes, *, name: str) -> str:
    """Bytes as text in the first encoding that fits; `TasteError` when it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(data.decode("utf-16", errors="replace"), name)
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(data[3:].decode("utf-8", errors="replace"), name)
    if _looks_utf16(data, 1):
        return _check_text(data.decode("utf-16-le", errors="replace"), name)
    if _looks_utf16(data, 0):
        return _check_text(data.decode("utf-16-be", errors="replace"), name)
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    return _check_text(data.decode("cp1251", errors="replace"), name)


def _looks_utf16(data: bytes, high: int) -> bool:
    """UTF-16 without a BOM: every other byte is the high byte of Latin (0) or Cyrillic (4)."""
    sample = data[:2000]
    if len(sample) < 4:
        return False
    highs, lows = sample[high::2], sample[1 - high :: 2]
    share = sum(1 for byte in highs if byte in (0, 4)) / len(highs)
    other = sum(1 for byte in lows if byte in (0, 4)) / max(len(lows), 1)
    return share > 0.9 and other < 0.5


def _check_text(text: str, name: str) -> str:
    sample = text[:20_000]
    if not sample:
        return text
    control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
    if control / len(sample) > 0.02:
        raise TasteError("binary_file", name=name)
    return text


def parse_table(text: str, *, first_line: int = 1) -> Table | None:
    """Parse delimited text, choosing the delimiter that splits the first lines consistently.

    `first_line` is the number of the text's first line in its file, for messages.
    """
    lines = split_lines(text.replace("\x00", ""))
    sample = [line for line in lines[:_SAMPLE_LINES] if line.strip()]
    if not sample:
        return None
    delimiter = guess_delimiter(sample)
    if delimiter is None:
        return _single_column(lines, first_line)

    header: list[str] | None = None
    header_line = first_line
    rows: list[Row] = []
    broken: list[int] = []
    for index, cells, whole in _records(lines, delimiter):
        if not any(cell.strip() for cell in cells):
            continue
        if not whole:
            broken.append(first_line + index)
        if header is None:
            header, header_line = [cell.strip() for cell in cells], first_line + index
            continue
        rows.append(Row(line=first_line + index, cells=cells))
    if header is None:
        return None
    return Table(delimiter, header, rows, header_line=header_line, broken=frozenset(broken))


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken only at LF, CRLF or CR (as CSV sees them)."""
    return list(io.StringIO(text, newline=""))


def _single_column(lines: list[str], first_line: int) -> Table | None:
    numbered = [(first_line + i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        return None
    (header_line, header), *rest = numbered
    return Table("", [header], [Row(n, [cell]) for n, cell in rest], header_line=header_line)


def _records(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str], bool]]:
    """Each record as (index of its first line, cells, whether its quotes were balanced).

    A record the CSV module refuses because a quote closes in the middle of a cell is read
    leniently when its line alone then has the first record's cell count. Otherwise, and when
    a record spans lines but its cell count differs from the first record's, it is a quote
    left open: its first line is read alone and reading starts again on the next line.
    """
    expected: int | None = None
    start = 0
    while start < len(lines):
        reader = csv.reader(_window(lines, start), delimiter=delimiter, strict=True)
        seen = 0
        restart = None
        try:
            for cells in reader:
                index, consumed = start + seen, reader.line_num - seen
                seen = reader.line_num
                if consumed > 1 and (
                    consumed >= _MAX_RECORD_LINES or (expected and len(cells) != expected)
                ):
                    yield index, _one_line(lines[index], delimiter), False
                    restart = index + 1
                    break
                if cells and expected is None:
                    expected = len(cells)
                yield index, cells, True
        except csv.Error:
            index = start + seen
            cells = _closed_inside(lines[index], delimiter)
            if cells is not None and (expected is None or len(cells) == expected):
                yield index, cells, True
            else:
                yield index, _one_line(lines[index], delimiter), False
            restart = index + 1
        if restart is None:
            return
        start = restart


def _window(lines: list[str], start: int) -> Iterator[str]:
    for index in range(start, len(lines)):
        yield lines[index]


def _closed_inside(line: str, delimiter: str) -> list[str] | None:
    """A line whose quote closes inside a cell (`"Title" 2;...`, typed by hand) read whole.

    The text after the closing quote stays in the cell; None when a quote is left open.
    """
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=False), None)
    except csv.Error:
        return None
    if cells is None or any("\n" in cell or "\r" in cell for cell in cells):
        return None
    return cells


def _one_line(line: str, delimiter: str) -> list[str]:
    """A line's cells when its quotes cannot be trusted: split on the delimiter, quotes dropped."""
    return [cell.strip().strip('"').strip() for cell in line.rstrip("\r\n").split(delimiter)]


def guess_delimiter(lines: list[str]) -> str | None:
    """The delimiter that splits `lines` into the same number of cells most consistently."""
    best, best_score = None, 0.0
    for delimiter in _DELIMITERS:
        counts = []
        for line in lines:
            try:
                counts.append(len(next(csv.reader([line], delimiter=delimiter), [])) - 1)
            except csv.Error:
                counts.append(line.count(delimiter))
        if counts[0] == 0:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = consistent * (1 + min(counts[0], 10) / 10)
        if score > best_score:
            best, best_score = delimiter, score
    return best
