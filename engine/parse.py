"""Understanding what a person types: "Dune (2021)", "книга: Мастер и Маргарита — Булгаков".

A message holds one item or a list (numbered, bulleted or one per line); a line such as
"Фильмы:" heads the lines after it. A line may say its type ("movie: Heat", "книга Дюна",
"Heat (film)"); when it does not, the type is guessed by the `guess_type` hook (the
catalog's) or from cues of the line itself ("Title by Author" is a book, "Artist - Track" is
music), and `ParsedItem.type_source` says whether the type was given, guessed or is unknown.

"Title — Creator" is the usual order, except for music, which players and people write
artist first ("Кино — Группа крови"); when the catalog knows the other order, it wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from engine.items import Item, MediaType

GuessType = Callable[[Item], MediaType | None]

_WORDS = {
    MediaType.MOVIE: "movie movies film films series tv series tv show show shows anime "
    "cartoon documentary фильм фильмы фильма кино сериал сериалы мультфильм мультфильмы "
    "мульт мультик аниме документалка",
    MediaType.BOOK: "book books novel novels novella comic comics manga poem poetry audiobook "
    "книга книги книгу роман романы повесть рассказ рассказы комикс комиксы манга стихи "
    "поэма аудиокнига",
    MediaType.MUSIC: "music track tracks song songs album albums single ep музыка трек треки "
    "песня песни песню альбом альбомы сингл композиция",
}
TYPE_WORDS = {word: media for media, words in _WORDS.items() for word in words.split()}
for _phrase in ("tv series", "tv show"):
    TYPE_WORDS[_phrase] = MediaType.MOVIE
# Words that may start a line without a colon ("книга Дюна"); "кино" or "роман" may not,
# since Кино is a band and Роман a first name.
_BARE_PREFIX = {
    *("movie", "film", "series", "book", "novel", "track", "song", "album"),
    *("фильм", "сериал", "мультфильм", "аниме", "книга", "книгу", "повесть"),
    *("трек", "песня", "песню", "альбом"),
}
_HEADINGS = {
    *("movies", "films", "series", "books", "novels", "songs", "tracks", "albums", "music"),
    *("фильмы", "сериалы", "мультфильмы", "книги", "песни", "треки", "альбомы", "музыка"),
}
_WORD_PATTERN = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
_PREFIX = re.compile(rf"^(?P<word>{_WORD_PATTERN})(?P<sep>\s*:\s*|\s+)(?=\S)", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*[(\[]\s*(?P<word>{_WORD_PATTERN})\s*[)\]]\s*$", re.IGNORECASE)
_HEADING = re.compile(rf"^(?P<word>{_WORD_PATTERN})\s*:?$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-*•·–—>]|\d{1,3}\s+-)\s*(?=\S)")
_KEYCAP = re.compile(r"(\d)\ufe0f?\u20e3")
# A web address is not part of a title (a shared Letterboxd or Kinopoisk link).
LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_YEAR = re.compile(
    r"\s*[(\[]\s*(?P<year>1[0-9]{3}|20[0-9]{2})(?:\s*[-–—]\s*(?:\d{4})?)?\s*[)\]]\s*"
)
_TRAILING_YEAR = re.compile(r",\s*(?P<year>1[0-9]{3}|20[0-9]{2})\s*$")
_BY = re.compile(r"^(?P<title>.+)\s+by\s+(?P<creator>[^,]+)$", re.IGNORECASE)
_DASH = re.compile(r"^(?P<left>.+?)\s+[–—]\s+(?P<right>.+)$")
_HYPHEN = re.compile(r"^(?P<left>.+?)\s+-{1,2}\s+(?P<right>.+)$")
_MUSIC_CUE = re.compile(r"\b(feat|ft)\.\s|\bremix\b|\(live\)", re.IGNORECASE)
_SERIES_CUE = re.compile(r"\b(season|сезон)\b|\bS\d{1,2}(E\d{1,2})?\b", re.IGNORECASE)
_NOT_CREATORS = {
    *("me", "you", "him", "her", "us", "them", "it", "myself", "yourself"),
    *("night", "day", "now", "far", "heart"),
}
_QUOTES = "\"'«»„“”‘’`‹›「」"
# What people put before a title in a sentence: "мне нравится Сталкер", "и ещё Солярис", "I
# love Heat". Taken off when a colon or comma follows it, or when the title after it starts
# like a title (a capital, a digit or a quote) and the phrase is typed as words of a sentence:
# a lone word in lower case, or the words after the first in lower case. So "I Love Lucy",
# "And Then There Were None" and "Also sprach Zarathustra" stay titles.
_LEAD_INS = (
    "мне очень нравится|мне нравится|мне понравился|мне понравилась|мне понравилось|"
    "я люблю|я обожаю|я смотрел|я смотрела|я читал|я читала|я слушаю|"
    "очень люблю|люблю|обожаю|смотрел|смотрела|посмотрел|посмотрела|прочитал|прочитала|"
    "читал|читала|слушаю|слушал|слушала|советую|"
    "и ещё|и еще|а ещё|а еще|а также|ещё|еще|также|плюс|"
    "i really love|i love|i like|i loved|i liked|i watched|i read|i listen to|"
    "and also|and|also|plus"
)
_LEAD_IN = re.compile(
    rf"^(?P<phrase>{_LEAD_INS})(?P<sep>\s*[:,]\s*|\s+[—–-]\s+|\s+)(?=\S)", re.IGNORECASE
)
# A verb in the first person starts a sentence, not a title, even written with a capital.
_LEAD_VERBS = {
    *("люблю", "обожаю", "слушаю", "советую"),
    *("смотрел", "смотрела", "посмотрел", "посмотрела"),
    *("читал", "читала", "прочитал", "прочитала", "слушал", "слушала"),
}
# "любимый фильм: Брат", "my favourite book — Dune": the type word said with a favourite.
_FAVOURITE = re.compile(
    r"^(?:(?:мой|моя|мое|моё|мои)\s+)?(?:самый\s+|самая\s+|самое\s+)?"
    r"(?:любимый|любимая|любимое|любимые)\s+"
    r"|^(?:my\s+)?(?:all[- ]time\s+)?(?:favourite|favorite|fav)\s+",
    re.IGNORECASE,
)
_FAVOURITE_DASH = re.compile(r"^(?P<word>\S+)\s+[—–-]\s+(?=\S)")
# Chat noise after a title: "Interstellar!!!", "Сталкер)))", "Амели :)". One "!" or "?" may
# belong to the title ("Airplane!", "Хочешь?") and stays.
_TRAILING_NOISE = re.compile(r"(?:\s*(?:[!?]{2,}|[:;]-?[)(DP]))+$")
# One quoted title with a name outside the quotes: "Стивен Кинг «Оно»", "«Мастер и Маргарита»
# Булгакова", "Dune" by Frank Herbert.
_QUOTED = re.compile(
    r'^(?P<before>[^«"“„]*)[«"“„](?P<title>[^«»"“”„]+)[»"”“](?P<after>[^«»"“”„]*)$'
)
_NAME_SEPARATORS = " ,—–-"
_DROP = {"\ufe0e", "\ufe0f", "\u20e3"}
_MAX_LINE = 1000


class TypeSource(StrEnum):
    GIVEN = "given"
    GUESSED = "guessed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ParsedItem:
    """An item read from text. `type_given` is True when the text itself said the type."""

    item: Item
    type_given: bool = False

    @property
    def type_source(self) -> TypeSource:
        """Given by the text, guessed (by the catalog or a cue), or unknown."""
        if self.type_given:
            return TypeSource.GIVEN
        if self.item.type is not MediaType.OTHER:
            return TypeSource.GUESSED
        return TypeSource.UNKNOWN


def clean(text: str) -> str:
    """Drop emoji, control characters, list markers, quotes around and extra spaces."""
    text = _KEYCAP.sub(r"\1.", unicodedata.normalize("NFC", text))
    text = "".join(ch for ch in text if _keep(ch))
    text = _LIST_MARKER.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    quiet = _strip_unbalanced_close(_TRAILING_NOISE.sub("", text))
    if any(ch.isalnum() for ch in quiet):
        text = quiet
    return _strip_quotes(text.strip(" .;"))


def _strip_unbalanced_close(text: str) -> str:
    """Closing brackets at the end that open nowhere: a Russian chat smile "Сталкер))"."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def _keep(ch: str) -> bool:
    if ch in _DROP or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return False
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch == "\t"
    return category not in {"So", "Cs", "Co", "Cn", "Cf", "Me"}


