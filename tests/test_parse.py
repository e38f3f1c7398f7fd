import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.items import Item, MediaType
from engine.parse import ParsedItem, TypeSource, clean, parse_line, parse_message

MOVIE, BOOK, MUSIC, OTHER = MediaType.MOVIE, MediaType.BOOK, MediaType.MUSIC, MediaType.OTHER
GIVEN, GUESSED, UNKNOWN = TypeSource.GIVEN, TypeSource.GUESSED, TypeSource.UNKNOWN


@pytest.mark.parametrize(
    ("line", "title", "creator", "year", "media", "source"),
    [
        ("Dune", "Dune", "", None, OTHER, UNKNOWN),
        ("Heat (1995)", "Heat", "", 1995, OTHER, UNKNOWN),
        ("Heat [1995]", "Heat", "", 1995, OTHER, UNKNOWN),
        ("Dune, 2021", "Dune", "", 2021, OTHER, UNKNOWN),
        ("1917 (2019)", "1917", "", 2019, OTHER, UNKNOWN),
        ("Blade Runner 2049", "Blade Runner 2049", "", None, OTHER, UNKNOWN),
        ("Breaking Bad (2008-2013)", "Breaking Bad", "", 2008, OTHER, UNKNOWN),
        ("Мастер и Маргарита — Булгаков", "Мастер и Маргарита", "Булгаков", None, OTHER, UNKNOWN),
        ("Сталкер (1979) — Тарковский", "Сталкер", "Тарковский", 1979, OTHER, UNKNOWN),
        ("Massive Attack - Teardrop", "Teardrop", "Massive Attack", None, MUSIC, GUESSED),
        ("Кино - Группа крови", "Группа крови", "Кино", None, MUSIC, GUESSED),
        ("Dune by Frank Herbert", "Dune", "Frank Herbert", None, BOOK, GUESSED),
        ("Stand by Me", "Stand by Me", "", None, OTHER, UNKNOWN),
        ("Stand by Me by Ben E. King", "Stand by Me", "Ben E. King", None, BOOK, GUESSED),
        ("Spider-Man", "Spider-Man", "", None, OTHER, UNKNOWN),
        (
            "Get Lucky (feat. Pharrell Williams)",
            "Get Lucky (feat. Pharrell Williams)",
            "",
            None,
            MUSIC,
            GUESSED,
        ),
        ("Fargo season 2", "Fargo season 2", "", None, MOVIE, GUESSED),
        ("movie: Heat", "Heat", "", None, MOVIE, GIVEN),
        ("Movie: Heat (1995)", "Heat", "", 1995, MOVIE, GIVEN),
        ("movie Heat", "Heat", "", None, MOVIE, GIVEN),
        ("фильм: Сталкер", "Сталкер", "", None, MOVIE, GIVEN),
        ("Фильм Сталкер", "Сталкер", "", None, MOVIE, GIVEN),
        ("сериал: Во все тяжкие", "Во все тяжкие", "", None, MOVIE, GIVEN),
        (
            "книга Мастер и Маргарита — Булгаков",
            "Мастер и Маргарита",
            "Булгаков",
            None,
            BOOK,
            GIVEN,
        ),
        ("книгу «Пикник на обочине»", "Пикник на обочине", "", None, BOOK, GIVEN),
        ("book: Dune — Frank Herbert", "Dune", "Frank Herbert", None, BOOK, GIVEN),
        ("трек: Кино — Группа крови", "Группа крови", "Кино", None, MUSIC, GIVEN),
        ("song: Bohemian Rhapsody by Queen", "Bohemian Rhapsody", "Queen", None, MUSIC, GIVEN),
        ("track: Massive Attack - Teardrop", "Teardrop", "Massive Attack", None, MUSIC, GIVEN),
        ("альбом: Кино - Группа крови", "Группа крови", "Кино", None, MUSIC, GIVEN),
        ("Heat (film)", "Heat", "", None, MOVIE, GIVEN),
        ("Дюна (книга)", "Дюна", "", None, BOOK, GIVEN),
        # Not type words here: a film title, a Russian title, a band.
        (
            "Film Stars Don't Die in Liverpool",
            "Film Stars Don't Die in Liverpool",
            "",
            None,
            OTHER,
            UNKNOWN,
        ),
        ("Книга джунглей", "Книга джунглей", "", None, OTHER, UNKNOWN),
        ("Роман Полански", "Роман Полански", "", None, OTHER, UNKNOWN),
        ("Кино — Группа крови", "Кино", "Группа крови", None, OTHER, UNKNOWN),
    ],
)
def test_the_forms_people_type(line, title, creator, year, media, source):
    parsed = parse_line(line)
    assert (parsed.item.title, parsed.item.creator, parsed.item.year) == (title, creator, year)
    assert parsed.item.type is media
    assert parsed.type_source is source


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Dune  ", "Dune"),
        ("🎬 Сталкер 🔥", "Сталкер"),
        ("«Мастер и Маргарита»", "Мастер и Маргарита"),
        ('"Heat"', "Heat"),
        ("“Dune”.", "Dune"),
        ("1. Dune", "Dune"),
        ("1) Dune", "Dune"),
        ("- Dune", "Dune"),
        ("• Dune", "Dune"),
        ("1️⃣ Dune", "Dune"),
        ("👍🏽 Dune", "Dune"),
        ("Dune\u200b", "Dune"),
        ("1984", "1984"),
        ("2001: A Space Odyssey", "2001: A Space Odyssey"),
    ],
)
def test_cleaning(raw, expected):
    assert clean(raw) == expected


