"""The whole map, stage by stage: enrich, embed, reduce, cluster, name."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np

from engine.cluster import cluster
from engine.compute import Compute
from engine.embed import Embedder
from engine.enrich import Enriched, Knowledge, enrich
from engine.items import Item, detect_language
from engine.messages import TasteError
from engine.name import ClusterFacts, Namer, common_terms, distinctive_terms
from engine.reduce import reduce
from engine.taste import embed_taste

logger = logging.getLogger(__name__)

TYPICAL = 5


@dataclass
class Cluster:
    """One named group of a person's items."""

    id: int
    name: str
    size: int
    typical: list[int]
    """Indices of the items nearest the cluster's centre, nearest first."""
    terms: list[str] = field(default_factory=list)
    description: str = ""
    name_source: str = "offline"


@dataclass
class TasteMap:
    """A built map. Arrays: `labels` (N,), `picture` (N, 2), `vectors` (N, dim) the absolute
    taste vectors (comparable with the catalog), `space` (N, dim) the library-centred ones the
    clusters were found in (None: the same as `vectors`)."""

    items: list[Item]
    labels: np.ndarray
    picture: np.ndarray
    vectors: np.ndarray
    clusters: list[Cluster]
    lang: str
    timings: dict[str, float]
    method: str = ""
    note: str = ""
    matched: int = 0
    space: np.ndarray | None = None

    def to_json(self) -> dict[str, object]:
        """The map as plain data; keys are a contract other tools read."""
        return {
            "clusters": [
                {
                    "id": c.id,
                    "name": c.name,
                    "typical": c.typical,
                    "size": c.size,
                    "terms": c.terms,
                    "description": c.description,
                    "name_source": c.name_source,
                }
                for c in self.clusters
            ],
            "items": [
                {
                    "title": item.title,
                    "creator": item.creator,
                    "type": item.type.value,
                    "year": item.year,
                    "cluster": int(label),
                    "x": round(float(x), 4),
                    "y": round(float(y), 4),
                }
                for item, label, (x, y) in zip(self.items, self.labels, self.picture, strict=True)
            ],
            "lang": self.lang,
            "method": self.method,
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
        }


def layout(
    vectors: np.ndarray, seed: int, k: int | None
) -> tuple[np.ndarray, np.ndarray, str, dict[str, float]]:
    """Reduce and cluster (the CPU-heavy part; runs in a worker). Returns labels, picture,
    the reduction method and the stage timings."""
    started = time.perf_counter()
    reduction = reduce(vectors, seed=seed, space=False)
    reduced = time.perf_counter()
    # Clusters come from the full taste space; the reduction only draws the picture.
    labels = cluster(vectors, seed=seed, k=k)
    done = time.perf_counter()
    return (
        labels,
        reduction.picture,
        reduction.method,
        {"reduce": reduced - started, "cluster": done - reduced},
    )


async def build_map(
    items: list[Item],
    *,
    embedder: Embedder,
    namer: Namer,
    compute: Compute,
    cache=None,
    knowledge: list[Knowledge] = (),
    seed: int = 42,
    clusters: int | None = None,
    lang: str | None = None,
) -> TasteMap:
    """Build a named taste map of `items` (in their order).

    Args:
        items: the person's items; at least one.
        embedder, namer: the stages chosen from settings.
        compute: where reduction and clustering run.
        cache: a `Library` holding the embedding cache, or None.
        knowledge: sources that enrich items before embedding (catalog, LLM).
        seed: makes the map repeatable.
        clusters: a fixed number of clusters, or None to choose from the data.
        lang: "en" or "ru" for names and labels; None guesses from the titles.
    """
    if not items:
        raise TasteError("no_items")
    timings: dict[str, float] = {}
    lang = lang or detect_language([item.title for item in items])

    started = time.perf_counter()
    enriched = await enrich_items(list(items), list(knowledge))
    timings["enrich"] = time.perf_counter() - started

    started = time.perf_counter()
    embedded = await embed_taste(enriched.items, embedder=embedder, cache=cache)
    text_vectors, space = embedded.text, embedded.library
    timings["embed"] = time.perf_counter() - started

    labels, picture, method, stage_times = await compute.run(layout, space, seed, clusters)
    timings.update(stage_times)

    started = time.perf_counter()
    facts = describe_clusters(enriched.items, text_vectors, labels)
    names = await namer.name_clusters(facts, lang=lang)
    timings["name"] = time.perf_counter() - started

    found = [
        Cluster(
            id=f.id,
            name=n.name,
            size=int((labels == f.id).sum()),
            typical=_typical(space, labels, f.id),
            terms=f.terms,
            description=n.description,
            name_source=n.source,
        )
        for f, n in zip(facts, names, strict=True)
    ]
    logger.info(
        "map of %d items: %d clusters (%s) in %.1f s",
        len(items),
        len(found),
        method,
        sum(timings.values()),
    )
    return TasteMap(
        items=enriched.items,
        labels=labels,
        picture=picture,
        vectors=embedded.absolute,
        clusters=found,
        lang=lang,
        timings=timings,
        method=method,
        matched=enriched.matched,
        space=space,
    )


async def enrich_items(items: list[Item], knowledge: list[Knowledge]) -> Enriched:
    """`enrich` from every source, then sources that can also `describe` works (the language
    model) write a line for each work that is still bare."""
    enriched = enrich(items, knowledge)
    for source in knowledge:
        describe = getattr(source, "describe", None)
        if describe is not None:
            enriched = Enriched(await describe(enriched.items), enriched.matched)
    return enriched


def describe_clusters(
    items: list[Item], vectors: np.ndarray, labels: np.ndarray
) -> list[ClusterFacts]:
    """What the namer sees: each cluster's typical items, distinctive terms and centroid."""
    terms = distinctive_terms(items, labels)
    common = common_terms(items, labels)
    facts = []
    for cluster_id in range(int(labels.max()) + 1):
        centroid = vectors[labels == cluster_id].mean(axis=0)
        typical = [items[i] for i in _typical(vectors, labels, cluster_id)]
        facts.append(
            ClusterFacts(
                id=cluster_id,
                typical=typical,
                terms=terms[cluster_id],
                centroid=centroid,
                common=common[cluster_id],
            )
        )
    return facts


def _typical(vectors: np.ndarray, labels: np.ndarray, cluster_id: int) -> list[int]:
    members = np.flatnonzero(labels == cluster_id)
    centroid = vectors[members].mean(axis=0)
    order = np.argsort(-(vectors[members] @ centroid), kind="stable")
    return [int(i) for i in members[order[:TYPICAL]]]
