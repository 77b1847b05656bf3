"""Turn a W3C date (TEI teidata.temporal.w3c: XML Schema ``date``, ``gYearMonth``, ``gYear``) into
its place in the proleptic Gregorian calendar, or the reason it has none; and into words.

TEI P5 §3.6.4 and §13.3.6 date with XML Schema's types, whose calendar is the Gregorian one
extended backwards (proleptic). A year before the common era carries a minus sign, and is counted
as XML Schema 1.0 §3.2.7 counts it, which is what the validators of TEI (Jing, with ``tei_all``)
implement: ``-0001`` is 1 BCE, ``-0044`` is 44 BCE, and there is no year ``0000``. (XML Schema 1.1
and ISO 8601:2004 count astronomically, ``0000`` being 1 BCE and ``-0044`` 45 BCE; TEI written
that way is refused by the validators it is checked with, so the edition does not write it.)
Leap years are those of the proleptic calendar: 1 BCE, 5 BCE, 401 BCE are leap years.
"""

from __future__ import annotations

import calendar
import re

__all__ = ["W3C_DATE", "astronomical", "date_words", "day_problem", "days_in_month", "is_leap"]

W3C_DATE = re.compile(r"^(?P<sign>-?)(?P<y>\d{4,})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def astronomical(year: int) -> int:
    """The astronomical number of a signed XML Schema 1.0 year: 1 BCE (-1) is 0, 44 BCE is -43."""
    return year + 1 if year < 0 else year


def is_leap(year: int) -> bool:
    """A leap year of the proleptic Gregorian calendar (``year`` as XML Schema 1.0 signs it)."""
    number = astronomical(year)
    return number % 4 == 0 and (number % 100 != 0 or number % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else MONTH_DAYS[month - 1]


def day_problem(year: int, month: int, day: int | None = None) -> str | None:
    """None for a year, month (and day) of the calendar; otherwise what is wrong, in words."""
    if year == 0:
        return "has the year 0000, which TEI's dates (XML Schema 1.0) do not have: 1 BCE is -0001"
    if not 1 <= month <= 12:
        return f"has no month {month:02d} (months are 01 to 12)"
    if day is None:
        return None
    days = days_in_month(year, month)
    if not 1 <= day <= days:
        return f"has no day {day:02d}: {calendar.month_name[month]} {year_words(year)} has {days} days"
    return None


def year_words(year: int) -> str:
    """1871 → "1871"; -44 → "44 BCE"; a year of the first millennium says its era ("44 CE")."""
    if year < 0:
        return f"{-year} BCE"
    return f"{year} CE" if year < 1000 else str(year)


def date_words(iso: str) -> str | None:
    """"-0044-03-15" → "15 March 44 BCE", "1871-03" → "March 1871"; None for no real date."""
    found = W3C_DATE.match(iso)
    if found is None:
        return None
    year = int(found["y"]) * (-1 if found["sign"] else 1)
    month = int(found["m"]) if found["m"] else None
    day = int(found["d"]) if found["d"] else None
    if day_problem(year, month or 1, day) is not None:
        return None
    words = year_words(year)
    if month is None:
        return words
    return f"{day} {calendar.month_name[month]} {words}" if day else f"{calendar.month_name[month]} {words}"
