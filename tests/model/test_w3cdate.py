"""Dates before the common era (issue 13): a day of the proleptic Gregorian calendar as TEI's
validators count it (XML Schema 1.0: -0001 is 1 BCE, no year 0000), checked by the edition as
Jing checks it, and printed in words ("15 March 44 BCE")."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from edition.annotate.dates import date_problem
from edition.model.names import date_label
from edition.model.w3cdate import astronomical, day_problem, is_leap
from edition.model.xmlio import parse_xml
from edition.validate.rules import check_rules
from tests.tools import jing, tei_all_path

TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Dates'
       '</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.'
       '</p></sourceDesc></fileDesc></teiHeader><text><body>{}</body></text></TEI>')


def oracle(year: int, month: int, day: int) -> bool:
    """Python's own calendar, moved by whole 2000-year cycles of the Gregorian calendar (which
    repeats every 400 years) into the years 1-2000 it knows."""
    shifted = (astronomical(year) - 1) % 2000 + 1
    try:
        dt.date(shifted, month, day)
    except ValueError:
        return False
    return True


@given(st.integers(-9999, -1), st.integers(1, 12), st.integers(0, 32))
def test_a_day_before_the_common_era_passes_exactly_when_the_calendar_has_it(
        year: int, month: int, day: int) -> None:
    value = f"-{-year:04d}-{month:02d}-{day:02d}"
    assert (date_problem(value) is None) == oracle(year, month, day), value


@given(st.integers(-9999, 9999).filter(bool))
def test_leap_years_are_those_of_the_proleptic_calendar(year: int) -> None:
    assert is_leap(year) == calendar.isleap(astronomical(year) % 400 + 400)
    assert is_leap(year) == (day_problem(year, 2, 29) is None)


@given(st.integers(-9999, -1), st.integers(1, 12), st.integers(1, 31))
def test_a_real_day_before_the_common_era_is_printed_in_words(year: int, month: int, day: int) -> None:
    value = f"-{-year:04d}-{month:02d}-{day:02d}"
    if oracle(year, month, day):
        assert date_label(value) == f"{day} {calendar.month_name[month]} {-year} BCE"
    else:
        assert date_label(value) == value          # no day of the calendar: printed as written


def test_the_ides_of_march() -> None:
    assert date_label("-0044-03-15") == "15 March 44 BCE"
    assert date_label("-0044-03") == "March 44 BCE"
    assert date_label("-0044") == "44 BCE"
    assert date_label("-0001-02-29") == "29 February 1 BCE"          # 1 BCE: astronomical 0


# Leap days and month ends on each side of the era and of the century rules.
EDGES = ["-0044-03-15", "-0001-02-29", "-0002-02-29", "-0004-02-29", "-0005-02-29",
         "-0101-02-29", "-0401-02-29", "-0400-02-29", "-0044-04-31", "-0044-04-30",
         "0001-01-01", "0004-02-29", "0100-02-29", "0000-01-01", "-0000-06-01", "-0044-13-01"]


def test_the_edition_accepts_exactly_the_days_that_jing_accepts_against_tei_all(tmp_path: Path) -> None:
    """What TEI accepts (teidata.temporal.w3c, checked by Jing with tei_all) and what the
    edition's checks accept are the same days: each date in a file of its own, one Jing run."""
    files = []
    for number, value in enumerate(EDGES):
        path = tmp_path / f"d{number:02d}.xml"
        path.write_text(TEI.format(f'<p><date when="{value}">x</date></p>'), encoding="utf-8")
        files.append(path)
    result = jing(tei_all_path(), *files)
    refused_by_jing = {EDGES[int(Path(line.split(":")[0]).stem[1:])]
                       for line in result.stdout.splitlines() if ": error: " in line}
    refused_by_us = {value for value in EDGES if date_problem(value) is not None}
    assert refused_by_jing == refused_by_us
    assert refused_by_us == {"-0002-02-29", "-0004-02-29", "-0101-02-29", "-0400-02-29",
                             "-0044-04-31", "0100-02-29", "0000-01-01", "-0000-06-01", "-0044-13-01"}


def test_the_rules_check_a_day_before_the_common_era_as_the_calendar_has_it() -> None:
    """E302 (validate/rules.py) agrees with the sidecar checks: 4 BCE had no 29 February."""
    def codes(value: str) -> list[str]:
        tree = parse_xml(TEI.format(f'<p><date when="{value}">x</date></p>').encode(), "d.xml")
        return [m.code for m in check_rules(tree, "d.xml")]
    assert codes("-0005-02-29") == []
    assert codes("-0004-02-29") == ["E302"]
