"""Validation finds each kind of defect, at its line, with a stable code and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.validate import validate_paths
from tests.conftest import DATA
from tests.tools import tei_all_path

INVALID = DATA / "invalid"
EXPECTED = {
    "dangling-ref.xml": "E301",
    "unattributed-note.xml": "E303",
    "duplicate-id.xml": "E304",
    "bad-ids.xml": "E309",
    "impossible-date.xml": "E302",
    "corr-without-sic.xml": "E111",
    "unknown-element.xml": "E111",
    "not-well-formed.xml": "E101",
}


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.mark.parametrize(("name", "code"), sorted(EXPECTED.items()))
def test_each_invalid_file_is_reported_with_its_code_and_a_line(name: str, code: str) -> None:
    findings = validate_paths([INVALID / name])
    assert code in {f.code for f in findings}
    assert all(f.line > 0 and f.path.endswith(name) for f in findings if f.code == code)
    assert all(f.hint for f in findings)


def test_the_line_is_the_line_of_the_defect() -> None:
    [finding] = [f for f in validate_paths([INVALID / "dangling-ref.xml"]) if f.code == "E301"]
    assert finding.line == line_of(INVALID / "dangling-ref.xml", 'ref="#nobody"')
    [finding] = validate_paths([INVALID / "impossible-date.xml"], rules=True)[-1:]
    assert finding.line == line_of(INVALID / "impossible-date.xml", "1980-02-30")


def test_rules_catch_what_tei_all_allows() -> None:
    findings = validate_paths([INVALID / "corr-without-sic.xml"], schema=tei_all_path())
    assert [f.code for f in findings] == ["E305"]


def test_valid_built_files_have_no_findings(built_tei) -> None:
    assert validate_paths([built_tei.out]) == []


def test_a_folder_is_validated_recursively_and_every_file_reported() -> None:
    findings = validate_paths([INVALID])
    assert {Path(f.path).name for f in findings} == set(EXPECTED)


def test_only_editorial_notes_need_resp(tmp_path: Path) -> None:
    """E303 with the edition's rules: a note the source has (in the margin, inline) and the
    description of a register entry are not the editor's interventions; a footnote is."""
    path = tmp_path / "notes.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
        "</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
        "</fileDesc></teiHeader><text><body><p>a<note place=\"margin\">authorial</note> b<note "
        'place="inline">also</note> c<note place="foot">editorial</note></p></body><back><listPerson>'
        '<person xml:id="x"><persName>X</persName><note>who X was</note></person></listPerson>'
        "</back></text></TEI>", encoding="utf-8")
    findings = validate_paths([path], schema=tei_all_path(), rules=True)
    assert [(f.code, f.line) for f in findings] == [("E303", 1)]
    assert "note" in findings[0].text
