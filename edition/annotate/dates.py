"""Turn an editor's date (a sidecar's, a register's, ``edition.toml``'s) into a verdict: a real
calendar date in ISO 8601, or the reason it is not one.

TEI P5 §3.6.4 and §13.3.6: ``@when`` and its kin take W3C (XML Schema) dates, here
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year before the common era is written with a minus
sign (``-0044-03-15``; XML Schema 1.0 §3.2.7: no year 0000). The shape alone is not enough:
``1864-11-31`` has the shape and no day, and was found only by the schema, in a staging file.
"""

from __future__ import annotations

import re

from edition.model.w3cdate import day_problem

__all__ = ["date_problem"]

SHAPE = re.compile(r"^(?P<sign>-?)(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def date_problem(value: str, before_common_era: bool = True) -> str | None:
    """None for a real date; otherwise what is wrong with it, for the message. A day before the
    common era is checked in the proleptic calendar as TEI's validators count it
    (``edition.model.w3cdate``: -0044-03-15 is 15 March 44 BCE)."""
    found = SHAPE.match(value)
    if found is None:
        return "is not ISO 8601"
    if found["sign"] and not before_common_era:
        return "is before the common era, and the date of this edition is the day it is published"
    year = int(found["y"]) * (-1 if found["sign"] else 1)
    return day_problem(year, int(found["m"] or 1), int(found["d"]) if found["d"] else None)