def _strip_quotes(text: str) -> str:
    """Quotes around a text, or a lone one left at either end by a split.

    A quote that pairs with one inside the text stays: in "«Оно» Стивена Кинга" the quotes
    mark the title apart from the name.
    """
    stripped = text.strip(_QUOTES + " ").strip()
    return text.strip() if _unpaired_quote(stripped) else stripped


def _unpaired_quote(text: str) -> bool:
    curly = sum(text.count(ch) for ch in "“”„")
    return text.count("«") != text.count("»") or text.count('"') % 2 == 1 or curly % 2 == 1


def split_message(text: str) -> list[str]:
    """A message as candidate lines: one per line, numbered and bulleted lists included."""
    return [line for line in (clean(raw) for raw in text.splitlines()) if line]


def parse_message(text: str, *, guess_type: GuessType | None = None) -> list[ParsedItem]:
    """Every item in a chat message; a list adds one item per line."""
    return [parsed for _, parsed in parse_lines(text, guess_type=guess_type) if parsed]


def parse_lines(
    text: str, *, guess_type: GuessType | None = None
) -> Iterator[tuple[int, ParsedItem | None]]:
    """Each non-empty line's number (from 1) and its item, or None when it names nothing.

    Heading lines ("Книги:") are not yielded: they set the type of the lines after them, up
    to the next heading or blank line.
    """
    lines = text.splitlines()
    heading: MediaType | None = None
    under_heading = 0
    for number, raw in enumerate(lines, start=1):
        line = clean(raw)
        if not line:
            # A blank line after the items of a heading ends its section.
            if under_heading:
                heading, under_heading = None, 0
            continue
        media = _heading(line, last=number == len(lines))
        if media is not None:
            heading, under_heading = media, 0
            continue
        under_heading += heading is not None
        yield number, parse_line(line, guess_type=guess_type, default_type=heading)


