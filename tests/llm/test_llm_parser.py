import json

import pytest
from fake_openai import Answer, document

from engine.items import MediaType
from engine.llm.client import LLMError
from engine.llm.parser import looks_unparsed, parse_chat, read_items
from engine.parse import parse_message

MESSY = "вчера посмотрел Сталкер Тарковского и слушал OK Computer"


def reading(*items: dict) -> Answer:
    return Answer(content=json.dumps({"items": list(items)}, ensure_ascii=False))


STALKER = {"title": "Сталкер", "type": "movie", "creator": "Андрей Тарковский", "year": 1979}
OK_COMPUTER = {"title": "OK Computer", "type": "music", "creator": "Radiohead", "year": 1997}


def test_the_offline_parser_finds_nothing_sensible_in_a_sentence():
    assert looks_unparsed(MESSY, parse_message(MESSY))
    assert not looks_unparsed("Blade Runner (1982)", parse_message("Blade Runner (1982)"))
    assert not looks_unparsed(
        "книга: Мастер и Маргарита", parse_message("книга: Мастер и Маргарита")
    )
    assert looks_unparsed("вчера посмотрел", [])
    assert not looks_unparsed("👍", [])


async def test_a_messy_message_becomes_two_works_with_types_creators_and_years(job, fake_openai):
    fake_openai.then_chat(reading(STALKER, OK_COMPUTER))
    parsed = await parse_chat(MESSY, llm=job())
    assert [(p.item.title, p.item.type, p.item.creator, p.item.year) for p in parsed] == [
        ("Сталкер", MediaType.MOVIE, "Андрей Тарковский", 1979),
        ("OK Computer", MediaType.MUSIC, "Radiohead", 1997),
    ]
    assert not any(p.type_given for p in parsed)
    assert document(fake_openai.chats[0]) == {"task": "parse_message", "message": MESSY}


def test_works_the_message_does_not_name_are_dropped():
    answer = json.dumps(
        {
            "items": [
                STALKER,
                {"title": "Solaris", "type": "movie", "creator": "Tarkovsky", "year": 1972},
                {"title": "OK Computer", "type": "album", "creator": "Radiohead", "year": 3000},
                {"title": "Сталкер", "type": "movie", "creator": "", "year": None},
            ]
        },
        ensure_ascii=False,
    )
    items = read_items(answer, MESSY)
    assert [item.title for item in items] == ["Сталкер", "OK Computer"]
    assert items[1].type is MediaType.MUSIC and items[1].year is None


def test_inflected_titles_count_as_named():
    items = read_items(
        json.dumps({"items": [{"title": "Мастер и Маргарита", "type": "book"}]}),
        "дочитал Мастера и Маргариту наконец",
    )
    assert [item.title for item in items] == ["Мастер и Маргарита"]


async def test_a_server_error_is_one_sentence_for_the_person(job, fake_openai):
    fake_openai.then_chat(Answer.error(401, "bad key"))
    with pytest.raises(LLMError) as raised:
        await parse_chat(MESSY, llm=job())
    assert raised.value.text("ru") == "Сервис нейросети не принял ключ API."
