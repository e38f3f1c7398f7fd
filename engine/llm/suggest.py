"""Recommendation candidates from the language model, kept only where the map says they belong.

One request shows the model every cluster of a map (its name, typical works and terms) and
asks for new works per cluster. Each candidate is embedded like the map's items (same
embedder, same text and taste vectors); it is kept only when the cluster's centre is the
nearest of all centres and it lies at least as close to it as the cluster's own members lie to
the rest of the cluster (their lower quartile), so a plausible-sounding but off-taste
suggestion is dropped. Returns `Suggestion`s like `engine.recommend.recommend`.
"""

from __future__ import annotations

import logging

import numpy as np

from engine.embed import Embedder
from engine.items import Item, MediaType
from engine.llm.client import LLMError, read_json
from engine.llm.data import DATA_RULE, LANGUAGES, data_message, one_line, work_data
from engine.llm.parser import plausible_year
from engine.llm.session import LLMSession
from engine.recommend import Suggestion
from engine.taste import taste_vectors

logger = logging.getLogger(__name__)

ASK_PER_CLUSTER = 8
QUARTILE = 0.25

_WORK = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "type": {"type": "string", "enum": ["movie", "book", "music"]},
        "creator": {"type": "string"},
        "year": {"type": ["integer", "null"]},
        "genres": {"type": "array", "items": {"type": "string"}},
        "line": {"type": "string"},
    },
    "required": ["title", "type", "creator", "year", "genres", "line"],
    "additionalProperties": False,
}
SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "works": {"type": "array", "items": _WORK},
                },
                "required": ["id", "works"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["groups"],
    "additionalProperties": False,
}

_SYSTEM = """You recommend films, books and music to one person, group by group of their \
taste map. {rule}
The document lists every group with its name, its most typical works and its terms. For each \
group propose {count} real, existing works the person does not have yet that share the \
group's taste, mixing films, books and music the way the group does. For each work give \
"title" (the usual {language} title), "type" (movie, book or music), "creator", "year", \
"genres" (up to 3, in English) and "line": a neutral line in English of at most 20 words on \
its genre, mood and setting.
Answer with JSON only, exactly in this form: {{"groups": [{{"id": 0, "works": [{{"title": \
"...", "type": "book", "creator": "...", "year": 1984, "genres": ["..."], "line": "..."}}]}}]}}."""


async def suggest_for_map(
    taste_map,
    *,
    llm: LLMSession,
    embedder: Embedder,
    cache=None,
    per_cluster: int = 5,
    ask: int = ASK_PER_CLUSTER,
) -> dict[int, list[Suggestion]]:
    """New works for each cluster of a built map, nearest its centre first; {} on failure."""
    if not taste_map.clusters:
        return {}
    language = LANGUAGES.get(taste_map.lang, "English")
    messages = [
        {
            "role": "system",
            "content": _SYSTEM.format(rule=DATA_RULE, count=ask, language=language),
        },
        data_message(
            {
                "task": "suggest",
                "groups": [
                    {
                        "id": cluster.id,
                        "name": cluster.name,
                        "typical": [work_data(taste_map.items[i]) for i in cluster.typical],
                        "terms": cluster.terms[:8],
                    }
                    for cluster in taste_map.clusters
                ],
            }
        ),
    ]
    try:
        reply = await llm.ask(
            messages,
            schema_name="suggestions",
            schema=SCHEMA,
            max_tokens=60 * ask * len(taste_map.clusters) + 200,
        )
    except LLMError as error:
        logger.warning("suggestions from the model failed (%s)", error)
        return {}
    own = {item.key for item in taste_map.items}
    candidates = read_candidates(reply.text, {c.id for c in taste_map.clusters}, own)
    if not candidates:
        return {}
    text, taste = await taste_vectors(
        [item for _, item in candidates], embedder=embedder, cache=cache
    )
    vectors = taste if taste.shape[1] == taste_map.vectors.shape[1] else text
    return keep_near(taste_map, candidates, vectors, per_cluster=per_cluster)


