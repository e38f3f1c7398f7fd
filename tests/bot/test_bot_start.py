"""First contact, help, language, and a hint instead of silence for what the bot cannot read."""

from __future__ import annotations

import pytest


async def test_start_explains_what_the_bot_does_in_the_persons_language(ann, boris):
    answer = await ann.ask("/start")
    assert "map of your taste" in answer.text
    assert "Blade Runner 2049" in answer.text

    answer = await boris.ask("/start")
    assert "карту вашего вкуса" in answer.text


async def test_help_lists_every_command(ann):
    answer = await ann.ask("/help")
    for command in ("/map", "/similar", "/recommend", "/list", "/remove", "/clear", "/export"):
        assert command in answer.text
    for command in ("/forget", "/settings", "/lang"):
        assert command in answer.text


async def test_the_bot_sets_its_command_menu_and_calls_only_known_methods(server, ann):
    await ann.ask("/help")
    assert server.calls.count("setMyCommands") == 2
    assert "getMe" in server.calls
    assert server.unknown == []


async def test_lang_switches_and_is_remembered(ann, bot):
    answer = await ann.ask("/lang")
    assert "Choose a language" in answer.text
    await ann.press(answer, f"lang:{ann.id}:ru")
    edited = await ann.next_message()
    assert edited.text == "Теперь говорю по-русски."
    answer = await ann.ask("/help")
    assert "Присылайте названия" in answer.text

    engine = bot.bot_data["tastemap"].engine
    lang, _ = await engine.library.person_settings(str(ann.id))
    assert lang == "ru"

    answer = await ann.ask("/lang en")
    assert answer.text == "I will speak English now."


@pytest.mark.parametrize(
    ("act", "expected"),
    [
        (lambda p: p.say("/frobnicate now"), "I do not know /frobnicate"),
        (lambda p: p.send_sticker(), "sticker"),
        (lambda p: p.send_photo(), "cannot read pictures"),
        (lambda p: p.send_voice(), "voice messages"),
        (lambda p: p.edit("Dune"), "edited messages"),
    ],
    ids=["unknown-command", "sticker", "photo", "voice", "edited"],
)
async def test_what_the_bot_cannot_read_gets_a_short_hint(ann, act, expected):
    await act(ann)
    answer = await ann.next_message()
    assert expected in answer.text


async def test_hints_are_in_russian_too(boris):
    await boris.send_sticker()
    answer = await boris.next_message()
    assert "стикер" in answer.text
