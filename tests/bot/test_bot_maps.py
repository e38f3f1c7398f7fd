"""/map, /similar and /recommend through the real engine (small catalog, one worker thread)."""

from __future__ import annotations

import io
import re

from PIL import Image

TASTE_EN = """film: Blade Runner (1982)
film: Alien (1979)
film: The Matrix (1999)
book: Neuromancer by William Gibson
book: Dune by Frank Herbert
film: Amélie (2001)
film: Spirited Away (2001)
song: Radiohead - Creep
film: Stalker (1979)
book: Solaris — Stanisław Lem"""

TASTE_RU = """фильм: Сталкер (1979)
книга: Мастер и Маргарита — Булгаков
фильм: Солярис (1972)
книга: Дюна — Фрэнк Герберт
фильм: Бегущий по лезвию (1982)"""


async def test_map_sends_a_png_with_named_groups_and_an_html_map(ann):
    await ann.ask(TASTE_EN)

    building = await ann.ask("/map")
    assert building.text == "Building your map of 10 items…"
    photo = await ann.next_message(timeout=120)
    assert photo.method == "sendPhoto"
    image = Image.open(io.BytesIO(photo.file))
    image.verify()
    assert image.format == "PNG"
    assert photo.text.startswith("Your taste map: 10 items in ")
    assert "1. " in photo.text
    assert "  · " in photo.text
    assert len(photo.text) <= 1024

    page = await ann.next_message()
    assert page.method == "sendDocument"
    assert page.filename == "tastemap.html"
    assert page.file.lower().startswith(b"<!doctype html>")
    assert b"Blade Runner" in page.file

    done = await ann.next_message()
    assert done.message_id == building.message_id
    assert re.fullmatch(r"Done in (\d\.\d|[1-9]\d+) s\.", done.text), done.text


async def test_map_in_russian(boris):
    await boris.ask(TASTE_RU)
    assert (await boris.ask("/map")).text == "Строю карту: 5 названий…"
    photo = await boris.next_message(timeout=120)
    assert re.match(r"Ваша карта вкуса: 5 названий, \d+ групп[аы]?\.\n", photo.text)
    assert "шт." not in photo.text


async def test_the_caption_shows_a_work_the_library_holds_twice_once(boris):
    await boris.ask("фильм: Сталкер (1979)\nфильм: Stalker (1979)\nСталкер\n" + TASTE_RU)
    await boris.say("/map")
    photo = await boris.wait_for(lambda s: s.method == "sendPhoto", timeout=120)
    shown = [line for line in photo.text.splitlines() if line.startswith("  · ")]
    stalkers = [line for line in shown if "Сталкер" in line or "Stalker" in line]
    assert len(stalkers) == 1, shown


async def test_a_map_of_too_few_items_gets_a_friendly_note(ann):
    await ann.ask("film: Alien\nfilm: Heat")
    answer = await ann.ask("/map")
    assert answer.text == "A map needs at least 3 items; you have 2. Send me a few more titles."


async def test_a_second_map_while_the_first_builds_gets_still_working(server, ann):
    await ann.ask(TASTE_EN)
    await ann.say("/map")
    await ann.say("/map")
    answers = [await ann.next_message(timeout=120) for _ in range(5)]
    kinds = [(a.method, a.text.split(" ")[0]) for a in answers]
    assert ("sendMessage", "Still") in kinds
    assert [a.method for a in answers].count("sendPhoto") == 1


async def test_recommend_while_a_map_builds_asks_to_send_it_again(boris):
    await boris.ask(TASTE_RU)
    await boris.say("/map")
    await boris.say("/recommend")
    answers = [await boris.next_message(timeout=120) for _ in range(5)]
    texts = [a.text for a in answers if a.method == "sendMessage"]
    assert "Ещё выполняю ваш запрос /map; пришлите /recommend снова, когда придёт ответ." in texts
    assert [a.method for a in answers].count("sendPhoto") == 1


