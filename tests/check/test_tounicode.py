"""The ToUnicode rule of ``edition check`` (PDF/UA-1 7.21.7-1): per glyph code shown, not per
font; a PDF with one entry taken out of a used font's map breaks it, naming the rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from edition.check.tounicode import cmap_entries, unmapped_glyphs
from edition.cli import app
from edition.model.xmlio import read_xml
from edition.writers.pdf import PdfWriter
from tests.conftest import DATA

runner = CliRunner()


@pytest.fixture(scope="module")
def rtl_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = DATA / "tei" / "rtl.xml"
    target = tmp_path_factory.mktemp("tounicode") / "rtl.pdf"
    PdfWriter().write(read_xml(source), target, base=source)
    return target


def test_cmap_entries_read_chars_and_ranges() -> None:
    cmap = (b"2 beginbfchar\n<0003> <0020>\n<05a0> <064E0651>\nendbfchar\n"
            b"1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n"
            b"1 beginbfrange\n<0020> <0021> [<0644> <>]\nendbfrange\n")
    assert cmap_entries(cmap) == {3: " ", 0x5A0: "\u064e\u0651", 0x10: "A", 0x11: "B",
                                  0x12: "C", 0x20: "\u0644", 0x21: ""}


def test_a_rendered_pdf_maps_every_glyph_it_draws(rtl_pdf: Path) -> None:
    with pikepdf.open(rtl_pdf) as pdf:
        assert list(unmapped_glyphs(pdf)) == []


def _drop_one_used_entry(source: Path, target: Path) -> str:
    """Copy the PDF with the first ToUnicode entry of the first font of page 1 taken out; the
    code dropped, as the rule writes it."""
    with pikepdf.open(source) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        cmap = font.ToUnicode.read_bytes()
        match = re.search(rb"beginbfchar\s*<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]*>", cmap)
        assert match is not None
        code = int(match[1], 16)
        font.ToUnicode.write(cmap[:match.start(1) - 1] + cmap[match.end():])
        pdf.save(target)
    return f"{code:04X}"


def test_a_glyph_without_unicode_breaks_the_rule(rtl_pdf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    code = _drop_one_used_entry(rtl_pdf, broken)
    result = runner.invoke(app, ["check", "--format", "json", str(broken)])
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout)["findings"]
             if f["message"].startswith("PDF/UA-1 7.21.7-1:")]
    assert len(found) == 1 and code in found[0]["message"], found
    assert found[0]["code"] == "E701"
    # The untouched PDF passes the same rule.
    clean = runner.invoke(app, ["check", "--format", "json", str(rtl_pdf)])
    assert not [f for f in json.loads(clean.stdout)["findings"]
                if f["message"].startswith("PDF/UA-1 7.21.7-1:")]
