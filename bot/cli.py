"""The `tastemap bot` subcommand, found by `engine.cli` through the `tastemap.commands` entry
point, so the engine never imports the bot."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `bot` to the `tastemap` command."""
    command = subparsers.add_parser(
        "bot",
        help="run the Telegram bot (token from TELEGRAM_BOT_TOKEN)",
        description="Run the Telegram bot: long polling, or a webhook when "
        "TASTEMAP_WEBHOOK_URL is set. The database is TASTEMAP_DB.",
    )
    add_arguments(command)
    command.set_defaults(run=run_command)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="do not load the model, compile UMAP and embed the catalog at start",
    )
    parser.add_argument(
        "--embed-catalog",
        action="store_true",
        help="embed the offline catalog into the cache folder and exit (for image builds)",
    )


def run_command(args: argparse.Namespace) -> int:
    """Start the bot with the settings from the environment; returns the exit status."""
    from bot.app import run
    from engine.settings import Settings

    verbose = getattr(args, "verbose", False)
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.INFO)
    # httpx logs every request URL at INFO, and a Bot API URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env()
        if args.embed_catalog:
            asyncio.run(embed_catalog(settings))
            return 0
        run(settings, warm=not args.no_warm)
    except ValueError as error:
        print(f"tastemap bot: {error}", file=sys.stderr)
        return 2
    return 0


async def embed_catalog(settings) -> None:
    """Embed the catalog once, so /similar and /recommend answer at once after a start."""
    from engine.compute import Compute
    from engine.service import Engine

    started = time.perf_counter()
    engine = Engine(settings, compute=Compute(processes=0, warm=False))
    try:
        index = await engine.catalog_index()
    finally:
        engine.compute.shutdown()
    print(f"{len(index)} catalog works embedded in {time.perf_counter() - started:.0f} s")
