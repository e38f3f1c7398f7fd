"""Every sentence the bot says, in English and Russian, and how long texts are cut for Telegram.

Sentences about the engine's own problems (a file it cannot read, a library that is full) come
from `engine.messages` through `TasteError.text(lang)`; this module holds the chat's own words.
"""

from __future__ import annotations

from engine.items import MediaType
from engine.messages import fill
from engine.messages import text as engine_text

LANGS = ("en", "ru")
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024

_TEXTS: dict[str, dict[str, str]] = {
    # First contact and help.
    "start": {
        "en": "I draw a map of your taste in films, books and music. Send me titles you love, "
        "one per line and as many as you like, or an export file from the service you keep "
        "them in (CSV, JSON, ZIP, or Kinopoisk's XLS). I group them by taste and give each "
        "group a name.\n\n"
        "For example, send:\n"
        "Blade Runner 2049\n"
        "book: Neuromancer by William Gibson\n"
        "song: Radiohead - Creep\n"
        "Then /map draws your map, /recommend finds new titles and /help lists the rest.",
        "ru": "Я рисую карту вашего вкуса в кино, книгах и музыке. Пришлите названия того, что "
        "вы любите, по одному в строке и сколько угодно, или файл экспорта из сервиса, где вы их "
        "отмечаете (CSV, JSON, ZIP или XLS Кинопоиска). Я сгруппирую их по вкусу и дам каждой "
        "группе имя.\n\n"
        "Например, пришлите:\n"
        "Сталкер (1979)\n"
        "книга: Мастер и Маргарита — Булгаков\n"
        "трек: Кино - Звезда по имени Солнце\n"
        "Потом /map нарисует карту, /recommend найдёт новое, а /help покажет остальное.",
    },
    "help": {
        "en": "Send titles as text, one per line, or an export file to add them.\n\n"
        "/map — draw your taste map\n"
        "/similar <title> — the nearest films, books and music\n"
        "/recommend — new titles for each group of your map\n"
        "/list — what is in your library\n"
        "/remove <title> — remove a title\n"
        "/clear — empty the library\n"
        "/export — your library as a CSV file\n"
        "/forget — delete everything I keep about you\n"
        "/settings — how your map is grouped\n"
        "/lang — English or Russian",
        "ru": "Присылайте названия текстом, по одному в строке, или файл экспорта.\n\n"
        "/map — нарисовать карту вкуса\n"
        "/similar <название> — ближайшие фильмы, книги и музыка\n"
        "/recommend — новое для каждой группы вашей карты\n"
        "/list — что есть в библиотеке\n"
        "/remove <название> — убрать название\n"
        "/clear — очистить библиотеку\n"
        "/export — библиотека файлом CSV\n"
        "/forget — удалить всё, что я о вас храню\n"
        "/settings — как группировать карту\n"
        "/lang — русский или английский",
    },
    # Adding titles in chat.
    "understood": {"en": "Got {count:items}:", "ru": "Понял {count:items}:"},
    "more_lines": {"en": "…and {count} more.", "ru": "…и ещё {count}."},
    "added": {"en": "Added to your library: {count}.", "ru": "Добавил в библиотеку: {count}."},
    "merged": {
        "en": "Already in your library, updated: {count}.",
        "ru": "Уже были в библиотеке, дополнил: {count}.",
    },
    "guessed": {"en": "{type}, guessed", "ru": "похоже, {type}"},
    "type_unknown": {"en": "type unknown", "ru": "тип не понял"},
    "type_hint": {
        "en": "To set a type, start the line with film:, book: or song:.",
        "ru": "Чтобы указать тип, начните строку с «фильм:», «книга:» или «трек:».",
    },
    "no_titles": {
        "en": "I found no titles in that message. Send one title per line, for example: "
        "Dune (2021).",
        "ru": "Не нашёл в сообщении ни одного названия. Присылайте по одному в строке, "
        "например: Дюна (2021).",
    },
    "long_lines": {
        "en": "Lines longer than {limit} characters are not titles; I skipped {count}.",
        "ru": "Строки длиннее {limit} символов — не названия; пропустил: {count}.",
    },
    "links": {
        "en": "I do not open links: I read only the titles written in the message.",
        "ru": "Ссылки я не открываю: читаю только названия, написанные в сообщении.",
    },
    "undo_button": {"en": "↩ Undo", "ru": "↩ Отменить"},
    "undone": {
        "en": "Undone: removed what that message added ({count:items}).",
        "ru": "Отменил: убрал то, что добавило то сообщение ({count:items}).",
    },
    "undo_too_late": {
        "en": "Your library has changed since, so I cannot undo that any more. "
        "Use /remove <title> instead.",
        "ru": "Библиотека с тех пор изменилась, отменить уже не получится. "
        "Воспользуйтесь /remove <название>.",
    },
    # Files.
    "unnamed_file": {"en": "your file", "ru": "ваш файл"},
    "file_received": {"en": "Got {name}, downloading…", "ru": "Получил {name}, скачиваю…"},
    "file_reading": {
        "en": "Reading {name}… {seconds} s",
        "ru": "Читаю {name}… {seconds} с",
    },
    "file_done": {
        "en": "{name}, read as {format}:\nadded: {added}\nalready there, merged: {merged}",
        "ru": "{name} — {format}:\nдобавлено: {added}\nуже были, объединены: {merged}",
    },
    "file_notes": {"en": "Notes:", "ru": "Замечания:"},
    "skipped_more": {"en": "…and {count} more.", "ru": "…и ещё {count}."},
    "file_busy": {
        "en": "I am still reading your previous file. Send this one again when it is done.",
        "ru": "Я ещё читаю предыдущий файл. Пришлите этот ещё раз, когда закончу.",
    },
    # Maps.
    "map_building": {
        "en": "Building your map of {count:items}…",
        "ru": "Строю карту: {count:items}…",
    },
    "map_busy": {
        "en": "Still working on your previous request; the result is on its way.",
        "ru": "Ещё работаю над предыдущим запросом, результат скоро будет.",
    },
    "map_busy_other": {
        "en": "Still working on your {running} request; send {command} again once its answer "
        "is here.",
        "ru": "Ещё выполняю ваш запрос {running}; пришлите {command} снова, когда придёт ответ.",
    },
    "map_head": {
        "en": "Your taste map: {count:items} in {clusters:groups}.",
        "ru": "Ваша карта вкуса: {count:items}, {clusters:groups}.",
    },
    "map_type_head": {
        "en": "Your map of {type}: {count:items} in {clusters:groups}.",
        "ru": "Ваша карта {type}: {count:items}, {clusters:groups}.",
    },
    "more_groups": {"en": "…plus {count:groups}.", "ru": "…и ещё {count:groups}."},
    # "Your map of films", "Ваша карта фильмов".
    "map_of_movie": {"en": "films", "ru": "фильмов"},
    "map_of_book": {"en": "books", "ru": "книг"},
    "map_of_music": {"en": "music", "ru": "музыки"},
    "map_of_other": {"en": "titles of unknown type", "ru": "названий без типа"},
    "map_html": {
        "en": "The interactive map: open it in a browser and point at a dot to see its title.",
        "ru": "Интерактивная карта: откройте в браузере и наведите на точку, чтобы увидеть "
        "название.",
    },
    "map_done": {"en": "Done in {seconds} s.", "ru": "Готово за {seconds} с."},
    "map_types_short": {
        "en": "A map per media type needs at least {need:items} of a type. Skipped: {types}.",
        "ru": "Для карты одного типа нужно хотя бы {need:items} этого типа. Пропустил: {types}.",
    },
    # Similar and recommendations.
    "similar_usage": {
        "en": "Tell me a title: /similar Solaris",
        "ru": "Напишите название: /similar Солярис",
    },
    "similar_looking": {
        "en": "Looking for what is near “{title}”…",
        "ru": "Ищу, что рядом с «{title}»…",
    },
    "similar_head": {"en": "Nearest to {label}:", "ru": "Похоже на «{label}»:"},
    "similar_unknown": {
        "en": "I do not know “{title}”: it is neither in your library nor in my catalog, so "
        "these are only near the words of the title.",
        "ru": "«{title}» мне не знакомо: его нет ни в вашей библиотеке, ни в моём каталоге, "
        "так что это лишь близкое к словам названия.",
    },
    "in_library": {"en": "In your library:", "ru": "Есть в вашей библиотеке:"},
    "new_to_you": {"en": "New to you:", "ru": "Новое для вас:"},
    "similar_none": {
        "en": "I found nothing near that title.",
        "ru": "Рядом с этим названием ничего не нашлось.",
    },
    "recommend_looking": {
        "en": "Looking for new titles for each group of your map…",
        "ru": "Ищу новое для каждой группы вашей карты…",
    },
    "recommend_head": {
        "en": "New titles for each group of your map:",
        "ru": "Новое для каждой группы вашей карты:",
    },
    "recommend_none": {
        "en": "The catalog has nothing new for your groups yet.",
        "ru": "В каталоге пока нет ничего нового для ваших групп.",
    },
    # The library.
    "list_empty": {
        "en": "Your library is empty. Send me a few titles to begin.",
        "ru": "Библиотека пуста. Пришлите несколько названий, чтобы начать.",
    },
    "list_head": {
        "en": "Your library: {count:items}, page {page} of {pages}.",
        "ru": "Ваша библиотека: {count:items}, страница {page} из {pages}.",
    },
    "wishlist": {"en": "wishlist", "ru": "в планах"},
    "remove_usage": {
        "en": "Tell me what to remove: /remove Solaris",
        "ru": "Напишите, что убрать: /remove Солярис",
    },
    "removed": {"en": "Removed:", "ru": "Убрал:"},
    "remove_none": {
        "en": "There is no “{title}” in your library. /list shows what is there.",
        "ru": "«{title}» в библиотеке нет. /list покажет, что там есть.",
    },
    "clear_ask": {
        "en": "Remove everything from your library ({count:items})? Your language and settings "
        "stay.",
        "ru": "Убрать из библиотеки всё ({count:items})? Язык и настройки останутся.",
    },
    "clear_yes": {"en": "Yes, empty it", "ru": "Да, очистить"},
    "cleared": {
        "en": "Your library is empty now: {count:items} removed.",
        "ru": "Библиотека очищена, убрано: {count:items}.",
    },
    "forget_ask": {
        "en": "Delete everything I keep about you: {count:items}, your language and settings? "
        "This cannot be undone.",
        "ru": "Удалить всё, что я о вас храню: {count:items}, язык и настройки? "
        "Вернуть будет нельзя.",
    },
    "forget_yes": {"en": "Yes, delete everything", "ru": "Да, удалить всё"},
    "forgotten": {
        "en": "Done: I keep nothing about you any more. Send titles any time to start again.",
        "ru": "Готово: я больше ничего о вас не храню. Пришлите названия, чтобы начать заново.",
    },
    "cancel": {"en": "Cancel", "ru": "Отмена"},
    "cancelled": {"en": "Cancelled, nothing changed.", "ru": "Отменил, ничего не изменилось."},
    "export_caption": {
        "en": "Your library, {count:items}. Send this file back to me to restore it.",
        "ru": "Ваша библиотека, {count:items}. Пришлите этот файл обратно, чтобы её восстановить.",
    },
    # Settings and language.
    "settings": {
        "en": "How your map is drawn:\ngroups: {split}\nnumber of groups: {clusters}",
        "ru": "Как рисуется карта:\nгруппы: {split}\nчисло групп: {clusters}",
    },
    "split_mixed": {
        "en": "films, books and music together",
        "ru": "фильмы, книги и музыка вместе",
    },
    "split_type": {"en": "a separate map per media type", "ru": "отдельная карта на каждый тип"},
    "clusters_auto": {"en": "chosen automatically", "ru": "подбирается само"},
    "button_mixed": {"en": "All together", "ru": "Всё вместе"},
    "button_type": {"en": "Per media type", "ru": "По типам"},
    "button_auto": {"en": "Auto", "ru": "Само"},
    "lang_ask": {"en": "Choose a language:", "ru": "Выберите язык:"},
    "lang_set": {"en": "I will speak English now.", "ru": "Теперь говорю по-русски."},
    # Hints instead of silence.
    "unknown_command": {
        "en": "I do not know {command}. /help lists what I can do.",
        "ru": "Не знаю команды {command}. /help покажет, что я умею.",
    },
    "sticker": {
        "en": "Nice sticker! I only read titles, though: send a film, book or song, or /help.",
        "ru": "Хороший стикер! Но я читаю только названия: пришлите фильм, книгу или песню, "
        "или /help.",
    },
    "photo": {
        "en": "I cannot read pictures. Send titles as text or an export file.",
        "ru": "Картинки я читать не умею. Пришлите названия текстом или файлом экспорта.",
    },
    "voice": {
        "en": "I cannot listen to voice messages. Type the titles instead.",
        "ru": "Голосовые сообщения я не слушаю. Напишите названия текстом.",
    },
    "other_message": {
        "en": "I read text and files only. /help lists what I can do.",
        "ru": "Я читаю только текст и файлы. /help покажет, что я умею.",
    },
    "edited": {
        "en": "I do not re-read edited messages. Send the corrected title again and undo "
        "the old one.",
        "ru": "Исправленные сообщения я не перечитываю. Пришлите название ещё раз, а старое "
        "отмените.",
    },
    "not_yours": {"en": "This button is not for you.", "ru": "Эта кнопка не для вас."},
    "error": {
        "en": "Something went wrong on my side; please try again in a minute.",
        "ru": "У меня что-то сломалось; попробуйте ещё раз через минуту.",
    },
}


