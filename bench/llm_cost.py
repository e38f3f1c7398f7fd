"""What the LLM mode costs per map: requests and tokens for a 100-item map.

Runs the real engine and the real `openai` client against the fake OpenAI-compatible server of
the tests (127.0.0.1, nothing leaves the machine) and counts what reaches it. Token counts are
the fake server's estimate (four characters a token). Beside them: the seed approach, which
sent one embedding request per item.

    python bench/llm_cost.py [--items 100] [--clusters 8]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "llm"))

from fake_openai import FakeOpenAI, task_of  # noqa: E402

from engine.catalog import load_catalog  # noqa: E402
from engine.compute import Compute  # noqa: E402
from engine.importers import read_file  # noqa: E402
from engine.items import Item, MediaType, embed_text  # noqa: E402
from engine.service import Engine  # noqa: E402
from engine.settings import Settings  # noqa: E402

EXAMPLE = ROOT / "examples" / "taste.csv"


def library(count: int) -> list[Item]:
    """The example list, topped up with made-up works no catalog knows (they get described)."""
    items = [item for item in read_file(EXAMPLE).items if not item.want][:count]
    kinds = [MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC]
    extra = [
        Item(f"Obscure work number {n}", kinds[n % 3], f"Someone {n}")
        for n in range(count - len(items))
    ]
    return items + extra


async def run(args: argparse.Namespace) -> list[tuple[str, dict[str, int]]]:
    load_catalog()
    items = library(args.items)
    server = FakeOpenAI()
    url = await server.start()
    compute = Compute(processes=0, warm=False)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="tastemap-bench-") as folder:
            base = Settings(
                db_path=Path(folder) / "local.sqlite3",
                cache_dir=Path(folder),
                openai_base_url=url,
                workers=0,
            )
            for label, settings, repeat in [
                ("LLM names + descriptions, local embeddings", base, True),
                (
                    "LLM names + descriptions, OpenAI embeddings",
                    replace(base, db_path=Path(folder) / "remote.sqlite3", embeddings="openai"),
                    True,
                ),
            ]:
                async with Engine(settings, compute=compute) as engine:
                    await engine.library.add("bench", items)
                    for run_label in [label, "  the same map again"] if repeat else [label]:
                        seen = len(server.requests)
                        used = engine.llm.usage.tokens
                        started = time.perf_counter()
                        taste_map = await engine.build("bench", lang="en", clusters=args.clusters)
                        row = _count(server.requests[seen:])
                        row["tokens"] = engine.llm.usage.tokens - used
                        row["llm names"] = sum(c.name_source == "llm" for c in taste_map.clusters)
                        row["seconds"] = round(time.perf_counter() - started, 1)
                        rows.append((run_label, row))
    finally:
        await server.stop()
        compute.shutdown()

    texts = [embed_text(item) for item in items]
    seed = {"embedding requests": len(texts), "tokens": sum(len(t) // 4 + 1 for t in texts)}
    rows.append(("seed approach: one embedding request per item", seed))
    return rows


def _count(requests: list[dict]) -> dict[str, int]:
    tasks = Counter(
        "repair" if len(r["body"]["messages"]) > 2 else task_of(r["body"])
        for r in requests
        if r["path"].endswith("/chat/completions")
    )
    return {
        "chat requests": sum(tasks.values()),
        "describe": tasks["describe_items"],
        "name": tasks["name_clusters"],
        "repair": tasks["repair"],
        "embedding requests": sum(1 for r in requests if r["path"].endswith("/embeddings")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--clusters", type=int, default=8)
    args = parser.parse_args()
    rows = asyncio.run(run(args))
    columns = ["chat requests", "describe", "name", "repair", "embedding requests", "tokens"]
    print(f"{args.items} items, {args.clusters} clusters (tokens: the fake server's estimate)")
    print(f"{'':<48}" + "".join(f"{c:>20}" for c in columns))
    for label, row in rows:
        cells = "".join(f"{row.get(c, '-')!s:>20}" for c in columns)
        print(f"{label:<48}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
