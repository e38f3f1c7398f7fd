"""The engine in LLM mode against the fake server: whole maps, messages and settings."""

import json
import os
import subprocess
import sys
import time

import pytest
from fake_openai import NAMES, Answer
from llm_samples import SECRET

from engine.catalog import Catalog, load_catalog
from engine.cli import main
from engine.items import Item, MediaType
from engine.name import OfflineNamer
from engine.service import Engine
from engine.settings import Settings
from engine.stages import make_knowledge, make_namer

LIBRARY = [
    Item("Neuromancer", MediaType.BOOK, "William Gibson"),
    Item("Snow Crash", MediaType.BOOK, "Neal Stephenson"),
    Item("Blade Runner", MediaType.MOVIE, "Ridley Scott"),
    Item("Kind of Blue", MediaType.MUSIC, "Miles Davis"),
    Item("A Love Supreme", MediaType.MUSIC, "John Coltrane"),
    Item("Mingus Ah Um", MediaType.MUSIC, "Charles Mingus"),
    Item("War and Peace", MediaType.BOOK, "Leo Tolstoy"),
    Item("Anna Karenina", MediaType.BOOK, "Leo Tolstoy"),
    Item("Resurrection", MediaType.BOOK, "Leo Tolstoy"),
]


@pytest.fixture
async def engine(tmp_path, fake_openai, compute):
    load_catalog()  # once per process, outside the timings below
    settings = Settings(
        db_path=tmp_path / "tastemap.sqlite3",
        openai_api_key=SECRET,
        openai_base_url=fake_openai.url,
        llm_model="test-model",
        llm_timeout=0.4,
        llm_deadline=2.0,
        workers=0,
        cache_dir=tmp_path,
    )
    async with Engine(settings, compute=compute, catalog=Catalog([])) as running:
        running.llm.backoff = 0.01
        await running.library.add("ann", LIBRARY)
        yield running


async def test_a_map_gets_the_models_names_and_asks_each_thing_once(engine, fake_openai):
    taste_map = await engine.build("ann", lang="en", clusters=3)
    assert sorted(c.name for c in taste_map.clusters) == sorted(NAMES["en"][:3])
    assert all(c.name_source == "llm" for c in taste_map.clusters) and taste_map.note == ""
    assert fake_openai.tasks_asked() == ["describe_items", "name_clusters"]
    assert all(item.description for item in taste_map.items)

    # The same map again: descriptions come from the library, the names from the cache.
    again = await engine.build("ann", lang="en", clusters=3)
    assert [c.name for c in again.clusters] == [c.name for c in taste_map.clusters]
    assert len(fake_openai.chats) == 2

    # Another person with the same works: described already, named in one request.
    await engine.library.add("bob", LIBRARY[:6])
    await engine.build("bob", lang="ru", clusters=2)
    assert fake_openai.tasks_asked()[2:] == ["name_clusters"]


async def test_a_wrong_key_still_delivers_a_map_with_offline_names_and_one_sentence(
    engine, fake_openai
):
    fake_openai.then_chat(Answer.error(401, "Incorrect API key provided"))
    taste_map = await engine.build("ann", lang="ru", clusters=3)
    assert all(c.name_source == "offline" for c in taste_map.clusters)
    assert taste_map.note.startswith("Сервис нейросети не принял ключ API.")
    assert "без нейросети" in taste_map.note
    assert len(fake_openai.chats) == 1


async def test_a_hanging_server_still_delivers_the_map_by_the_deadline(engine, fake_openai):
    fake_openai.then_chat(*[Answer(hang=True)] * 10)
    started = time.monotonic()
    taste_map = await engine.build("ann", lang="en", clusters=3)
    assert time.monotonic() - started < engine.settings.llm_deadline + 3
    assert all(c.name_source == "offline" for c in taste_map.clusters)
    assert taste_map.note.startswith("The AI service did not answer in time.")


async def test_a_spent_daily_budget_is_said_and_the_map_named_offline(engine, fake_openai):
    today = time.strftime("%Y-%m-%d", time.gmtime())
    await engine.library.add_llm_usage("ann", today, 10_000, 0)
    taste_map = await engine.build("ann", lang="en", clusters=3)
    assert all(c.name_source == "offline" for c in taste_map.clusters)
    assert "today's allowance" in taste_map.note and fake_openai.chats == []


