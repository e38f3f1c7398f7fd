"""Rate limits and network failures are retried; unexpected errors get one sentence and a log."""

from __future__ import annotations

import logging


async def test_retry_after_is_waited_out(server, ann):
    server.fail_next("sendMessage", 429, retry_after=1)
    answer = await ann.ask("/help", timeout=30)
    assert "/map" in answer.text
    assert server.calls.count("sendMessage") == 2


async def test_a_request_lost_on_the_network_is_sent_again(server, ann):
    server.fail_next("sendMessage", 502)
    answer = await ann.ask("/help", timeout=30)
    assert "/map" in answer.text


async def test_an_unexpected_error_is_logged_with_its_stack_and_told_in_one_sentence(
    ann, boris, bot, caplog, monkeypatch
):
    engine = bot.bot_data["tastemap"].engine

    async def broken(*args, **kwargs):
        raise RuntimeError("the catalog index is on fire")

    monkeypatch.setattr(engine, "similar", broken)
    with caplog.at_level(logging.ERROR, logger="bot.handlers.errors"):
        await ann.say("/similar Dune")
        answer = await ann.wait_for(lambda sent: "went wrong" in sent.text)
    assert answer.text == "Something went wrong on my side; please try again in a minute."
    record = next(r for r in caplog.records if r.name == "bot.handlers.errors")
    assert record.exc_info and "on fire" in str(record.exc_info[1])

    await boris.say("/similar Дюна")
    answer = await boris.wait_for(lambda sent: "сломалось" in sent.text)
    assert "/map" in (await ann.ask("/help")).text
