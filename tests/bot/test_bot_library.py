"""The library commands: /list with pages, /remove, /clear, /export, /forget and /settings."""

from __future__ import annotations

import csv
import io


async def test_list_pages_through_the_library_with_buttons(ann):
    await ann.ask("\n".join(f"film: Movie number {n}" for n in range(1, 46)))

    page = await ann.ask("/list")
    assert page.text.startswith("Your library: 45 items, page 1 of 3.")
    assert "1. Movie number 1 — film" in page.text
    assert "Movie number 21" not in page.text
    assert page.callback_data == [f"list:{ann.id}:1"]

    await ann.press(page, page.callback_data[0])
    second = await ann.next_message()
    assert second.method == "editMessageText"
    assert second.message_id == page.message_id
    assert "page 2 of 3" in second.text
    assert "21. Movie number 21 — film" in second.text
    assert second.callback_data == [f"list:{ann.id}:0", f"list:{ann.id}:2"]


async def test_list_and_export_of_an_empty_library(ann):
    assert "Your library is empty" in (await ann.ask("/list")).text
    assert "Your library is empty" in (await ann.ask("/export")).text


async def test_remove_takes_a_title_away(ann):
    await ann.ask("film: Alien\nbook: Solaris")
    answer = await ann.ask("/remove alien")
    assert answer.text == "Removed:\n• Alien — film"
    assert "There is no “Alien” in your library" in (await ann.ask("/remove Alien")).text
    assert "Tell me what to remove" in (await ann.ask("/remove")).text
    assert "1. Solaris — book" in (await ann.ask("/list")).text


async def test_clear_asks_first_and_cancel_keeps_everything(ann):
    await ann.ask("film: Alien\nbook: Solaris")
    question = await ann.ask("/clear")
    assert "Remove everything from your library (2 items)?" in question.text

    await ann.press(question, f"clear:{ann.id}:no")
    assert (await ann.next_message()).text == "Cancelled, nothing changed."
    assert "2 items" in (await ann.ask("/list")).text

    question = await ann.ask("/clear")
    await ann.press(question, f"clear:{ann.id}:yes")
    assert "2 items removed" in (await ann.next_message()).text
    assert "empty" in (await ann.ask("/list")).text


async def test_export_escapes_cells_that_look_like_formulas(ann):
    await ann.ask("film: =HYPERLINK(1)\nbook: Solaris — Stanisław Lem")
    sent = await ann.ask("/export")
    assert sent.method == "sendDocument"
    assert sent.filename == "tastemap-library.csv"
    assert "2 items" in sent.text

    rows = list(csv.DictReader(io.StringIO(sent.file.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["'=HYPERLINK(1)", "Solaris"]
    assert rows[1]["creator"] == "Stanisław Lem"


async def test_an_export_sent_back_restores_the_library(ann, bot):
    await ann.ask("film: Alien (1979)\nbook: Solaris — Stanisław Lem")
    sent = await ann.ask("/export")
    question = await ann.ask("/clear")
    await ann.press(question, f"clear:{ann.id}:yes")
    await ann.next_message()

    await ann.send_document(sent.file, sent.filename)
    done = await ann.wait_for(lambda s: s.text.startswith("tastemap-library.csv, read"))
    assert "added: 2" in done.text
    items = await bot.bot_data["tastemap"].engine.library.items(str(ann.id))
    assert [(i.title, i.year) for i in items] == [("Alien", 1979), ("Solaris", None)]


async def test_the_list_says_type_unknown_rather_than_other(ann, boris):
    await ann.ask("film: Alien\nZzyzx Qwerty")
    listed = (await ann.ask("/list")).text
    assert "2. Zzyzx Qwerty — type unknown" in listed
    assert "other" not in listed

    await boris.ask("Кьюзхв Плорбт")
    assert "1. Кьюзхв Плорбт — тип не понял" in (await boris.ask("/list")).text


async def test_forget_deletes_every_trace_after_confirming(ann, boris, bot):
    await ann.ask("film: Alien\nbook: Solaris")
    await ann.ask("/lang ru")
    await boris.ask("фильм: Сталкер")

    question = await ann.ask("/forget")
    assert "2 названия" in question.text
    await ann.press(question, f"forget:{ann.id}:yes")
    assert "больше ничего о вас не храню" in (await ann.next_message()).text

    library = bot.bot_data["tastemap"].engine.library
    assert await library.person_settings(str(ann.id)) == (None, {})
    assert (await ann.ask("/list")).text == "Your library is empty. Send me a few titles to begin."
    assert "1 название" in (await boris.ask("/list")).text


async def test_nobody_else_can_confirm_my_clear(server, ann):
    await ann.ask("film: Alien")
    question = await ann.ask("/clear")
    eve = server.person("Eve")
    await eve.press(question, f"clear:{ann.id}:yes")
    await server.wait_for(lambda: "answerCallbackQuery" in server.calls, timeout=10)
    assert "Your library: 1 item," in (await ann.ask("/list")).text


async def test_settings_are_changed_with_buttons_and_stored(ann, bot):
    shown = await ann.ask("/settings")
    assert "films, books and music together" in shown.text
    assert "chosen automatically" in shown.text

    await ann.press(shown, f"set:{ann.id}:clusters:4")
    edited = await ann.next_message()
    assert "number of groups: 4" in edited.text
    await ann.press(shown, f"set:{ann.id}:split:type")
    edited = await ann.next_message()
    assert "a separate map per media type" in edited.text

    library = bot.bot_data["tastemap"].engine.library
    _, stored = await library.person_settings(str(ann.id))
    assert stored == {"clusters": 4, "split": "type"}

    await ann.press(shown, f"set:{ann.id}:clusters:0")
    assert "chosen automatically" in (await ann.next_message()).text
