"""A file being imported: its bytes, its decoded text and, if it is a table, its rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property

from engine.messages import TasteError

_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 20


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    delimiter: str
    header: list[str]
    rows: list[Row]


class Source:
    """One input file. Decoding and table parsing happen on first use and are kept."""

    def __init__(self, *, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

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
        """The file as a delimited table, or None when it does not look like one."""
        if not self.is_text:
            return None
        return parse_table(self.text)


def decode(data: bytes, *, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(data.decode("utf-16"), name)
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(data[3:].decode("utf-8", errors="replace"), name)
    if _looks_utf16_le(data):
        return _check_text(data.decode("utf-16-le", errors="replace"), name)
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    return _check_text(data.decode("cp1251", errors="replace"), name)


def _looks_utf16_le(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2])


def _check_text(text: str, name: str) -> str:
    sample = text[:20_000]
    if not sample:
        return text
    control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
    if control / len(sample) > 0.02:
        raise TasteError("binary_file", name=name)
    return text


def parse_table(text: str) -> Table | None:
    """Parse delimited text, choosing the delimiter that splits the first lines consistently."""
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    if not lines:
        return None
    delimiter = _guess_delimiter(lines)
    if delimiter is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            rows.append(Row(line=reader.line_num, cells=cells))
    except csv.Error:
        # A broken quote or NUL byte: keep what was read so far.
        pass
    if header is None:
        return None
    return Table(delimiter=delimiter, header=header, rows=rows)


def _guess_delimiter(lines: list[str]) -> str | None:
    best, best_score = None, 0.0
    for delimiter in _DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines]
        if counts[0] == 0:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = consistent * (1 + min(counts[0], 10) / 10)
        if score > best_score:
            best, best_score = delimiter, score
    return best
