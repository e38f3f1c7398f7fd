"""What the bot keeps while it runs: the engine, who is busy with what, and each person's view.

A person is a Telegram user; their id as a string scopes every library call, so each person
only ever sees their own items.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ContextTypes

from bot.texts import LANGS, lang_from_code
from engine.service import Engine
from engine.settings import Settings

logger = logging.getLogger(__name__)

KEY = "tastemap"


@dataclass
class Person:
    """One person as the bot sees them: id, language and map settings."""

    id: str
    lang: str
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def clusters(self) -> int | None:
        """A fixed number of clusters, or None for automatic."""
        value = self.settings.get("clusters")
        return int(value) if isinstance(value, int) and value > 0 else None

    @property
    def per_type(self) -> bool:
        return self.settings.get("split") == "type"


class BotState:
    """The engine and the bot's bookkeeping, shared by every handler through `bot_data`."""

    def __init__(self, settings: Settings, engine: Engine, *, warm: bool = True) -> None:
        self.settings = settings
        self.engine = engine
        self.warm = warm
        self.warming: asyncio.Task | None = None
        # (person, kind of work) -> the command doing it.
        self._busy: dict[tuple[str, str], str] = {}
        # TODO: Library shares one SQLite connection, so a commit from any coroutine ends
        # whatever transaction is open on it; until Library serialises its own writes, every
        # write the bot starts goes through this lock so two transactions never overlap.
        self.writes = asyncio.Lock()
        self._browser = asyncio.Lock()

    @contextmanager
    def job(self, person: str, kind: str, command: str = "") -> Iterator[bool]:
        """Mark `person` busy with `kind` of work for `command`; yields False when they
        already are."""
        key = (person, kind)
        if key in self._busy:
            yield False
            return
        self._busy[key] = command
        try:
            yield True
        finally:
            self._busy.pop(key, None)

    def busy_with(self, person: str, kind: str) -> str | None:
        """The command keeping `person` busy with `kind` of work, or None."""
        return self._busy.get((person, kind))

    async def open_browser(self) -> None:
        """Open the engine's browser once, even when several maps ask at the same moment."""
        # TODO: Renderer.open lets a second caller through before the browser has opened;
        # this lock can go once the engine guards it.
        async with self._browser:
            await self.engine.renderer.open()


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The bot's shared state from a handler's context."""
    return context.application.bot_data[KEY]


async def person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Person:
    """The person behind `update`, read once per run from the library and then kept in memory."""
    cached = context.user_data.get("person") if context.user_data is not None else None
    if cached is not None:
        return cached
    user = update.effective_user
    lang, settings = await state(context).engine.library.person_settings(str(user.id))
    found = Person(
        id=str(user.id),
        lang=lang if lang in LANGS else lang_from_code(user.language_code),
        settings=settings,
    )
    context.user_data["person"] = found
    return found


async def save(context: ContextTypes.DEFAULT_TYPE, who: Person) -> None:
    """Store a person's language and settings (after /lang or /settings)."""
    bot = state(context)
    async with bot.writes:
        await bot.engine.library.save_person(who.id, lang=who.lang, settings=who.settings)
    context.user_data["person"] = who


def quick_lang(update: object, context: ContextTypes.DEFAULT_TYPE) -> str:
    """A language for a reply without touching the database (for the error handler)."""
    data = getattr(context, "user_data", None) or {}
    if "person" in data:
        return data["person"].lang
    user = update.effective_user if isinstance(update, Update) else None
    return lang_from_code(user.language_code if user else None)
