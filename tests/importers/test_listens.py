import io
import json
import zipfile

from engine.importers import ImportResult, read_bytes
from engine.importers.listens import (
    MAX_TRACKS,
    MIN_ARTIST_PLAYS,
    SMALL_HISTORY,
    Listens,
    keep_favourites,
)
from engine.items import Item, MediaType


def test_spellings_of_one_track_count_together_and_keep_the_last_date():
    listens = Listens()
    listens.add("Radiohead", "Karma Police", date="2020-01-02", source="lastfm")
    listens.add("radiohead", "Karma  Police", date="2021-05-01", source="lastfm")
    listens.add("RADIOHEAD", "karma police", date="2019-01-01", source="lastfm")
    (item,), left_out = listens.favourites()
    assert (item.title, item.creator, item.plays, item.date) == (
        "Karma Police",
        "Radiohead",
        3,
        "2021-05-01",
    )
    assert left_out == 0


def test_a_long_history_keeps_repeats_and_artists_played_a_lot():
    listens = Listens()
    for number in range(SMALL_HISTORY):
        listens.add(f"One-off {number}", "Song", date=None, source="x")
    for number in range(MIN_ARTIST_PLAYS):
        listens.add("Heavy", f"Track {number}", date=None, source="x")
    listens.add("Rare", "Twice", date=None, source="x", plays=2)

    items, left_out = listens.favourites()
    assert items[0].title == "Twice" and items[0].plays == 2
    assert {i.creator for i in items[1:]} == {"Heavy"}
    assert left_out == SMALL_HISTORY


def test_at_most_max_tracks_are_kept_most_played_first():
    listens = Listens()
    for number in range(MAX_TRACKS + 5):
        listens.add(f"Artist {number}", "Song", date=None, source="x", plays=2 + number)
    items, left_out = listens.favourites()
    assert len(items) == MAX_TRACKS and left_out == 5
    assert items[0].plays == MAX_TRACKS + 6


def test_merging_files_adds_their_plays():
    first, second = Listens(), Listens()
    first.add("Kino", "Группа крови", date="2020-01-01", source="spotify")
    second.add("Kino", "Группа крови", date="2021-01-01", source="spotify")
    first.merge(second)
    (item,), _ = first.favourites()
    assert item.plays == 2 and item.date == "2021-01-01"


def test_keep_favourites_turns_plays_into_items_with_one_note():
    listens = Listens()
    for number in range(SMALL_HISTORY + 1):
        listens.add(f"Band {number}", "Song", date=None, source="lastfm")
    listens.add("Band 0", "Song", date=None, source="lastfm")
    result = ImportResult(path="x", format="lastfm", listens=listens)
    keep_favourites(result)
    assert [i.title for i in result.items] == ["Song"]
    assert result.listens is None
    assert [s.reason.key for s in result.skipped] == ["rare_tracks_left_out"]


def _account_history(*plays: tuple[str, str, str]) -> bytes:
    """A `StreamingHistory_music_N.json` of (end time, artist, track) plays of 3 minutes."""
    rows = [
        {"endTime": end, "artistName": artist, "trackName": track, "msPlayed": 180_000}
        for end, artist, track in plays
    ]
    return json.dumps(rows, ensure_ascii=False).encode()


async def _plays(library, person: str) -> dict[str, int]:
    return {item.title: item.plays for item in await library.items(person)}


async def test_parts_of_one_spotify_history_add_their_plays(library):
    part_0 = _account_history(
        ("2023-01-14 21:03", "Земфира", "Хочешь?"),
        ("2023-01-15 20:41", "Земфира", "Хочешь?"),
        ("2023-01-15 20:45", "Portishead", "Roads"),
    )
    part_1 = _account_history(
        ("2023-06-02 08:10", "Земфира", "Хочешь?"),
        ("2023-06-02 08:14", "Portishead", "Roads"),
    )
    first = read_bytes(part_0, name="StreamingHistory_music_0.json")
    second = read_bytes(part_1, name="StreamingHistory_music_1.json")
    await library.add("p", first.items)
    result = await library.add("p", second.items)

    assert (result.added, result.merged) == (0, 2)
    assert await _plays(library, "p") == {"Хочешь?": 3, "Roads": 2}


async def test_the_same_history_again_or_a_download_that_overlaps_it_adds_only_new_plays(
    library,
):
    old = _account_history(
        ("2023-01-14 21:03", "Земфира", "Хочешь?"),
        ("2023-01-15 20:41", "Земфира", "Хочешь?"),
    )
    # Downloaded months later: the year it covers overlaps the first download.
    later = _account_history(
        ("2023-01-15 20:41", "Земфира", "Хочешь?"),
        ("2023-03-01 10:00", "Земфира", "Хочешь?"),
    )
    await library.add("p", read_bytes(old, name="StreamingHistory_music_0.json").items)
    await library.add("p", read_bytes(old, name="StreamingHistory_music_0.json").items)
    assert await _plays(library, "p") == {"Хочешь?": 2}

    await library.add("p", read_bytes(later, name="StreamingHistory_music_0.json").items)
    assert await _plays(library, "p") == {"Хочешь?": 3}


async def test_two_lastfm_files_sum_and_rows_without_a_time_count_by_file_and_line(library):
    def scrobbles(*dates: str) -> bytes:
        return "".join(f"Kino,Gruppa krovi,Kukushka,{date}\n" for date in dates).encode()

    first = scrobbles(*(f"15 Jun 2007 22:{minute}" for minute in (10, 20, 30, 40)), "soon")
    second = scrobbles(*(f"17 Jun 2007 09:{minute}" for minute in (10, 20, 30, 40)), "?")
    for data in (first, second, first, second):
        result = read_bytes(data, name="scrobbles.csv")
        assert result.format == "lastfm"
        await library.add("p", result.items)
    assert await _plays(library, "p") == {"Kukushka": 10}


def test_the_same_play_in_two_files_of_one_archive_counts_once():
    part = _account_history(("2023-01-15 20:41", "Земфира", "Хочешь?"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/StreamingHistory_music_0.json", part)
        archive.writestr("b/StreamingHistory_music_0.json", part)
    (item,) = read_bytes(buffer.getvalue(), name="my_spotify_data.zip").items
    assert item.plays == 1 and item.heard == ("2023-01-15T20:41",)


async def test_plays_counted_before_they_were_named_are_not_lost(library):
    await library.add("p", [Item("Roads", MediaType.MUSIC, "Portishead", plays=7)])
    named = Item("Roads", MediaType.MUSIC, "Portishead", plays=2, heard=("a", "b"))
    await library.add("p", [named])
    assert await _plays(library, "p") == {"Roads": 7}


async def test_forgetting_a_person_removes_the_times_of_their_plays(library):
    part = _account_history(("2023-01-15 20:41", "Земфира", "Хочешь?"))
    await library.add("p", read_bytes(part, name="StreamingHistory_music_0.json").items)
    await library.forget("p")
    async with library._db.execute("SELECT COUNT(*) FROM plays") as cursor:
        assert await cursor.fetchone() == (0,)