def test_a_message_may_hold_a_list_in_any_of_the_usual_shapes():
    message = """Фильмы:
    1. Сталкер (1979)
    2) «Солярис» — Андрей Тарковский

    Книги:
    - Дюна — Фрэнк Герберт
    • Пикник на обочине

    Massive Attack - Teardrop
    """
    parsed = parse_message(message)
    assert [(p.item.title, p.item.type, p.type_source) for p in parsed] == [
        ("Сталкер", MOVIE, GIVEN),
        ("Солярис", MOVIE, GIVEN),
        ("Дюна", BOOK, GIVEN),
        ("Пикник на обочине", BOOK, GIVEN),
        ("Teardrop", MUSIC, GUESSED),
    ]


def test_one_item_per_message_and_a_lone_type_word_is_an_item():
    assert [p.item.title for p in parse_message("Dune")] == ["Dune"]
    assert [p.item.title for p in parse_message("Кино")] == ["Кино"]
    assert [p.item.title for p in parse_message("Books\nDune\nSolaris")] == ["Dune", "Solaris"]


def test_the_catalog_hook_guesses_the_type_and_picks_the_reading():
    known = {("Dune", "Frank Herbert"): BOOK, ("Heat", ""): MOVIE}

    def guess(item: Item) -> MediaType | None:
        return known.get((item.title, item.creator))

    heat = parse_line("Heat", guess_type=guess)
    assert heat.item.type is MOVIE and heat.type_source is GUESSED

    # Without a catalog "X - Y" reads as music; the catalog knows it is a book the other way.
    dune = parse_line("Dune - Frank Herbert", guess_type=guess)
    assert (dune.item.title, dune.item.creator, dune.item.type) == ("Dune", "Frank Herbert", BOOK)

    unknown = parse_line("Something Else", guess_type=guess)
    assert unknown.type_source is UNKNOWN


def test_the_catalog_hook_orients_a_given_music_type():
    def guess(item: Item) -> MediaType | None:
        return MUSIC if (item.title, item.creator) == ("Группа крови", "Кино") else None

    parsed = parse_line("трек: Группа крови — Кино", guess_type=guess)
    assert (parsed.item.title, parsed.item.creator) == ("Группа крови", "Кино")


