"""Listening histories counted into tracks, and which of them say something about taste.

A Last.fm or Spotify history is thousands of plays. Each distinct track (same artist and
title, however spelled) becomes one music item with `Item.plays` and the date it was last
played. Then only what a person came back to is kept:

- a track played at least `MIN_TRACK_PLAYS` times, or any track of an artist played at least
  `MIN_ARTIST_PLAYS` times in all (so artists heard a lot weigh more: they bring more points
  to the map, each with its play count);
- at most `MAX_TRACKS`, most played first;
- a short history (fewer than `SMALL_HISTORY` distinct tracks) is kept whole: there every
  play is a choice.

What was left out is said in one note on the file.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from engine.items import Item, MediaType, normalise_text, title_key

from . import ImportResult

logger = logging.getLogger(__name__)

MIN_TRACK_PLAYS = 2
MIN_ARTIST_PLAYS = 10
MAX_TRACKS = 1000
SMALL_HISTORY = 100


@dataclass
class Track:
    """One track as heard: how it was first spelled, how often and when last."""

    artist: str
    title: str
    plays: int = 0
    last: str | None = None
    source: str = ""


class Listens:
    """Plays counted per track across the files of one import."""

    def __init__(self) -> None:
        self._tracks: dict[tuple[str, str], Track] = {}

    def __len__(self) -> int:
        return len(self._tracks)

    def add(
        self, artist: str, title: str, *, date: str | None, source: str, plays: int = 1
    ) -> None:
        """Count `plays` plays of a track on `date` (ISO)."""
        artist, title = " ".join(artist.split()), " ".join(title.split())
        key = (normalise_text(artist), title_key(title))
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = Track(artist, title, source=source)
        track.plays += plays
        if date and (track.last is None or date > track.last):
            track.last = date

    def merge(self, other: Listens) -> None:
        """Add another file's plays to these."""
        for track in other._tracks.values():
            self.add(
                track.artist, track.title, date=track.last, source=track.source, plays=track.plays
            )

    def favourites(self) -> tuple[list[Item], int]:
        """The tracks worth mapping, most played first, and how many were left out."""
        artist_plays: Counter[str] = Counter()
        for (artist, _), track in self._tracks.items():
            artist_plays[artist] += track.plays
        ranked = sorted(
            self._tracks.items(),
            key=lambda entry: (-entry[1].plays, -artist_plays[entry[0][0]], entry[0]),
        )
        if len(ranked) >= SMALL_HISTORY:
            ranked = [
                (key, track)
                for key, track in ranked
                if track.plays >= MIN_TRACK_PLAYS or artist_plays[key[0]] >= MIN_ARTIST_PLAYS
            ]
        kept = ranked[:MAX_TRACKS]
        items = [
            Item(
                title=track.title,
                type=MediaType.MUSIC,
                creator=track.artist,
                date=track.last,
                source=track.source,
                plays=track.plays,
            )
            for _, track in kept
        ]
        return items, len(self._tracks) - len(kept)


def keep_favourites(result: ImportResult) -> None:
    """Turn the plays counted in `result` into its items, noting what was left out."""
    listens = result.listens
    if listens is None:
        return
    result.listens = None
    items, left_out = listens.favourites()
    for item in items:
        result.add(item, 0)
    if left_out:
        result.skip(
            0,
            "rare_tracks_left_out",
            count=left_out,
            plays=MIN_TRACK_PLAYS,
            kept=len(items),
            tracks=len(listens),
        )
    logger.debug("%d distinct tracks, %d kept", len(listens), len(items))