async def test_a_fixed_number_of_clusters_from_settings(ann):
    await ann.ask(TASTE_EN)
    shown = await ann.ask("/settings")
    await ann.press(shown, f"set:{ann.id}:clusters:2")
    await ann.next_message()
    await ann.say("/map")
    photo = await ann.wait_for(lambda s: s.method == "sendPhoto", timeout=120)
    assert "10 items in 2 groups" in photo.text


async def test_maps_per_media_type(ann):
    await ann.ask(TASTE_EN)
    shown = await ann.ask("/settings")
    await ann.press(shown, f"set:{ann.id}:split:type")
    await ann.next_message()

    await ann.say("/map")
    await ann.next_message()  # building
    note = await ann.next_message(timeout=120)
    assert "Skipped: music (1)" in note.text
    films = await ann.wait_for(lambda s: s.method == "sendPhoto", timeout=120)
    assert films.text.startswith("Your map of films: 6 items")
    books = await ann.wait_for(lambda s: s.method == "sendPhoto", timeout=120)
    assert books.text.startswith("Your map of books: 3 items")
    assert (await ann.next_message()).filename == "tastemap-book.html"


async def test_similar_names_titles_in_the_library_and_new_ones(ann):
    await ann.ask(TASTE_EN)
    looking = await ann.ask("/similar Solaris")
    assert looking.text == "Looking for what is near “Solaris”…"
    answer = await ann.next_message(timeout=120)
    assert answer.message_id == looking.message_id
    assert answer.text.startswith("Nearest to Solaris")
    assert "In your library:" in answer.text
    assert "New to you:" in answer.text


async def test_similar_says_when_it_does_not_know_the_title(ann, boris):
    await ann.ask(TASTE_EN)
    await ann.say("/similar Qwzxv Plorbt Frimble")
    answer = await ann.wait_for(lambda s: s.method == "editMessageText", timeout=120)
    assert "I do not know “Qwzxv Plorbt Frimble”" in answer.text

    await ann.say("/similar Stalker")
    known = await ann.wait_for(lambda s: s.method == "editMessageText", timeout=120)
    assert known.text.startswith("Nearest to Stalker")
    assert "do not know" not in known.text

    await boris.say("/similar Кьюзхв Плорбт")
    russian = await boris.wait_for(lambda s: s.method == "editMessageText", timeout=120)
    assert "«Кьюзхв Плорбт» мне не знакомо" in russian.text


async def test_similar_without_a_title_explains_itself(boris):
    assert "Напишите название" in (await boris.ask("/similar")).text


async def test_recommend_gives_new_titles_per_named_group(ann, bot):
    await ann.ask(TASTE_EN)
    await ann.ask("/recommend")
    answer = await ann.next_message(timeout=120)
    assert answer.text.startswith("New titles for each group of your map:")
    library = await bot.bot_data["tastemap"].engine.library.items(str(ann.id))
    own = {f"{item.title} — {item.type.value}" for item in library}
    suggested = [line for line in answer.text.splitlines() if line.startswith("• ")]
    assert suggested
    for line in suggested:
        title, kind = line[2:].split(" (")[0].split(" — ")[0], line.rsplit(" — ", 1)[1]
        assert f"{title} — {kind.replace('film', 'movie')}" not in own


async def test_maps_per_type_without_any_big_type_say_so_once(ann):
    await ann.ask("film: Heat\nfilm: Alien\nbook: Dune\nbook: Emma")
    shown = await ann.ask("/settings")
    await ann.press(shown, f"set:{ann.id}:split:type")
    await ann.next_message()

    await ann.say("/map")
    await ann.next_message()  # building
    answer = await ann.next_message(timeout=120)
    assert answer.text.startswith("A map per media type needs at least 3 items of one type")
    assert "film (2), book (2)" in answer.text and "/settings" in answer.text
