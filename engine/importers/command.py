"""`tastemap import FILE... [--json]`: read files into a library and report on each.

For every file it says which format was recognised, how many items were added, how many
were merged into items already there, and what was skipped and why. With `--json` it prints
`{"files": [...], "items": [...]}` instead. Without `--db` the library is a temporary one,
so the command shows what a file would give.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

from engine.messages import TasteError, text

from . import ImportResult, read_file
from .export import COLUMNS

# What `--json` prints of an item: the CSV export's columns but the description.
ITEM_FIELDS = tuple(column for column in COLUMNS if column != "description")


def add_import_command(subparsers) -> None:
    """Register `import` on the CLI's subparsers."""
    command = subparsers.add_parser("import", help=text("cli_import"))
    command.add_argument("files", nargs="+", type=Path, help=text("cli_import_files"))
    command.add_argument("--json", action="store_true", help=text("cli_import_json"))
    command.add_argument("--db", type=Path, help=text("cli_import_db"))
    command.add_argument("--person", default="cli", help=text("cli_import_person"))
    command.add_argument(
        "--lang", choices=("en", "ru"), default="en", help=text("cli_import_lang")
    )
    command.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Import every file; 0 when all were read, 1 when any could not be."""
    if args.db is not None:
        return asyncio.run(_import(args, args.db))
    with tempfile.TemporaryDirectory(prefix="tastemap-") as folder:
        return asyncio.run(_import(args, Path(folder) / "library.sqlite3"))


async def _import(args: argparse.Namespace, db: Path) -> int:
    from engine.library import Library
    from engine.settings import Settings

    max_bytes = Settings.from_env().max_file_bytes
    reports, failed = [], False
    async with await Library.open(db) as library:
        for path in args.files:
            try:
                result = await asyncio.to_thread(read_file, path, max_bytes=max_bytes)
            except TasteError as error:
                failed = True
                reports.append(_failure(path, error, args.lang))
                continue
            added = await library.add(args.person, result.items)
            reports.append(_report(path, result, added.added, added.merged, args.lang))
        items = await library.items(args.person, include_want=True)

    if args.json:
        data = {"files": reports, "items": [_item_json(item) for item in items]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_reports(reports, items, args.lang)
    return 1 if failed else 0


def _report(path: Path, result: ImportResult, added: int, merged: int, lang: str) -> dict:
    return {
        "path": str(path),
        "format": result.format,
        "added": added,
        "duplicates": merged,
        "skipped": [{"line": s.line, "reason": s.text(lang)} for s in result.skipped],
    }


def _failure(path: Path, error: TasteError, lang: str) -> dict:
    return {
        "path": str(path),
        "format": None,
        "added": 0,
        "duplicates": 0,
        "skipped": [],
        "error": error.text(lang),
    }


def format_name(format: str, lang: str = "en") -> str:
    """A format id ("letterboxd", "spotify zip") as a person calls it."""
    base, _, packed = format.partition(" ")
    try:
        name = text(f"format_{base}", lang)
    except KeyError:
        name = base
    return text("format_zip", lang, format=name) if packed else name


def _print_reports(reports: list[dict], items: list, lang: str) -> None:
    for report in reports:
        name = Path(report["path"]).name
        if "error" in report:
            print(text("import_failed", lang, name=name, reason=report["error"]))
            continue
        line = text(
            "import_file",
            lang,
            name=name,
            format=format_name(report["format"], lang),
            added=report["added"],
            duplicates=report["duplicates"],
            skipped=len(report["skipped"]),
        )
        print(line)
        for skipped in report["skipped"]:
            print(f"  {skipped['reason']}")
    want = sum(1 for item in items if item.want)
    print(text("import_total", lang, count=len(items), want=want))


def _item_json(item) -> dict[str, object]:
    data = item.to_dict()
    return {field: data[field] for field in ITEM_FIELDS}
