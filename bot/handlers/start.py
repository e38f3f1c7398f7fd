"""/start and /help, and a short hint for anything the bot does not read, so it is never silent."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.replies import reply
from bot.state import person
from bot.texts import say


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot does and how to begin."""
    who = await person(update, context)
    await reply(update, say("start", who.lang))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every command in one message."""
    who = await person(update, context)
    await reply(update, say("help", who.lang))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have."""
    who = await person(update, context)
    command = (update.effective_message.text or "/").split()[0].split("@")[0]
    await reply(update, say("unknown_command", who.lang, command=command[:64]))


async def sticker(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await person(update, context)
    await reply(update, say("sticker", who.lang))


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await person(update, context)
    await reply(update, say("photo", who.lang))


async def voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await person(update, context)
    await reply(update, say("voice", who.lang))


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Locations, contacts, polls and the rest."""
    who = await person(update, context)
    await reply(update, say("other_message", who.lang))


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is not read again: adding it twice would be worse."""
    who = await person(update, context)
    await reply(update, say("edited", who.lang))
