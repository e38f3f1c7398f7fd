"""How many items of real-looking libraries the offline catalog recognises.

Reads the labelled probe and every export fixture of the tests (each file through the same
readers as `tastemap map`) and prints, per file, its items and the share matched to a catalog
work, by media type.

    python bench/match_rate.py [--probe ../shared/probe/taste_groups.csv]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from quality import DEFAULT_PROBE, read_probe

from engine.catalog import load_catalog
from engine.importers import read_file
from engine.items import Item, MediaType
from engine.messages import TasteError

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "exports"


def rates(items: list[Item], catalog) -> tuple[int, float, dict[MediaType, str]]:
    matched = [catalog.lookup(item) is not None for item in items]
    by_type: dict[MediaType, str] = {}
    total = Counter(item.type for item in items)
    hits = Counter(item.type for item, hit in zip(items, matched, strict=True) if hit)
    for media in (MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC):
        if total[media]:
            by_type[media] = f"{hits[media]}/{total[media]}"
    return len(items), sum(matched) / max(len(items), 1), by_type


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", type=Path, default=DEFAULT_PROBE)
    args = parser.parse_args()
    catalog = load_catalog()
    libraries: list[tuple[str, list[Item]]] = []
    if args.probe.is_file():
        libraries.append(("probe", read_probe(args.probe)[0]))
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        try:
            items = [item for item in read_file(path).items if not item.want]
        except TasteError:
            continue  # fixtures of files that are not taste (profiles, comments)
        if items:
            libraries.append((str(path.relative_to(FIXTURES)), items))

    print(f"{'library':<64}{'items':>6}{'matched':>9}  films  books  music")
    everything: list[Item] = []
    for name, items in libraries:
        count, rate, by_type = rates(items, catalog)
        cells = "  ".join(
            f"{by_type.get(m, '-'):>5}" for m in (MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC)
        )
        print(f"{name[:63]:<64}{count:>6}{rate:>9.0%}  {cells}")
        if name != "probe":
            everything += items
    count, rate, _ = rates(everything, catalog)
    print(f"{'all fixture exports':<64}{count:>6}{rate:>9.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
