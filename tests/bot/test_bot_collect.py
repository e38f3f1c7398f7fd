"""Adding titles by text and by export file, undoing, and the limits a person can hit."""

from __future__ import annotations

import dataclasses

from conftest import FIXTURES


async def items_of(bot, person):
    return await bot.bot_data["tastemap"].engine.library.items(str(person.id), include_want=True)


async def test_a_list_in_english_adds_every_title_with_its_type(ann, bot):
    answer = await ann.ask(
        "Dune by Frank Herbert\nbook: Neuromancer by William Gibson\nZzyzx Qwerty"
    )

    assert answer.text.startswith("Got 3 items:")
    assert "• Dune — Frank Herbert — book, guessed" in answer.text
    assert "• Neuromancer — William Gibson — book\n" in answer.text
    assert "• Zzyzx Qwerty — type unknown" in answer.text
    assert "Added to your library: 3." in answer.text
    assert "start the line with film:" in answer.text
    assert answer.callback_data == [f"undo:{ann.id}:3:3"]
    assert len(await items_of(bot, ann)) == 3


async def test_a_russian_list_is_answered_in_russian(boris, bot):
    answer = await boris.ask("1. книга: Мастер и Маргарита — Булгаков\n2. фильм: Сталкер (1979)")

    assert answer.text.startswith("Понял 2 названия:")
    assert "Мастер и Маргарита — Булгаков — книга" in answer.text
    assert "Сталкер (1979) — фильм" in answer.text
    assert "Добавил в библиотеку: 2." in answer.text
    assert [i.title for i in await items_of(bot, boris)] == ["Мастер и Маргарита", "Сталкер"]


async def test_a_title_sent_twice_is_merged_and_offers_no_undo(ann):
    await ann.ask("film: Alien (1979)")
    answer = await ann.ask("film: Alien (1979)\n" * 30)
    assert answer.text.endswith("\n\nAlready in your library, updated: 1.")
    assert answer.callback_data == []


async def test_undo_removes_what_its_message_added_and_only_while_nothing_changed(
    server, ann, bot
):
    first = await ann.ask("film: Alien\nfilm: Heat")
    second = await ann.ask("book: Solaris")

    await ann.press(first, first.callback_data[0])
    assert "cannot undo that any more" in (await ann.next_message()).text

    await ann.press(second, second.callback_data[0])
    done = await ann.next_message()
    assert "removed what that message added (1 item)" in done.text
    assert "reply_markup" not in server.message(second.chat_id, second.message_id)
    assert [i.title for i in await items_of(bot, ann)] == ["Alien", "Heat"]

    await ann.press(first, first.callback_data[0])
    assert "(2 items)" in (await ann.next_message()).text
    assert await items_of(bot, ann) == []


async def test_nobody_else_can_press_my_undo(server, ann, bot):
    answer = await ann.ask("film: Alien")
    eve = server.person("Eve")
    await eve.press(answer, answer.callback_data[0])
    await server.wait_for(lambda: server.calls.count("answerCallbackQuery") == 1, timeout=10)
    assert len(await items_of(bot, ann)) == 1


async def test_a_long_list_keeps_its_counts_and_shows_a_repeated_title_once(ann, bot):
    titles = [f"book: Imaginary Book {n}" for n in range(60)]
    answer = await ann.ask("\n".join(["book: Dune"] * 500 + titles))

    assert len(answer.text) <= 4096
    assert answer.text.startswith("Got 61 items:\n")
    assert answer.text.count("• Dune — book") == 1
    assert "\n…and 21 more.\n" in answer.text
    assert answer.text.endswith("\n\nAdded to your library: 61.")
    assert len(await items_of(bot, ann)) == 61


async def test_undo_counts_in_words_in_both_languages(ann, boris):
    answer = await ann.ask("film: Alien")
    await ann.press(answer, answer.callback_data[0])
    assert (await ann.next_message()).text == ("Undone: removed what that message added (1 item).")

    answer = await boris.ask("фильм: Сталкер\nфильм: Солярис")
    assert answer.text.startswith("Понял 2 названия:\n")
    await boris.press(answer, answer.callback_data[0])
    assert (await boris.next_message()).text == (
        "Отменил: убрал то, что добавило то сообщение (2 названия)."
    )


