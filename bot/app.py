"""The Telegram application, built in one place for production, tests and benchmarks.

`build_application` wires the engine into python-telegram-bot; `run` serves it by long
polling or, when a webhook URL is set, by webhook; `running` is the same start and stop
sequence as `run_polling` for code that already has an event loop (tests, the benchmark).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application

from bot import handlers
from bot.state import KEY, BotState
from bot.texts import COMMAND_MENU, LANGS
from engine.render import BrowserMissing
from engine.service import Engine
from engine.settings import Settings

logger = logging.getLogger(__name__)

UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class PatientRateLimiter(AIORateLimiter):
    """Telegram's rate limits, `RetryAfter` retried, and requests lost on the network retried.

    A timed-out send may have reached Telegram, so a retry can rarely show a message twice;
    a lost answer is worse. Bad requests are never retried: they would fail again.
    """

    def __init__(self, *, retries: int = 3, backoff: float = 1.0) -> None:
        super().__init__(max_retries=retries)
        self._network_retries = retries
        self._backoff = backoff

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as error:
                # getUpdates has its own retry loop in the updater.
                if endpoint == "getUpdates" or attempt == self._network_retries:
                    raise
                delay = self._backoff * 2**attempt
                logger.warning("%s failed (%s), retrying in %.0f s", endpoint, error, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def build_application(settings: Settings, engine: Engine, *, warm: bool = True) -> Application:
    """The bot over `engine`; it starts the engine when it starts and closes it when it stops.

    Args:
        settings: the token and Bot API addresses come from here.
        engine: not started yet; the application owns it from now on.
        warm: load the model, compile UMAP, open the browser and embed the catalog in the
            background at start, so the first map is as quick as the next.
    """
    if not settings.telegram_token:
        raise ValueError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token"
        )
    builder = (
        Application.builder()
        .token(settings.telegram_token)
        .rate_limiter(PatientRateLimiter())
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_url:
        builder = builder.base_url(settings.telegram_api_url)
    if settings.telegram_file_url:
        builder = builder.base_file_url(settings.telegram_file_url)
    app = builder.build()
    app.bot_data[KEY] = BotState(settings, engine, warm=warm)
    handlers.register(app)
    return app


async def _post_init(app: Application) -> None:
    bot: BotState = app.bot_data[KEY]
    if bot.engine.library is None:
        await bot.engine.start()
    await _set_commands(app)
    if bot.warm:
        bot.warming = asyncio.create_task(_warm(bot), name="tastemap-warm")
    logger.info("bot @%s is up", app.bot.username)


async def _post_stop(app: Application) -> None:
    bot: BotState = app.bot_data[KEY]
    if bot.warming is not None and not bot.warming.done():
        bot.warming.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot.warming


async def _post_shutdown(app: Application) -> None:
    await app.bot_data[KEY].engine.close()
    logger.info("bot stopped")


async def _set_commands(app: Application) -> None:
    """The command menu in English (the default) and in Russian."""
    try:
        for lang in LANGS:
            commands = [BotCommand(name, words[lang]) for name, words in COMMAND_MENU.items()]
            await app.bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
    except TelegramError:
        logger.warning("could not set the command menu", exc_info=True)


async def _warm(bot: BotState) -> None:
    """Everything slow the first time, done before anyone asks."""
    started = time.perf_counter()
    steps = (
        ("browser", bot.open_browser),
        ("workers", bot.engine.compute.warm),
        ("catalog", bot.engine.catalog_index),
    )
    for name, step in steps:
        try:
            await step()
        except BrowserMissing:
            logger.warning("no Chromium for PNG maps: install Debian's chromium package")
        except Exception:
            logger.warning("warming the %s failed", name, exc_info=True)
    logger.info("warm in %.1f s", time.perf_counter() - started)


@contextlib.asynccontextmanager
async def running(app: Application, *, poll_timeout: int = 10) -> AsyncIterator[Application]:
    """Serve `app` by long polling inside the current event loop, then stop it cleanly."""
    await app.initialize()
    await app.post_init(app)
    await app.updater.start_polling(
        poll_interval=0.0, timeout=poll_timeout, allowed_updates=UPDATES
    )
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.post_stop(app)
        await app.shutdown()
        await app.post_shutdown(app)


def run(settings: Settings, *, warm: bool = True) -> None:
    """Serve the bot until stopped (Ctrl-C or SIGTERM): by webhook if one is set, else polling."""
    app = build_application(settings, Engine(settings), warm=warm)
    if not settings.webhook_url:
        logger.info("starting by long polling")
        app.run_polling(allowed_updates=UPDATES)
        return

    secret = settings.webhook_secret
    if secret is None:
        secret = secrets.token_urlsafe(32)
        logger.warning("TASTEMAP_WEBHOOK_SECRET is not set; using a random one for this run")
    elif not _SECRET.match(secret):
        raise ValueError("TASTEMAP_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -")
    logger.info("starting a webhook on port %d", settings.webhook_port)
    app.run_webhook(
        listen="0.0.0.0",
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=UPDATES,
    )
