"""Plain text: one item per line, in the same forms a person types in chat."""

from __future__ import annotations

from engine.parse import parse_lines

from . import MAX_TITLE_CHARS, ImportResult, register
from .source import Source


class PlainText:
    """The fallback for any text file that is not markup or data: every line is one item."""

    name = "text"

    def score(self, source: Source) -> float:
        if not source.is_text or source.text.lstrip()[:1] in ("<", "{", "["):
            return 0.0
        return 0.1

    def read(self, source: Source) -> ImportResult:
        result = ImportResult(path=source.name, format=self.name)
        too_long = set()
        for number, line in enumerate(source.text.splitlines(), start=1):
            length = len(line.strip())
            if length > MAX_TITLE_CHARS:
                result.skip(
                    number, "title_too_long", line=number, length=length, limit=MAX_TITLE_CHARS
                )
                too_long.add(number)
        # Too long lines are parsed with the rest, so that one does not end a "Books:" section.
        for number, parsed in parse_lines(source.text, guess_type=source.guess_type):
            if number in too_long:
                continue
            if parsed is None:
                result.skip(number, "no_title", line=number)
                continue
            result.add(parsed.item, number)
        return result


register(PlainText())
