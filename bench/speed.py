"""Speed of each stage at N = 100, 1,000 and 10,000 items, beside the seed guide's approach.

Items are real works from the offline catalog (titles, creators, genres, tags). Our pipeline
is measured warm (model loaded, numba compiled) twice: with an empty embedding cache and with
every text cached. The seed approach on the same machine and model: one embedding call per
item, no cache, StandardScaler, UMAP 2-D, KMeans with k=5.

    python bench/speed.py [--sizes 100 1000 10000] [--seed-limit 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time

import numpy as np

from engine.catalog import load_catalog
from engine.compute import Compute, warm_up
from engine.embed import LocalEmbedder, embed_locally
from engine.items import embed_text
from engine.library import Library
from engine.name import OfflineNamer
from engine.pipeline import build_map
from engine.render import Renderer, build_figure


def sample_items(count: int, seed: int = 0):
    works = [entry.item for entry in load_catalog().entries]
    random.Random(seed).shuffle(works)
    return works[:count]


async def ours(count: int, renderer: Renderer) -> dict[str, float]:
    items = sample_items(count)
    compute = Compute(processes=0, warm=False)
    embedder = LocalEmbedder(compute)
    row: dict[str, float] = {}
    async with await Library.open(":memory:") as cache:
        namer = OfflineNamer(embedder=embedder, cache=cache)
        await namer.name_clusters([], lang="en")
        for label in ("cold", "cached"):
            started = time.perf_counter()
            taste_map = await build_map(
                items, embedder=embedder, namer=namer, compute=compute, cache=cache, seed=1
            )
            row[f"total {label}"] = time.perf_counter() - started
            if label == "cold":
                row["embed cold"] = taste_map.timings["embed"]
        for stage in ("embed", "reduce", "cluster", "name"):
            row[stage] = taste_map.timings[stage]
        started = time.perf_counter()
        await renderer.png(build_figure(taste_map, lang="en"))
        row["png"] = time.perf_counter() - started
        row["clusters"] = len(taste_map.clusters)
    compute.shutdown()
    return row


def seed_approach(count: int) -> dict[str, float]:
    import umap
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    texts = [embed_text(item) for item in sample_items(count)]
    started = time.perf_counter()
    vectors = np.vstack([embed_locally([text]) for text in texts])
    embedded = time.perf_counter()
    scaled = StandardScaler().fit_transform(vectors)
    picture = umap.UMAP(n_components=2, random_state=1).fit_transform(scaled)
    KMeans(n_clusters=5, n_init=10, random_state=1).fit(picture)
    done = time.perf_counter()
    return {"embed": embedded - started, "rest": done - embedded, "total": done - started}


async def main(sizes: list[int], seed_limit: int) -> None:
    started = time.perf_counter()
    warm_up()
    print(f"warm-up (model + numba from its disk cache): {time.perf_counter() - started:.1f} s")
    async with Renderer() as renderer:
        await renderer.png(build_figure_for_warmup())
        results = {n: await ours(n, renderer) for n in sizes}
    seeds = {}
    for n in sizes:
        if n <= seed_limit:
            seeds[n] = seed_approach(n)
        else:
            # One call per item costs the same per item at any size; measure 500 and scale.
            probe = seed_approach(500)
            seeds[n] = {
                "embed": probe["embed"] * n / 500,
                "rest": float("nan"),
                "total": float("nan"),
                "estimated": 1.0,
            }

    stages = [
        "embed cold",
        "embed",
        "reduce",
        "cluster",
        "name",
        "png",
        "total cold",
        "total cached",
    ]
    print()
    print("ours (seconds, warm process)")
    print(f"{'N':>7} " + " ".join(f"{s:>13}" for s in stages) + f" {'clusters':>9}")
    for n, row in results.items():
        print(
            f"{n:>7} "
            + " ".join(f"{row[s]:>13.2f}" for s in stages)
            + f" {int(row['clusters']):>9}"
        )
    print()
    print(
        "seed approach (one embedding call per item, no cache, StandardScaler, UMAP 2-D, "
        "KMeans k=5)"
    )
    print(
        f"{'N':>7} {'embed':>9} {'rest':>9} {'total':>9} {'ours cold':>10} {'ours cached':>12}"
        f" {'speed-up cached':>16}"
    )
    for n in sizes:
        seed, row = seeds[n], results[n]
        total = seed["total"] if not np.isnan(seed["total"]) else seed["embed"]
        mark = " (embed only, estimated from 500)" if seed.get("estimated") else ""
        print(
            f"{n:>7} {seed['embed']:>9.2f} {seed['rest']:>9.2f} {seed['total']:>9.2f} "
            f"{row['total cold']:>10.2f} {row['total cached']:>12.2f} "
            f"{total / row['total cached']:>15.1f}x{mark}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB")


def build_figure_for_warmup():
    import plotly.graph_objects as go

    return go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--seed-limit",
        type=int,
        default=1000,
        help="largest N at which the seed approach is run in full",
    )
    args = parser.parse_args()
    asyncio.run(main(args.sizes, args.seed_limit))
    sys.exit(0)