def test_a_type_set_later_counts_as_guessed():
    parsed = ParsedItem(Item("Heat", MOVIE), type_given=False)
    assert parsed.type_source is GUESSED
    assert ParsedItem(Item("Heat")).type_source is UNKNOWN


def test_lines_that_name_nothing_give_nothing():
    assert parse_line("") is None
    assert parse_line("🎬🎬") is None
    assert parse_line("— — —") is None
    assert parse_message("\n\n  \n") == []


def test_web_addresses_are_not_titles():
    assert parse_line("https://letterboxd.com/film/stalker/") is None
    assert parse_line("www.kinopoisk.ru/film/43911") is None
    assert parse_line("Stalker (1979) https://boxd.it/2aHi").item.title == "Stalker"


def test_a_very_long_line_is_kept_whole_for_the_caller_to_refuse():
    parsed = parse_line("by " * 5000)
    assert len(parsed.item.title) > 1000


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_without_raising_into_titled_items(text):
    for parsed in parse_message(text):
        assert any(ch.isalnum() for ch in parsed.item.title)
        assert parsed.item.title == parsed.item.title.strip()
        assert parsed.type_source in set(TypeSource)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("aZя Ё-—–:()[]«»\"'.,0123456789🎬•\t")), max_size=40
        ),
        max_size=10,
    )
)
def test_any_list_of_lines_gives_at_most_one_item_per_line(lines):
    def guess(item: Item) -> MediaType | None:
        return BOOK if len(item.title) % 2 else None

    parsed = parse_message("\n".join(lines), guess_type=guess)
    assert len(parsed) <= len(lines)


@pytest.mark.parametrize(
    ("line", "title", "creator", "media"),
    [
        ("мне нравится Сталкер", "Сталкер", "", OTHER),
        ("и ещё Солярис", "Солярис", "", OTHER),
        ("Я смотрела «Амели»", "Амели", "", OTHER),
        ("I love Blade Runner!", "Blade Runner", "", OTHER),
        ("Слушаю Сплин - Романс", "Романс", "Сплин", MUSIC),
        ("Plus-One", "Plus-One", "", OTHER),
        ("Also: Stalker", "Stalker", "", OTHER),
        ("and also Solaris.", "Solaris", "", OTHER),
        ("слушаю Сплин - Романс", "Романс", "Сплин", MUSIC),
        ("I Love Lucy", "I Love Lucy", "", OTHER),
        ("And Then There Were None", "And Then There Were None", "", OTHER),
        ("Also sprach Zarathustra", "Also sprach Zarathustra", "", OTHER),
        ("Plus One", "Plus One", "", OTHER),
        ("любимый фильм: Брат", "Брат", "", MOVIE),
        ("любимая книга — Три товарища", "Три товарища", "", BOOK),
        ("my favourite film: Heat", "Heat", "", MOVIE),
        ("Interstellar!!!", "Interstellar", "", OTHER),
        ("Сталкер)))", "Сталкер", "", OTHER),
        ("Амели :)", "Амели", "", OTHER),
        ("Airplane!", "Airplane!", "", OTHER),
        ("Хочешь?", "Хочешь?", "", OTHER),
        ("Brother (2000))", "Brother", "", OTHER),
        ("«Мастер и Маргарита» Булгакова", "Мастер и Маргарита", "Булгакова", OTHER),
        ("Стивен Кинг «Оно»", "Оно", "Стивен Кинг", OTHER),
        ('книга "Dune" by Frank Herbert', "Dune", "Frank Herbert", BOOK),
        ('"Surely You\'re Joking, Mr. Feynman!": Adventures', None, "", OTHER),
    ],
)
def test_sentences_and_chat_noise_around_titles(line, title, creator, media):
    parsed = parse_line(line)
    if title is None:  # a quoted part of a longer title is not split from it
        assert parsed.item.creator == ""
        return
    assert (parsed.item.title, parsed.item.creator, parsed.item.type) == (title, creator, media)
