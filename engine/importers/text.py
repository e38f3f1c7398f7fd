"""Plain text: one item per line, in the same forms a person types in chat."""

from __future__ import annotations

from engine.messages import Message
from engine.parse import parse_line

from . import ImportResult, Skipped, register
from .source import Source
from .table import MAX_TITLE_CHARS


class PlainText:
    """The fallback for any text file: every non-empty line is one item."""

    name = "text"

    def score(self, source: Source) -> float:
        return 0.1 if source.is_text else 0.0

    def read(self, source: Source) -> ImportResult:
        result = ImportResult(path=source.name, format=self.name)
        for number, line in enumerate(source.text.splitlines(), start=1):
            if not line.strip():
                continue
            if len(line.strip()) > MAX_TITLE_CHARS:
                result.skipped.append(
                    Skipped(
                        number,
                        Message(
                            "title_too_long",
                            {
                                "line": number,
                                "length": len(line.strip()),
                                "limit": MAX_TITLE_CHARS,
                            },
                        ),
                    )
                )
                continue
            parsed = parse_line(line)
            if parsed is None:
                result.skipped.append(Skipped(number, Message("no_title", {"line": number})))
                continue
            result.items.append(parsed.item.with_(source=self.name))
        return result


register(PlainText())
