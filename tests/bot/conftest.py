"""The real bot, built by `build_application`, against the fake Bot API server on 127.0.0.1.

The engine runs its CPU work in one thread of the test process (`TASTEMAP_WORKERS=0`: the
event loop stays free) and uses a catalog of a few hundred works, so the catalog index is
embedded in seconds instead of the full catalog's minute.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from fake_telegram import TOKEN, FakeTelegram

from bot.app import build_application, running
from engine.catalog import Catalog, load_catalog
from engine.items import title_key
from engine.service import Engine
from engine.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures"
# Works the conversations below mention: they must be in the small catalog.
NAMED = {
    "blade runner",
    "dune",
    "neuromancer",
    "stalker",
    "solaris",
    "master and margarita",
    "creep",
    "matrix",
    "alien",
    "amelie",
    "hereditary",
    "spirited away",
}
PER_TYPE = 100


@pytest.fixture(scope="session")
def small_catalog() -> Catalog:
    """A few hundred works of every media type, the named ones included."""
    chosen, per_type = [], Counter()
    for entry in load_catalog().entries:
        media = entry.item.type
        if title_key(entry.item.title) in NAMED or per_type[media] < PER_TYPE:
            chosen.append(entry)
            per_type[media] += 1
    return Catalog(chosen)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """Shared by all bot tests, so the small catalog is embedded once per run."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
async def server():
    async with FakeTelegram() as fake:
        yield fake


def bot_env(server: FakeTelegram, db: Path, cache_dir: Path) -> dict[str, str]:
    """The environment a deployed bot would get, pointed at the fake server."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TASTEMAP_DB": str(db),
        "TASTEMAP_WORKERS": "0",
        "TASTEMAP_CACHE_DIR": str(cache_dir),
        "TASTEMAP_TELEGRAM_API_URL": server.api_url,
        "TASTEMAP_TELEGRAM_FILE_URL": server.file_url,
    }


@pytest.fixture
def settings(server, tmp_path, cache_dir) -> Settings:
    settings = Settings.from_env(bot_env(server, tmp_path / "bot.sqlite3", cache_dir))
    return dataclasses.replace(settings, cache_dir=cache_dir)


@pytest.fixture
async def bot(settings, small_catalog):
    """The bot, running by long polling against the fake server until the test ends."""
    app = build_application(settings, Engine(settings, catalog=small_catalog), warm=False)
    async with running(app, poll_timeout=1):
        yield app


@pytest.fixture
def ann(server, bot):
    return server.person("Ann", language_code="en")


@pytest.fixture
def boris(server, bot):
    return server.person("Борис", language_code="ru")
