"""Every sentence a person reads, in English and Russian, and the error type that carries one."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "ru")

_TEXTS: dict[str, dict[str, str]] = {
    # Reading files.
    "empty_file": {
        "en": "The file {name} is empty.",
        "ru": "Файл {name} пуст.",
    },
    "header_only": {
        "en": "The file {name} has a header but no rows.",
        "ru": "В файле {name} есть заголовок, но нет ни одной строки.",
    },
    "binary_file": {
        "en": "The file {name} is not text: it looks like binary data.",
        "ru": "Файл {name} не текстовый: похоже на двоичные данные.",
    },
    "unknown_layout": {
        "en": "I could not find a title column in {name}. Columns found: {found}. "
        "Expected a column named title (or название) and optionally type, creator, year.",
        "ru": "Не нашёл колонку с названием в {name}. Есть колонки: {found}. "
        "Нужна колонка title (или название) и по желанию type, creator, year.",
    },
    "unknown_format": {
        "en": "I do not recognise the format of {name}. Send a CSV, TSV, JSON, ZIP or plain "
        "text list of titles.",
        "ru": "Не узнаю формат файла {name}. Пришлите CSV, TSV, JSON, ZIP или просто список "
        "названий.",
    },
    "too_big": {
        "en": "The file {name} is {size} MB; the limit is {limit} MB.",
        "ru": "Файл {name} весит {size} МБ, а предел — {limit} МБ.",
    },
    "no_title": {
        "en": "line {line}: no title, skipped.",
        "ru": "строка {line}: нет названия, пропущена.",
    },
    "title_too_long": {
        "en": "line {line}: the title is {length} characters long (at most {limit}), skipped.",
        "ru": "строка {line}: название длиной {length} символов (можно не больше {limit}), "
        "пропущена.",
    },
    "bad_year": {
        "en": "line {line}: the year {value!r} is not a year, kept without it.",
        "ru": "строка {line}: «{value}» — не год, запись сохранена без года.",
    },
    "ragged_row": {
        "en": "line {line}: the row has {got} cells instead of {expected}; read what fits.",
        "ru": "строка {line}: в строке {got} ячеек вместо {expected}; прочитал, что смог.",
    },
    "bad_encoding": {
        "en": "The file {name} is not in a text encoding I know (UTF-8, UTF-16, windows-1251).",
        "ru": "Файл {name} в незнакомой кодировке (знаю UTF-8, UTF-16, windows-1251).",
    },
    "not_found": {
        "en": "There is no file {name}.",
        "ru": "Файла {name} нет.",
    },
    "too_many_items": {
        "en": "That would make {count} items; a library holds at most {limit}.",
        "ru": "Получится {count} записей, а в библиотеке помещается не больше {limit}.",
    },
    "no_items": {
        "en": "There is nothing to map yet: add a few films, books or songs first.",
        "ru": "Пока нечего показывать на карте: добавьте несколько фильмов, книг или песен.",
    },
    "need_more_items": {
        "en": "A map needs at least {need} items; you have {have}. Send me a few more titles.",
        "ru": "Для карты нужно хотя бы {need} шт., у вас {have}. Пришлите ещё пару названий.",
    },
    # Maps.
    "offline_names": {
        "en": "Cluster names chosen offline from a fixed vocabulary.",
        "ru": "Названия групп подобраны без нейросети, из готового словаря.",
    },
    "map_title": {
        "en": "Taste map · {count} items · {clusters} clusters",
        "ru": "Карта вкуса · {count} шт. · групп: {clusters}",
    },
    "type_movie": {"en": "film", "ru": "фильм"},
    "type_book": {"en": "book", "ru": "книга"},
    "type_music": {"en": "music", "ru": "музыка"},
    "type_other": {"en": "other", "ru": "другое"},
    "cluster_label": {"en": "cluster", "ru": "группа"},
}


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The sentence `key` in `lang` ("en" or "ru"), filled with `params`."""
    variants = _TEXTS[key]
    return variants.get(lang, variants["en"]).format(**params)


@dataclass(frozen=True)
class Message:
    """A sentence not yet rendered: it can be shown in either language later."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text("en")


class TasteError(Exception):
    """A problem a person can fix, carrying a sentence for them in their language."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, params)
        super().__init__(self.message.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)
