"""Dates as the editor writes them: real calendar days in ISO 8601, or the reason they are not."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition.annotate.dates import date_problem


@pytest.mark.parametrize("value", ["1871", "1871-03", "1871-03-18", "2000-02-29", "0001-01-01",
                                   "-0044", "-0044-03", "9999-12-31", "-0044-03-15", "-0001-02-29",
                                   "-0005-02-29", "-0401-02-29", "-9999-12-31"])
def test_real_dates_pass(value: str) -> None:
    assert date_problem(value) is None


@pytest.mark.parametrize(("value", "says"), [
    ("1864-11-31", "has no day 31: November 1864 has 30 days"),
    ("1809-02-30", "has no day 30: February 1809 has 28 days"),
    ("1900-02-29", "has no day 29: February 1900 has 28 days"),
    ("1871-13", "has no month 13"),
    ("1871-00-10", "has no month 00"),
    ("1871-03-00", "has no day 00"),
    ("0000", "has the year 0000"),
    ("-0000-01-01", "has the year 0000"),
    ("-0004-02-29", "has no day 29: February 4 BCE has 28 days"),    # 4 BCE is astronomical -3
    ("-0101-02-29", "has no day 29: February 101 BCE has 28 days"),  # -100: not a leap year
    ("-0044-04-31", "has no day 31: April 44 BCE has 30 days"),
    ("-0044-13", "has no month 13"),
    ("May 1871", "is not ISO 8601"),
    ("1871-3-18", "is not ISO 8601"),
    ("18710", "is not ISO 8601"),
    (" 1871", "is not ISO 8601"),
])
def test_dates_that_are_no_real_day_say_why(value: str, says: str) -> None:
    problem = date_problem(value)
    assert problem is not None and says in problem


def test_the_date_of_the_edition_itself_is_of_the_common_era() -> None:
    problem = date_problem("-0044", before_common_era=False)
    assert problem is not None and "before the common era" in problem
    assert date_problem("2026-03-14", before_common_era=False) is None


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(0, 32))
def test_a_day_passes_exactly_when_the_calendar_has_it(year: int, month: int, day: int) -> None:
    try:
        dt.date(year, month, day)
        real = True
    except ValueError:
        real = False
    assert (date_problem(f"{year:04d}-{month:02d}-{day:02d}") is None) == real
