"""How long /help takes to answer while five people build maps: the bot must never stall.

Runs the real bot (`bot.app.build_application`) against the tests' fake Bot API server on
127.0.0.1, with the engine's worker processes as in production. Five people upload a library
of catalog works each and ask for /map at once; meanwhile a sixth person sends /help again and
again. Prints a table of /help latencies, idle and under load, and how long the maps took.

    .venv/bin/python bench/bot_latency.py                 # 2 workers, 200 items a person
    .venv/bin/python bench/bot_latency.py --workers 0     # everything in one thread
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bot"))

from fake_telegram import TOKEN, FakeTelegram  # noqa: E402

from bot.app import build_application, running  # noqa: E402
from engine.catalog import load_catalog  # noqa: E402
from engine.service import Engine  # noqa: E402
from engine.settings import Settings  # noqa: E402

MAPPERS = 5


def library_csv(count: int, seed: int) -> bytes:
    """`count` catalog works of every media type as a CSV export."""
    entries = random.Random(seed).sample(load_catalog().entries, count)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "type", "creator", "year"])
    for entry in entries:
        item = entry.item
        writer.writerow([item.title, item.type.value, item.creator, item.year or ""])
    return out.getvalue().encode("utf-8")


async def help_latency(person, stop: asyncio.Event, pause: float) -> list[float]:
    """Send /help until `stop` is set; seconds from sending to the bot's answer."""
    found = []
    while not stop.is_set():
        started = time.monotonic()
        answer = await person.ask("/help", timeout=120)
        found.append(answer.at - started)
        await asyncio.sleep(pause)
    return found


async def one_map(person) -> float:
    started = time.monotonic()
    await person.say("/map")
    photo = await person.wait_for(lambda sent: sent.method == "sendPhoto", timeout=600)
    return photo.at - started


async def measure(workers: int, items: int, idle_samples: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="tastemap-bench-") as folder:
        async with FakeTelegram() as server:
            settings = dataclasses.replace(
                Settings.from_env(),
                db_path=Path(folder) / "bench.sqlite3",
                workers=workers,
                telegram_token=TOKEN,
                telegram_api_url=server.api_url,
                telegram_file_url=server.file_url,
            )
            app = build_application(settings, Engine(settings), warm=False)
            async with running(app, poll_timeout=1):
                # What the bot warms at start, minus the catalog, which maps do not use.
                state = app.bot_data["tastemap"]
                print(f"warming {max(workers, 1)} worker(s)…", file=sys.stderr)
                await state.open_browser()
                await state.engine.compute.warm()
                people = [server.person(f"Reader {n}") for n in range(MAPPERS)]
                for n, person in enumerate(people):
                    await person.send_document(library_csv(items, seed=n), f"library-{n}.csv")
                    await person.wait_for(lambda s: "read as" in s.text, timeout=300)

                asker = server.person("Asker")
                idle = []
                for _ in range(idle_samples):
                    started = time.monotonic()
                    idle.append((await asker.ask("/help")).at - started)

                print("building 5 maps…", file=sys.stderr)
                stop = asyncio.Event()
                asking = asyncio.create_task(help_latency(asker, stop, pause=0.2))
                maps = await asyncio.gather(*(one_map(person) for person in people))
                stop.set()
                loaded = await asking
    return {"idle": idle, "while 5 maps build": loaded, "map (send to photo)": maps}


def print_table(results: dict[str, list[float]], workers: int, items: int) -> None:
    print(f"/help latency, {workers} worker process(es), {items} items a person\n")
    print(f"{'what':<22} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, values in results.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{name:<22} {len(values):>4} {statistics.median(values) * 1000:>10.0f} "
            f"{p95 * 1000:>8.0f} {max(values) * 1000:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="engine worker processes")
    parser.add_argument("--items", type=int, default=200, help="library size of each person")
    parser.add_argument("--idle", type=int, default=20, help="/help samples before the maps")
    args = parser.parse_args()
    results = asyncio.run(measure(args.workers, args.items, args.idle))
    print_table(results, args.workers, args.items)


if __name__ == "__main__":
    main()
