"""The person's library: /list (paged), /remove, /clear, /export and /forget.

Buttons that change the library carry the owner's id, so in a group chat nobody can press
someone else's "clear" or "forget".
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.replies import command_argument, edit, reply
from bot.state import BotState, Person, person, state
from bot.texts import say, type_name
from engine.importers.export import export_csv

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


async def show_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The first page of the library."""
    bot, who = state(context), await person(update, context)
    text, keyboard = await _page(bot, who, 0)
    await reply(update, text, keyboard=keyboard)


async def turn_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page of the list in the same message."""
    query = update.callback_query
    bot, who = state(context), await person(update, context)
    _, owner, page = query.data.split(":")
    if owner != who.id:
        await query.answer(say("not_yours", who.lang))
        return
    await query.answer()
    text, keyboard = await _page(bot, who, int(page))
    await edit(query.message, text, keyboard=keyboard)


async def _page(bot: BotState, who: Person, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    items = await bot.engine.library.items(who.id, include_want=True)
    if not items:
        return say("list_empty", who.lang), None
    pages = (len(items) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    first = page * PAGE_SIZE
    lines = [say("list_head", who.lang, count=len(items), page=page + 1, pages=pages), ""]
    for number, item in enumerate(items[first : first + PAGE_SIZE], first + 1):
        kind = type_name(item.type, who.lang)
        if item.want:
            kind += f", {say('wishlist', who.lang)}"
        lines.append(f"{number}. {item.label()} — {kind}")

    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("◀", callback_data=f"list:{who.id}:{page - 1}"))
    if page < pages - 1:
        buttons.append(InlineKeyboardButton("▶", callback_data=f"list:{who.id}:{page + 1}"))
    return "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None


async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove the items with the title the person names."""
    bot, who = state(context), await person(update, context)
    title = command_argument(update)
    if not title:
        await reply(update, say("remove_usage", who.lang))
        return
    async with bot.writes:
        removed = await bot.engine.library.remove(who.id, title)
    if not removed:
        await reply(update, say("remove_none", who.lang, title=title[:200]))
        return
    lines = [say("removed", who.lang)]
    lines += [f"• {item.label()} — {type_name(item.type, who.lang)}" for item in removed]
    await reply(update, "\n".join(lines))


async def clear(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before emptying the library."""
    bot, who = state(context), await person(update, context)
    count = await bot.engine.library.count(who.id)
    if not count:
        await reply(update, say("list_empty", who.lang))
        return
    keyboard = _confirm(who, "clear", say("clear_yes", who.lang))
    await reply(update, say("clear_ask", who.lang, count=count), keyboard=keyboard)


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before deleting every trace of the person."""
    bot, who = state(context), await person(update, context)
    count = await bot.engine.library.count(who.id)
    keyboard = _confirm(who, "forget", say("forget_yes", who.lang))
    await reply(update, say("forget_ask", who.lang, count=count), keyboard=keyboard)


def _confirm(who: Person, action: str, yes: str) -> InlineKeyboardMarkup:
    """Two buttons: do `action`, or cancel."""
    choices = [(yes, "yes"), (say("cancel", who.lang), "no")]
    buttons = [
        InlineKeyboardButton(label, callback_data=f"{action}:{who.id}:{answer}")
        for label, answer in choices
    ]
    return InlineKeyboardMarkup([buttons])


async def confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to a /clear or /forget question."""
    query = update.callback_query
    bot, who = state(context), await person(update, context)
    action, owner, answer = query.data.split(":")
    if owner != who.id:
        await query.answer(say("not_yours", who.lang))
        return
    await query.answer()
    if answer != "yes":
        await edit(query.message, say("cancelled", who.lang))
        return

    async with bot.writes:
        if action == "clear":
            count = await bot.engine.library.clear(who.id)
        else:
            await bot.engine.library.forget(who.id)
    if action == "clear":
        await edit(query.message, say("cleared", who.lang, count=count))
        return
    context.user_data.clear()
    logger.info("a person asked to be forgotten; their items and settings are deleted")
    await edit(query.message, say("forgotten", who.lang))


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The library as a CSV file that spreadsheets open safely and the bot reads back."""
    bot, who = state(context), await person(update, context)
    items = await bot.engine.library.items(who.id, include_want=True)
    if not items:
        await reply(update, say("list_empty", who.lang))
        return
    await update.effective_chat.send_document(
        export_csv(items),
        filename="tastemap-library.csv",
        caption=say("export_caption", who.lang, count=len(items)),
    )
