"""The last resort: log the failure with its stack and tell the person in one sentence."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.state import quick_lang
from bot.texts import fit, say
from engine.messages import TasteError

logger = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any exception a handler let through ends here."""
    error = context.error
    lang = quick_lang(update, context)
    if isinstance(error, TasteError):
        # A problem the person can fix (a full library, a file too big): not a bug.
        logger.info("request refused: %s", error.message.key)
        sentence = error.text(lang)
    else:
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("update %s failed", update_id, exc_info=error)
        sentence = say("error", lang)

    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    if update.callback_query is not None:
        # Stop the pressed button spinning above the message that explains.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        await chat.send_message(fit(sentence))
    except TelegramError:
        logger.warning("could not tell chat about the failure", exc_info=True)
