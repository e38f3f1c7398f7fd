"""Reading single cells of exports: years, ratings, dates, lists, reviews and Excel's quirks.

Every date that can be read becomes ISO `YYYY-MM-DD`; ratings are put on a 10-point scale by
the reader that knows its source's scale (a 5-star source doubles them).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

_YEAR = re.compile(r"^\s*(\d{4})(?!\d)")
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")
_EXCEL_TEXT = re.compile(r'^="(.*)"$')
_ESCAPED_FORMULA = re.compile(r"^'(?=[=+\-@])")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})(?!\d)")
_CLOCK = re.compile(r"[ T,]\s*(\d{1,2}):(\d{2})(?!\d)")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<\s*(br|/p|p)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v]+")
MAX_REVIEW_CHARS = 1000


def parse_year(raw: str | int | None) -> int | None:
    """A year from "1999", "1999-03-31" or "2008-2013" (the first year), else None."""
    match = _YEAR.match(str(raw or ""))
    if not match:
        return None
    year = int(match.group(1))
    return year if 1000 < year <= 2100 else None


def parse_rating(raw: str | float | None, *, scale: float = 1.0) -> float | None:
    """A positive rating times `scale`; 0, empty and words are no rating."""
    try:
        value = float(str(raw if raw is not None else "").strip().replace(",", "."))
    except ValueError:
        return None
    if not 0 < value <= 100:
        return None
    return round(value * scale, 2)


def split_list(raw: str) -> tuple[str, ...]:
    """ "Drama, Crime; Thriller" as ("drama", "crime", "thriller"), without repeats."""
    parts = (part.strip().lower() for part in _LIST_SPLIT.split(raw or ""))
    return tuple(dict.fromkeys(part for part in parts if part))


def excel_text(raw: str) -> str:
    """A cell written as a text formula to keep its zeros (Goodreads ISBNs: ="0441013597")."""
    match = _EXCEL_TEXT.match(raw.strip())
    return match.group(1) if match else raw.strip()


def unescape_formula(raw: str) -> str:
    """A cell escaped by our own CSV export ("'=x" back to "=x")."""
    return _ESCAPED_FORMULA.sub("", raw)


def iso_date(raw: str | None) -> str | None:
    """A date as `YYYY-MM-DD` when it can be read; other non-empty text is kept as it is."""
    text = (raw or "").strip()
    if not text:
        return None
    if match := _ISO.match(text):
        return _date(int(match[1]), int(match[2]), int(match[3])) or text[:40]
    if match := _DAY_FIRST.match(text):
        return _date(int(match[3]), int(match[2]), int(match[1])) or text[:40]
    if (match := _DAY_MONTH_NAME.match(text)) and match[2].lower() in _MONTHS:
        return _date(int(match[3]), _MONTHS[match[2].lower()], int(match[1])) or text[:40]
    return text[:40]


def unix_date(raw: str | float | None) -> str | None:
    """Unix seconds as an ISO date (UTC)."""
    try:
        seconds = float(str(raw).strip())
        return datetime.fromtimestamp(seconds, UTC).date().isoformat()
    except (ValueError, OverflowError, OSError):
        return None


def minute_stamp(raw: str | None) -> str | None:
    """A date and time as `YYYY-MM-DDTHH:MM`, or None when either part cannot be read.

    Spotify writes "2023-01-15 20:41" and "2022-12-24T18:05:33Z", lastfm-to-csv "15 Jun 2007
    22:30"; all are UTC, and cut to the minute they name one play the same way.
    """
    text = (raw or "").strip()
    day = iso_date(text)
    clock = _CLOCK.search(text)
    if day is None or len(day) != 10 or day[4] != "-" or clock is None:
        return None
    hour, minute = int(clock[1]), int(clock[2])
    if hour > 23 or minute > 59:
        return None
    return f"{day}T{hour:02d}:{minute:02d}"


def unix_minute(raw: str | float | None) -> str | None:
    """Unix seconds as `YYYY-MM-DDTHH:MM` (UTC), or None."""
    try:
        moment = datetime.fromtimestamp(float(str(raw).strip()), UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M")


def plain_text(raw: str, *, limit: int = MAX_REVIEW_CHARS) -> str:
    """A review written in HTML as plain text, at most `limit` characters."""
    text = _TAG.sub("", _BREAK.sub("\n", raw or ""))
    text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None
