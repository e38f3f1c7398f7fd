import pytest

from engine.items import Item, MediaType, detect_language, embed_text, title_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Matrix", "matrix"),
        ("Ёжик в тумане", "ежик в тумане"),
        ("Amélie", "Amelie"),
        ("Blade Runner: 2049!", "blade runner 2049"),
    ],
    ids=["article", "yo", "accent", "punctuation"],
)
def test_title_key_matches_spellings_of_one_title(a, b):
    assert title_key(a) == title_key(b)


def test_title_key_keeps_different_titles_apart():
    assert title_key("It") != title_key("It Follows")


def test_embed_text_has_creator_and_enrichment_but_not_the_media_type():
    item = Item(
        title="Stalker",
        type=MediaType.MOVIE,
        creator="Andrei Tarkovsky",
        year=1979,
        genres=("science fiction",),
        tags=("philosophical", "zone"),
    )
    text = embed_text(item)
    assert "Stalker" in text and "Andrei Tarkovsky" in text
    assert "science fiction" in text and "zone" in text
    assert "movie" not in text.lower() and "1979" not in text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("film", MediaType.MOVIE),
        ("Книга", MediaType.BOOK),
        ("трек", MediaType.MUSIC),
        ("TV Series", MediaType.MOVIE),
        ("", MediaType.OTHER),
        ("spaceship", MediaType.OTHER),
    ],
)
def test_media_type_from_loose_words(word, expected):
    assert MediaType.parse(word) is expected


def test_language_is_guessed_from_script():
    assert detect_language(["Война и мир", "Мастер и Маргарита", "Dune"]) == "ru"
    assert detect_language(["Dune", "Neuromancer", "Сталкер"]) == "en"
    assert detect_language([]) == "en"
