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
from engine.enrich import Knowledge
from engine.importers import ImportResult, read_bytes
from engine.items import Item, MediaType
from engine.library import AddResult, Library
from engine.llm.client import LLMError
from engine.llm.parser import looks_unparsed, parse_chat
from engine.llm.session import LLMSession
from engine.llm.suggest import merge_picks, suggest_for_map
from engine.messages import TasteError, text
from engine.parse import ParsedItem, parse_message
from engine.pipeline import TasteMap, build_map, enrich_items
from engine.recommend import CatalogIndex, Suggestion, recommend, similar
from engine.render import Renderer, build_figure, map_html
from engine.settings import Settings
from engine.stages import make_embedder, make_knowledge, make_llm, make_llm_client, make_namer
from engine.taste import taste_vectors

logger = logging.getLogger(__name__)

MIN_MAP_ITEMS = 3
# A work of people's libraries joins the shared pool (when allowed) once this many people
# hold it, so that no suggestion can point at one particular person's library.
SHARED_MIN_PEOPLE = 2


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
        self.llm = make_llm_client(settings)
        self.embedder = make_embedder(settings, compute=self.compute, client=self.llm)
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

    def knowledge(self, llm: LLMSession | None = None) -> list[Knowledge]:
        return [self.catalog, *make_knowledge(self.settings, llm=llm, cache=self.library)[1:]]

    def llm_job(self, person: str) -> LLMSession | None:
        """A new job on the language model for `person` (None when the LLM mode is off)."""
        return make_llm(self.settings, client=self.llm, person=person, usage=self.library)

    async def start(self) -> None:
        self.library = await Library.open(self.settings.db_path)
        self.compute.start()
        logger.info("engine started on %s", self.settings.db_path)

    async def close(self) -> None:
        await self.renderer.close()
        if self.llm is not None:
            await self.llm.aclose()
        if self.library is not None:
            await self.library.close()
        self.compute.shutdown()

    # Adding.

    async def add_text(self, person: str, message: str) -> tuple[list[ParsedItem], AddResult]:
        """Parse a chat message and add what it names."""
        guess = self.catalog.guess_type
        parsed = parse_message(message[: self.settings.max_title_chars * 50], guess_type=guess)
        guessed = [p for p in parsed if len(p.item.title) <= self.settings.max_title_chars]
        if self.llm is not None and looks_unparsed(message, guessed):
            guessed = await self._parse_with_llm(person, message) or guessed
        items = await self._as_known_works(person, [p.item.with_(source="chat") for p in guessed])
        await self._check_room(person, items)
        added = await self.library.add(person, items)
        return guessed, added

    async def _as_known_works(self, person: str, items: list[Item]) -> list[Item]:
        """`items`, each catalog work under the title it first came by.

        The library merges items by title, so "Сталкер" typed in chat and "Stalker" from a
        Letterboxd export would stay two items; when the catalog says both are one work, the
        newcomer takes the title (type, creator, year) of the item already there, or of the
        first item of this batch that named the work.
        """
        catalog = self.catalog
        matched = [catalog.lookup(item) for item in items]
        if not any(matched):
            return items
        held = await self.library.items(person, include_want=True)

        def rename() -> list[Item]:
            first: dict[Item, Item] = {}
            for old in held:
                work = catalog.lookup(old)
                if work is not None:
                    first.setdefault(work, old)
            renamed = []
            for item, work in zip(items, matched, strict=True):
                known = first.setdefault(work, item) if work is not None else item
                if known.key != item.key:
                    item = item.with_(
                        title=known.title,
                        type=known.type,
                        creator=known.creator or item.creator,
                        year=known.year or item.year,
                    )
                renamed.append(item)
            return renamed

        return await asyncio.to_thread(rename)

    async def _parse_with_llm(self, person: str, message: str) -> list[ParsedItem]:
        """What the language model reads in a message the offline parser could not; [] if
        it cannot answer."""
        try:
            parsed = await parse_chat(message, llm=self.llm_job(person))
        except LLMError as error:
            logger.warning("the model could not read a message (%s)", error)
            return []
        limit = self.settings.max_title_chars
        return [p for p in parsed if len(p.item.title) <= limit]

    async def import_file(self, person: str, data: bytes, name: str) -> Imported:
        """Read an uploaded file of any supported format and add its items in one transaction."""
        result = await asyncio.to_thread(
            read_bytes,
            data,
            name=name,
            max_bytes=self.settings.max_file_bytes,
            guess_type=self.catalog.guess_type,
        )
        items = await self._as_known_works(person, result.items)
        await self._check_room(person, items)
        added = await self.library.add(person, items)
        logger.info(
            "import: %s as %s, %d added, %d merged, %d skipped",
            "file",
            result.format,
            added.added,
            added.merged,
            len(result.skipped),
        )
        return Imported(result, added)

    async def _check_room(self, person: str, items: list[Item]) -> None:
        """Refuse items that would take the library over its limit; merged ones take no room."""
        count = await self.library.count(person) + await self.library.count_new(person, items)
        if count > self.settings.max_items:
            raise TasteError("too_many_items", count=count, limit=self.settings.max_items)

    # Maps and suggestions.

    async def build(
        self,
        person: str,
        *,
        lang: str,
        clusters: int | None = None,
        media: MediaType | None = None,
    ) -> TasteMap:
        """The person's map; `media` keeps only items of that type (a map per media type)."""
        items = await self.library.items(person)
        if media is not None:
            items = [item for item in items if item.type is media]
        if len(items) < MIN_MAP_ITEMS:
            raise TasteError("need_more_items", have=len(items), need=MIN_MAP_ITEMS)
        llm = self.llm_job(person)
        namer = make_namer(self.settings, embedder=self.embedder, cache=self.library, llm=llm)
        taste_map = await build_map(
            items,
            embedder=self.embedder,
            namer=namer,
            compute=self.compute,
            cache=self.library,
            knowledge=self.knowledge(llm),
            seed=self.settings.seed,
            clusters=clusters,
            lang=lang,
        )
        if any(c.name_source == "offline" for c in taste_map.clusters):
            taste_map.note = text("offline_names", lang)
            if llm is not None and llm.problem is not None:
                taste_map.note = f"{llm.problem.text(lang)} {taste_map.note}"
        return taste_map

    async def render(self, taste_map: TasteMap) -> RenderedMap:
        """The map as PNG bytes and a self-contained HTML page."""
        started = time.perf_counter()
        fig = build_figure(taste_map, lang=taste_map.lang)
        png = await self.renderer.png(fig)
        html = await asyncio.to_thread(map_html, fig, lang=taste_map.lang)
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

    async def candidates(self) -> CatalogIndex:
        """What suggestions are drawn from: the catalog, joined by bare works of people's
        libraries when `share_library_items` allows it."""
        index = await self.catalog_index()
        if not self.settings.share_library_items:
            return index
        works = await self.library.shared_works(min_people=SHARED_MIN_PEOPLE)
        if not works:
            return index
        # TODO: re-embeds the shared pool per query from the vector cache; keep it in memory
        # and update it on import once pools reach tens of thousands of works.
        works = (await enrich_items(works, [self.catalog])).items
        _, vectors = await taste_vectors(works, embedder=self.embedder, cache=self.library)
        return index.extended(works, vectors)

    async def similar(
        self, person: str, query: str, *, count: int = 10
    ) -> tuple[Item, list[Suggestion]]:
        knowledge = self.knowledge(self.llm_job(person))
        items = (await enrich_items(await self.library.items(person), knowledge)).items
        vectors = None
        if items:
            _, vectors = await taste_vectors(items, embedder=self.embedder, cache=self.library)
        return await similar(
            query,
            index=await self.candidates(),
            catalog=self.catalog,
            embedder=self.embedder,
            library=items,
            library_vectors=vectors,
            count=count,
        )

    async def recommend(
        self, person: str, *, lang: str, per_cluster: int = 5, clusters: int | None = None
    ) -> tuple[TasteMap, dict[int, list[Suggestion]]]:
        taste_map = await self.build(person, lang=lang, clusters=clusters)
        picks = await recommend(
            taste_map,
            index=await self.candidates(),
            catalog=self.catalog,
            per_cluster=per_cluster,
        )
        llm = self.llm_job(person)
        if llm is not None:
            found = await suggest_for_map(
                taste_map,
                llm=llm,
                embedder=self.embedder,
                cache=self.library,
                per_cluster=per_cluster,
            )
            picks = merge_picks(found, picks, per_cluster=per_cluster)
        return taste_map, picks
