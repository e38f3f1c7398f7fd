"""/map, /similar and /recommend: the heavy requests, run without holding anyone else up.

These handlers are registered with `block=False` and the engine runs the CPU work in its
worker processes, so other people's messages are answered while a map is built. One person
gets one map job at a time; asking again meanwhile gets a "still working" note.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.replies import Progress, command_argument, reply
from bot.state import BotState, Person, person, state
from bot.texts import CAPTION_LIMIT, MESSAGE_LIMIT, fit, fit_parts, say, type_name
from engine.catalog import Catalog
from engine.items import Item, MediaType, title_key
from engine.messages import TasteError
from engine.pipeline import TasteMap
from engine.recommend import Suggestion, owned_keys
from engine.service import MIN_MAP_ITEMS

logger = logging.getLogger(__name__)

TYPICAL_SHOWN = 3
MEDIA_ORDER = (MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC, MediaType.OTHER)


async def draw_map(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Build the person's map and send it as a picture with named groups and an HTML page."""
    bot, who = state(context), await person(update, context)
    with bot.job(who.id, "map", "/map") as free:
        if not free:
            await reply(update, _busy(bot, who, "/map"))
            return
        items = await bot.engine.library.items(who.id)
        if len(items) < MIN_MAP_ITEMS:
            error = TasteError("need_more_items", have=len(items), need=MIN_MAP_ITEMS)
            await reply(update, error.text(who.lang))
            return

        progress = await Progress.send(update, say("map_building", who.lang, count=len(items)))
        started = time.monotonic()
        try:
            async with progress.ticking(None, action=ChatAction.UPLOAD_PHOTO):
                if who.per_type:
                    await _maps_per_type(update, bot, who, items)
                else:
                    await _send_map(update, bot, who, media=None)
        except TasteError as error:
            await progress.show(error.text(who.lang))
            return
        seconds = _seconds(time.monotonic() - started, who.lang)
        await progress.show(say("map_done", who.lang, seconds=seconds))


def _seconds(elapsed: float, lang: str) -> str:
    """A duration as people write it: "0.8" or "0,8" under ten seconds, whole ones above."""
    if elapsed >= 10:
        return str(round(elapsed))
    shown = f"{elapsed:.1f}"
    return shown.replace(".", ",") if lang == "ru" else shown


async def _maps_per_type(update: Update, bot: BotState, who: Person, items: list[Item]) -> None:
    """One map for each media type with enough items; say which types were too small."""
    counts = Counter(item.type for item in items)
    big = [media for media in MEDIA_ORDER if counts[media] >= MIN_MAP_ITEMS]
    small = [media for media in MEDIA_ORDER if 0 < counts[media] < MIN_MAP_ITEMS]
    types = ", ".join(f"{type_name(m, who.lang)} ({counts[m]})" for m in small)
    if not big:
        raise TasteError("need_more_of_a_type", need=MIN_MAP_ITEMS, types=types or "0")
    if small:
        await reply(update, say("map_types_short", who.lang, need=MIN_MAP_ITEMS, types=types))
    for media in big:
        await _send_map(update, bot, who, media=media)


async def _send_map(update: Update, bot: BotState, who: Person, *, media: MediaType | None):
    taste_map = await bot.engine.build(who.id, lang=who.lang, clusters=who.clusters, media=media)
    await bot.open_browser()
    rendered = await bot.engine.render(taste_map)
    chat = update.effective_chat
    caption = map_caption(taste_map, who.lang, media, catalog=bot.engine.catalog)
    await chat.send_photo(rendered.png, caption=caption)
    name = f"tastemap-{media.value}.html" if media else "tastemap.html"
    await chat.send_document(rendered.html, filename=name, caption=say("map_html", who.lang))