def _heading(line: str, *, last: bool) -> MediaType | None:
    match = _HEADING.match(line)
    if match is None or last:
        return None
    word = match.group("word").lower()
    if line.endswith(":") or word in _HEADINGS:
        return TYPE_WORDS[word]
    return None


def parse_line(
    line: str,
    *,
    guess_type: GuessType | None = None,
    default_type: MediaType | None = None,
) -> ParsedItem | None:
    """One line of text as an item, or None when nothing that could be a title is left."""
    text = clean(LINK.sub(" ", line))
    if not text:
        return None
    if len(text) > _MAX_LINE:
        # Far too long to be a title: not worth splitting (and kept whole to be refused).
        return ParsedItem(Item(title=text))
    text, media = _given_type(text)
    if media is None and default_type is not None:
        media = default_type
    text, year = _year(text)

    candidates = _candidates(text, media)
    if media is not None:
        title, creator = _orient(candidates, media, year, guess_type)
        item = _item(title, creator, media, year)
        return ParsedItem(item, type_given=True) if item else None

    for title, creator, _ in candidates if guess_type else ():
        item = _item(title, creator, MediaType.OTHER, year)
        guessed = guess_type(item) if item else None
        if item and guessed is not None and guessed is not MediaType.OTHER:
            return ParsedItem(item.with_(type=guessed))
    title, creator, cue = candidates[0]
    item = _item(title, creator, cue or _cue(text) or MediaType.OTHER, year)
    return ParsedItem(item) if item else None


def _lead_in(text: str) -> str:
    """The text without a phrase such as "мне нравится" or "and also" before the title."""
    for _ in range(2):  # "и ещё люблю Сталкер"
        match = _LEAD_IN.match(text)
        if match is None:
            return text
        phrase, rest = match.group("phrase"), text[match.end() :]
        first, *others = phrase.split()
        separated = match.group("sep").strip() != ""
        starts_title = rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in _QUOTES
        # "And Then There Were None", "Plus One": a capitalised lone word may start a title.
        said_as_phrase = others and all(word.islower() for word in others)
        verb = first.lower() in _LEAD_VERBS
        if not (separated or (starts_title and (said_as_phrase or verb or first.islower()))):
            return text
        # A sentence's own "!" is not part of the title after it: "I love Heat!".
        text = _strip_quotes(rest.removesuffix("!"))
    return text


def _favourite(text: str) -> str | None:
    """ "любимый фильм — Брат" as "фильм: Брат", or None when the text does not start so."""
    match = _FAVOURITE.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    dash = _FAVOURITE_DASH.match(rest)
    if dash and dash.group("word").lower() in TYPE_WORDS:
        return f"{dash.group('word')}: {rest[dash.end() :]}"
    return rest


