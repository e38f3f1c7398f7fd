import pytest

from engine.importers.cells import (
    excel_text,
    iso_date,
    parse_rating,
    parse_year,
    plain_text,
    split_list,
    unix_date,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1999", 1999),
        ("1999-03-31", 1999),
        ("2008-2013", 2008),
        ("2008 – 2013", 2008),
        (2001, 2001),
        ("", None),
        ("soon", None),
        ("12345", None),
        ("0999", None),
    ],
)
def test_years(raw, expected):
    assert parse_year(raw) == expected


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [("4.5", 2, 9.0), ("4,5", 1, 4.5), ("0", 2, None), ("-", 1, None), ("", 1, None), (8, 1, 8.0)],
)
def test_ratings(raw, scale, expected):
    assert parse_rating(raw, scale=scale) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021/08/14", "2021-08-14"),
        ("2023-01-20T19:03:11Z", "2023-01-20"),
        ("2023-01-15 20:31", "2023-01-15"),
        ("15 Jun 2007 22:30", "2007-06-15"),
        ("31 Jan 2021, 18:04", "2021-01-31"),
        ("12.03.2012 21:40", "2012-03-12"),
        ("2021-02-30", "2021-02-30"),
        ("last summer", "last summer"),
        ("", None),
    ],
)
def test_dates_become_iso_when_they_can(raw, expected):
    assert iso_date(raw) == expected


def test_other_cells():
    assert unix_date("1612116240") == "2021-01-31"
    assert unix_date("never") is None
    assert excel_text('="0441013597"') == "0441013597"
    assert split_list("Drama, Crime;drama | War") == ("drama", "crime", "war")
    assert plain_text("<p>One &amp; two</p><p>three</p>") == "One & two\nthree"
    assert len(plain_text("word " * 1000)) <= 1001
