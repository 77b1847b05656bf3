"""Turn ``SOURCE_DATE_EPOCH`` or an edition's own date into the one date of a build.

Every output that carries a date (the TEI's ``revisionDesc``, the PDF's metadata and attachment,
the EPUB's ``dcterms:modified``) takes it from here, by one rule: ``SOURCE_DATE_EPOCH`` wins, and
must be a whole number of seconds (E403 otherwise; reproducible-builds.org, "SOURCE_DATE_EPOCH");
else the edition's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); else none. No clock is read,
so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from edition.errors import EditionError

__all__ = ["build_date", "source_date_epoch"]

ISO_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC time, or None when it is not set (or empty)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise EditionError.single("E403", "SOURCE_DATE_EPOCH", f"not a number of seconds: {epoch!r}",
                                  "set it to an integer, e.g. $(git log -1 --format=%ct)") from None


def build_date(edition_date: str) -> dt.datetime | None:
    """The date of the build: ``SOURCE_DATE_EPOCH`` if set, else ``edition_date`` (an ISO date,
    at midnight UTC), else None (a date that is no calendar day counts as none)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    found = ISO_DATE.fullmatch(edition_date.strip())
    if not found:
        return None
    year, month, day = (int(part or 1) for part in found.groups())
    try:
        return dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:
        return None