def _given_type(text: str) -> tuple[str, MediaType | None]:
    """The text without a type word said before or after it, and that type."""
    text = _lead_in(text)
    favourite = _favourite(text)
    if favourite is not None and _PREFIX.match(favourite):
        text = favourite
    prefix = _PREFIX.match(text)
    if prefix:
        word, rest = prefix.group("word"), text[prefix.end() :]
        with_colon = ":" in prefix.group("sep")
        bare_ok = (
            word.lower() in _BARE_PREFIX
            and (word.islower() or not word.isascii())
            and (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in _QUOTES)
        )
        if with_colon or bare_ok:
            return _strip_quotes(rest), TYPE_WORDS[word.lower()]
    suffix = _SUFFIX.search(text)
    if suffix and suffix.start() > 0:
        return _strip_quotes(text[: suffix.start()]), TYPE_WORDS[suffix.group("word").lower()]
    return text, None


def _year(text: str) -> tuple[str, int | None]:
    """The text without "(1999)", "[1999]", "(2008-2013)" or a trailing ", 1999", and the year."""
    matches = list(_YEAR.finditer(text))
    if matches:
        match = matches[-1]
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        if any(ch.isalnum() for ch in rest):
            return re.sub(r"\s+", " ", rest), int(match.group("year"))
    match = _TRAILING_YEAR.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(), int(match.group("year"))
    return text, None


def _quoted(text: str) -> tuple[str, str] | None:
    """(title, creator) when one quoted title has a name on one side of it, else None."""
    match = _QUOTED.match(text)
    if match is None:
        return None
    before = match.group("before").strip(_NAME_SEPARATORS)
    after = match.group("after").strip(_NAME_SEPARATORS)
    if after.lower().startswith("by "):
        after = after[3:].strip()
    if bool(before) == bool(after):
        return None
    name = before or after
    words = name.split()
    if len(words) > 4 or not all(word[:1].isupper() for word in words):
        return None
    return match.group("title").strip(), name


def _candidates(text: str, media: MediaType | None) -> list[tuple[str, str, MediaType | None]]:
    """Ways to read (title, creator) from the text, the likeliest first, with a type cue each."""
    quoted = _quoted(text)
    if quoted is not None:
        title, creator = quoted
        return [(title, creator, None), (text, "", None)]
    by = _BY.match(text)
    if by and by.group("creator").strip(_QUOTES + " ").lower() not in _NOT_CREATORS:
        return [(by.group("title"), by.group("creator"), MediaType.BOOK), (text, "", None)]
    dash = _DASH.match(text)
    if dash:
        left, right = dash.group("left"), dash.group("right")
        if media is MediaType.MUSIC:
            return [(right, left, None), (left, right, None), (text, "", None)]
        return [(left, right, None), (right, left, None), (text, "", None)]
    hyphen = _HYPHEN.match(text)
    if hyphen:
        left, right = hyphen.group("left"), hyphen.group("right")
        # "Artist - Track" is how players and scrobblers write music; without a type, a hyphen
        # between two names is the cue for music.
        if media is None or media is MediaType.MUSIC:
            return [(right, left, MediaType.MUSIC), (left, right, None), (text, "", None)]
        return [(left, right, None), (right, left, None), (text, "", None)]
    return [(text, "", None)]


def _orient(
    candidates: list[tuple[str, str, MediaType | None]],
    media: MediaType,
    year: int | None,
    guess_type: GuessType | None,
) -> tuple[str, str]:
    """The reading the catalog knows when it knows one, else the likeliest."""
    if guess_type is not None:
        for title, creator, _ in candidates[:-1]:
            item = _item(title, creator, media, year)
            if item is not None and guess_type(item) is not None:
                return title, creator
    title, creator, _ = candidates[0]
    return title, creator


def _cue(text: str) -> MediaType | None:
    if _MUSIC_CUE.search(text):
        return MediaType.MUSIC
    if _SERIES_CUE.search(text):
        return MediaType.MOVIE
    return None


def _item(title: str, creator: str, media: MediaType, year: int | None) -> Item | None:
    title, creator = _strip_quotes(title), _strip_quotes(creator)
    if not any(ch.isalnum() for ch in title):
        return None
    return Item(title=title, type=media, creator=creator, year=year)