async def test_a_messy_message_is_read_by_the_model_and_a_clear_one_is_not(engine, fake_openai):
    stalker = {"title": "Сталкер", "type": "movie", "creator": "Андрей Тарковский", "year": 1979}
    computer = {"title": "OK Computer", "type": "music", "creator": "Radiohead", "year": 1997}
    fake_openai.then_chat(Answer(content=json.dumps({"items": [stalker, computer]})))
    parsed, added = await engine.add_text(
        "cid", "вчера посмотрел Сталкер Тарковского и слушал OK Computer"
    )
    assert [p.item.title for p in parsed] == ["Сталкер", "OK Computer"]
    assert added.added == 2 and len(fake_openai.chats) == 1

    parsed, _ = await engine.add_text("cid", "книга: Мастер и Маргарита — Булгаков")
    assert parsed[0].item.title == "Мастер и Маргарита" and len(fake_openai.chats) == 1


async def test_a_message_the_model_cannot_read_keeps_the_offline_reading(engine, fake_openai):
    fake_openai.then_chat(Answer.error(500, "boom"), Answer.error(500, "boom"))
    fake_openai.then_chat(Answer.error(500, "boom"))
    parsed, _ = await engine.add_text("cid", "вчера посмотрел что-то странное и непонятное")
    assert len(parsed) == 1 and parsed[0].item.type is MediaType.OTHER


async def test_recommendations_mix_the_models_picks_that_fit_with_the_catalogs(
    engine, fake_openai
):
    proposals = {
        "Neuromancer": ("Count Zero", "book", "William Gibson", "cyberpunk, hackers, sprawl"),
        "Kind of Blue": ("Giant Steps", "music", "John Coltrane", "hard bop jazz, saxophone"),
        "War and Peace": ("The Death of Ivan Ilyich", "book", "Leo Tolstoy", "Russian novel"),
    }

    def suggest(data, body):
        groups = []
        for group in data["groups"]:
            titles = {work["title"] for work in group["typical"]}
            works = [
                {"title": t, "type": m, "creator": c, "year": None, "genres": [], "line": line}
                for key, (t, m, c, line) in proposals.items()
                if key in titles
            ]
            works.append(
                {
                    "title": "The Joy of Cooking",
                    "type": "book",
                    "creator": "Irma Rombauer",
                    "year": 1931,
                    "genres": ["cookbook"],
                    "line": "recipes, home kitchen",
                }
            )
            groups.append({"id": group["id"], "works": works})
        return {"groups": groups}

    fake_openai.tasks["suggest"] = suggest
    _, picks = await engine.recommend("ann", lang="en", per_cluster=3, clusters=3)
    suggested = {s.item.title for cluster in picks.values() for s in cluster}
    assert {"Count Zero", "Giant Steps"} <= suggested
    assert "The Joy of Cooking" not in suggested
    assert fake_openai.tasks_asked()[-1] == "suggest"


def test_the_llm_settings_are_read_once_and_shown_without_the_key(monkeypatch, capsys):
    env = {
        "OPENAI_API_KEY": SECRET,
        "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
        "TASTEMAP_LLM_MODEL": "llama3.1",
        "TASTEMAP_EMBEDDINGS": "openai",
        "TASTEMAP_EMBED_MODEL": "nomic-embed-text",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["config"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["openai_api_key"] == "set" and SECRET not in json.dumps(shown)
    assert shown["openai_base_url"] == "http://127.0.0.1:11434/v1"
    assert shown["llm_model"] == "llama3.1" and shown["llm_enabled"] is True
    assert shown["embeddings"] == "openai" and shown["embed_model"] == "nomic-embed-text"
    assert Settings.from_env({}).llm_model == "gpt-4o-mini"
    assert Settings.from_env({}).embed_model == "text-embedding-3-small"


def test_without_llm_settings_the_stages_are_offline_and_openai_is_never_loaded():
    code = (
        "import sys\n"
        "from engine.service import Engine\n"
        "from engine.settings import Settings\n"
        "from engine.stages import make_embedder, make_knowledge, make_llm, make_namer\n"
        "settings = Settings.from_env({})\n"
        "engine = Engine(settings)\n"
        "assert engine.llm is None and make_llm(settings) is None\n"
        "make_namer(settings, embedder=engine.embedder)\n"
        "assert len(make_knowledge(settings)) == 1\n"
        "assert 'openai' not in sys.modules, 'openai was imported'\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TASTEMAP_"))}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert run.returncode == 0, run.stderr


def test_the_offline_settings_choose_the_offline_namer(embedder):
    settings = Settings()
    assert isinstance(make_namer(settings, embedder=embedder), OfflineNamer)
    assert len(make_knowledge(settings)) == 1
