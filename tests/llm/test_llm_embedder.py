import numpy as np
import pytest
from fake_openai import Answer

from engine.embed import LocalEmbedder, embed_texts
from engine.llm.client import LLMError
from engine.llm.embedder import OpenAIEmbedder
from engine.settings import Settings
from engine.stages import make_embedder

TEXTS = ["Stalker — Andrei Tarkovsky", "OK Computer — Radiohead", "Solaris", "Dune", "Heat"]


async def test_vectors_are_unit_rows_in_batches(client, fake_openai):
    embedder = OpenAIEmbedder(client, model="text-embedding-3-small", batch=2)
    vectors = await embedder.embed(TEXTS)
    assert vectors.shape == (5, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert [len(body["input"]) for body in fake_openai.embeddings] == [2, 2, 1]
    assert all(body["encoding_format"] == "float" for body in fake_openai.embeddings)
    assert fake_openai.embeddings[0]["model"] == "text-embedding-3-small"


async def test_the_cache_keeps_models_and_servers_apart(client, fake_openai, library, embedder):
    remote = OpenAIEmbedder(client, model="text-embedding-3-small")
    host = fake_openai.url.split("//")[1].split("/")[0]
    assert remote.model_id == f"openai-text-embedding-3-small@{host}"
    assert isinstance(embedder, LocalEmbedder) and remote.model_id != embedder.model_id

    first = await embed_texts(TEXTS, embedder=remote, cache=library)
    again = await embed_texts(TEXTS, embedder=remote, cache=library)
    assert len(fake_openai.embeddings) == 1 and np.array_equal(first, again)

    assert await library.cached_vectors(embedder.model_id, TEXTS) == {}
    local = await embed_texts(TEXTS[:2], embedder=embedder, cache=library)
    assert local.shape == (2, 512)
    assert len(await library.cached_vectors(embedder.model_id, TEXTS)) == 2
    assert all(
        v.shape == (32,) for v in (await library.cached_vectors(remote.model_id, TEXTS)).values()
    )

    other = OpenAIEmbedder(client, model="nomic-embed-text")
    await embed_texts(TEXTS, embedder=other, cache=library)
    assert len(fake_openai.embeddings) == 2


async def test_a_wrong_key_for_embeddings_is_one_sentence(client, fake_openai):
    fake_openai.then_embed(Answer.error(401, "Incorrect API key provided"))
    with pytest.raises(LLMError) as raised:
        await OpenAIEmbedder(client, model="text-embedding-3-small").embed(TEXTS)
    assert raised.value.text("en") == "The AI service did not accept the API key."


def test_openai_embeddings_are_chosen_from_the_settings(compute):
    remote = make_embedder(
        Settings(
            openai_base_url="http://127.0.0.1:9/v1",
            embeddings="openai",
            embed_model="nomic-embed-text",
        ),
        compute=compute,
    )
    assert remote.model_id == "openai-nomic-embed-text@127.0.0.1:9"
    without_server = make_embedder(Settings(embeddings="openai"), compute=compute)
    assert isinstance(without_server, LocalEmbedder)
