import email.utils
import json
import logging
import time

import pytest
from fake_openai import Answer
from llm_samples import SECRET

from engine.library import Library
from engine.llm.client import Deadline, LLMClient, LLMError, read_json, retry_after
from engine.llm.session import Limits, LLMSession
from engine.messages import _TEXTS
from engine.settings import Settings

MESSAGES = [
    {"role": "system", "content": "Answer with JSON."},
    {"role": "user", "content": json.dumps({"task": "ping"})},
]
SCHEMA = {"type": "object", "properties": {}, "required": [], "additionalProperties": False}


async def ask(client, deadline=None, messages=MESSAGES):
    return await client.chat(
        messages,
        schema_name="ping",
        schema=SCHEMA,
        max_tokens=50,
        deadline=deadline or Deadline(5),
    )


async def test_a_chat_asks_for_strict_json_at_temperature_0_and_is_never_sent_twice(
    client, fake_openai
):
    first = await ask(client)
    again = await ask(client)
    assert first.text == again.text == "{}"
    assert again.cached and not first.cached
    assert len(fake_openai.chats) == 1 and client.usage.cached == 1
    body = fake_openai.chats[0]
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert body["max_tokens"] == 50
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert fake_openai.requests[0]["headers"]["Authorization"] == f"Bearer {SECRET}"
    assert client.usage.requests == 1 and client.usage.tokens > 0


async def test_a_local_server_gets_a_placeholder_key(fake_openai):
    client = LLMClient.from_settings(Settings(openai_base_url=fake_openai.url))
    try:
        await ask(client)
    finally:
        await client.aclose()
    assert fake_openai.requests[0]["headers"]["Authorization"] == "Bearer no-key-needed"
    assert client.host == fake_openai.url.split("//")[1].split("/")[0]


async def test_a_wrong_key_is_one_sentence_without_retries_and_the_key_is_not_logged(
    client, fake_openai, caplog
):
    fake_openai.then_chat(Answer.error(401, f"Incorrect API key provided: {SECRET}"))
    with caplog.at_level(logging.DEBUG), pytest.raises(LLMError) as raised:
        await ask(client)
    assert raised.value.message.key == "llm_auth"
    assert raised.value.text("en") == "The AI service did not accept the API key."
    assert raised.value.text("ru") == "Сервис нейросети не принял ключ API."
    assert len(fake_openai.chats) == 1
    assert "401" in caplog.text and SECRET not in caplog.text


async def test_an_unknown_model_is_named_in_the_sentence(client, fake_openai):
    fake_openai.then_chat(
        Answer.error(404, "The model `test-model` does not exist", code="model_not_found")
    )
    with pytest.raises(LLMError) as raised:
        await ask(client)
    assert raised.value.text("en") == "The AI service has no model called test-model."
    assert len(fake_openai.chats) == 1


async def test_429_waits_as_long_as_retry_after_says(client, fake_openai):
    fake_openai.then_chat(Answer.error(429, "Rate limit reached", headers={"Retry-After": "0.3"}))
    started = time.monotonic()
    reply = await ask(client)
    assert time.monotonic() - started >= 0.3
    assert reply.text == "{}" and len(fake_openai.chats) == 2