# The command menu Telegram shows next to the message field.
COMMAND_MENU: dict[str, dict[str, str]] = {
    "map": {"en": "draw your taste map", "ru": "нарисовать карту вкуса"},
    "similar": {"en": "titles near one you name", "ru": "что рядом с названием"},
    "recommend": {"en": "new titles for each group", "ru": "новое для каждой группы"},
    "list": {"en": "your library", "ru": "ваша библиотека"},
    "remove": {"en": "remove a title", "ru": "убрать название"},
    "clear": {"en": "empty the library", "ru": "очистить библиотеку"},
    "export": {"en": "the library as CSV", "ru": "библиотека в CSV"},
    "forget": {"en": "delete everything about you", "ru": "удалить всё о вас"},
    "settings": {"en": "how maps are grouped", "ru": "как группировать карту"},
    "lang": {"en": "English or Russian", "ru": "русский или английский"},
    "help": {"en": "what I can do", "ru": "что я умею"},
}


def say(key: str, lang: str, /, **params: object) -> str:
    """The bot's sentence `key` in `lang`, filled with `params`."""
    variants = _TEXTS[key]
    return fill(variants.get(lang, variants["en"]), lang, **params)


def type_name(media: MediaType, lang: str) -> str:
    """ "film", "книга": a media type as a person says it ("type unknown", not "other")."""
    if media is MediaType.OTHER:
        return say("type_unknown", lang)
    return engine_text(f"type_{media.value}", lang)


def fit_parts(
    head: str, parts: list[str], *, limit: int, lang: str, more: str = "more_groups", tail=""
) -> str:
    """`head`, then as many of `parts` as fit in `limit`, a line counting the rest, and `tail`."""
    ending = f"\n\n{tail}" if tail else ""
    text = head
    for index, part in enumerate(parts):
        left = len(parts) - index - 1
        reserve = len(ending) + (len(say(more, lang, count=left)) + 2 if left else 0)
        if len(text) + 2 + len(part) + reserve > limit:
            text += "\n\n" + say(more, lang, count=len(parts) - index)
            break
        text += "\n\n" + part
    return fit(text + ending, limit)


def lang_from_code(code: str | None) -> str:
    """The bot's language for a Telegram `language_code` ("ru-RU" -> "ru")."""
    return "ru" if (code or "").lower().startswith("ru") else "en"


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut to at most `limit` characters at a line break when it can be, marked with …."""
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    cut = head.rfind("\n")
    if cut >= limit // 2:
        return head[:cut] + "\n…"
    return text[: limit - 1] + "…"
