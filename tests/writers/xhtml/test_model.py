"""The processing model: every family's rows merged in one table, each element in one family."""

from __future__ import annotations

import pytest

from edition.writers.xhtml import MODEL
from edition.writers.xhtml.model import FAMILIES, merge_rows


def test_every_row_of_every_family_is_in_the_model_once() -> None:
    total = sum(len(rows) for rows in FAMILIES.values())
    assert total == len(MODEL) == 336
    for rows in FAMILIES.values():
        assert all(MODEL[name] is behaviour for name, behaviour in rows.items())


@pytest.mark.parametrize(("element", "family"), [
    ("p", "core"), ("note", "core"), ("lg", "verse and drama"), ("sp", "verse and drama"),
    ("choice", "transcription and apparatus"), ("app", "critical apparatus"),
    ("listApp", "critical apparatus"), ("sourceDoc", "genetic transcription"),
    ("zone", "genetic transcription"), ("line", "genetic transcription"), ("person", "registers"),
    ("listPlace", "registers"), ("birth", "registers"), ("g", "characters and glyphs"),
    ("span", "analysis"), ("spanGrp", "analysis"), ("u", "transcriptions of speech"),
    ("pause", "transcriptions of speech"), ("recording", "header"),
    ("persName", "names and dates"), ("date", "names and dates"), ("table", "figures and tables"),
    ("figure", "figures and tables"), ("msDesc", "header"), ("bibl", "header"),
])
def test_an_element_is_found_by_its_family(element: str, family: str) -> None:
    assert element in FAMILIES[family]


def test_an_element_in_two_families_is_refused() -> None:
    def behaviour(*_: object) -> None:
        return None

    with pytest.raises(ValueError, match="<p> is in the rows of both a and b"):
        merge_rows({"a": {"p": behaviour}, "b": {"p": behaviour}})
