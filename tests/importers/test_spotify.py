import json
from functools import partial

import pytest

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType

Track = partial(Item, type=MediaType.MUSIC, source="spotify")
ACCOUNT = "spotify/Spotify Account Data"
EXTENDED = "spotify/Spotify Extended Streaming History"

EXPECTED = {
    f"{ACCOUNT}/StreamingHistory_music_0.json": (
        [
            Track("Teardrop", creator="Massive Attack", date="2023-01-16", plays=2),
            Track("Хочешь?", creator="Земфира", date="2023-01-15"),
        ],
        [("short_plays_left_out", 2)],
    ),
    f"{ACCOUNT}/StreamingHistory_podcast_0.json": ([], [("not_music_left_out", 1)]),
    "spotify/StreamingHistory0.json": (
        [Track("Weird Fishes/Arpeggi", creator="Radiohead", date="2019-11-03", plays=2)],
        [("short_plays_left_out", 1)],
    ),
    f"{EXTENDED}/Streaming_History_Audio_2021-2023_0.json": (
        [
            Track("Roygbiv", creator="Boards of Canada", date="2022-12-24", plays=2),
            Track("Группа крови", creator="Кино", date="2023-01-01"),
        ],
        [("not_music_left_out", 1), ("short_plays_left_out", 1)],
    ),
    f"{ACCOUNT}/YourLibrary.json": (
        [
            Track("Roads", creator="Portishead"),
            Track("Хочешь?", creator="Земфира"),
            Track("Geogaddi", creator="Boards of Canada", tags=("album",)),
            Track("Massive Attack", creator="Massive Attack", tags=("artist",)),
            Track("Кино", creator="Кино", tags=("artist",)),
        ],
        [],
    ),
    f"{ACCOUNT}/Playlist1.json": (
        [Track("Roads", creator="Portishead", tags=("late night",), date="2023-01-20")],
        [],
    ),
    "spotify/exportify-late_night.csv": (
        [
            Track(
                "Roads",
                creator="Portishead",
                year=1994,
                genres=("trip hop", "bristol sound", "electronica"),
                date="2023-01-20",
            ),
            Track(
                "Get Lucky (feat. Pharrell Williams and Nile Rodgers)",
                creator="Daft Punk, Pharrell Williams, Nile Rodgers",
                year=2013,
                genres=("electro", "filter house", "rock"),
                date="2023-01-21",
            ),
            Track(
                "Группа крови",
                creator="Кино",
                year=1988,
                genres=("russian rock", "soviet rock"),
                date="2023-01-22",
            ),
        ],
        [],
    ),
}


@pytest.mark.parametrize("name", list(EXPECTED), ids=[n.rsplit("/", 1)[-1] for n in EXPECTED])
def test_each_spotify_file_reads_into_exact_items(exports, name):
    items, notes = EXPECTED[name]
    result = read_file(exports / name)
    assert result.items == items
    assert [(s.reason.key, s.reason.params["count"]) for s in result.skipped] == notes


def test_exportify_keeps_its_byte_order_mark_out_of_the_first_column(exports):
    path = exports / "spotify" / "exportify-late_night.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_file(path).format == "exportify"


def test_the_downloaded_zip_counts_plays_across_its_files(exports, zip_folder):
    data = zip_folder(exports / "spotify", skip=("exportify",))
    result = read_bytes(data, name="my_spotify_data.zip")

    assert result.format == "spotify zip"
    # Saved tracks and playlists first (archive order), then the plays of all histories.
    assert result.items == [
        Track("Roads", creator="Portishead", tags=("late night",), date="2023-01-20"),
        Track("Roads", creator="Portishead"),
        Track("Хочешь?", creator="Земфира"),
        Track("Geogaddi", creator="Boards of Canada", tags=("album",)),
        Track("Massive Attack", creator="Massive Attack", tags=("artist",)),
        Track("Кино", creator="Кино", tags=("artist",)),
        Track("Roygbiv", creator="Boards of Canada", date="2022-12-24", plays=2),
        Track("Teardrop", creator="Massive Attack", date="2023-01-16", plays=2),
        Track("Weird Fishes/Arpeggi", creator="Radiohead", date="2019-11-03", plays=2),
        Track("Хочешь?", creator="Земфира", date="2023-01-15"),
        Track("Группа крови", creator="Кино", date="2023-01-01"),
    ]
    assert ("Spotify Account Data/Userdata.json", "member_not_read") in {
        (s.file, s.reason.key) for s in result.skipped
    }


def test_history_rows_of_wrong_types_are_left_out_not_raised():
    data = b'[{"endTime": 5, "artistName": ["x"], "trackName": null, "msPlayed": "long"}]'
    result = read_bytes(data, name="StreamingHistory_music_0.json")
    assert result.items == []
    assert [s.reason.key for s in result.skipped] == ["not_music_left_out"]


def test_a_library_of_followed_artists_only_is_read_and_banned_artists_are_not():
    data = {
        "tracks": [],
        "albums": [],
        "artists": [{"name": "Björk", "uri": "spotify:artist:7w29UYBi0qsHi5RTcv3lmA"}, {}],
        "bannedArtists": [{"name": "Nickelback", "uri": "spotify:artist:6deZN1bslXzeGvOLaLMOIF"}],
    }
    result = read_bytes(json.dumps(data).encode(), name="YourLibrary.json")
    assert result.format == "spotify"
    assert result.items == [Track("Björk", creator="Björk", tags=("artist",))]
    assert [(s.line, s.reason.key) for s in result.skipped] == [(2, "no_title")]
