"""Cluster names from the language model: every cluster in one request, checked, repaired once.

The model sees all clusters at once (the works nearest each centre and the terms most
particular to each), so it can keep the names apart, and answers JSON: a short evocative name
and a one-line description per cluster, in the person's language, at temperature 0. The answer
is checked: every cluster named once, a name of a few words in the right script, no two names
alike. What fails is sent back once with the list of problems; whatever is still missing then
comes from the offline namer, and each `ClusterName.source` says which namer wrote it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.items import normalise_text
from engine.llm.client import LLMError, read_json
from engine.llm.data import DATA_RULE, LANGUAGES, data_message, has_cyrillic, one_line, work_data
from engine.llm.session import LLMSession
from engine.name import ClusterFacts, ClusterName, Namer

logger = logging.getLogger(__name__)

MAX_NAME_WORDS = 5
"""Names of 2 to 4 words are asked for; one word more is let through."""
MAX_NAME_CHARS = 48
MAX_DESCRIPTION_CHARS = 160

SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "clusters": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                },
                "required": ["id", "name", "description"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["clusters"],
    "additionalProperties": False,
}

_SYSTEM = """You name the groups of one person's taste map of films, books and music. {rule}
The document lists every group: its id, its most typical works and the terms most particular \
to it. For each group write:
- "name": a short evocative name of 2 to 4 words for the taste its works share (a mood, a \
world, a feeling), not a list of genres and not a title from the data;
- "description": one line of at most 15 words on what unites the works.
Every name must differ from all the others. Write every name and description in {language}.
Answer with JSON only, exactly in this form: \
{{"clusters": [{{"id": 0, "name": "...", "description": "..."}}]}}, one entry per group."""

_REPAIR = """Some entries of your answer could not be used:
{problems}
Answer again in the same JSON form, only for the groups {ids}. {taken}\
Names and descriptions in {language}, 2 to 4 words a name, every name different."""


@dataclass
class Checked:
    """The usable names of an answer, and what was wrong with the rest, group by group."""

    names: dict[int, ClusterName] = field(default_factory=dict)
    issues: dict[int, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.general + [f"group {cid}: {issue}" for cid, issue in self.issues.items()]


class LLMNamer:
    """Names from the model, with `fallback` (the offline namer) filling whatever fails."""

    source = "llm"

    def __init__(self, llm: LLMSession, *, fallback: Namer) -> None:
        self._llm = llm
        self._fallback = fallback

    async def name_clusters(self, clusters: list[ClusterFacts], *, lang: str) -> list[ClusterName]:
        if not clusters:
            return []
        try:
            named = await self._ask(clusters, lang)
        except LLMError as error:
            logger.warning("cluster names from the model failed (%s); naming offline", error)
            named = {}
        logger.info("the model named %d of %d clusters", len(named), len(clusters))
        return await self._fill(clusters, named, lang)

    async def _ask(self, clusters: list[ClusterFacts], lang: str) -> dict[int, ClusterName]:
        language = LANGUAGES.get(lang, "English")
        messages = [
            {"role": "system", "content": _SYSTEM.format(rule=DATA_RULE, language=language)},
            data_message(
                {
                    "task": "name_clusters",
                    "language": language,
                    "groups": [
                        {
                            "id": facts.id,
                            "typical": [work_data(item) for item in facts.typical],
                            "terms": [term[:40] for term in facts.terms[:8]],
                        }
                        for facts in clusters
                    ],
                }
            ),
        ]
        titles = [item.title for facts in clusters for item in facts.typical]
        reply = await self._ask_once(messages, len(clusters))
        checked = check_names(reply, [c.id for c in clusters], lang, titles=titles)
        if not checked.issues and not checked.general:
            return checked.names

        # One repair: the same conversation, the answer, and what was wrong with it.
        logger.info("cluster names need a repair: %d problems", len(checked.problems()))
        taken = {cid: name.name for cid, name in checked.names.items()}
        messages += [
            {"role": "assistant", "content": reply[:4000]},
            {"role": "user", "content": _repair_text(checked, taken, language)},
        ]
        try:
            again = await self._ask_once(messages, len(checked.issues))
        except LLMError as error:
            logger.warning("the repair of cluster names failed (%s)", error)
            return checked.names
        fixed = check_names(again, sorted(checked.issues), lang, taken=taken, titles=titles)
        return {**checked.names, **fixed.names}

    async def _ask_once(self, messages: list[dict[str, str]], groups: int) -> str:
        reply = await self._llm.ask(
            messages, schema_name="cluster_names", schema=SCHEMA, max_tokens=80 * groups + 200
        )
        return reply.text

    async def _fill(
        self, clusters: list[ClusterFacts], named: dict[int, ClusterName], lang: str
    ) -> list[ClusterName]:
        """Names in cluster order: the model's, and the fallback's where the model gave none."""
        if all(facts.id in named for facts in clusters):
            return [named[facts.id] for facts in clusters]
        spare = await self._fallback.name_clusters(clusters, lang=lang)
        used = {name_key(name.name) for name in named.values()}
        names = []
        for facts, offline in zip(clusters, spare, strict=True):
            if facts.id in named:
                names.append(named[facts.id])
                continue
            name, number = offline.name, 2
            while name_key(name) in used:
                name, number = f"{offline.name} {number}", number + 1
            used.add(name_key(name))
            names.append(ClusterName(name, offline.description, source=offline.source))
        return names


def check_names(
    text: str,
    ids: list[int],
    lang: str,
    *,
    taken: dict[int, str] | None = None,
    titles: Sequence[str] = (),
) -> Checked:
    """The names in an answer for the groups `ids`.

    Args:
        taken: names other groups already have, which no new name may repeat.
        titles: the titles the model was shown; a name copied from one is refused.
    """
    checked = Checked()
    shown = [f" {normalise_text(title)} " for title in titles]
    try:
        data = read_json(text)
    except ValueError:
        checked.general.append("the answer was not valid JSON")
        checked.issues = dict.fromkeys(ids, "no name was given")
        return checked
    entries = data.get("clusters") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        checked.general.append('the answer has no "clusters" list')
        entries = []

    wanted = set(ids)
    for entry in entries:
        cid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(cid, str) and cid.strip().isdigit():
            cid = int(cid)
        if not isinstance(cid, int) or isinstance(cid, bool) or cid not in wanted:
            checked.general.append(f"there is no group with id {str(cid)[:20]!r}")
            continue
        if cid in checked.names or cid in checked.issues:
            checked.issues[cid] = "it was named more than once"
            checked.names.pop(cid, None)
            continue
        name = one_line(entry.get("name"), 200)
        issue = name_issue(name, lang)
        if not issue and any(f" {name_key(name)} " in title for title in shown):
            issue = "the name is copied from a title in the data"
        if issue:
            checked.issues[cid] = issue
            continue
        description = one_line(entry.get("description"), MAX_DESCRIPTION_CHARS)
        checked.names[cid] = ClusterName(name, description, source="llm")

    _drop_repeated_names(checked, taken or {})
    for cid in ids:
        if cid not in checked.names and cid not in checked.issues:
            checked.issues[cid] = "no name was given"
    return checked


def _drop_repeated_names(checked: Checked, taken: dict[int, str]) -> None:
    """Names used twice are no one's: both groups are asked again (a taken name stays put)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for cid, name in checked.names.items():
        groups[name_key(name.name)].append(cid)
    by_key = {name_key(name): cid for cid, name in taken.items()}
    for key, cids in groups.items():
        owner = by_key.get(key)
        if owner is None and len(cids) == 1:
            continue
        name = checked.names[cids[0]].name
        for cid in cids:
            others = [str(c) for c in [owner, *cids] if c is not None and c != cid]
            checked.issues[cid] = f"the name {name!r} is also used for group {', '.join(others)}"
            del checked.names[cid]


def name_issue(name: str, lang: str) -> str:
    """What is wrong with a cluster name, or "" when nothing is."""
    if not name:
        return "the name is empty"
    words = len(name.split())
    if words > MAX_NAME_WORDS:
        return f"the name has {words} words; use 2 to 4"
    if len(name) > MAX_NAME_CHARS:
        return f"the name is {len(name)} characters long; keep it short"
    if lang == "ru" and not has_cyrillic(name):
        return "the name is not in Russian"
    if lang == "en" and has_cyrillic(name):
        return "the name is not in English"
    return ""


def name_key(name: str) -> str:
    """What makes two names the same: letters and digits, case and punctuation ignored."""
    return normalise_text(name)


def _repair_text(checked: Checked, taken: dict[int, str], language: str) -> str:
    problems = "\n".join(f"- {problem}" for problem in checked.problems())
    used = ", ".join(f'"{name}"' for name in taken.values())
    return _REPAIR.format(
        problems=problems,
        ids=", ".join(str(cid) for cid in sorted(checked.issues)),
        taken=f"These names are taken by other groups, do not reuse them: {used}. "
        if used
        else "",
        language=language,
    )
