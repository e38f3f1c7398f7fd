from functools import partial

from engine.importers import read_bytes, read_file
from engine.items import Item, MediaType

Line = partial(Item, source="text")


def test_a_pasted_list_reads_into_exact_items(exports):
    result = read_file(exports / "text" / "my-list.txt")
    assert result.format == "text"
    assert result.items == [
        Line("Сталкер", MediaType.MOVIE, year=1979),
        Line("Солярис", MediaType.MOVIE, "Андрей Тарковский"),
        Line("Дюна", MediaType.BOOK, "Фрэнк Герберт"),
        Line("Пикник на обочине", MediaType.BOOK),
        Line("Dune", MediaType.BOOK, "Frank Herbert"),
        Line("Teardrop", MediaType.MUSIC, "Massive Attack"),
        Line("Heat", MediaType.MOVIE, year=1995),
    ]
    assert result.skipped == []


def test_lines_that_name_nothing_or_are_far_too_long_are_skipped_by_number():
    data = ("Heat\n???\n" + "x" * 5000 + "\n🎬🎬\nAlien\n").encode()
    result = read_bytes(data, name="list.txt")
    assert [i.title for i in result.items] == ["Heat", "Alien"]
    assert [(s.line, s.reason.key) for s in result.skipped] == [
        (3, "title_too_long"),
        (2, "no_title"),
    ]


def test_a_far_too_long_line_does_not_end_a_section():
    text = "Книги:\nМастер и Маргарита\n" + "x" * 400 + "\nДюна\n"
    result = read_bytes(text.encode(), name="list.txt")
    assert [(i.title, i.type) for i in result.items] == [
        ("Мастер и Маргарита", MediaType.BOOK),
        ("Дюна", MediaType.BOOK),
    ]
    assert [s.line for s in result.skipped] == [3]
