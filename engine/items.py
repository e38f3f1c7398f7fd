"""The unit of taste: one film, book or piece of music, and how items are named and matched."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import StrEnum


class MediaType(StrEnum):
    MOVIE = "movie"
    BOOK = "book"
    MUSIC = "music"
    OTHER = "other"

    @classmethod
    def parse(cls, raw: str | None) -> MediaType:
        """Read a media type from a loose word in English or Russian ("film", "книга", "track")."""
        word = normalise_text(raw or "")
        return _TYPE_WORDS.get(word, cls.OTHER)


_TYPE_WORDS: dict[str, MediaType] = {}
for _type, _words in {
    MediaType.MOVIE: "movie movies film films cinema series tv tv series show serial anime "
    "кино фильм фильмы сериал мультфильм мульт аниме",
    MediaType.BOOK: "book books novel novella story stories poetry poem comic manga "
    "книга книги роман повесть рассказ рассказы стихи поэма комикс манга",
    MediaType.MUSIC: "music song songs track tracks album albums record single artist band "
    "музыка песня песни трек треки альбом пластинка сингл группа исполнитель composition "
    "произведение симфония",
    MediaType.OTHER: "other другое game игра",
}.items():
    for _word in _words.split():
        _TYPE_WORDS[_word] = _type
_TYPE_WORDS["tv series"] = MediaType.MOVIE


@dataclass(frozen=True, slots=True)
class Item:
    """One work a person loves.

    `genres`, `tags` and `description` are enrichment: they come from the export, the catalog
    or an LLM and are what the embedding mostly learns taste from. `heard` names each play
    counted in `plays` (its minute, or its row of a file): the library keeps them, so another
    part of a listening history adds its plays while the same file again adds none.
    """

    title: str
    type: MediaType = MediaType.OTHER
    creator: str = ""
    year: int | None = None
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""
    rating: float | None = None
    date: str | None = None
    source: str = ""
    want: bool = False
    plays: int = 1
    heard: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def with_(self, **changes: object) -> Item:
        return replace(self, **changes)

    @property
    def key(self) -> str:
        """Identity of the work across sources: normalised type and title."""
        return f"{self.type.value}:{title_key(self.title)}"

    def label(self) -> str:
        """Short human label: "Title (Year) — Creator"."""
        text = self.title
        if self.year:
            text += f" ({self.year})"
        if self.creator:
            text += f" — {self.creator}"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "type": self.type.value,
            "title": self.title,
            "creator": self.creator,
            "year": self.year,
            "genres": list(self.genres),
            "tags": list(self.tags),
            "description": self.description,
            "rating": self.rating,
            "date": self.date,
            "source": self.source,
            "want": self.want,
            "plays": self.plays,
        }


def embed_text(item: Item) -> str:
    """The text an item is embedded as: title, creator and enrichment, never the media type.

    Putting the type into the text makes clusters follow films/books/music instead of taste.
    """
    parts = [item.title]
    if item.creator:
        parts[0] += f" — {item.creator}"
    if item.genres:
        parts.append(", ".join(item.genres))
    if item.tags:
        parts.append(", ".join(item.tags))
    if item.description:
        parts.append(item.description)
    return ". ".join(parts)


_ARTICLES = re.compile(r"^(the|a|an|le|la|les|der|die|das|el|los|las|il)\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalise_text(text: str) -> str:
    """Lower case, Unicode NFKC, ё as е, punctuation as single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _NON_WORD.sub(" ", text).strip()


_APOSTROPHES = re.compile(r"['’ʼ`´]")
_TRAILING_ARTICLE = re.compile(r",\s*(the|a|an)\s*$", re.IGNORECASE)


def title_key(title: str) -> str:
    """A title reduced for matching: no case, accents, leading article or punctuation.

    "Matrix, The" (library-style sorting) counts as "The Matrix", "&" as "and", and
    apostrophes vanish so "Schindler's List" meets "Schindlers List".
    """
    title = _TRAILING_ARTICLE.sub("", title)
    title = _APOSTROPHES.sub("", title.replace("&", " and "))
    text = normalise_text(title)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    # Cyrillic й decomposes into и + breve; NFKD followed by dropping marks keeps и, which
    # is what people type when they skip the breve too.
    return _ARTICLES.sub("", text).strip()


def detect_language(texts: list[str]) -> str:
    """ "ru" when at least 40% of `texts` are written mostly in Cyrillic, else "en"."""
    if not texts:
        return "en"
    return "ru" if sum(map(_mostly_cyrillic, texts)) / len(texts) >= 0.4 else "en"


def _mostly_cyrillic(text: str) -> bool:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return cyrillic > latin
