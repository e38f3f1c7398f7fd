"""Cluster quality on a labelled probe set: adjusted Rand index and nearest-neighbour P@5.

The `group` column is hidden from the pipeline; it is only used to score the result. Two sets
are scored by default: the shared probe and our own held-out groups (`bench/data/
holdout_groups.csv`: westerns, hip-hop, romance, Soviet comedies, baroque, war, detective
stories, French new wave), so that a change that only suits the probe shows.

    python bench/quality.py [--probe FILE [FILE ...]] [--seed 42]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

from engine.compute import Compute
from engine.embed import LocalEmbedder
from engine.items import Item, MediaType
from engine.library import Library
from engine.name import OfflineNamer
from engine.pipeline import build_map

DEFAULT_PROBE = (
    Path(__file__).resolve().parents[1].parent / "shared" / "probe" / "taste_groups.csv"
)
HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout_groups.csv"


def precision_at(vectors: np.ndarray, groups: list[str], k: int = 5) -> float:
    """Mean share of each item's k nearest items (cosine) that share its group."""
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argsort(-similarity, axis=1)[:, :k]
    labels = np.array(groups)
    return float(np.mean(labels[nearest] == labels[:, None]))


def read_probe(path: Path) -> tuple[list[Item], list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    items = [
        Item(
            title=r["title"],
            type=MediaType.parse(r["type"]),
            creator=r["creator"],
            year=int(r["year"]) if r["year"] else None,
        )
        for r in rows
    ]
    return items, [r["group"] for r in rows]


async def measure(path: Path, *, bare: bool, fixed_k: bool, seed: int) -> dict[str, float]:
    from engine.catalog import load_catalog

    items, groups = read_probe(path)
    compute = Compute(processes=0, warm=False)
    async with await Library.open(":memory:") as cache:
        embedder = LocalEmbedder(compute)
        knowledge = [] if bare else [load_catalog()]
        started = time.perf_counter()
        taste_map = await build_map(
            items,
            embedder=embedder,
            namer=OfflineNamer(embedder=embedder, cache=cache),
            compute=compute,
            cache=cache,
            knowledge=knowledge,
            seed=seed,
            clusters=len(set(groups)) if fixed_k else None,
        )
        seconds = time.perf_counter() - started
    compute.shutdown()
    return {
        "items": len(items),
        "groups": len(set(groups)),
        "clusters": len(taste_map.clusters),
        "matched": taste_map.matched / len(items),
        "ari": adjusted_rand_score(groups, taste_map.labels),
        "p@5": precision_at(taste_map.space, groups),
        "seconds": seconds,
        "names": ", ".join(c.name for c in taste_map.clusters),
    }


def report(path: Path, *, seed: int) -> None:
    print(f"probe: {path}")
    print(f"{'setting':<28}{'clusters':>9}{'matched':>9}{'ARI':>7}{'P@5':>7}{'s':>7}")
    for label, bare, fixed in [
        ("bare titles, auto k", True, False),
        ("bare titles, true k", True, True),
        ("catalog, auto k", False, False),
        ("catalog, true k", False, True),
    ]:
        row = asyncio.run(measure(path, bare=bare, fixed_k=fixed, seed=seed))
        print(
            f"{label:<28}{row['clusters']:>9}{row['matched']:>9.0%}{row['ari']:>7.2f}"
            f"{row['p@5']:>7.2f}{row['seconds']:>7.1f}"
        )
        print(f"    names: {row['names']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", type=Path, nargs="+", default=[DEFAULT_PROBE, HOLDOUT])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    missing = [path for path in args.probe if not path.is_file()]
    if missing:
        print(f"no probe file at {missing[0]}", file=sys.stderr)
        return 1
    for path in args.probe:
        report(path, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
