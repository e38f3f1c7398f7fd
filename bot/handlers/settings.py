"""/settings (how maps are grouped) and /lang, both stored with the person in the library."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.replies import command_argument, edit, reply
from bot.state import Person, person, save
from bot.texts import LANGS, say

CLUSTER_CHOICES = (2, 3, 4, 5, 6, 8, 10)
LANG_NAMES = {"en": "English", "ru": "Русский"}


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The person's map settings with buttons to change them."""
    who = await person(update, context)
    await reply(update, _describe(who), keyboard=_settings_keyboard(who))


async def change_setting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A settings button: `set:<owner>:split:<mixed|type>` or `set:<owner>:clusters:<n>`."""
    query = update.callback_query
    who = await person(update, context)
    _, owner, name, value = query.data.split(":")
    if owner != who.id:
        await query.answer(say("not_yours", who.lang))
        return
    await query.answer()
    if name == "split" and value in {"mixed", "type"}:
        who.settings["split"] = value
    elif name == "clusters" and value.isdigit():
        # 0 stands for "automatic": the engine chooses the number from the data.
        who.settings["clusters"] = int(value) or None
    await save(context, who)
    await edit(query.message, _describe(who), keyboard=_settings_keyboard(who))


def _describe(who: Person) -> str:
    split = say("split_type" if who.per_type else "split_mixed", who.lang)
    clusters = str(who.clusters) if who.clusters else say("clusters_auto", who.lang)
    return say("settings", who.lang, split=split, clusters=clusters)


def _settings_keyboard(who: Person) -> InlineKeyboardMarkup:
    def button(label: str, name: str, value: object, chosen: bool) -> InlineKeyboardButton:
        mark = "• " if chosen else ""
        return InlineKeyboardButton(mark + label, callback_data=f"set:{who.id}:{name}:{value}")

    split = [
        button(say("button_mixed", who.lang), "split", "mixed", not who.per_type),
        button(say("button_type", who.lang), "split", "type", who.per_type),
    ]
    counts = [button(say("button_auto", who.lang), "clusters", 0, who.clusters is None)]
    counts += [button(str(n), "clusters", n, who.clusters == n) for n in CLUSTER_CHOICES]
    return InlineKeyboardMarkup([split, counts[:4], counts[4:]])


async def choose_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lang ru or /lang en switches at once; a bare /lang offers buttons."""
    who = await person(update, context)
    wanted = command_argument(update).lower()[:2]
    if wanted in LANGS:
        await _set_lang(context, who, wanted)
        await reply(update, say("lang_set", who.lang))
        return
    buttons = [
        InlineKeyboardButton(LANG_NAMES[lang], callback_data=f"lang:{who.id}:{lang}")
        for lang in LANGS
    ]
    await reply(update, say("lang_ask", who.lang), keyboard=InlineKeyboardMarkup([buttons]))


async def lang_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    who = await person(update, context)
    _, owner, lang = query.data.split(":")
    if owner != who.id or lang not in LANGS:
        await query.answer(say("not_yours", who.lang))
        return
    await query.answer()
    await _set_lang(context, who, lang)
    await edit(query.message, say("lang_set", who.lang))


async def _set_lang(context: ContextTypes.DEFAULT_TYPE, who: Person, lang: str) -> None:
    who.lang = lang
    await save(context, who)
