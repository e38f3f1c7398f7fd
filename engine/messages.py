"""Every sentence a person reads, in English and Russian, and the error type that carries one."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

LANGS = ("en", "ru")

# Words a number is written with ("{count:items}" -> "1 item", "5 названий"): the English
# singular and plural, the Russian forms for 1, 2-4 and 5 or more.
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "items": {"en": ("item", "items"), "ru": ("название", "названия", "названий")},
    "groups": {"en": ("group", "groups"), "ru": ("группа", "группы", "групп")},
}

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
        "en": "line {line}: “{value}” is not a year, kept without it.",
        "ru": "строка {line}: «{value}» — не год, запись сохранена без года.",
    },
    "ragged_row": {
        "en": "line {line}: expected {expected} cells, the row has {got}; read what fits.",
        "ru": "строка {line}: ожидалось ячеек: {expected}, в строке: {got}; прочитал, что смог.",
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
        "en": "That would make {count:items}; a library holds at most {limit}.",
        "ru": "Получится {count:items}, а в библиотеке помещается не больше {limit}.",
    },
    "no_items": {
        "en": "There is nothing to map yet: add a few films, books or songs first.",
        "ru": "Пока нечего показывать на карте: добавьте несколько фильмов, книг или песен.",
    },
    "need_more_of_a_type": {
        "en": "A map per media type needs at least {need:items} of one type; you have {types}. "
        "Send a few more titles, or choose one mixed map in /settings.",
        "ru": "Для карты одного типа нужно хотя бы {need:items} этого типа, а у вас {types}. "
        "Пришлите ещё несколько или выберите общую карту в /settings.",
    },
    "need_more_items": {
        "en": "A map needs at least {need:items}; you have {have}. Send me a few more titles.",
        "ru": "Для карты нужно хотя бы {need:items}, а у вас {have}. Пришлите ещё несколько.",
    },
    # Maps.
    "offline_names": {
        "en": "Cluster names chosen offline from a fixed vocabulary.",
        "ru": "Названия групп подобраны без нейросети, из готового словаря.",
    },
    "map_title": {
        "en": "Taste map · {count:items} · {clusters:groups}",
        "ru": "Карта вкуса · {count:items} · {clusters:groups}",
    },
    "type_movie": {"en": "film", "ru": "фильм"},
    "type_book": {"en": "book", "ru": "книга"},
    "type_music": {"en": "music", "ru": "музыка"},
    "type_other": {"en": "other", "ru": "другое"},
    "cluster_label": {"en": "cluster", "ru": "группа"},
    # Importing files (engine/importers).
    "unbalanced_quote": {
        "en": "line {line}: a quote opens here and never closes; read the line as it stands.",
        "ru": "строка {line}: кавычка открывается и не закрывается; прочитал строку как есть.",
    },
    "bad_zip": {
        "en": "The file {name} looks like a ZIP archive but cannot be opened.",
        "ru": "Файл {name} похож на ZIP-архив, но не открывается.",
    },
    "zip_too_many_files": {
        "en": "The archive {name} holds {count} files; I open archives of at most {limit}.",
        "ru": "Файлов в архиве {name}: {count}, а я открываю архивы не больше чем на {limit}.",
    },
    "zip_too_big": {
        "en": "The archive {name} unpacks to more than {limit} MB, which is the limit.",
        "ru": "Архив {name} распаковывается больше чем в {limit} МБ — это предел.",
    },
    "zip_nothing": {
        "en": "The archive {name} holds no file with films, books or music that I can read.",
        "ru": "В архиве {name} нет файлов с фильмами, книгами или музыкой, которые я умею читать.",
    },
    "member_archive": {
        "en": "an archive inside the archive, not opened.",
        "ru": "архив внутри архива, не открывал.",
    },
    "member_deleted": {
        "en": "entries you deleted, left out.",
        "ru": "удалённые вами записи, пропущены.",
    },
    "member_not_read": {
        "en": "no list of films, books or music here, not read.",
        "ru": "здесь нет списка фильмов, книг или музыки, не читал.",
    },
    "zip_unreadable": {
        "en": "The archive {name} is damaged or protected by a password: none of its files "
        "could be unpacked.",
        "ru": "Архив {name} повреждён или защищён паролем: ни один файл из него не распаковался.",
    },
    "member_encrypted": {
        "en": "protected by a password, not read.",
        "ru": "защищён паролем, не читал.",
    },
    "member_broken": {
        "en": "damaged inside the archive, not read.",
        "ru": "повреждён внутри архива, не читал.",
    },
    "rare_tracks_left_out": {
        "en": "Different tracks in the history: {tracks}. Kept the {kept} most played (played "
        "at least {plays} times, or by artists you play a lot); left out: {count}.",
        "ru": "Разных треков в истории: {tracks}. Оставлены самые слушаемые ({kept}: сыгранные "
        "не меньше {plays} раз или тех исполнителей, кого вы слушаете часто); пропущено: "
        "{count}.",
    },
    "short_plays_left_out": {
        "en": "Plays shorter than {seconds} seconds, not counted: {count}.",
        "ru": "Прослушивания короче {seconds} с, не засчитаны: {count}.",
    },
    "not_music_left_out": {
        "en": "Plays of podcasts, audiobooks and other non-music, left out: {count}.",
        "ru": "Прослушивания подкастов, аудиокниг и прочего не-музыкального, пропущены: {count}.",
    },
    "json_unknown": {
        "en": "I found no list of titles in the JSON file {name}. Keys found: {found}. "
        "Expected a list of objects with a title (or name, название) and optionally type, "
        "creator, year.",
        "ru": "Не нашёл списка названий в JSON-файле {name}. Есть ключи: {found}. Нужен "
        "список объектов с title (или name, название) и по желанию type, creator, year.",
    },
    "import_file": {
        "en": "{name}: {format}. Added {added}, merged {duplicates} as duplicates, "
        "skipped {skipped}.",
        "ru": "{name}: {format}. Добавлено {added}, объединено как повторы {duplicates}, "
        "пропущено {skipped}.",
    },
    "import_failed": {
        "en": "{name}: not imported. {reason}",
        "ru": "{name}: не загружен. {reason}",
    },
    "import_total": {
        "en": "The library now holds {count:items} ({want} of them on watch and read lists).",
        "ru": "Теперь в библиотеке {count:items} (из них {want} — в списках «хочу»).",
    },
    "format_letterboxd": {"en": "Letterboxd export", "ru": "выгрузка Letterboxd"},
    "format_goodreads": {"en": "Goodreads library", "ru": "библиотека Goodreads"},
    "format_imdb": {"en": "IMDb list", "ru": "список IMDb"},
    "format_kinopoisk": {"en": "Kinopoisk export", "ru": "выгрузка Кинопоиска"},
    "format_lastfm": {"en": "Last.fm scrobbles", "ru": "скробблы Last.fm"},
    "format_spotify": {"en": "Spotify data", "ru": "данные Spotify"},
    "format_exportify": {"en": "Exportify playlist", "ru": "плейлист Exportify"},
    "format_csv": {"en": "table", "ru": "таблица"},
    "format_html": {"en": "HTML table", "ru": "HTML-таблица"},
    "format_json": {"en": "JSON list", "ru": "JSON-список"},
    "format_text": {"en": "list of titles", "ru": "список названий"},
    "format_zip": {"en": "{format} (ZIP archive)", "ru": "{format} (ZIP-архив)"},
    "cli_import": {
        "en": "read export files into a library and say what was found in each",
        "ru": "прочитать файлы выгрузок в библиотеку и рассказать, что нашлось в каждом",
    },
    "cli_import_files": {
        "en": "exports (Letterboxd, Goodreads, IMDb, Kinopoisk, Last.fm, Spotify), tables, lists",
        "ru": "выгрузки (Letterboxd, Goodreads, IMDb, Кинопоиск, Last.fm, Spotify), таблицы, "
        "списки",
    },
    "cli_import_json": {
        "en": "print the report and the items as JSON",
        "ru": "вывести отчёт и записи в JSON",
    },
    "cli_import_db": {
        "en": "SQLite library to import into (default: a temporary one)",
        "ru": "SQLite-библиотека, куда загружать (по умолчанию временная)",
    },
    "cli_import_person": {
        "en": "whose library it is (default: cli)",
        "ru": "чья это библиотека (по умолчанию cli)",
    },
    "cli_import_lang": {"en": "language of the report", "ru": "язык отчёта"},
    # The language model (engine/llm): one sentence each; the details go to the log.
    "llm_auth": {
        "en": "The AI service did not accept the API key.",
        "ru": "Сервис нейросети не принял ключ API.",
    },
    "llm_model": {
        "en": "The AI service has no model called {model}.",
        "ru": "У сервиса нейросети нет модели {model}.",
    },
    "llm_down": {
        "en": "The AI service cannot be reached right now.",
        "ru": "Сервис нейросети сейчас недоступен.",
    },
    "llm_busy": {
        "en": "The AI service is overloaded; try again in a while.",
        "ru": "Сервис нейросети перегружен; попробуйте чуть позже.",
    },
    "llm_quota": {
        "en": "The AI service account has run out of credit.",
        "ru": "На счёте сервиса нейросети закончились средства.",
    },
    "llm_timeout": {
        "en": "The AI service did not answer in time.",
        "ru": "Сервис нейросети не ответил вовремя.",
    },
    "llm_refused": {
        "en": "The AI service refused the request.",
        "ru": "Сервис нейросети отклонил запрос.",
    },
    "llm_bad_reply": {
        "en": "The AI service answered with something I could not use.",
        "ru": "Сервис нейросети ответил так, что ответ не удалось использовать.",
    },
    "llm_budget_map": {
        "en": "This map has used up its share of AI requests.",
        "ru": "Эта карта израсходовала свою долю запросов к нейросети.",
    },
    "llm_budget_person": {
        "en": "You have used today's allowance of AI requests; it renews tomorrow (UTC).",
        "ru": "Дневной лимит запросов к нейросети исчерпан; он обновится завтра (по UTC).",
    },
}


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The sentence `key` in `lang` ("en" or "ru"), filled with `params`."""
    variants = _TEXTS[key]
    return fill(variants.get(lang, variants["en"]), lang, **params)


def fill(template: str, lang: str, /, **params: object) -> str:
    """`template.format(**params)`, where "{n:items}" writes n with the noun in the right form."""
    return _Counting(lang).format(template, **params)


def count_noun(count: int, noun: str, lang: str) -> str:
    """The form of `noun` (a key of `NOUNS`) that goes with `count` in `lang`."""
    forms = NOUNS[noun].get(lang, NOUNS[noun]["en"])
    if len(forms) == 2:
        return forms[0] if count == 1 else forms[1]
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return forms[1]
    return forms[2]


class _Counting(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in NOUNS and isinstance(value, int):
            return f"{value} {count_noun(value, format_spec, self.lang)}"
        return super().format_field(value, format_spec)


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
