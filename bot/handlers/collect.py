"""Collecting titles: a text message (one or many lines), its undo button, and export files."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.replies import Progress, reply
from bot.state import Person, person, state
from bot.texts import MESSAGE_LIMIT, fit, say, type_name
from engine.importers.command import format_name
from engine.items import MediaType
from engine.messages import TasteError
from engine.parse import LINK, ParsedItem
from engine.service import Imported

logger = logging.getLogger(__name__)

# A bot may download files of at most 20 MB from Telegram.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
SHOWN_SKIPS = 8
SHOWN_TITLES = 40


async def add_titles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add every title in a message and show how each was understood, with an undo button."""
    bot, who = state(context), await person(update, context)
    message = update.effective_message.text or ""
    limit = bot.settings.max_title_chars
    long_lines = sum(1 for line in message.splitlines() if len(line.strip()) > limit)

    async with bot.writes:
        parsed, added = await bot.engine.add_text(who.id, message)
        count_after = await bot.engine.library.count(who.id)

    notes = [say("long_lines", who.lang, count=long_lines, limit=limit)] if long_lines else []
    if LINK.search(message):
        notes.append(say("links", who.lang))
    if not parsed:
        await reply(update, "\n\n".join([say("no_titles", who.lang), *notes]))
        return

    # A title repeated in one message is shown once, and a long list is cut short so the
    # counts and hints below it always fit in the message.
    shown = list(dict.fromkeys(f"• {p.item.label()} — {_kind(p, who.lang)}" for p in parsed))
    lines = [say("understood", who.lang, count=len(shown)), *shown[:SHOWN_TITLES]]
    if len(shown) > SHOWN_TITLES:
        lines.append(say("more_lines", who.lang, count=len(shown) - SHOWN_TITLES))
    summary = [say("added", who.lang, count=added.added)] if added.added else []
    # The library counts every repeat as merged; the person is told about titles, as listed.
    merged = min(added.merged, max(len(shown) - added.added, 0))
    if merged:
        summary.append(say("merged", who.lang, count=merged))
    if any(p.item.type is MediaType.OTHER for p in parsed):
        notes.append(say("type_hint", who.lang))
    tail = "\n\n".join([" ".join(summary), *notes])
    text = fit("\n".join(lines), MESSAGE_LIMIT - len(tail) - 2) + "\n\n" + tail

    keyboard = None
    if added.added:
        data = f"undo:{who.id}:{added.added}:{count_after}"
        button = InlineKeyboardButton(say("undo_button", who.lang), callback_data=data)
        keyboard = InlineKeyboardMarkup([[button]])
    await reply(update, text, keyboard=keyboard)


def _kind(parsed: ParsedItem, lang: str) -> str:
    """The media type as read, saying when it was guessed rather than given."""
    media = parsed.item.type
    if media is MediaType.OTHER:
        return say("type_unknown", lang)
    if parsed.type_given:
        return type_name(media, lang)
    return say("guessed", lang, type=type_name(media, lang))


async def undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove what one message added, while nothing has changed in the library since."""
    query = update.callback_query
    bot, who = state(context), await person(update, context)
    _, owner, added, count_after = query.data.split(":")
    if owner != who.id:
        await query.answer(say("not_yours", who.lang))
        return

    async with bot.writes:
        current = await bot.engine.library.count(who.id)
        removed = 0
        if current == int(count_after):
            removed = await bot.engine.library.remove_last(who.id, int(added))

    await query.answer()
    if removed:
        await query.edit_message_reply_markup(None)
        await reply(update, say("undone", who.lang, count=removed))
    else:
        await reply(update, say("undo_too_late", who.lang))


async def import_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download an export file and import it, with a message that shows how it goes."""
    bot, who = state(context), await person(update, context)
    document = update.effective_message.document
    name = document.file_name or say("unnamed_file", who.lang)
    limit = min(bot.settings.max_file_bytes, TELEGRAM_DOWNLOAD_LIMIT)
    if document.file_size and document.file_size > limit:
        error = TasteError("too_big", name=name, size=_mb(document.file_size), limit=_mb(limit))
        await reply(update, error.text(who.lang))
        return

    with bot.job(who.id, "import") as free:
        if not free:
            await reply(update, say("file_busy", who.lang))
            return
        progress = await Progress.send(update, say("file_received", who.lang, name=name))
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        logger.info("file of %d bytes received", len(data))
        reading = progress.ticking(
            lambda seconds: say("file_reading", who.lang, name=name, seconds=seconds)
        )
        try:
            async with reading, bot.writes:
                imported = await bot.engine.import_file(who.id, data, name)
        except TasteError as error:
            await progress.show(error.text(who.lang))
            return
        await progress.show(_import_summary(imported, name, who))


def _import_summary(imported: Imported, name: str, who: Person) -> str:
    """Counts of an import, and the first few notes on rows skipped or read with a loss."""
    skipped = imported.result.skipped
    lines = [
        say(
            "file_done",
            who.lang,
            name=name,
            format=format_name(imported.result.format, who.lang),
            added=imported.added.added,
            merged=imported.added.merged,
        )
    ]
    # Notes cover rows left out and rows read with a loss alike, so they are not counted as
    # "skipped".
    if skipped:
        lines.append(say("file_notes", who.lang))
    lines += [f"• {skip.text(who.lang)}" for skip in skipped[:SHOWN_SKIPS]]
    if len(skipped) > SHOWN_SKIPS:
        lines.append(say("skipped_more", who.lang, count=len(skipped) - SHOWN_SKIPS))
    return "\n".join(lines)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")
