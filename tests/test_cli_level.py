"""``--level`` on pdf, epub, site and build: the transcription level a choice shows (E112)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from edition.cli import app
from edition.model.xmlio import parse_xml, read_xml
from edition.writers.xhtml.transcription import document_levels
from tests.conftest import DATA
from tests.coverage import epub_words

runner = CliRunner()
LEVELS_XML = DATA / "tei" / "levels.xml"


def test_epub_shows_the_level_asked_for(tmp_path: Path) -> None:
    shown = {}
    for level in ("norm", "facs"):
        target = tmp_path / f"{level}.epub"
        result = runner.invoke(app, ["--quiet", "epub", str(LEVELS_XML), "-o", str(target),
                                     "--level", level])
        assert result.exit_code == 0, result.stderr
        shown[level] = epub_words(target)
    # Menota's three levels of "scyli" (levels.xml): normalised skyli, facsimile ſcyli.
    assert shown["norm"]["skyli"] and not shown["norm"]["ſcyli"]
    assert shown["facs"]["ſcyli"] and not shown["facs"]["skyli"]


def test_an_unknown_level_is_refused_with_the_documents_levels(tmp_path: Path) -> None:
    for command in ("pdf", "epub", "site"):
        target = tmp_path / f"out-{command}"
        result = runner.invoke(app, [command, str(LEVELS_XML), "-o", str(target), "--level", "dip"])
        assert result.exit_code == 2, (command, result.stderr)
        assert f"{LEVELS_XML}:0:0: error: E112: --level 'dip'" in result.stderr
        assert "its levels: norm, dipl, facs" in result.stderr and "hint:" in result.stderr
        assert "Traceback" not in result.stderr and not target.exists()


def test_build_refuses_a_level_the_edition_has_not(seeds_copy: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--seeds", str(seeds_copy), "--out", str(tmp_path / "b"),
                                 "--no-pdf", "--no-site", "--level", "diplomatic"])
    assert result.exit_code == 2 and "E112" in result.stderr
    assert not (tmp_path / "b").exists()


def test_the_levels_of_a_document_include_those_it_names_itself() -> None:
    document = parse_xml(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p><choice>'
                         b'<seg type="orig">vnd</seg><seg type="modern">und</seg></choice> '
                         b'<choice><sic>teh</sic><corr>the</corr></choice></p></body></text></TEI>',
                         "doc.xml")
    assert document_levels(document.getroot()) == ["norm", "dipl", "facs", "modern"]
    assert document_levels(read_xml(DATA / "tei" / "verse.xml").getroot()) == []
