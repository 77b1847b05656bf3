"""``edition check``: one report for the whole chain (TEI, EPUBCheck, Ace, the PDF rules), text or
JSON, codes and hints, exit 1 on any error; and ``edition build --check``."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from edition.cli import app
from edition.model.xmlio import read_xml
from edition.writers.epub import EpubWriter
from tests.conftest import DATA, SEEDS

runner = CliRunner()
VERSE = DATA / "tei" / "verse.xml"


@pytest.fixture
def no_ace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ace named where it is not: check says it did not run Ace, and why."""
    monkeypatch.setenv("EDITION_ACE", "/nonexistent/ace")


@pytest.fixture
def verse_epub(tmp_path: Path) -> Path:
    target = tmp_path / "verse.epub"
    EpubWriter(page_list=False).write(read_xml(VERSE), target, base=VERSE)
    return target


def test_a_valid_epub_passes_and_a_missing_ace_is_said(verse_epub: Path, no_ace: None) -> None:
    result = runner.invoke(app, ["check", str(verse_epub)])
    assert result.exit_code == 0, result.stderr
    assert "W705" in result.stderr and "not checked by Ace" in result.stderr
    assert "npm ci" in result.stderr                                  # the hint says how
    assert "checked 0 TEI, 1 EPUB and 0 PDF files: 0 errors, 1 warnings" in result.stderr


def test_tei_is_validated_as_edition_validate_does() -> None:
    """A TEI file that breaks the edition's rules (no @resp on a note) fails the check."""
    result = runner.invoke(app, ["check", str(VERSE)])
    assert result.exit_code == 1
    assert "E303" in result.stderr and "checked 1 TEI, 0 EPUB and 0 PDF files" in result.stderr


def test_json_gives_the_counts_and_every_finding(verse_epub: Path, no_ace: None) -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(verse_epub)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["checked"] == {"tei": 0, "epub": 1, "pdf": 0, "errors": 0, "warnings": 1}
    assert [f["code"] for f in report["findings"]] == ["W705"]
    assert set(report["findings"][0]) == {"path", "line", "col", "severity", "code", "message", "hint"}


def test_a_broken_epub_is_an_epubcheck_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    result = runner.invoke(app, ["check", "--no-ace", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:0:0: error: E703: EPUBCheck" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pdf_that_breaks_a_rule_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    target = tmp_path / "bare.pdf"
    pdf.save(target)
    result = runner.invoke(app, ["check", "--format", "json", str(target)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    rules = {f["message"].split(":")[0] for f in findings}
    assert {"PDF/UA-1 7.1-8", "PDF/UA-1 7.1-10", "PDF/UA-1 7.1-11", "PDF/UA-1 7.2-34"} <= rules
    assert {f["code"] for f in findings} == {"E701"}


def test_what_check_cannot_read_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "fake.pdf").write_bytes(b"not a pdf")
    result = runner.invoke(app, ["check", str(tmp_path / "notes.txt"), str(tmp_path / "empty"),
                                 str(tmp_path / "fake.pdf"), str(tmp_path / "gone.epub")])
    assert result.exit_code == 1
    assert result.stderr.count("E702") == 3 and "E001" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_check_checks_what_was_built(tmp_path: Path, no_ace: None) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    out = tmp_path / "build"
    result = runner.invoke(app, ["build", "--seeds", str(tmp_path / "seeds"), "--out", str(out),
                                 "--no-pdf", "--check"])
    assert result.exit_code == 0, result.stderr
    assert "checked 4 TEI, 1 EPUB and 0 PDF files: 0 errors, 1 warnings" in result.stderr


def test_an_epub_certifier_comes_from_edition_toml(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    toml = seeds / "edition.toml"
    toml.write_text('certifier = "Example Accessibility Services"\n' + toml.read_text("utf-8"),
                    encoding="utf-8")
    result = runner.invoke(app, ["build", "--seeds", str(seeds), "--out", str(tmp_path / "b"), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "b" / "edition.epub") as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert '<meta property="a11y:certifiedBy">Example Accessibility Services</meta>' in opf
    assert io.StringIO(opf).read().count("certifiedBy") == 1


def test_a_structure_tree_at_odds_with_its_pages_is_e706(tmp_path: Path) -> None:
    """ISO 32000-1 §14.7.4: an element that claims marked content the page does not have."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot,
                                                ParentTree=pikepdf.Dictionary(Nums=pikepdf.Array())))
    root.K = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=root, Pg=pdf.pages[0].obj,
        K=pikepdf.Array([0])))])
    pdf.Root.StructTreeRoot = root
    target = tmp_path / "odd.pdf"
    pdf.save(target)
    result = runner.invoke(app, ["check", "--format", "json", str(target)])
    assert result.exit_code == 1
    odd = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "E706"]
    assert odd and "ISO 32000-1 14.7.4" in odd[0]["message"] and "MCID 0" in odd[0]["message"]
