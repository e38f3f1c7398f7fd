"""Recommendations and `/similar`: the nearest works in the catalog and the person's library.

Catalog entries are embedded with the same model and the same text recipe as library items,
once per model, and kept in a file in the cache folder; a query is then one matrix product.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.catalog import Catalog, Entry
from engine.embed import Embedder
from engine.items import Item, MediaType, embed_text, title_key
from engine.taste import CONCEPT_TEMPERATURE, CONCEPT_WEIGHT, taste_vectors

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Suggestion:
    item: Item
    score: float
    in_library: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.item.title,
            "creator": self.item.creator,
            "type": self.item.type.value,
            "year": self.item.year,
            "score": round(self.score, 4),
            "in_library": self.in_library,
        }


# How much standing (0 for an obscure film of the big table, 1 for a landmark work) adds to
# a candidate's similarity when choosing what to suggest: between two works about as near,
# the better-known one is the better suggestion.
FAME_WEIGHT = 0.05
# The standing of works from people's libraries in the shared pool.
SHARED_STANDING = 0.5


class CatalogIndex:
    """Catalog items with their unit vectors (len(catalog), dim), one row per distinct work,
    and each work's standing (len(catalog),) in [0, 1]."""

    def __init__(
        self,
        items: list[Item],
        vectors: np.ndarray,
        model_id: str,
        standing: np.ndarray | None = None,
    ) -> None:
        self.items = items
        self.vectors = vectors
        self.model_id = model_id
        self.standing = np.zeros(len(items)) if standing is None else standing
        self.keys = [item.key for item in items]
        self._types = np.array([item.type.value for item in items])

    @classmethod
    async def build(
        cls,
        catalog: Catalog,
        *,
        embedder: Embedder,
        cache_dir: Path | None = None,
        batch: int = 512,
    ) -> CatalogIndex:
        """Embed every catalog entry once per model; later calls read the saved vectors."""
        items, standing = _distinct_works(catalog.entries)
        path = _saved_path(items, embedder.model_id, cache_dir) if cache_dir else None
        if path is not None and path.is_file():
            vectors = np.load(path)
            if len(vectors) == len(items):
                return cls(items, vectors, embedder.model_id, standing)
        started = time.perf_counter()
        parts = []
        for start in range(0, len(items), batch):
            _, taste = await taste_vectors(items[start : start + batch], embedder=embedder)
            parts.append(taste)
            logger.info("catalog embedding: %d of %d", min(start + batch, len(items)), len(items))
        vectors = np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        logger.info(
            "catalog of %d works embedded in %.0f s", len(items), time.perf_counter() - started
        )
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        return cls(items, vectors, embedder.model_id, standing)

    def __len__(self) -> int:
        return len(self.items)

    @staticmethod
    def is_saved(catalog: Catalog, *, model_id: str, cache_dir: Path) -> bool:
        """Whether `build` would read the vectors from `cache_dir` instead of embedding."""
        items, _ = _distinct_works(catalog.entries)
        return _saved_path(items, model_id, cache_dir).is_file()

    def extended(self, items: list[Item], vectors: np.ndarray) -> CatalogIndex:
        """This index joined by `items` (with their taste vectors) it does not hold yet."""
        known = set(self.keys)
        fresh = [i for i, item in enumerate(items) if item.key not in known]
        if not fresh:
            return self
        return CatalogIndex(
            self.items + [items[i] for i in fresh],
            np.vstack([self.vectors, vectors[fresh]]).astype(np.float32),
            self.model_id,
            np.concatenate([self.standing, np.full(len(fresh), SHARED_STANDING)]),
        )

    def nearest(
        self,
        vector: np.ndarray,
        *,
        exclude: set[str],
        count: int,
        per_type: int = 0,
    ) -> list[tuple[int, float]]:
        """Indices and scores of the `count` entries nearest `vector`, skipping `exclude`
        keys, followed by the `per_type` nearest of each media type (so that a film also
        finds its books and music)."""
        if not len(self.items):
            return []
        scores = self.vectors @ vector
        rank = scores + FAME_WEIGHT * self.standing
        found = self._top(scores, rank, exclude, count)
        for media in (MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC) if per_type else ():
            of_type = np.where(self._types == media.value, rank, -np.inf)
            found += self._top(scores, of_type, exclude, per_type)
        return found

    def _top(
        self, scores: np.ndarray, rank: np.ndarray, exclude: set[str], count: int
    ) -> list[tuple[int, float]]:
        """The `count` best by `rank` (finite only) not in `exclude`, with their scores."""
        order = np.argpartition(-rank, min(len(rank) - 1, count * 4 + len(exclude)))
        head = order[: count * 4 + len(exclude) + 1]
        head = head[np.argsort(-rank[head])]
        found = [
            (int(i), float(scores[i]))
            for i in head
            if np.isfinite(rank[i]) and self.keys[i] not in exclude
        ]
        return found[:count]


