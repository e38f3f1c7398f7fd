"""The engine as one object for front ends: the bot and the command line call only this.

`Engine` owns the library, the worker pool, the renderer and the catalog index, and offers
each thing a person can ask for as one async method scoped by the person's id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from engine.catalog import Catalog, load_catalog
from engine.compute import Compute
from engine.embed import embed_texts
from engine.enrich import Knowledge, enrich
from engine.importers import ImportResult, read_bytes
from engine.items import Item, MediaType, embed_text
from engine.library import AddResult, Library
from engine.messages import TasteError, text
from engine.parse import ParsedItem, parse_message
from engine.pipeline import TasteMap, build_map
from engine.recommend import CatalogIndex, Suggestion, recommend, similar
from engine.render import Renderer, build_figure
from engine.settings import Settings
from engine.stages import make_embedder, make_knowledge, make_namer

logger = logging.getLogger(__name__)

MIN_MAP_ITEMS = 3


@dataclass
class Imported:
    """One file's import: what was read and what the library made of it."""

    result: ImportResult
    added: AddResult


@dataclass
class RenderedMap:
    taste_map: TasteMap
    png: bytes
    html: bytes
    timings: dict[str, float] = field(default_factory=dict)


class Engine:
    """Everything a front end needs, over one database. Use `async with Engine(settings)`."""

    def __init__(
        self, settings: Settings, *, compute: Compute | None = None, catalog: Catalog | None = None
    ) -> None:
        self.settings = settings
        self._catalog = catalog
        self.compute = compute or Compute(processes=settings.workers)
        self.library: Library | None = None
        self.embedder = make_embedder(settings, compute=self.compute)
        self.renderer = Renderer()
        self._index: CatalogIndex | None = None
        self._index_lock = asyncio.Lock()

    async def __aenter__(self) -> Engine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def catalog(self) -> Catalog:
        """The catalog in use (the full offline one unless another was given)."""
        if self._catalog is None:
            self._catalog = load_catalog()
        return self._catalog

    def knowledge(self) -> list[Knowledge]:
        return [self.catalog, *make_knowledge(self.settings)[1:]]

    async def start(self) -> None:
        self.library = await Library.open(self.settings.db_path)
        self.compute.start()
        logger.info("engine started on %s", self.settings.db_path)

    async def close(self) -> None:
        await self.renderer.close()
        if self.library is not None:
            await self.library.close()
        self.compute.shutdown()

    # Adding.

    async def add_text(self, person: str, message: str) -> tuple[list[ParsedItem], AddResult]:
        """Parse a chat message and add what it names."""
        parsed = parse_message(message[: self.settings.max_title_chars * 50])
        parsed = [p for p in parsed if len(p.item.title) <= self.settings.max_title_chars]
        catalog = self.catalog
        guessed = []
        for p in parsed:
            if p.item.type is MediaType.OTHER:
                kind = catalog.guess_type(p.item)
                if kind is not None:
                    p = ParsedItem(p.item.with_(type=kind), type_given=False)
            guessed.append(p)
        await self._check_room(person, len(guessed))
        added = await self.library.add(person, [p.item.with_(source="chat") for p in guessed])
        return guessed, added

    async def import_file(self, person: str, data: bytes, name: str) -> Imported:
        """Read an uploaded file of any supported format and add its items in one transaction."""
        result = await asyncio.to_thread(
            read_bytes, data, name=name, max_bytes=self.settings.max_file_bytes
        )
        await self._check_room(person, len(result.items))
        added = await self.library.add(person, result.items)
        logger.info(
            "import: %s as %s, %d added, %d merged, %d skipped",
            "file",
            result.format,
            added.added,
            added.merged,
            len(result.skipped),
        )
        return Imported(result, added)

    async def _check_room(self, person: str, extra: int) -> None:
        count = await self.library.count(person) + extra
        if count > self.settings.max_items:
            raise TasteError("too_many_items", count=count, limit=self.settings.max_items)

    # Maps and suggestions.

    async def build(self, person: str, *, lang: str, clusters: int | None = None) -> TasteMap:
        items = await self.library.items(person)
        if len(items) < MIN_MAP_ITEMS:
            raise TasteError("need_more_items", have=len(items), need=MIN_MAP_ITEMS)
        namer = make_namer(self.settings, embedder=self.embedder, cache=self.library)
        taste_map = await build_map(
            items,
            embedder=self.embedder,
            namer=namer,
            compute=self.compute,
            cache=self.library,
            knowledge=self.knowledge(),
            seed=self.settings.seed,
            clusters=clusters,
            lang=lang,
        )
        if any(c.name_source == "offline" for c in taste_map.clusters):
            taste_map.note = text("offline_names", lang)
        return taste_map

    async def render(self, taste_map: TasteMap) -> RenderedMap:
        """The map as PNG bytes and a self-contained HTML page."""
        started = time.perf_counter()
        fig = build_figure(taste_map, lang=taste_map.lang)
        png = await self.renderer.png(fig)
        html = await asyncio.to_thread(
            fig.to_html,
            include_plotlyjs=True,
            full_html=True,
            config={"displaylogo": False, "responsive": True},
        )
        return RenderedMap(
            taste_map, png, html.encode("utf-8"), {"render": time.perf_counter() - started}
        )

    async def catalog_index(self) -> CatalogIndex:
        """The embedded catalog, built on first use (minutes the very first time)."""
        async with self._index_lock:
            if self._index is None:
                self._index = await CatalogIndex.build(
                    self.catalog, embedder=self.embedder, cache_dir=self.settings.cache_dir
                )
        return self._index

    async def similar(
        self, person: str, query: str, *, count: int = 10
    ) -> tuple[Item, list[Suggestion]]:
        items = enrich(await self.library.items(person), self.knowledge()).items
        vectors = (
            (
                await embed_texts(
                    [embed_text(i) for i in items], embedder=self.embedder, cache=self.library
                )
            )
            if items
            else None
        )
        return await similar(
            query,
            index=await self.catalog_index(),
            catalog=self.catalog,
            embedder=self.embedder,
            library=items,
            library_vectors=vectors,
            count=count,
        )

    async def recommend(
        self, person: str, *, lang: str, per_cluster: int = 5
    ) -> tuple[TasteMap, dict[int, list[Suggestion]]]:
        taste_map = await self.build(person, lang=lang)
        picks = await recommend(
            taste_map, index=await self.catalog_index(), per_cluster=per_cluster
        )
        return taste_map, picks
