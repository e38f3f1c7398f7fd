"""The bot's sentences: both languages for every one, and cutting to Telegram's limits."""

from __future__ import annotations

import re
import string

import pytest

from bot.texts import _TEXTS, COMMAND_MENU, fit, fit_parts, lang_from_code, say


def fields(sentence: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(sentence) if name}


@pytest.mark.parametrize("key", sorted(_TEXTS))
def test_every_sentence_exists_in_english_and_russian_with_the_same_blanks(key):
    assert set(_TEXTS[key]) == {"en", "ru"}
    assert fields(_TEXTS[key]["en"]) == fields(_TEXTS[key]["ru"])


def test_the_command_menu_is_in_both_languages_and_short():
    for words in COMMAND_MENU.values():
        assert set(words) == {"en", "ru"}
        assert all(3 <= len(text) <= 256 for text in words.values())


def test_fit_keeps_short_text_and_cuts_long_text_at_a_line_break():
    assert fit("short", 10) == "short"
    text = "\n".join(f"line {n}" for n in range(1000))
    cut = fit(text, 100)
    assert len(cut) <= 100
    assert cut.endswith("\n…")
    assert text.startswith(cut[:-2])


def test_fit_cuts_one_long_line_with_an_ellipsis():
    cut = fit("x" * 5000, 4096)
    assert len(cut) == 4096 and cut.endswith("x…")


def test_fit_parts_counts_what_did_not_fit_and_keeps_the_tail():
    parts = [f"group {n}\n" + "· title\n" * 20 for n in range(20)]
    text = fit_parts("Head.", parts, limit=1024, lang="en", tail="Names chosen offline.")
    assert len(text) <= 1024
    assert text.startswith("Head.")
    assert text.endswith("Names chosen offline.")
    assert re.search(r"\n…plus \d+ groups\.\n", text)


@pytest.mark.parametrize(
    ("code", "lang"), [("ru", "ru"), ("ru-RU", "ru"), ("en", "en"), ("de", "en"), (None, "en")]
)
def test_the_language_comes_from_telegrams_language_code(code, lang):
    assert lang_from_code(code) == lang


@pytest.mark.parametrize(
    ("count", "en", "ru"),
    [
        (0, "0 items", "0 названий"),
        (1, "1 item", "1 название"),
        (3, "3 items", "3 названия"),
        (11, "11 items", "11 названий"),
        (21, "21 items", "21 название"),
        (112, "112 items", "112 названий"),
        (1024, "1024 items", "1024 названия"),
    ],
)
def test_counts_are_written_with_the_noun_in_the_right_form(count, en, ru):
    assert say("list_head", "en", count=count, page=1, pages=1).startswith(f"Your library: {en},")
    assert say("list_head", "ru", count=count, page=1, pages=1).startswith(
        f"Ваша библиотека: {ru},"
    )


def test_an_unknown_language_falls_back_to_english():
    assert say("help", "de") == say("help", "en")
