"""Recognise dates in lines of plain text: "27th of March, 2021", "Washington, Nov. 21, 1864"."""

from __future__ import annotations

import re

__all__ = ["CONTAINS_DATE", "DATE_LINE", "is_date_line"]

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_EXPR = (rf"(?:{DAY}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}|{MONTH}\s+{DAY},?\s+\d{{4}}|"
             rf"\d{{4}}-\d{{2}}-\d{{2}})")
DATE_LINE = re.compile(rf"^(?:[A-Z][\w .’'\-]{{0,40}},\s*)?{DATE_EXPR}\.?$")
CONTAINS_DATE = re.compile(DATE_EXPR)


def is_date_line(text: str) -> bool:
    """A line that is a date, or a place and a date."""
    return bool(DATE_LINE.match(text.strip()))