async def test_a_retry_after_beyond_the_bound_gives_up_at_once(client, fake_openai):
    fake_openai.then_chat(Answer.error(429, "Rate limit reached", headers={"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(LLMError) as raised:
        await ask(client)
    assert time.monotonic() - started < 0.5
    assert raised.value.message.key == "llm_busy" and len(fake_openai.chats) == 1


async def test_a_retry_after_beyond_the_deadline_gives_up_at_once(client, fake_openai):
    fake_openai.then_chat(Answer.error(429, "Rate limit reached", headers={"Retry-After": "0.8"}))
    with pytest.raises(LLMError):
        await ask(client, deadline=Deadline(0.5))
    assert len(fake_openai.chats) == 1


async def test_an_empty_account_is_not_retried(client, fake_openai):
    fake_openai.then_chat(Answer.error(429, "You exceeded your quota", code="insufficient_quota"))
    with pytest.raises(LLMError) as raised:
        await ask(client)
    assert raised.value.message.key == "llm_quota" and len(fake_openai.chats) == 1


def test_retry_after_reads_seconds_milliseconds_and_dates():
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert retry_after({"retry-after": "2"}) == 2.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 < retry_after({"retry-after": later}) <= 30
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({"retry-after": "inf"}) == float("inf")
    assert retry_after({}) is None


async def test_server_errors_are_retried_with_backoff(client, fake_openai):
    fake_openai.then_chat(Answer.error(500, "boom"), Answer.error(502, "bad gateway"))
    assert (await ask(client)).text == "{}"
    assert len(fake_openai.chats) == 3


async def test_a_server_that_keeps_failing_is_down_after_the_retries(client, fake_openai):
    fake_openai.then_chat(*[Answer.error(500, "boom")] * 5)
    with pytest.raises(LLMError) as raised:
        await ask(client)
    assert raised.value.message.key == "llm_down"
    assert len(fake_openai.chats) == client.retries + 1


async def test_a_hanging_server_times_out(client, fake_openai):
    fake_openai.then_chat(*[Answer(hang=True)] * 3)
    started = time.monotonic()
    with pytest.raises(LLMError) as raised:
        await ask(client)
    assert raised.value.message.key == "llm_timeout"
    assert time.monotonic() - started < 2.0


async def test_the_deadline_cuts_a_request_short(client, fake_openai):
    client.timeout = 10
    fake_openai.then_chat(Answer(hang=True))
    started = time.monotonic()
    with pytest.raises(LLMError):
        await ask(client, deadline=Deadline(0.3))
    assert time.monotonic() - started < 1.0


async def test_a_server_without_structured_output_gets_json_mode_then_plain_text(
    client, fake_openai
):
    fake_openai.then_chat(
        Answer.error(400, "response_format json_schema is not supported"),
        Answer.error(400, "'response_format' of type 'json_object' is not supported"),
    )
    assert (await ask(client)).text == "{}"
    formats = [body.get("response_format", {}).get("type") for body in fake_openai.chats]
    assert formats == ["json_schema", "json_object", None]
    other = [MESSAGES[0], {"role": "user", "content": "{}"}]
    await ask(client, messages=other)
    assert "response_format" not in fake_openai.chats[-1]  # remembered


async def test_a_model_that_wants_max_completion_tokens_gets_it(client, fake_openai):
    fake_openai.then_chat(
        Answer.error(400, "Unsupported parameter: 'max_tokens'; use 'max_completion_tokens'")
    )
    await ask(client)
    assert fake_openai.chats[-1]["max_completion_tokens"] == 50
    assert "max_tokens" not in fake_openai.chats[-1]


def test_json_is_read_from_fences_and_prose_and_nothing_else():
    assert read_json('{"a": 1}') == {"a": 1}
    assert read_json('Sure!\n```json\n{"a": [1, 2]}\n```') == {"a": [1, 2]}
    assert read_json('Here it is: {"a": 2} Enjoy.') == {"a": 2}
    with pytest.raises(ValueError):
        read_json("no json here")


async def test_a_job_stops_at_its_budget_but_cached_answers_are_free(client, fake_openai):
    job = LLMSession(client, limits=Limits(map_requests=1))
    await job.ask(MESSAGES, schema_name="ping", schema=SCHEMA, max_tokens=50)
    await job.ask(MESSAGES, schema_name="ping", schema=SCHEMA, max_tokens=50)  # cached
    other = [MESSAGES[0], {"role": "user", "content": "{}"}]
    with pytest.raises(LLMError) as raised:
        await job.ask(other, schema_name="ping", schema=SCHEMA, max_tokens=50)
    assert raised.value.message.key == "llm_budget_map"
    assert job.problem.key == "llm_budget_map"
    assert "share of AI requests" in raised.value.text("en")
    assert len(fake_openai.chats) == 1


async def test_a_person_has_a_daily_budget_kept_in_the_library(client, fake_openai, tmp_path):
    async with await Library.open(tmp_path / "usage.sqlite3") as library:
        limits = Limits(person_requests=2)
        for number in range(2):
            job = LLMSession(client, limits=limits, person="ann", store=library)
            text = json.dumps({"task": "ping", "n": number})
            await job.ask([{"role": "user", "content": text}], **_ping())
        job = LLMSession(client, limits=limits, person="ann", store=library)
        with pytest.raises(LLMError) as raised:
            await job.ask([{"role": "user", "content": "{}"}], **_ping())
        assert raised.value.message.key == "llm_budget_person"
        assert "allowance" in raised.value.text("en") and "лимит" in raised.value.text("ru")
        bob = LLMSession(client, limits=limits, person="bob", store=library)
        await bob.ask([{"role": "user", "content": "{}"}], **_ping())
        requests, tokens = await library.llm_usage("ann", time.strftime("%Y-%m-%d", time.gmtime()))
        assert requests == 2 and tokens > 0
        await library.forget("ann")
        assert await library.llm_usage("ann", time.strftime("%Y-%m-%d", time.gmtime())) == (0, 0)
    assert len(fake_openai.chats) == 3


async def test_a_job_asks_nothing_more_after_a_wrong_key(client, fake_openai):
    fake_openai.then_chat(Answer.error(401, "Incorrect API key provided"))
    job = LLMSession(client)
    for _ in range(2):
        with pytest.raises(LLMError):
            await job.ask(MESSAGES, **_ping())
    assert len(fake_openai.chats) == 1


def test_every_llm_sentence_exists_in_english_and_russian():
    keys = [key for key in _TEXTS if key.startswith("llm_")]
    assert len(keys) >= 10
    for key in keys:
        assert set(_TEXTS[key]) == {"en", "ru"}
        assert all(text.strip().endswith(".") for text in _TEXTS[key].values())


def _ping() -> dict:
    return {"schema_name": "ping", "schema": SCHEMA, "max_tokens": 50}
