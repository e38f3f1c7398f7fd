"""Spotify: streaming history (account data and extended), YourLibrary.json and Exportify.

- Account data `StreamingHistory_music_N.json` (older: `StreamingHistoryN.json`): a list of
  `{endTime, artistName, trackName, msPlayed}`; podcast entries have `podcastName` and
  `episodeName` instead and are left out.
- Extended history `Streaming_History_Audio_*.json`: a list of `{ts, ms_played,
  master_metadata_track_name, master_metadata_album_artist_name, episode_name, ...}`; rows
  without a track (podcasts, audiobooks) are left out.
- In both, a play shorter than 30 seconds is not counted (Spotify counts a stream from 30 s)
  and plays are counted into tracks by `listens.Listens`.
- `YourLibrary.json`: `{tracks: [{artist, album, track, uri}], albums: [{artist, album, uri}],
  artists: [{name, uri}], ...}`: saved tracks and albums, each one item (albums tagged
  "album"), and followed artists, each one item titled and credited with the artist's name
  and tagged "artist" (a followed artist is as plain a statement of taste as a saved album).
- `Playlist1.json`: `{playlists: [{name, items: [{track: {trackName, artistName}}]}]}`:
  every track, tagged with its playlist's name.
- Exportify CSV (UTF-8 with BOM): one row per track of a playlist, with `Genres`.
All are recognised by their keys or columns, never by their file names.
"""

from __future__ import annotations

import logging

from engine.items import Item, MediaType, normalise_text

from . import ImportResult, register
from .cells import iso_date, minute_stamp, parse_year, split_list
from .listens import Listens, file_digest, play_name
from .source import Source
from .table import Cells, note_ragged, open_table

logger = logging.getLogger(__name__)

MIN_PLAY_MS = 30_000
_ACCOUNT = {"endTime", "msPlayed"}
_EXTENDED = {"ts", "ms_played"}


def _records(data: object) -> list[dict]:
    """The objects of a JSON list (other entries are ignored)."""
    if not isinstance(data, list):
        return []
    return [entry for entry in data if isinstance(entry, dict)]


def _history_kind(data: object) -> str | None:
    sample = _records(data)[:20]
    if sample and all(entry.keys() >= _ACCOUNT for entry in sample):
        return "account"
    if sample and all(entry.keys() >= _EXTENDED for entry in sample):
        return "extended"
    return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _ms(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class SpotifyHistory:
    """Streaming history, account data or extended."""

    name = "spotify"

    def score(self, source: Source) -> float:
        return 0.95 if _history_kind(source.json) else 0.0

    def read(self, source: Source) -> ImportResult:
        kind = _history_kind(source.json)
        listens = Listens()
        result = ImportResult(path=source.name, format=self.name, listens=listens)
        short = not_music = 0
        digest = file_digest(source.data)
        for number, entry in enumerate(_records(source.json), start=1):
            if kind == "account":
                artist, track = _text(entry.get("artistName")), _text(entry.get("trackName"))
                played, ended = _ms(entry.get("msPlayed")), _text(entry.get("endTime"))
            else:
                artist = _text(entry.get("master_metadata_album_artist_name"))
                track = _text(entry.get("master_metadata_track_name"))
                played, ended = _ms(entry.get("ms_played")), _text(entry.get("ts"))
            if not track or not artist:
                not_music += 1
            elif played < MIN_PLAY_MS:
                short += 1
            else:
                heard = play_name(minute_stamp(ended), file_digest=digest, line=number)
                listens.add(artist, track, date=iso_date(ended), source=self.name, heard=heard)
        if not_music:
            result.skip(0, "not_music_left_out", count=not_music)
        if short:
            result.skip(0, "short_plays_left_out", count=short, seconds=MIN_PLAY_MS // 1000)
        return result


class SpotifyLibrary:
    """`YourLibrary.json`: saved tracks and albums, and followed artists."""

    name = "spotify"

    def score(self, source: Source) -> float:
        data = source.json
        if not isinstance(data, dict):
            return 0.0
        tracks = _records(data.get("tracks"))
        if tracks and {"artist", "track"} <= tracks[0].keys():
            return 0.95
        albums = _records(data.get("albums"))
        if albums and {"artist", "album"} <= albums[0].keys():
            return 0.9
        artists = _records(data.get("artists"))
        return 0.9 if artists and {"name", "uri"} <= artists[0].keys() else 0.0

    def read(self, source: Source) -> ImportResult:
        data = source.json
        assert isinstance(data, dict)  # score() said so
        result = ImportResult(path=source.name, format=self.name)
        for number, entry in enumerate(_records(data.get("tracks")), start=1):
            item = Item(
                title=_text(entry.get("track")),
                type=MediaType.MUSIC,
                creator=_text(entry.get("artist")),
            )
            result.add(item, number)
        for number, entry in enumerate(_records(data.get("albums")), start=1):
            item = Item(
                title=_text(entry.get("album")),
                type=MediaType.MUSIC,
                creator=_text(entry.get("artist")),
                tags=("album",),
            )
            result.add(item, number)
        for number, entry in enumerate(_records(data.get("artists")), start=1):
            name = _text(entry.get("name"))
            item = Item(title=name, type=MediaType.MUSIC, creator=name, tags=("artist",))
            result.add(item, number)
        return result


class SpotifyPlaylists:
    """`Playlist1.json` of the account data: each playlist's tracks, tagged with its name."""

    name = "spotify"

    def score(self, source: Source) -> float:
        data = source.json
        if not isinstance(data, dict):
            return 0.0
        playlists = _records(data.get("playlists"))
        return 0.95 if playlists and "items" in playlists[0] else 0.0

    def read(self, source: Source) -> ImportResult:
        data = source.json
        assert isinstance(data, dict)  # score() said so
        result = ImportResult(path=source.name, format=self.name)
        number = 0
        for playlist in _records(data.get("playlists")):
            name = _text(playlist.get("name")).lower()
            for entry in _records(playlist.get("items")):
                number += 1
                track = entry.get("track")
                if not isinstance(track, dict):
                    continue  # a podcast episode or a local file
                item = Item(
                    title=_text(track.get("trackName")),
                    type=MediaType.MUSIC,
                    creator=_text(track.get("artistName")),
                    tags=(name,) if name else (),
                    date=iso_date(_text(entry.get("addedDate"))),
                )
                result.add(item, number)
        return result


class Exportify:
    """A playlist exported by Exportify."""

    name = "exportify"

    def score(self, source: Source) -> float:
        table = source.table
        if table and {"track name", "artist name s"} <= {normalise_text(h) for h in table.header}:
            return 0.95
        return 0.0

    def read(self, source: Source) -> ImportResult:
        table, result, where = open_table(source, self.name)
        for row in table.rows:
            note_ragged(result, table, row.line, row.cells)
            cell = Cells(row.cells, where)
            artists = [name.strip() for name in cell["artist name s"].replace(";", ",").split(",")]
            item = Item(
                title=cell["track name"],
                type=MediaType.MUSIC,
                creator=", ".join(name for name in artists if name),
                year=parse_year(cell["release date"]),
                genres=split_list(cell["genres"]),
                date=iso_date(cell["added at"]),
                source="spotify",
            )
            result.add(item, row.line)
        return result


register(SpotifyHistory())
register(SpotifyLibrary())
register(SpotifyPlaylists())
register(Exportify())
