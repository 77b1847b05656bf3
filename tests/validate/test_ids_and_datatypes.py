"""Validation follows the TEI datatypes: ids are XML's, dates only where TEI dates, pointer lists."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from edition.cli import app
from edition.errors import EditionError
from edition.model.xmlio import parse_xml
from edition.validate import check_rules, validate_tree
from edition.validate.ids import check_ids, is_ncname

runner = CliRunner()
HEADER = ("<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p>"
          "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>")


def tei(body: str) -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>{body}</body></text>'
            "</TEI>").encode()


def codes(body: str) -> list[str]:
    tree = parse_xml(tei(body), "doc.xml")
    return sorted(m.code for m in check_ids(tree, "doc.xml") + check_rules(tree, "doc.xml"))


def test_a_bad_or_repeated_xml_id_is_read_and_reported_with_its_own_code() -> None:
    tree = parse_xml(tei('<p xml:id="a">1</p>\n<p xml:id="a">2</p>\n<p xml:id="1 b">3</p>'),
                     "doc.xml")
    found = check_ids(tree, "doc.xml")
    assert [(m.code, m.line) for m in found] == [("E304", 2), ("E309", 3)]
    assert "first on line 1" in found[0].text


def test_ncnames_are_those_of_namespaces_in_xml() -> None:
    assert all(map(is_ncname, ["a", "_x", "p1.2-3", "été", "Ж7", "中文", "a\u0301"]))
    assert not any(map(is_ncname, ["", "1a", "a b", "a:b", "-a", ".a", "#a"]))


def test_no_grammar_echo_of_an_id_finding(tmp_path: Path) -> None:
    tree = parse_xml(tei('<p xml:id="9">x</p>'), "doc.xml")
    found = validate_tree(tree, "doc.xml")
    assert [m.code for m in found if m.line == 1 and "xml:id" in m.text] == ["E309"]
    assert not any(m.text.startswith("Invalid attribute id") for m in found)


def test_from_and_to_are_dates_only_where_tei_makes_them_dates() -> None:
    assert codes('<p><date from="1871-02-30" to="1871-05-28">x</date></p>') == ["E302"]
    assert codes('<p><date when-iso="1871-02-30">x</date></p>') == ["E302"]
    assert codes('<p><app from="#w1" to="#w2"><lem>a</lem></app>'
                 '<locus from="1ra:1" to="2vb">1r</locus><span from="#w1">s</span>'
                 '<w xml:id="w1">a</w><w xml:id="w2">b</w></p>') == []


def test_only_impossible_calendar_days_are_ours_other_forms_are_the_grammars() -> None:
    assert codes('<p><time when="10:30:00">x</time><date when-iso="1871-W12">y</date>'
                 '<date when="1871-03-18T10:00:00">z</date><date when="-0044-03-15">i</date>'
                 '<date when="--02-29">l</date></p>') == []
    assert codes('<p><date when="1871-13">x</date><date when="2021-02-29T10:00:00">y</date>'
                 '<docDate when="1900-02-29">z</docDate></p>') == ["E302", "E302", "E302"]


def test_pointer_lists_are_split_and_other_documents_left_alone() -> None:
    assert codes('<p xml:id="a">x</p><p xml:id="b"><said who="#a #b">y</said>'
                 '<ref target="other.xml#z http://example.org/#q psn:x a">z</ref></p>') == []
    tree = parse_xml(tei('<p xml:id="a"><said who="#a #nobody">y</said></p>'), "doc.xml")
    [finding] = check_rules(tree, "doc.xml")
    assert finding.code == "E301" and "(#nobody)" in finding.text


def test_schema_alone_unless_rules_are_asked_for(tmp_path: Path) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_bytes(tei('<p><ref target="#nowhere">x</ref></p>'))
    schema = Path(__file__).resolve().parents[2] / "edition" / "schema" / "edition.rng"
    alone = runner.invoke(app, ["validate", "--schema", str(schema), str(doc)])
    assert ": E301: " not in alone.stderr
    ruled = runner.invoke(app, ["validate", "--schema", str(schema), "--rules", str(doc)])
    assert ruled.exit_code == 1 and ": E301: " in ruled.stderr
    default = runner.invoke(app, ["validate", str(doc)])
    assert default.exit_code == 1 and ": E301: " in default.stderr


def test_reading_past_id_errors_still_loads_no_dtd_and_refuses_real_faults() -> None:
    doctype = b'<!DOCTYPE TEI SYSTEM "file:///etc/passwd">'
    tree = parse_xml(doctype + tei('<p xml:id="a">1</p><p xml:id="a">2</p><p xml:id="1">3</p>'),
                     "doc.xml")
    assert tree.docinfo.internalDTD is None or not list(tree.docinfo.internalDTD.iterelements())
    assert "".join(tree.getroot().itertext()).endswith("123")
    try:
        parse_xml(tei('<p xml:id="a">1</p><p xml:id="a">2</p><q></p>'), "doc.xml")
    except EditionError as error:
        [message] = error.messages
        assert message.code == "E101" and "mismatch" in message.text
    else:
        raise AssertionError("an ill-formed document with a duplicate id was read")


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=5),
       st.sampled_from([" ", "  ", "\t", "\n "]), st.booleans())
def test_a_pointer_list_is_valid_exactly_when_every_pointer_resolves(
        targets: list[str], separator: str, dangling: bool) -> None:
    pointers = [f"#{t}" for t in targets] + (["#zz"] if dangling else [])
    tree = parse_xml(tei('<p xml:id="a"/><p xml:id="b"/><p xml:id="c"><ref target="'
                         + separator.join(pointers) + '">x</ref></p>'), "doc.xml")
    found = check_rules(tree, "doc.xml")
    assert [m.code for m in found] == (["E301"] if dangling else [])