async def test_links_are_not_added_as_titles_and_the_person_is_told(ann, boris, bot):
    answer = await ann.ask(
        "https://letterboxd.com/film/stalker/\nfilm: Stalker https://boxd.it/2aHi"
    )
    assert answer.text.startswith("Got 1 item:\n• Stalker — film\n")
    assert "I do not open links" in answer.text
    assert [i.title for i in await items_of(bot, ann)] == ["Stalker"]

    answer = await boris.ask("https://www.kinopoisk.ru/film/43911/")
    assert answer.text.startswith("Не нашёл в сообщении ни одного названия.")
    assert "Ссылки я не открываю" in answer.text
    assert await items_of(bot, boris) == []


async def test_a_message_with_no_title_says_so(ann):
    answer = await ann.ask("!!! ... ???")
    assert "found no titles" in answer.text


async def test_overlong_lines_are_reported(ann):
    answer = await ann.ask("Dune\n" + "x" * 400)
    assert "Lines longer than 300 characters are not titles; I skipped 1." in answer.text


async def test_a_goodreads_export_is_imported_with_progress_and_counts(ann, bot):
    data = (FIXTURES / "exports" / "goodreads" / "goodreads_library_export.csv").read_bytes()
    await ann.send_document(data, "goodreads_library_export.csv")

    progress = await ann.next_message()
    assert progress.text == "Got goodreads_library_export.csv, downloading…"
    done = await ann.wait_for(lambda s: s.text.startswith("goodreads_library_export.csv, read"))
    assert done.method == "editMessageText"
    assert done.message_id == progress.message_id
    assert "read as Goodreads library" in done.text
    items = await items_of(bot, ann)
    assert f"added: {len(items)}" in done.text
    assert any(item.title.startswith("Dune") for item in items)


async def test_an_imdb_export_in_russian(boris, bot):
    data = (FIXTURES / "exports" / "imdb" / "ratings-2024.csv").read_bytes()
    await boris.send_document(data, "ratings.csv")
    done = await boris.wait_for(lambda s: "список IMDb" in s.text)
    assert "добавлено" in done.text
    assert len(await items_of(bot, boris)) > 0


async def test_a_broken_file_gets_a_clear_reply_and_adds_nothing(ann, bot):
    await ann.send_document(b"\x00\x01\x02\xff" * 200, "films.csv")
    answer = await ann.wait_for(lambda s: not s.text.startswith(("Got ", "Reading ")))
    assert answer.text == "The file films.csv is not text: it looks like binary data."
    assert await items_of(bot, ann) == []


async def test_notes_on_a_damaged_table_are_not_counted_as_skipped_rows(ann, boris, bot):
    table = b'title,year\n"Dune,19x9\nAlien,1979,extra\n,2000\nHeat,abc\n'
    await ann.send_document(table, "films.csv")
    done = await ann.wait_for(lambda s: s.text.startswith("films.csv, read"))

    assert "skipped:" not in done.text
    assert "\nNotes:\n" in done.text
    assert "• line 5: “abc” is not a year, kept without it." in done.text
    assert "'abc'" not in done.text
    assert "• line 4: no title, skipped." in done.text
    assert f"added: {len(await items_of(bot, ann))}" in done.text

    await boris.send_document(table, "фильмы.csv")
    russian = await boris.wait_for(lambda s: s.text.startswith("фильмы.csv — таблица"))
    assert "пропущено:" not in russian.text
    assert "\nЗамечания:\n" in russian.text
    assert "уже были, объединены: " in russian.text


async def test_a_file_without_a_name_is_called_so_in_the_persons_language(server, boris, bot):
    file_id = server.add_file("название\nСталкер\nСолярис\n".encode(), "")
    document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": 30}
    await server.push("message", boris._message(document=document))

    assert (await boris.next_message()).text == "Получил ваш файл, скачиваю…"
    done = await boris.wait_for(lambda s: "добавлено" in s.text)
    assert done.text.startswith("ваш файл — ")
    assert "file" not in done.text
    assert len(await items_of(bot, boris)) == 2


async def test_a_file_over_the_limit_is_refused_before_downloading(server, ann):
    await ann.send_document(b"title\nDune\n", "huge.csv", size=25 * 1024 * 1024)
    answer = await ann.next_message()
    assert "huge.csv" in answer.text
    assert "20 MB" in answer.text
    assert "getFile" not in server.calls


async def test_the_item_limit_is_explained(server, settings, small_catalog):
    from bot.app import build_application, running
    from engine.service import Engine

    small = dataclasses.replace(settings, max_items=2)
    app = build_application(small, Engine(small, catalog=small_catalog), warm=False)
    async with running(app, poll_timeout=1):
        cat = server.person("Cat")
        answer = await cat.ask("Dune\nAlien\nHeat")
        assert "That would make 3 items; a library holds at most 2." in answer.text
