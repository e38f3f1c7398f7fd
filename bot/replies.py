"""Replies: texts cut to Telegram's limits, progress messages that edit themselves, and what
follows a command."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from bot.texts import fit

logger = logging.getLogger(__name__)

TICK_SECONDS = 3.0


async def reply(
    update: Update, text: str, *, keyboard: InlineKeyboardMarkup | None = None
) -> Message:
    """Answer in the chat the update came from, cut to the 4096-character limit."""
    return await update.effective_chat.send_message(fit(text), reply_markup=keyboard)


async def edit(message: Message, text: str, *, keyboard: InlineKeyboardMarkup | None = None):
    """Replace a message's text; an edit to the same text is not an error."""
    try:
        await message.edit_text(fit(text), reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


class Progress:
    """A message that says what is happening and can keep itself fresh while work runs."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self._shown = message.text or ""

    @classmethod
    async def send(cls, update: Update, text: str) -> Progress:
        return cls(await reply(update, text))

    async def show(self, text: str) -> None:
        """Edit the message to `text` unless it already says that."""
        if text != self._shown:
            self._shown = text
            await edit(self.message, text)

    @contextlib.asynccontextmanager
    async def ticking(
        self,
        say: Callable[[int], str] | None,
        *,
        action: str | None = None,
        every: float = TICK_SECONDS,
    ) -> AsyncIterator[None]:
        """While the body runs, edit the message to `say(seconds elapsed)` every few seconds
        and repeat the chat `action` ("typing", "upload_photo") so the chat looks alive."""
        started = time.monotonic()
        task = asyncio.create_task(self._tick(say, action, every, started))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(
        self, say: Callable[[int], str] | None, action: str | None, every: float, started: float
    ) -> None:
        while True:
            try:
                if action:
                    await self.message.get_bot().send_chat_action(self.message.chat_id, action)
                if say is not None:
                    await self.show(say(round(time.monotonic() - started)))
            except TelegramError as error:
                # A missed progress edit is harmless; the final answer is sent anyway.
                logger.debug("progress update failed: %s", error)
            await asyncio.sleep(every)


def command_argument(update: Update) -> str:
    """What follows the command in a message ("/similar Solaris" -> "Solaris")."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