async def similar(
    query: str,
    *,
    index: CatalogIndex,
    catalog: Catalog,
    embedder: Embedder,
    library: list[Item] = (),
    library_vectors: np.ndarray | None = None,
    count: int = 10,
) -> tuple[Item, list[Suggestion]]:
    """The works nearest `query` across films, books and music.

    The query is found in the library first, then in the catalog, else embedded as typed.
    Returns the item the query was read as, and suggestions best first, the query excluded.
    """
    from engine.parse import parse_line

    parsed = parse_line(query)
    asked = parsed.item if parsed else Item(title=query.strip()[:300])
    own = owned_keys(library, catalog)
    match = next((i for i, item in enumerate(library) if _same_title(item, asked)), None)
    if match is not None:
        asked = library[match]
    else:
        known = catalog.lookup(asked)
        asked = known if known is not None else asked
    if match is not None and library_vectors is not None:
        vector = library_vectors[match]
    else:
        vector = (await taste_vectors([asked], embedder=embedder))[1][0]

    exclude = owned_keys([asked], catalog)
    per_type = max(1, count // 5)
    found = index.nearest(vector, exclude=exclude, count=count * 2, per_type=per_type)
    pool = [Suggestion(index.items[i], score, index.keys[i] in own) for i, score in found]
    if library_vectors is not None and len(library):
        scores = library_vectors @ vector
        for i in np.argsort(-scores)[: count * 2]:
            item = library[int(i)]
            if item.key not in exclude:
                pool.append(Suggestion(item, float(scores[i]), True))
    return asked, _mixed(_best_distinct(pool, len(pool)), count, per_type)


def _mixed(ranked: list[Suggestion], count: int, per_type: int) -> list[Suggestion]:
    """The best `count` of `ranked` (best first), holding `per_type` places for each media
    type that has candidates; best first again."""
    chosen: list[Suggestion] = []
    for media in (MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC):
        chosen += [s for s in ranked if s.item.type is media][:per_type]
    chosen = chosen[:count]
    for suggestion in ranked:
        if len(chosen) >= count:
            break
        if suggestion not in chosen:
            chosen.append(suggestion)
    return sorted(chosen, key=lambda s: -s.score)


async def recommend(
    taste_map,
    *,
    index: CatalogIndex,
    catalog: Catalog | None = None,
    per_cluster: int = 5,
    diversity: float = 0.3,
) -> dict[int, list[Suggestion]]:
    """New works for each cluster of a built map: near its centre, varied, media mixed.

    Slots per media type follow the cluster's own mix; no two picks share a creator, and each
    pick is penalised by its similarity to earlier picks (`diversity`).
    """
    own = owned_keys(taste_map.items, catalog)
    result: dict[int, list[Suggestion]] = {}
    for cluster in taste_map.clusters:
        members = np.flatnonzero(taste_map.labels == cluster.id)
        centre = taste_map.vectors[members].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        quotas = _type_quotas([taste_map.items[i].type for i in members], per_cluster)
        candidates = index.nearest(centre, exclude=own, count=per_cluster * 40)
        result[cluster.id] = _diverse(candidates, index, quotas, per_cluster, diversity)
    return result


def _diverse(
    candidates, index: CatalogIndex, quotas: dict[MediaType, int], count: int, diversity: float
) -> list[Suggestion]:
    chosen: list[tuple[int, float]] = []
    creators: set[str] = set()
    left = dict(quotas)
    remaining = list(candidates)
    while remaining and len(chosen) < count:
        best, best_value = None, -np.inf
        for position, (i, score) in enumerate(remaining):
            item = index.items[i]
            if item.creator and title_key(item.creator) in creators:
                continue
            if left and left.get(item.type, 0) <= 0:
                continue
            overlap = max(
                (float(index.vectors[i] @ index.vectors[j]) for j, _ in chosen), default=0.0
            )
            value = score + FAME_WEIGHT * index.standing[i] - diversity * overlap
            if value > best_value:
                best, best_value = position, value
        if best is None:
            if left:
                left = {}  # quotas cannot be met: fill with whatever is nearest
                continue
            break
        i, score = remaining.pop(best)
        chosen.append((i, score))
        creators.add(title_key(index.items[i].creator))
        if left:
            left[index.items[i].type] = left.get(index.items[i].type, 0) - 1
    return [Suggestion(index.items[i], score, False) for i, score in chosen]


def _type_quotas(types: list[MediaType], count: int) -> dict[MediaType, int]:
    shares = {t: types.count(t) / len(types) for t in set(types) if t is not MediaType.OTHER}
    quotas = {t: max(1, round(share * count)) for t, share in shares.items() if share >= 0.2}
    while sum(quotas.values()) > count:
        biggest = max(quotas, key=quotas.get)
        quotas[biggest] -= 1
    return quotas


def _best_distinct(pool: list[Suggestion], count: int) -> list[Suggestion]:
    seen: set[str] = set()
    result = []
    for suggestion in sorted(pool, key=lambda s: -s.score):
        key = suggestion.item.key
        if key not in seen:
            seen.add(key)
            result.append(suggestion)
    return result[:count]


def _same_title(item: Item, asked: Item) -> bool:
    return title_key(item.title) == title_key(asked.title) and (
        asked.type is MediaType.OTHER or asked.type is item.type
    )


def owned_keys(items: list[Item], catalog: Catalog | None) -> set[str]:
    """Keys of `items` and of the catalog entries they are (so "Летят журавли" in a library
    also rules out "The Cranes Are Flying")."""
    keys = {item.key for item in items}
    if catalog is not None:
        keys |= {known.key for item in items if (known := catalog.lookup(item))}
    return keys


def _saved_path(items: list[Item], model_id: str, cache_dir: Path) -> Path:
    """Where the taste vectors of these catalog works are kept for this model and recipe."""
    texts = [embed_text(item) for item in items]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    recipe = f"{CONCEPT_TEMPERATURE}:{CONCEPT_WEIGHT}"
    return cache_dir / f"catalog-{model_id}-{digest}-taste-{recipe}.npy"


def _distinct_works(entries: list[Entry]) -> tuple[list[Item], np.ndarray]:
    """One item per distinct work of the catalog, and its standing: 1 for a curated landmark,
    else its fame's percentile among the big table's films."""
    fame = np.array([entry.fame for entry in entries if not entry.curated], dtype=float)
    ranked = np.sort(fame)
    position: dict[str, int] = {}
    items: list[Item] = []
    standing: list[float] = []
    for entry in entries:
        item = entry.item
        key = f"{item.key}:{item.year or ''}:{title_key(item.creator)}"
        value = 1.0 if entry.curated else np.searchsorted(ranked, entry.fame) / len(ranked)
        if key in position:
            standing[position[key]] = max(standing[position[key]], value)
            continue
        position[key] = len(items)
        items.append(item)
        standing.append(value)
    return items, np.array(standing)
