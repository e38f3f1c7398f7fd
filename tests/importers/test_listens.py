from engine.importers import ImportResult
from engine.importers.listens import (
    MAX_TRACKS,
    MIN_ARTIST_PLAYS,
    SMALL_HISTORY,
    Listens,
    keep_favourites,
)


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