def read_candidates(text: str, ids: set[int], own: set[str]) -> list[tuple[int, Item]]:
    """(cluster id, work) pairs of an answer: known clusters only, no work twice, none owned."""
    try:
        data = read_json(text)
    except ValueError:
        logger.warning("the suggestions answer was not JSON")
        return []
    groups = data.get("groups") if isinstance(data, dict) else None
    seen = set(own)
    found: list[tuple[int, Item]] = []
    for group in groups if isinstance(groups, list) else []:
        cid = group.get("id") if isinstance(group, dict) else None
        works = group.get("works") if isinstance(group, dict) else None
        if cid not in ids or not isinstance(works, list):
            continue
        for work in works[:20]:
            item = _candidate(work)
            if item is not None and item.key not in seen:
                seen.add(item.key)
                found.append((cid, item))
    return found


def keep_near(
    taste_map, candidates: list[tuple[int, Item]], vectors: np.ndarray, *, per_cluster: int
) -> dict[int, list[Suggestion]]:
    """Candidates whose own cluster's centre is the nearest and close enough, best first.

    `vectors` (len(candidates), dim) are unit rows in the map's embedding space.
    """
    ids = [cluster.id for cluster in taste_map.clusters]
    centres = np.vstack([_centre(taste_map, cid) for cid in ids])  # (K, dim)
    floors = _floors(taste_map, ids)
    scores = vectors @ centres.T  # (C, K)
    result: dict[int, list[Suggestion]] = {cid: [] for cid in ids}
    for (cid, item), row in zip(candidates, scores, strict=True):
        k = ids.index(cid)
        if int(np.argmax(row)) == k and row[k] >= floors[k]:
            result[cid].append(Suggestion(item, float(row[k]), in_library=False))
    kept = {
        cid: sorted(picks, key=lambda s: -s.score)[:per_cluster] for cid, picks in result.items()
    }
    logger.info("kept %d of %d suggested works", sum(map(len, kept.values())), len(candidates))
    return kept


def merge_picks(
    first: dict[int, list[Suggestion]], then: dict[int, list[Suggestion]], *, per_cluster: int
) -> dict[int, list[Suggestion]]:
    """Per cluster, up to half the places from `first` (the model's), the rest from `then`."""
    merged: dict[int, list[Suggestion]] = {}
    for cid in dict.fromkeys([*then, *first]):
        picks = first.get(cid, [])[: (per_cluster + 1) // 2]
        keys = {s.item.key for s in picks}
        for suggestion in then.get(cid, []) + first.get(cid, []):
            if len(picks) >= per_cluster:
                break
            if suggestion.item.key not in keys:
                keys.add(suggestion.item.key)
                picks.append(suggestion)
        merged[cid] = picks
    return merged


def _candidate(work: object) -> Item | None:
    if not isinstance(work, dict):
        return None
    title = one_line(work.get("title"), 200)
    media = MediaType.parse(one_line(work.get("type"), 20))
    if not title or media is MediaType.OTHER:
        return None
    genres = work.get("genres") if isinstance(work.get("genres"), list) else []
    return Item(
        title=title,
        type=media,
        creator=one_line(work.get("creator"), 150),
        year=plausible_year(work.get("year")),
        genres=tuple(g for g in (one_line(genre, 40) for genre in genres[:3]) if g),
        description=one_line(work.get("line"), 200),
        source="llm",
    )


def _centre(taste_map, cluster_id: int) -> np.ndarray:
    centre = taste_map.vectors[taste_map.labels == cluster_id].mean(axis=0)
    return centre / max(float(np.linalg.norm(centre)), 1e-12)


def _floors(taste_map, ids: list[int]) -> np.ndarray:
    """Per cluster, how close a newcomer must be to its centre: the lower quartile of its
    members' closeness to the centre of the other members (a member's own vector would flatter
    it); a one-work cluster uses the lower quartile over the whole map."""
    closeness: dict[int, np.ndarray] = {}
    for cid in ids:
        members = taste_map.vectors[taste_map.labels == cid]
        if len(members) >= 2:
            rest = members.sum(axis=0) - members
            rest /= np.maximum(np.linalg.norm(rest, axis=1, keepdims=True), 1e-12)
            closeness[cid] = np.einsum("nd,nd->n", members, rest)
    pooled = np.concatenate(list(closeness.values())) if closeness else np.array([0.5])
    overall = float(np.quantile(pooled, QUARTILE))
    return np.array(
        [float(np.quantile(closeness[c], QUARTILE)) if c in closeness else overall for c in ids]
    )
