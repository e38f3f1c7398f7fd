import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType
from engine.messages import TasteError


def test_a_list_of_objects_with_mixed_keys_reads_into_exact_items(exports):
    result = read_file(exports / "json" / "favourites.json")
    assert result.format == "json"
    assert result.items == [
        Item(
            "Dune",
            MediaType.BOOK,
            "Frank Herbert",
            1965,
            tags=("sci-fi", "desert"),
            source="json",
        ),
        Item("Heat", MediaType.MOVIE, "Michael Mann", 1995, rating=9.0, source="json"),
        Item("Группа крови", MediaType.MUSIC, "Кино", source="json"),
    ]
    assert [(s.line, s.reason.key) for s in result.skipped] == [(4, "no_title")]


def test_the_list_may_sit_inside_an_object():
    data = json.dumps({"items": [{"title": "Solaris", "year": 1972}]}).encode()
    assert read_bytes(data, name="x.json").items == [Item("Solaris", year=1972, source="json")]


@pytest.mark.parametrize(
    "data",
    [{"username": "x", "country": "DE"}, [{"artistName": "x", "segment": "y"}], [1, 2, 3]],
    ids=["object", "list without titles", "list of numbers"],
)
def test_json_without_titles_says_which_keys_it_has(data):
    with pytest.raises(TasteError) as error:
        read_bytes(json.dumps(data).encode(), name="data.json")
    assert error.value.message.key == "json_unknown"
    assert "data.json" in error.value.text("ru")


KEYS = [
    "title",
    "name",
    "year",
    "type",
    "tags",
    "endTime",
    "artistName",
    "trackName",
    "msPlayed",
    "ts",
    "ms_played",
    "master_metadata_track_name",
    "master_metadata_album_artist_name",
    "tracks",
    "albums",
    "artist",
    "track",
    "album",
    "playlists",
    "items",
    "название",
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_any_json_gives_items_or_a_taste_error(value):
    data = json.dumps(value).encode()
    with contextlib.suppress(TasteError):
        read_bytes(data, name="data.json")


def test_the_creators_key_tells_the_type_when_no_type_is_given():
    data = b'[{"title": "Heat", "director": "Michael Mann"}, {"name": "Dune", "author": "F. H."},'
    data += (
        b' {"title": "Roads", "artist": "Portishead", "type": "song"}, {"title": "X", "by": "Y"}]'
    )
    result = read_bytes(data, name="list.json")
    assert [i.type.value for i in result.items] == ["movie", "book", "music", "other"]
