"""The `tastemap` command: the same engine as the bot, without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
import time
from importlib.metadata import entry_points
from pathlib import Path

from engine.importers.command import add_import_command
from engine.messages import TasteError

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except TasteError as error:
        print(f"tastemap: {error.text(getattr(args, 'lang', None) or 'en')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`tastemap ... | head`): not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream for good
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tastemap", description="A map of the films, books and music you love."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    draw = commands.add_parser("map", help="build a named taste map from files")
    draw.add_argument("files", nargs="+", type=Path, help="exports or lists of titles")
    draw.add_argument("--out", type=Path, help="PNG map to write")
    draw.add_argument("--html", type=Path, help="interactive HTML map to write")
    draw.add_argument("--json", type=Path, help="JSON result to write ('-' for stdout)")
    draw.add_argument("--lang", choices=("en", "ru"), help="language of names and labels")
    draw.add_argument("--clusters", type=int, help="fixed number of clusters (default: auto)")
    draw.add_argument("--db", type=Path, help="SQLite file for the embedding cache")
    draw.add_argument("--seed", type=int, help="random seed (default from settings)")
    draw.set_defaults(run=_run_map)
    add_import_command(commands)

    near = commands.add_parser("similar", help="the works nearest a title")
    near.add_argument("query", help='a title, e.g. "Blade Runner" or "Сталкер (1979)"')
    near.add_argument("-n", "--count", type=int, default=10, help="how many (default 10)")
    _suggest_options(near)
    near.set_defaults(run=_run_similar)

    advise = commands.add_parser("recommend", help="new works for each group of a library")
    advise.add_argument("-n", "--count", type=int, default=5, help="per group (default 5)")
    advise.add_argument("--lang", choices=("en", "ru"), help="language of the group names")
    advise.add_argument("--clusters", type=int, help="fixed number of groups (default: auto)")
    _suggest_options(advise, library_required=True)
    advise.set_defaults(run=_run_recommend)

    config = commands.add_parser("config", help="show the settings (secrets hidden)")
    config.set_defaults(run=_run_config)

    warm = commands.add_parser("warmup", help="load the model and compile UMAP once")
    warm.set_defaults(run=_run_warmup)

    # Front ends living outside engine/ (the bot) add their subcommands through entry points.
    for entry in entry_points(group="tastemap.commands"):
        entry.load()(commands)
    return parser


def _suggest_options(command: argparse.ArgumentParser, *, library_required=False) -> None:
    command.add_argument(
        "--library",
        type=Path,
        action="append",
        required=library_required,
        metavar="FILE",
        help="the person's library: any export or list of titles (repeatable)",
    )
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--db", type=Path, help="SQLite file for the library and cache")


def _run_config(args: argparse.Namespace) -> int:
    from engine.settings import Settings

    print(json.dumps(Settings.from_env().public(), indent=2, ensure_ascii=False))
    return 0


def _run_warmup(args: argparse.Namespace) -> int:
    from engine.compute import warm_up

    started = time.perf_counter()
    warm_up()
    print(f"warm in {time.perf_counter() - started:.1f} s")
    return 0


def _run_map(args: argparse.Namespace) -> int:
    from engine.settings import Settings

    settings = Settings.from_env()
    db = args.db or (settings.db_path if "TASTEMAP_DB" in os.environ else None)
    if db is None:
        with tempfile.TemporaryDirectory(prefix="tastemap-") as folder:
            return asyncio.run(_map(args, settings, Path(folder) / "cache.sqlite3"))
    return asyncio.run(_map(args, settings, db))


async def _map(args: argparse.Namespace, settings, db: Path) -> int:
    from engine.compute import Compute
    from engine.importers import read_file
    from engine.library import Library, merge_duplicates
    from engine.render import Renderer, build_figure, write_html
    from engine.stages import make_embedder, make_knowledge, make_namer

    started = time.perf_counter()
    items = []
    for path in args.files:
        result = read_file(path, max_bytes=settings.max_file_bytes)
        for skipped in result.skipped:
            print(f"{path.name}: {skipped.reason.text(args.lang or 'en')}", file=sys.stderr)
        items.extend(item for item in result.items if not item.want)
    items = merge_duplicates(items)
    read_time = time.perf_counter() - started

    compute = Compute(processes=0)
    renderer = Renderer() if args.out else None
    try:
        async with await Library.open(db) as library:
            embedder = make_embedder(settings, compute=compute)
            taste_map = await _build(
                args,
                settings,
                items,
                library,
                embedder,
                compute,
                make_namer(settings, embedder=embedder, cache=library),
                make_knowledge(settings),
            )
            taste_map.timings = {"read": read_time, **taste_map.timings}
            if args.out or args.html:
                fig = build_figure(taste_map, lang=taste_map.lang)
                if args.html:
                    started = time.perf_counter()
                    write_html(fig, args.html, lang=taste_map.lang)
                    taste_map.timings["html"] = time.perf_counter() - started
                if renderer is not None:
                    started = time.perf_counter()
                    args.out.write_bytes(await renderer.png(fig))
                    taste_map.timings["png"] = time.perf_counter() - started
    finally:
        if renderer is not None:
            await renderer.close()
        compute.shutdown()

    _print_map(taste_map)
    if args.json:
        data = json.dumps(taste_map.to_json(), ensure_ascii=False, indent=2)
        if str(args.json) == "-":
            print(data)
        else:
            args.json.write_text(data, encoding="utf-8")
    return 0


async def _build(args, settings, items, library, embedder, compute, namer, knowledge):
    from engine.messages import text
    from engine.pipeline import build_map

    taste_map = await build_map(
        items,
        embedder=embedder,
        namer=namer,
        compute=compute,
        cache=library,
        knowledge=knowledge,
        seed=args.seed if args.seed is not None else settings.seed,
        clusters=args.clusters,
        lang=args.lang,
    )
    if any(c.name_source == "offline" for c in taste_map.clusters):
        taste_map.note = text("offline_names", taste_map.lang)
    return taste_map


CLI_PERSON = "cli"


def _run_similar(args: argparse.Namespace) -> int:
    return _with_engine(args, _similar)


def _run_recommend(args: argparse.Namespace) -> int:
    return _with_engine(args, _recommend)


def _with_engine(args: argparse.Namespace, job) -> int:
    """Run `job(engine, args)` over a library loaded from `--library` files into `--db` (or a
    temporary database)."""
    from engine.settings import Settings

    settings = Settings.from_env()
    if args.db is not None:
        return asyncio.run(_engine_job(args, settings, args.db, job))
    with tempfile.TemporaryDirectory(prefix="tastemap-") as folder:
        return asyncio.run(_engine_job(args, settings, Path(folder) / "cli.sqlite3", job))


async def _engine_job(args, settings, db: Path, job) -> int:
    from dataclasses import replace

    from engine.compute import Compute
    from engine.service import Engine

    settings = replace(settings, db_path=db, workers=0)
    async with Engine(settings, compute=Compute(processes=0, warm=False)) as engine:
        for path in args.library or ():
            if not path.is_file():
                raise TasteError("not_found", name=str(path))
            imported = await engine.import_file(CLI_PERSON, path.read_bytes(), path.name)
            for skipped in imported.result.skipped:
                print(f"{path.name}: {skipped.reason.text('en')}", file=sys.stderr)
        if not _catalog_is_embedded(engine):
            print("Embedding the catalog once for this model (a minute or two)…", file=sys.stderr)
        return await job(engine, args)


def _catalog_is_embedded(engine) -> bool:
    from engine.recommend import CatalogIndex

    return CatalogIndex.is_saved(
        engine.catalog, model_id=engine.embedder.model_id, cache_dir=engine.settings.cache_dir
    )


async def _similar(engine, args: argparse.Namespace) -> int:
    asked, found = await engine.similar(CLI_PERSON, args.query, count=max(1, args.count))
    if args.json:
        query = {
            "title": asked.title,
            "creator": asked.creator,
            "type": asked.type.value,
            "year": asked.year,
        }
        result = {"query": query, "results": [s.to_dict() for s in found]}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Nearest to {asked.label()} ({asked.type.value}):")
    for rank, suggestion in enumerate(found, 1):
        print(_suggestion_line(rank, suggestion))
    return 0


async def _recommend(engine, args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    taste_map, picks = await engine.recommend(
        CLI_PERSON, lang=lang, per_cluster=max(1, args.count), clusters=args.clusters
    )
    if args.json:
        clusters = [
            {
                "id": cluster.id,
                "name": cluster.name,
                "size": cluster.size,
                "typical": [taste_map.items[i].label() for i in cluster.typical[:3]],
                "results": [s.to_dict() for s in picks.get(cluster.id, [])],
            }
            for cluster in taste_map.clusters
        ]
        print(json.dumps({"clusters": clusters}, ensure_ascii=False, indent=2))
        return 0
    for cluster in taste_map.clusters:
        typical = "; ".join(taste_map.items[i].title for i in cluster.typical[:3])
        print(f"{cluster.name}  ({cluster.size}: {typical})")
        for rank, suggestion in enumerate(picks.get(cluster.id, []), 1):
            print(_suggestion_line(rank, suggestion))
        print()
    if taste_map.note:
        print(taste_map.note)
    return 0


def _suggestion_line(rank: int, suggestion) -> str:
    mark = "  [in your library]" if suggestion.in_library else ""
    item = suggestion.item
    return f"{rank:>3}. {suggestion.score:.2f}  {item.label()} · {item.type.value}{mark}"


def _print_map(taste_map) -> None:
    out = sys.stdout
    out.write(f"{len(taste_map.items)} items, {len(taste_map.clusters)} clusters\n\n")
    for cluster in taste_map.clusters:
        out.write(f"{cluster.id + 1}. {cluster.name}  ({cluster.size})\n")
        if cluster.terms:
            out.write(f"   {', '.join(cluster.terms[:5])}\n")
        for index in cluster.typical[:3]:
            out.write(f"   · {taste_map.items[index].label()}\n")
    out.write("\nstage      seconds\n")
    for stage, seconds in taste_map.timings.items():
        out.write(f"{stage:<10} {seconds:7.2f}\n")
    out.write(f"{'total':<10} {sum(taste_map.timings.values()):7.2f}\n")
    if taste_map.note:
        out.write(f"\n{taste_map.note}\n")


if __name__ == "__main__":
    sys.exit(main())
