from functools import partial

import pytest

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType
from engine.messages import TasteError

Track = partial(Item, type=MediaType.MUSIC, source="lastfm")


def test_lastfm_to_csv_without_header_counts_scrobbles_into_tracks(exports):
    result = read_file(exports / "lastfm" / "scrobbles-lastfm-to-csv.csv")
    assert result.format == "lastfm"
    # A short history is kept whole, most played first.
    assert result.items == [
        Track("Paranoid Android", creator="Radiohead", date="2007-06-18", plays=3),
        Track("Группа крови", creator="Кино", date="2007-06-18", plays=2),
        Track("Karma Police", creator="Radiohead", date="2007-06-15"),
        Track("Roygbiv", creator="Boards of Canada", date="2007-06-17"),
        Track("Sweet Child O Mine", creator="Guns N Roses", date="2007-06-19"),
        Track("Svefn-g-englar", creator="Sigur Ros", date="2007-06-19"),
    ]
    assert result.skipped == []


def test_ghan_export_keeps_what_was_played_again_and_artists_played_a_lot(exports):
    result = read_file(exports / "lastfm" / "lastfm-ghan-scrobbles.csv")
    assert result.format == "lastfm"
    bjork = sorted(
        [
            "Army of Me",
            "Bachelorette",
            "Big Time Sensuality",
            "Human Behaviour",
            "Hunter",
            "Hyperballad",
            "Isobel",
            "Joga",
            "Pagan Poetry",
            "Possibly Maybe",
            "Unravel",
            "Venus as a Boy",
        ]
    )
    assert [(i.title, i.creator, i.plays) for i in result.items] == [
        ("Teardrop", "Massive Attack", 6),
        ("Angel", "Massive Attack", 4),
        ("Cherry-Coloured Funk", "Cocteau Twins", 2),
        *[(title, "Björk", 1) for title in bjork],
        # Played once, but Massive Attack is played a lot.
        ("Unfinished Sympathy", "Massive Attack", 1),
    ]
    assert result.items[0].date == "2021-02-01"
    (note,) = result.skipped
    assert note.line == 0 and note.reason.key == "rare_tracks_left_out"
    assert note.reason.params == {"count": 100, "plays": 2, "kept": 16, "tracks": 116}


def test_a_table_with_the_wrong_date_shape_is_not_taken_for_scrobbles():
    data = b"Radiohead,OK Computer,Airbag,yesterday\nBjork,Post,Isobel,today\n"
    with pytest.raises(TasteError) as error:
        read_bytes(data, name="x.csv")
    assert error.value.message.key == "unknown_layout"
