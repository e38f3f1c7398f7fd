import json

from fake_openai import GENERIC_LINE, Answer, document

from engine.enrich import enrich
from engine.items import Item, MediaType, embed_text
from engine.llm.client import LLMClient
from engine.llm.describer import LLMDescriber, work_id
from engine.llm.session import LLMSession
from engine.pipeline import enrich_items

BARE = [
    Item("Stalker", MediaType.MOVIE, "Andrei Tarkovsky", 1979),
    Item("OK Computer", MediaType.MUSIC, "Radiohead", 1997),
    Item("Пикник на обочине", MediaType.BOOK, "Стругацкие"),
]
KNOWN = Item("Kind of Blue", MediaType.MUSIC, "Miles Davis", genres=("jazz",))


async def test_bare_works_are_described_in_one_batch_and_join_the_embedded_text(
    job, fake_openai, library
):
    items = [*BARE, KNOWN]
    described = await LLMDescriber(job(), cache=library).describe(items)
    assert fake_openai.tasks_asked() == ["describe_items"]
    sent = document(fake_openai.chats[0])["items"]
    assert [w["title"] for w in sent] == [w.title for w in BARE]  # Kind of Blue has genres
    assert [w["id"] for w in sent] == [1, 2, 3]
    assert described[0].description == GENERIC_LINE
    assert described[3] == KNOWN
    assert "atmospheric, slow" in embed_text(described[1])


async def test_a_work_is_described_once_for_everyone(job, fake_openai, library):
    await LLMDescriber(job(person="ann"), cache=library).describe(BARE)
    again = await LLMDescriber(job(person="bob"), cache=library).describe(list(reversed(BARE)))
    assert len(fake_openai.chats) == 1
    assert all(item.description for item in again)


async def test_another_model_describes_again(job, fake_openai, library):
    await LLMDescriber(job(), cache=library).describe(BARE)
    other = LLMClient(model="other-model", base_url=fake_openai.url, timeout=1)
    try:
        await LLMDescriber(LLMSession(other), cache=library).describe(BARE)
    finally:
        await other.aclose()
    assert [body["model"] for body in fake_openai.chats] == ["test-model", "other-model"]


async def test_batches_run_within_the_map_budget(job, fake_openai, library):
    from engine.llm.session import Limits

    items = [Item(f"Unknown work {n}", MediaType.BOOK) for n in range(7)]
    llm = job(limits=Limits(describe_requests=3))
    described = await LLMDescriber(llm, cache=library, batch=2).describe(items)
    assert len(fake_openai.chats) == 3
    assert sum(1 for item in described if item.description) == 6


async def test_unknown_works_are_remembered_and_bad_lines_dropped(job, fake_openai, library):
    lines = [
        {"id": 1, "line": "science fiction, contemplative,\n slow, Soviet zone"},
        {"id": 2, "line": ""},
        {"id": 9, "line": "no such work"},
    ]
    fake_openai.then_chat(Answer(content=json.dumps({"items": lines})))
    described = await LLMDescriber(job(), cache=library).describe(BARE)
    assert described[0].description == "science fiction, contemplative, slow, Soviet zone"
    assert not described[1].description and not described[2].description
    cached = await library.cached_descriptions("test-model@" + _host(fake_openai), _ids(BARE))
    assert cached == {work_id(BARE[0]): described[0].description, work_id(BARE[1]): ""}

    await LLMDescriber(job(), cache=library).describe(BARE)
    assert [w["title"] for w in document(fake_openai.chats[1])["items"]] == [BARE[2].title]


async def test_a_failing_server_leaves_the_works_as_they_were(job, fake_openai, library):
    fake_openai.then_chat(*[Answer.error(503, "overloaded")] * 3)
    llm = job()
    assert await LLMDescriber(llm, cache=library).describe(BARE) == BARE
    assert llm.problem.key == "llm_down"


async def test_the_describer_is_a_knowledge_source_after_describing(job, fake_openai, library):
    describer = LLMDescriber(job(), cache=library)
    enriched = await enrich_items(BARE, [describer])
    assert all(item.description for item in enriched.items)
    assert enrich(BARE, [describer]).matched == len(BARE)


def _ids(items):
    return [work_id(item) for item in items]


def _host(fake):
    return fake.url.split("//")[1].split("/")[0]
