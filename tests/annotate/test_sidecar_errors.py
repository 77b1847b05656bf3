"""Sidecar, register and configuration errors: each named with its file and line, all of them in
one run, exit code 1, and nothing written.

Each file in ``tests/data/hostile/sidecar/`` named ``sidecar-*``, ``registers-*`` or
``edition-*`` is one mistake; a test puts it in place (as ``text.toml``, ``registers.toml`` or
``edition.toml``) beside ``text.txt`` and the sound ``registers.toml`` of that folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from tests.conftest import DATA

CASES = DATA / "hostile" / "sidecar"
runner = CliRunner()
TARGET = {"sidecar": "text.toml", "registers": "registers.toml", "edition": "edition.toml"}

# case → (code, line, col, what the message says)
EXPECTED: dict[str, tuple[str, int, int, str]] = {
    "sidecar-toml-unterminated-string.toml": ("E202", 2, 21, "not valid TOML"),
    "sidecar-toml-duplicate-key.toml": ("E202", 3, 14, "not valid TOML: Cannot overwrite a value"),
    "sidecar-not-utf8.toml": ("E201", 2, 13, "not valid UTF-8: byte 0xE9 at offset 19"),
    "sidecar-unknown-table.toml": ("E203", 4, 1, "unknown key 'footnote' in text.toml"),
    "sidecar-unknown-key.toml": ("E203", 4, 1, "unknown key 'kind' in [[note]]"),
    "sidecar-missing-required.toml": ("E232", 1, 1, "[[emendation]] needs corr"),
    "sidecar-anchor-not-found.toml": ("E241", 1, 1, "the text has 'The Commune of Paris was "
                                      "proclaimed' at source line 3"),
    "sidecar-anchor-ambiguous.toml": ("E242", 1, 1, "found 2 times (source lines 3, 7)"),
    "sidecar-anchor-inside-a-word.toml": ("E241", 1, 1, "only inside a word"),
    "sidecar-occurrence-too-large.toml": ("E243", 1, 1, "occurrence 3 of 'The Commune of Paris' "
                                          "asked for, but it is found 2 times"),
    "sidecar-occurrence-not-a-number.toml": ("E233", 4, 1, "occurrence must be a number"),
    "sidecar-entity-dangling-ref.toml": ("E244", 1, 1, "ref 'hotel_de_ville' is not in the registers"),
    "sidecar-author-dangling-ref.toml": ("E244", 2, 14, "author_ref 'nobody' is not in the registers"),
    "sidecar-overlapping-anchors.toml": ("E246", 1, 1, "cannot nest with it"),
    "sidecar-structure-not-a-block-start.toml": ("E245", 1, 1, "does not start any block"),
    "sidecar-structure-unknown-kind.toml": ("E234", 3, 1, "unknown structure 'chapter'"),
    "sidecar-bad-date.toml": ("E205", 3, 8, "when 'May 1871' is not ISO 8601"),
    "sidecar-bad-language.toml": ("E206", 3, 1, "lang 'French!' is not a BCP 47 tag"),
    "sidecar-prose-not-well-formed.toml": ("E210", 3, 1, "prose is not well-formed"),
    "sidecar-prose-entity.toml": ("E210", 3, 1, "prose is not well-formed"),
    "sidecar-prose-forbidden-element.toml": ("E211", 3, 1, "<script> is not allowed in prose"),
    "sidecar-emendation-no-change.toml": ("E236", 3, 1, "the correction is the same"),
    "registers-toml-syntax.toml": ("E202", 1, 9, "not valid TOML"),
    "registers-duplicate-id.toml": ("E222", 6, 1, "duplicate register id 'thiers' (first at line 1)"),
    "registers-id-not-an-xml-name.toml": ("E221", 2, 1, "needs an id that is an XML name"),
    "registers-missing-name.toml": ("E223", 1, 1, "register entry 'paris' has no name"),
    "registers-forms-not-a-list.toml": ("E224", 4, 1, "forms must be a list"),
    "registers-bad-date.toml": ("E225", 4, 9, "birth '14 April 1797' is not an ISO 8601 date"),
    "registers-surname-not-in-name.toml": ("E227", 5, 1, "surname 'Thier' is not a word of the "
                                           "name 'Adolphe Thiers'"),
    "registers-surname-of-a-place.toml": ("E203", 4, 1, "unknown key 'surname' in [[place]]"),
    "registers-unknown-kind.toml": ("E203", 1, 1, "unknown key 'building' in registers.toml"),
    "registers-id-of-the-editor.toml": ("E226", 1, 1, "register id 'ed' is already the id of "
                                        "the default editor"),
    # Dates with the shape of ISO 8601 and no such day (issue 13): named where they are written.
    "sidecar-impossible-date.toml": ("E205", 3, 8, "date '1864-11-31' has no day 31: November "
                                     "1864 has 30 days"),
    "sidecar-impossible-month.toml": ("E205", 3, 8, "when '1871-13' has no month 13"),
    "registers-impossible-date.toml": ("E225", 4, 9, "birth '1809-02-30' has no day 30: "
                                       "February 1809 has 28 days"),
    "edition-impossible-date.toml": ("E205", 2, 8, "date '2026-02-29' has no day 29"),
    # A name in prose pointing at no register entry, at the prose's own line (issue 13).
    "sidecar-prose-dangling-name.toml": ("E244", 5, 16, "<persName ref=\"#nobody\"> in prose: "
                                         "'nobody' is not in the registers"),
    "registers-prose-dangling-name.toml": ("E244", 8, 82, "<orgName ref=\"#assembly\"> in prose"),
    # A <ref target> of the prose to no element of the text, at the prose (issue 13).
    "sidecar-prose-dangling-target.toml": ("E248", 5, 14, "<ref target=\"#text-n9\"> in prose: no "
                                           "element of the text has the id 'text-n9'"),
    "edition-unknown-key.toml": ("E203", 2, 1, "unknown key 'subtitel' in edition.toml"),
    "edition-bad-language.toml": ("E206", 2, 1, "language 'english' is not a BCP 47 tag"),
}


def test_every_case_file_has_an_expectation() -> None:
    names = {p.name for p in CASES.glob("*.toml")} - {"registers.toml"}
    assert names == set(EXPECTED)


def seeds_with(tmp_path: Path, *cases: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CASES / "text.txt", seeds / "text.txt")
    shutil.copy(CASES / "registers.toml", seeds / "registers.toml")
    for case in cases:
        shutil.copy(CASES / case, seeds / TARGET[case.split("-")[0]])
    return seeds


def build(seeds: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["-q", "build", "--seeds", str(seeds), "--out", str(out),
                                 "--no-pdf", "--no-epub"])
    assert "Traceback" not in result.stderr and "E900" not in result.stderr
    return result.exit_code, result.stderr


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_mistake_is_named_with_its_file_and_line(case: str, tmp_path: Path) -> None:
    code, line, col, text = EXPECTED[case]
    seeds = seeds_with(tmp_path, case)
    out = tmp_path / "build"
    exit_code, stderr = build(seeds, out)
    assert exit_code == 1
    target = seeds / TARGET[case.split("-")[0]]
    assert f"{target}:{line}:{col}: error: {code}: " in stderr, stderr
    assert text in stderr and "\n    hint: " in stderr
    assert not out.exists()


def test_convert_reports_the_same_mistakes_and_writes_nothing(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path, "sidecar-anchor-ambiguous.toml", "registers-bad-date.toml",
                       "edition-unknown-key.toml")
    out = tmp_path / "text.xml"
    result = runner.invoke(app, ["convert", str(seeds / "text.txt"), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    for code in ("E242", "E225", "E203"):
        assert f": error: {code}: " in result.stderr


def test_every_mistake_of_an_edition_is_reported_in_one_run(tmp_path: Path) -> None:
    """Configuration, registers and the sidecars of several texts, all wrong at once: one run
    names them all (a broken register does not hide the sidecars' anchors)."""
    seeds = seeds_with(tmp_path, "edition-unknown-key.toml", "registers-duplicate-id.toml",
                       "sidecar-anchor-ambiguous.toml")
    for number, case in enumerate(["sidecar-unknown-key.toml", "sidecar-toml-duplicate-key.toml",
                                   "sidecar-occurrence-too-large.toml", "sidecar-not-utf8.toml"]):
        shutil.copy(CASES / "text.txt", seeds / f"text{number}.txt")
        shutil.copy(CASES / case, seeds / f"text{number}.toml")
    out = tmp_path / "build"
    exit_code, stderr = build(seeds, out)
    assert exit_code == 1
    for where, code in [("edition.toml:2:1", "E203"), ("registers.toml:6:1", "E222"),
                        ("text.toml:1:1", "E242"), ("text0.toml:4:1", "E203"),
                        ("text1.toml:3:14", "E202"), ("text2.toml:1:1", "E243"),
                        ("text3.toml:2:13", "E201")]:
        assert f"{seeds / where}: error: {code}: " in stderr, (where, stderr)
    assert not out.exists()


def test_a_prose_ref_into_another_text_is_named_at_the_prose(tmp_path: Path) -> None:
    """Each text's TEI stands alone: a pointer into another text (its note, or the text
    itself) would dangle in it. E249 at the prose's line and column, naming the other text; a
    pointer to the text's own note is sound, and only the wrong ones are reported."""
    seeds = seeds_with(tmp_path)
    shutil.copy(CASES / "text.txt", seeds / "other.txt")
    (seeds / "other.toml").write_text('[[note]]\nanchor = "Versailles"\ntext = "Its note."\n',
                                      encoding="utf-8")
    (seeds / "text.toml").write_text(
        '[[note]]\nanchor = "Versailles"\ntext = """See <ref target="#text-n1">here</ref>, '
        '<ref target="#other-n1">there</ref>\nand <ref target="#other">the other text</ref>."""\n',
        encoding="utf-8")
    exit_code, stderr = build(seeds, tmp_path / "build")
    assert exit_code == 1
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert errors == [
        f'{seeds / "text.toml"}:3:63: error: E249: <ref target="#other-n1"> in prose points into '
        "another text of the edition (other.txt): a text's TEI stands alone",
        f'{seeds / "text.toml"}:4:18: error: E249: <ref target="#other"> in prose points into '
        "another text of the edition (other.txt): a text's TEI stands alone"]
    assert not (tmp_path / "build").exists()


def test_a_prose_ref_to_the_texts_own_note_builds(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path)
    (seeds / "text.toml").write_text(
        '[[note]]\nanchor = "Versailles"\ntext = "First."\n\n[[note]]\nanchor = "Thiers"\n'
        'text = "As <ref target=\'#text-n2\'>said</ref>; see <ref target=\'https://example.org/\'>'
        'this</ref>."\n', encoding="utf-8")
    exit_code, stderr = build(seeds, tmp_path / "build")
    assert exit_code == 0, stderr
    assert 'target="#text-n2"' in (tmp_path / "build" / "tei" / "text.xml").read_text(encoding="utf-8")


def test_one_bad_entry_does_not_hide_the_others_of_its_sidecar(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path)
    (seeds / "text.toml").write_text(
        '[[note]]\nanchor = "Versailles"\ntext = "x"\noccurrence = true\n\n'
        '[[note]]\nanchor = "nowhere at all"\ntext = "y"\n\n'
        '[[entity]]\nanchor = "Thiers"\nref = "nobody"\n', encoding="utf-8")
    exit_code, stderr = build(seeds, tmp_path / "build")
    assert exit_code == 1
    for where, code in [("text.toml:4:1", "E233"), ("text.toml:6:1", "E241"),
                        ("text.toml:10:1", "E244")]:
        assert f"{seeds / where}: error: {code}: " in stderr, where


def test_errors_come_in_file_and_line_order(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path)
    (seeds / "text.toml").write_text(
        '[[note]]\nanchor = "nowhere at all"\ntext = "y"\n\n'
        '[[entity]]\nanchor = "Thiers"\nref = "nobody"\n\n'
        '[[note]]\nanchor = "Versailles"\ntext = "x"\noccurrence = 0\n', encoding="utf-8")
    _, stderr = build(seeds, tmp_path / "build")
    lines = [int(line.split(":")[1]) for line in stderr.splitlines() if ": error: " in line]
    assert lines == sorted(lines) and len(lines) == 3


def test_a_text_file_beside_a_register_entry_of_the_same_name_gets_another_id(
        tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path)
    shutil.copy(CASES / "text.txt", seeds / "thiers.txt")
    out = tmp_path / "build"
    exit_code, stderr = build(seeds, out)
    assert exit_code == 0, stderr
    corpus = (out / "edition.xml").read_text(encoding="utf-8")
    assert '<TEI xml:id="thiers-2"' in corpus and '<person xml:id="thiers">' in corpus


def test_a_prose_ref_of_edition_toml_is_checked_at_edition_toml_once(tmp_path: Path) -> None:
    """edition.toml's prose (its principles, its introduction) is printed in every text's header,
    so its ``<ref target="#x">`` must point into each text: E248 at edition.toml's own line and
    column, said once however many texts it dangles in (before: E301 at each seed, in the staging
    TEI); a pointer to the editor, which every text has, builds."""
    seeds = seeds_with(tmp_path)
    shutil.copy(CASES / "text.txt", seeds / "other.txt")
    (seeds / "edition.toml").write_text(
        'title = "T"\nlanguage = "en"\n\n[[editor]]\nid = "ed"\nname = "A. Editor"\n\n[editorial]\n'
        'correction = """Nothing is corrected; see\n<ref target="#nowhere">the notes</ref>."""\n',
        encoding="utf-8")
    exit_code, stderr = build(seeds, tmp_path / "build")
    assert exit_code == 1
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert errors == [f'{seeds / "edition.toml"}:10:14: error: E248: <ref target="#nowhere"> in prose: '
                      "no element of the text has the id 'nowhere'"]
    assert not (tmp_path / "build").exists()
    toml = (seeds / "edition.toml").read_text(encoding="utf-8")
    (seeds / "edition.toml").write_text(toml.replace("#nowhere", "#ed"), encoding="utf-8")
    exit_code, stderr = build(seeds, tmp_path / "build")
    assert exit_code == 0, stderr
    assert 'target="#ed"' in (tmp_path / "build" / "tei" / "other.xml").read_text(encoding="utf-8")
