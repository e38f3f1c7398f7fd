"""Sentences from the engine: counts written with their nouns, values shown as a person
would write them."""

from __future__ import annotations

import pytest

from engine.messages import text


@pytest.mark.parametrize(
    ("lang", "count", "clusters", "title"),
    [
        ("en", 1, 1, "Taste map · 1 item · 1 group"),
        ("en", 27, 9, "Taste map · 27 items · 9 groups"),
        ("ru", 27, 9, "Карта вкуса · 27 названий · 9 групп"),
        ("ru", 22, 3, "Карта вкуса · 22 названия · 3 группы"),
        ("ru", 101, 1, "Карта вкуса · 101 название · 1 группа"),
    ],
)
def test_the_map_title_writes_counts_with_their_nouns(lang, count, clusters, title):
    assert text("map_title", lang, count=count, clusters=clusters) == title


def test_a_bad_year_is_quoted_as_written_not_as_python_would():
    assert text("bad_year", "en", line=3, value="19x9") == (
        "line 3: “19x9” is not a year, kept without it."
    )


def test_a_noun_spec_leaves_other_values_alone():
    assert text("too_big", "ru", name="a.csv", size="25", limit="20") == (
        "Файл a.csv весит 25 МБ, а предел — 20 МБ."
    )
