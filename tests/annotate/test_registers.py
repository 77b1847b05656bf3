"""The registers as TEI: a person's surname marked inside its name (TEI P5 §13.2.1), the text of
the name kept whole, and a surname that is not in the name refused with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.annotate.registers import read_registers, register_lists
from edition.model.tei import NS, XML_ID
from tests.conftest import SEEDS

SURNAME = "{http://www.tei-c.org/ns/1.0}surname"
PERSON = '[[person]]\nid = "p"\nname = {name}\nsurname = {surname}\n'


def person_list(tmp_path: Path, name: str, surname: object) -> tuple[list[etree._Element], list]:
    path = tmp_path / "registers.toml"
    path.write_text(PERSON.format(name=json.dumps(name, ensure_ascii=False),
                                  surname=json.dumps(surname, ensure_ascii=False)), "utf-8")
    register, problems = read_registers(path)
    return register_lists(register), problems


def main_name(lists: list[etree._Element]) -> etree._Element:
    found = lists[0].find("tei:person/tei:persName[@type='main']", NS)
    assert found is not None
    return found


def c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


@pytest.mark.parametrize(("name", "surname", "expected"), [
    ("Karl Marx", "Marx", "Karl <surname>Marx</surname>"),
    ("Vladimir Ilyich Lenin", "Lenin", "Vladimir Ilyich <surname>Lenin</surname>"),
    ("Mao Zedong", "Mao", "<surname>Mao</surname> Zedong"),
    ("Charles de Gaulle", "de Gaulle", "Charles <surname>de Gaulle</surname>"),
    ("Lenin", "Lenin", "<surname>Lenin</surname>"),
])
def test_the_surname_is_marked_inside_the_main_name(tmp_path: Path, name: str, surname: str,
                                                     expected: str) -> None:
    lists, problems = person_list(tmp_path, name, surname)
    assert problems == []
    persname = main_name(lists)
    assert c14n(persname) == (f'<persName xmlns="http://www.tei-c.org/ns/1.0" type="main">'
                              f'{expected}</persName>').encode()


def test_the_bundled_registers_mark_three_surnames() -> None:
    register, problems = read_registers(SEEDS / "registers.toml")
    assert problems == []
    persons = register_lists(register)[0].findall("tei:person", NS)
    main = {p.get(XML_ID): p.find("tei:persName[@type='main']", NS) for p in persons}
    assert {ident: [(c.tag, c.text) for c in name] for ident, name in main.items()} == {
        "marx": [(SURNAME, "Marx")], "lenin": [(SURNAME, "Lenin")],
        "thiers": [(SURNAME, "Thiers")], "napoleon3": []}
    assert {ident: "".join(name.itertext()) for ident, name in main.items()} == {
        "marx": "Karl Marx", "lenin": "Vladimir Ilyich Lenin", "thiers": "Adolphe Thiers",
        "napoleon3": "Napoleon III"}


@pytest.mark.parametrize(("surname", "says"), [
    ("Engels", "surname 'Engels' is not a word of the name 'Karl Marx'"),
    ("Mar", "surname 'Mar' is not a word of the name 'Karl Marx'"),       # not a whole word
    ("", "surname '' is not a word of the name 'Karl Marx'"),
    (["Marx"], "surname must be a string"),
])
def test_a_surname_that_is_not_in_the_name_is_refused(tmp_path: Path, surname: object,
                                                      says: str) -> None:
    lists, problems = person_list(tmp_path, "Karl Marx", surname)
    assert [(m.code, m.line) for m in problems] == [("E227", 4)]
    assert says in problems[0].text and "Marx" in problems[0].hint
    assert main_name(lists).find("tei:surname", NS) is None     # the entry is kept, unmarked


TOML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TOML_TEXT.filter(str.strip), surname=TOML_TEXT)
def test_a_name_is_kept_whole_or_its_surname_refused(tmp_path: Path, name: str,
                                                     surname: str) -> None:
    """Whatever the name and the surname: either E227, or the text of the persName is the name
    (stripped), nothing lost or added, and its surname element holds the surname."""
    lists, problems = person_list(tmp_path, name, surname)
    persname = main_name(lists)
    assert "".join(persname.itertext()) == name.strip()
    marked = persname.find("tei:surname", NS)
    if problems:
        assert [m.code for m in problems] == ["E227"] and marked is None
    else:
        assert marked is not None and marked.text == surname.strip()