def map_caption(
    taste_map: TasteMap,
    lang: str,
    media: MediaType | None = None,
    *,
    catalog: Catalog | None = None,
) -> str:
    """The groups of a map with a few typical items each, within Telegram's caption limit.

    A work the library holds more than once ("Сталкер" typed, "Stalker" from Letterboxd) is
    shown once: items are one work when their titles, or the catalog entries they match, meet.
    """
    counts = {"count": len(taste_map.items), "clusters": len(taste_map.clusters)}
    if media is None:
        head = say("map_head", lang, **counts)
    else:
        head = say("map_type_head", lang, type=say(f"map_of_{media.value}", lang), **counts)
    parts = []
    for number, cluster in enumerate(taste_map.clusters, 1):
        lines = [f"{number}. {cluster.name} ({cluster.size})"]
        lines += [f"  · {item.label()}" for item in _distinct(taste_map, cluster.typical, catalog)]
        parts.append("\n".join(lines))
    return fit_parts(head, parts, limit=CAPTION_LIMIT, lang=lang, tail=taste_map.note)


def _distinct(taste_map: TasteMap, typical: list[int], catalog: Catalog | None) -> list[Item]:
    """The first few typical items of a cluster, one per work."""
    shown: list[Item] = []
    seen: set[str] = set()
    for index in typical:
        item = taste_map.items[index]
        keys = owned_keys([item], catalog) | {item.label()}
        if keys & seen:
            continue
        seen |= keys
        shown.append(item)
        if len(shown) == TYPICAL_SHOWN:
            break
    return shown


async def similar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The nearest titles to one the person names, in the library and new to them."""
    bot, who = state(context), await person(update, context)
    query = command_argument(update)
    if not query:
        await reply(update, say("similar_usage", who.lang))
        return

    looking = say("similar_looking", who.lang, title=query[:200])
    progress = await Progress.send(update, looking)
    async with progress.ticking(None, action=ChatAction.TYPING):
        asked, suggestions = await bot.engine.similar(who.id, query, count=10)
    if not suggestions:
        await progress.show(say("similar_none", who.lang))
        return

    sections = [say("similar_head", who.lang, label=asked.label())]
    if not await _known(bot, who, asked):
        sections.append(say("similar_unknown", who.lang, title=query[:200]))
    own = [s for s in suggestions if s.in_library]
    new = [s for s in suggestions if not s.in_library]
    if own:
        sections.append("\n".join([say("in_library", who.lang), *_lines(own, who.lang)]))
    if new:
        sections.append("\n".join([say("new_to_you", who.lang), *_lines(new, who.lang)]))
    await progress.show(fit("\n\n".join(sections), MESSAGE_LIMIT))


async def _known(bot: BotState, who: Person, asked: Item) -> bool:
    """Whether a title asked about is in the person's library or in the catalog; if not,
    what /similar finds is only near the words of the title."""
    if bot.engine.catalog.lookup(asked) is not None:
        return True
    key = title_key(asked.title)
    return any(title_key(item.title) == key for item in await bot.engine.library.items(who.id))


async def recommend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """New titles for each named group of the person's map."""
    bot, who = state(context), await person(update, context)
    with bot.job(who.id, "map", "/recommend") as free:
        if not free:
            await reply(update, _busy(bot, who, "/recommend"))
            return
        progress = await Progress.send(update, say("recommend_looking", who.lang))
        try:
            async with progress.ticking(None, action=ChatAction.TYPING):
                taste_map, picks = await bot.engine.recommend(
                    who.id, lang=who.lang, clusters=who.clusters
                )
        except TasteError as error:
            await progress.show(error.text(who.lang))
            return

    parts = [
        "\n".join([f"{cluster.name}:", *_lines(picks[cluster.id], who.lang)])
        for cluster in taste_map.clusters
        if picks.get(cluster.id)
    ]
    if not parts:
        await progress.show(say("recommend_none", who.lang))
        return
    head = say("recommend_head", who.lang)
    await progress.show(fit_parts(head, parts, limit=MESSAGE_LIMIT, lang=who.lang))


def _busy(bot: BotState, who: Person, command: str) -> str:
    """What to say when `command` comes while another map job of the person's runs: its
    answer is on the way, but only a repeat of the same command is answered by it."""
    running = bot.busy_with(who.id, "map")
    if running == command:
        return say("map_busy", who.lang)
    return say("map_busy_other", who.lang, running=running, command=command)


def _lines(suggestions: list[Suggestion], lang: str) -> list[str]:
    return [f"• {s.item.label()} — {type_name(s.item.type, lang)}" for s in suggestions]
