"""Turn an editor's date (a sidecar's, a register's, ``edition.toml``'s) into a verdict: a real
calendar date in ISO 8601, or the reason it is not one.

TEI P5 §3.6.4 and §13.3.6: ``@when`` and its kin take W3C (XML Schema) dates, here
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year before the common era is written with a minus
sign (``-0044``, ``-0044-03``; XML Schema 1.0 §3.2.7: no year 0000). The shape alone is not enough:
``1864-11-31`` has the shape and no day, and was found only by the schema, in a staging file.
"""

from __future__ import annotations

import calendar
import re

__all__ = ["date_problem"]

SHAPE = re.compile(r"^(?P<sign>-?)(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def date_problem(value: str, before_common_era: bool = True) -> str | None:
    """None for a real date; otherwise what is wrong with it, for the message."""
    found = SHAPE.match(value)
    if found is None or (found["sign"] and not before_common_era):
        return "is not ISO 8601"
    year, sign = found["y"], found["sign"]
    if int(year) == 0:
        return "has the year 0000, which ISO 8601 dates in TEI do not have (1 BCE is -0001)"
    if found["m"] is None:
        return None
    month = int(found["m"])
    if not 1 <= month <= 12:
        return f"has no month {month:02d} (months are 01 to 12)"
    if found["d"] is None:
        return None
    if sign:
        # The edition's own rules (validate/rules.py, E302) check a day with Python's calendar,
        # which has no year before 1: such a day would pass here and fail there.
        return "is a day before the common era, which the edition cannot check yet"
    day = int(found["d"])
    days = calendar.monthrange(int(year), month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return f"has no day {day:02d}: {name} {sign}{year} has {days} days"
    return None
