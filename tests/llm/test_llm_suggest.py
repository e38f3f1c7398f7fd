import json

import numpy as np
from fake_openai import Answer
from llm_samples import LABELS, WORKS

from engine.items import Item, MediaType
from engine.llm.suggest import merge_picks, suggest_for_map
from engine.pipeline import Cluster, TasteMap
from engine.recommend import Suggestion


def work(title, media, creator, genres, line):
    return {
        "title": title,
        "type": media,
        "creator": creator,
        "year": None,
        "genres": genres,
        "line": line,
    }


COUNT_ZERO = work(
    "Count Zero", "book", "William Gibson", ["cyberpunk"], "cyberpunk, hackers, corporate future"
)
COOKBOOK = work(
    "The Joy of Cooking", "book", "Irma Rombauer", ["cookbook"], "recipes for home kitchens"
)
OWNED = work("Neuromancer", "book", "William Gibson", ["cyberpunk"], "cyberpunk, hackers")
MINGUS = work("Mingus Ah Um", "music", "Charles Mingus", ["jazz"], "jazz, hard bop, swing")
MISPLACED = work(
    "Snow Crash 2", "book", "Neal Stephenson", ["cyberpunk"], "cyberpunk, virtual reality, hackers"
)


def taste_map(vectors):
    clusters = [
        Cluster(0, "Wired Futures", 2, [0, 1], ["cyberpunk"]),
        Cluster(1, "Blue Hour Jazz", 2, [2, 3], ["jazz"]),
        Cluster(2, "Tolstoy's Russia", 2, [4, 5], ["novel"]),
    ]
    return TasteMap(WORKS, LABELS, np.zeros((6, 2)), vectors, clusters, "en", {})


async def test_only_candidates_near_their_cluster_centre_are_kept(
    job, fake_openai, embedder, work_vectors, library
):
    groups = [
        {"id": 0, "works": [COUNT_ZERO, COOKBOOK, OWNED]},
        {"id": 1, "works": [MINGUS, MISPLACED]},
        {"id": 2, "works": []},
    ]
    fake_openai.then_chat(Answer(content=json.dumps({"groups": groups})))
    picks = await suggest_for_map(
        taste_map(work_vectors), llm=job(), embedder=embedder, cache=library, per_cluster=3
    )
    assert [s.item.title for s in picks[0]] == ["Count Zero"]
    assert [s.item.title for s in picks[1]] == ["Mingus Ah Um"]
    assert picks[2] == []
    assert all(not s.in_library and s.item.source == "llm" for s in picks[0] + picks[1])
    assert picks[0][0].item.type is MediaType.BOOK and picks[0][0].item.genres == ("cyberpunk",)
    assert len(fake_openai.chats) == 1


async def test_a_failing_server_suggests_nothing(job, fake_openai, embedder, work_vectors):
    fake_openai.then_chat(Answer.error(401, "bad key"))
    llm = job()
    assert await suggest_for_map(taste_map(work_vectors), llm=llm, embedder=embedder) == {}
    assert llm.problem.key == "llm_auth"


def test_the_model_gets_half_the_places_and_the_catalog_the_rest():
    def picks(*titles):
        return [Suggestion(Item(t, MediaType.BOOK), 0.5, False) for t in titles]

    merged = merge_picks(
        {0: picks("A", "B", "C")}, {0: picks("B", "D", "E"), 1: picks("F")}, per_cluster=4
    )
    assert [s.item.title for s in merged[0]] == ["A", "B", "D", "E"]
    assert [s.item.title for s in merged[1]] == ["F"]
