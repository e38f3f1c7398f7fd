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

Each play is named by its minute (UTC), or, when its row has no readable time, by the file's
digest and the row's line (`play_name`). A track's plays are its distinct names: the same
play seen twice (a double scrobble, the same file twice in a ZIP, a re-downloaded history
that overlaps the last one) counts once, and the library sums the plays of different parts
of one history by the same names (`Item.heard`).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field

from engine.items import Item, MediaType, normalise_text, title_key

from . import ImportResult

logger = logging.getLogger(__name__)

MIN_TRACK_PLAYS = 2
MIN_ARTIST_PLAYS = 10
MAX_TRACKS = 1000
SMALL_HISTORY = 100


@dataclass
class Track:
    """One track as heard: how it was first spelled, which plays and when last."""

    artist: str
    title: str
    moments: set[str] = field(default_factory=set)
    unnamed: int = 0
    last: str | None = None
    source: str = ""

    @property
    def plays(self) -> int:
        return len(self.moments) + self.unnamed


def play_name(moment: str | None, *, file_digest: str, line: int) -> str:
    """What names one play: its minute when known, else its file (by digest) and line."""
    return moment or f"{file_digest}:{line}"


def file_digest(data: bytes) -> str:
    """A short digest of a file's bytes, naming it in `play_name`."""
    return hashlib.sha256(data).hexdigest()[:16]


class Listens:
    """Plays counted per track across the files of one import."""

    def __init__(self) -> None:
        self._tracks: dict[tuple[str, str], Track] = {}

    def __len__(self) -> int:
        return len(self._tracks)

    def add(
        self,
        artist: str,
        title: str,
        *,
        date: str | None,
        source: str,
        heard: str | None = None,
        plays: int = 1,
    ) -> None:
        """Count a play named `heard` (see `play_name`), or `plays` unnamed plays, on `date`."""
        track = self._track(artist, title, source)
        if heard is not None:
            track.moments.add(heard)
        else:
            track.unnamed += plays
        if date and (track.last is None or date > track.last):
            track.last = date

    def merge(self, other: Listens) -> None:
        """Add another file's plays to these (a play named in both counts once)."""
        for theirs in other._tracks.values():
            track = self._track(theirs.artist, theirs.title, theirs.source)
            track.moments |= theirs.moments
            track.unnamed += theirs.unnamed
            if theirs.last and (track.last is None or theirs.last > track.last):
                track.last = theirs.last

    def _track(self, artist: str, title: str, source: str) -> Track:
        artist, title = " ".join(artist.split()), " ".join(title.split())
        key = (normalise_text(artist), title_key(title))
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = Track(artist, title, source=source)
        return track

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
                heard=tuple(sorted(track.moments)),
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
