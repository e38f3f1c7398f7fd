"""Recommendations and /similar on the offline catalog: hit rate on the probe, and latency.

Hit rate: in each round one item of every probe group is hidden (round r hides the group's
r-th item that the catalog knows); the map is built from the rest; the cluster holding most of
the group's remaining items gets 10 recommendations. "hidden found": the hidden work is among
them; "hits": the hidden work or a work of the same group is, where a work's group is judged
from genres and tags alone (the group whose remaining items carry its terms most, rarer terms
weighing more), never from vectors; "picks of group": the share of the 10 picks so judged,
beside the same share for 10 random works ("by chance");
"median rank": where the hidden works stand among all works of the index by nearness to that
cluster (1 = the very nearest).

Latency: `/similar` on the warm catalog index, for titles found in the library, titles found in
the catalog, and free text that has to be embedded.

    python bench/recommend.py [--probe ../shared/probe/taste_groups.csv] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from quality import DEFAULT_PROBE, read_probe

from engine.catalog import load_catalog
from engine.compute import Compute
from engine.embed import LocalEmbedder
from engine.library import Library
from engine.name import OfflineNamer
from engine.pipeline import build_map
from engine.recommend import FAME_WEIGHT, CatalogIndex, owned_keys, recommend, similar
from engine.settings import Settings
from engine.taste import taste_vectors

PICKS = 10


async def hit_rate(path: Path, rounds: int, index: CatalogIndex, embedder, compute, cache):
    """Per round: groups with a hidden work, strict hits (the hidden work is picked), hits
    (the hidden work or a work of the group is picked), the share of picks of the group, the
    median rank of the hidden works, and the groups missed."""
    catalog = load_catalog()
    items, groups = read_probe(path)
    known = [catalog.lookup(item) is not None for item in items]
    rows = []
    for round_ in range(rounds):
        hidden: dict[str, int] = {}
        for group in dict.fromkeys(groups):
            members = [i for i, g in enumerate(groups) if g == group and known[i]]
            if len(members) > round_:
                hidden[group] = members[round_]
        kept = [i for i in range(len(items)) if i not in hidden.values()]
        taste_map = await build_map(
            [items[i] for i in kept],
            embedder=embedder,
            namer=OfflineNamer(embedder=embedder, cache=cache),
            compute=compute,
            cache=cache,
            knowledge=[catalog],
            seed=42,
        )
        picks = await recommend(taste_map, index=index, catalog=catalog, per_cluster=PICKS)
        judge = GroupJudge(taste_map.items, [groups[i] for i in kept])
        rng = np.random.default_rng(round_)
        strict, hits, shares, chance, ranks, missed = 0, 0, [], [], [], []
        for group, secret in hidden.items():
            labels = [taste_map.labels[n] for n, i in enumerate(kept) if groups[i] == group]
            home = Counter(int(label) for label in labels).most_common(1)[0][0]
            target = owned_keys([items[secret]], catalog)
            found = target & owned_keys([s.item for s in picks[home]], None)
            of_group = [judge.group_of(s.item) == group for s in picks[home]]
            strict += bool(found)
            hits += bool(found) or any(of_group)
            if not (found or any(of_group)):
                missed.append(group)
            shares.append(sum(of_group) / max(len(of_group), 1))
            # The same judge on random works of the index: what "picks of group" is by chance.
            drawn = rng.choice(len(index), size=PICKS, replace=False)
            chance.append(np.mean([judge.group_of(index.items[i]) == group for i in drawn]))
            ranks.append(_rank(index, taste_map, home, target))
        share, rank = float(np.mean(shares)), int(np.median(ranks))
        rows.append(
            (round_, len(hidden), strict, hits, share, float(np.mean(chance)), rank, missed)
        )
    return rows


class GroupJudge:
    """Which probe group a work belongs to, judged from genres and tags alone (no vectors):
    the group whose items carry the work's terms most, each term weighted by how few groups
    carry it. A work whose terms no group carries belongs to none."""

    def __init__(self, items, groups: list[str]) -> None:
        self.bags: dict[str, Counter] = {}
        sizes = Counter(groups)
        for item, group in zip(items, groups, strict=True):
            self.bags.setdefault(group, Counter()).update(set(item.genres) | set(item.tags))
        for group, bag in self.bags.items():
            for term in bag:
                bag[term] /= sizes[group]
        spread = Counter(term for bag in self.bags.values() for term in bag)
        self.weight = {t: np.log(1 + len(self.bags) / n) for t, n in spread.items()}

    def group_of(self, item) -> str | None:
        terms = set(item.genres) | set(item.tags)
        scores = {
            group: sum(bag[t] * self.weight[t] for t in terms if t in bag)
            for group, bag in self.bags.items()
        }
        best = max(scores, key=scores.get)
        return best if scores[best] > 0 else None


def _rank(index: CatalogIndex, taste_map, cluster: int, target: set[str]) -> int:
    """Place (1 = first) of the hidden work among all works by nearness to the cluster."""
    centre = taste_map.vectors[taste_map.labels == cluster].mean(axis=0)
    scores = index.vectors @ (centre / np.linalg.norm(centre))
    rank = scores + FAME_WEIGHT * index.standing
    places = [i for i, item in enumerate(index.items) if owned_keys([item], None) & target]
    return 1 + int((rank > rank[places].max()).sum()) if places else len(index)


async def latency(index: CatalogIndex, embedder, cache, repeats: int = 20) -> dict[str, list]:
    """Seconds per `/similar` call, by where the query is found."""
    catalog = load_catalog()
    library = [entry.item for entry in catalog.entries[:: max(1, len(catalog.entries) // 300)]]
    _, vectors = await taste_vectors(library, embedder=embedder, cache=cache)
    queries = {
        "in library": [item.title for item in library[:repeats]],
        "in catalog": [entry.item.title for entry in catalog.entries[7::401][:repeats]],
        "free text": [f"something like rainy night number {n}" for n in range(repeats)],
    }
    times: dict[str, list] = {}
    for kind, texts in queries.items():
        times[kind] = []
        for text in texts:
            started = time.perf_counter()
            await similar(
                text,
                index=index,
                catalog=catalog,
                embedder=embedder,
                library=library,
                library_vectors=vectors,
            )
            times[kind].append(time.perf_counter() - started)
    return times


async def main_async(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    compute = Compute(processes=0, warm=False)
    embedder = LocalEmbedder(compute)
    started = time.perf_counter()
    index = await CatalogIndex.build(
        load_catalog(), embedder=embedder, cache_dir=settings.cache_dir
    )
    print(f"catalog index: {len(index)} works, ready in {time.perf_counter() - started:.1f} s")
    async with await Library.open(":memory:") as cache:
        rows = await hit_rate(args.probe, args.rounds, index, embedder, compute, cache)
        print(f"\nrecommendations: {PICKS} picks for the cluster of each group's hidden work")
        print(
            f"{'round':<7}{'groups':>7}{'hidden found':>14}{'hits':>6}{'picks of group':>16}"
            f"{'by chance':>11}{'median rank':>13}  missed"
        )
        for round_, groups, strict, hits, share, chance, rank, missed in rows:
            print(
                f"{round_:<7}{groups:>7}{strict:>14}{hits:>6}{share:>16.0%}{chance:>11.0%}"
                f"{rank:>13}  {', '.join(missed)}"
            )
        total = sum(r[1] for r in rows)
        strict, hits = sum(r[2] for r in rows), sum(r[3] for r in rows)
        share, chance = (float(np.mean([r[k] for r in rows])) for k in (4, 5))
        print(
            f"{'all':<7}{total:>7}{strict / max(total, 1):>14.0%}{hits / max(total, 1):>6.0%}"
            f"{share:>16.0%}{chance:>11.0%}"
        )

        times = await latency(index, embedder, cache)
    compute.shutdown()
    print(f"\n/similar over {len(index)} works (ms)")
    print(f"{'query':<12}{'calls':>6}{'median':>8}{'p95':>8}{'max':>8}")
    for kind, values in times.items():
        ms = np.array(values) * 1000
        print(
            f"{kind:<12}{len(ms):>6}{statistics.median(ms):>8.1f}"
            f"{np.percentile(ms, 95):>8.1f}{ms.max():>8.1f}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", type=Path, default=DEFAULT_PROBE)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.probe.is_file():
        print(f"no probe file at {args.probe}", file=sys.stderr)
        return 1
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
