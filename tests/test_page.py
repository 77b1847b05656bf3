"""``pdf --page-size`` and ``--margins``: a page a book can be printed on, or a coded usage
error with exit code 2 (they were ignored in silence, or gave a book of 1,209 empty pages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from edition.cli import app
from edition.errors import UsageError
from edition.page import MIN_BLOCK, PAGE_SIZES, check_page
from tests.conftest import DATA

runner = CliRunner()
LETTER = DATA / "tei" / "letter.xml"


@pytest.mark.parametrize(("size", "margins", "code"), [
    ("banana", None, "E406"),
    ("A4 sideways", None, "E406"),
    ("A4 A5", None, "E406"),
    ("12 18", None, "E406"),            # lengths need a unit
    ("0mm 0mm", None, "E407"),
    ("5000mm 5000mm", None, "E407"),
    ("A10", None, "E407"),
    (None, "200mm", "E408"),
    ("A6", "40mm", "E408"),
    (None, "1em", "E401"),
    (None, "1mm 2mm 3mm 4mm 5mm", "E401"),
    (None, "-5mm", "E401"),
])
def test_an_unusable_page_is_a_usage_error(size: str | None, margins: str | None, code: str,
                                          tmp_path: Path) -> None:
    options = [*(["--page-size", size] if size else []), *(["--margins", margins] if margins else [])]
    out = tmp_path / "out.pdf"
    result = runner.invoke(app, ["pdf", str(LETTER), "-o", str(out), *options])
    assert result.exit_code == 2, result.stderr
    option = "--margins" if code in ("E401", "E408") and margins else "--page-size"
    assert f"{option}:0:0: error: {code}: " in result.stderr and "\n    hint: " in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


@pytest.mark.parametrize(("size", "expected"), [
    ("A4", (210, 297)), ("a5", (148, 210)), ("A3 landscape", (420, 297)), ("portrait B5", (176, 250)),
    ("JIS-B5", (182, 257)), ("letter", (215.9, 279.4)), ("6in 9in", (152.4, 228.6)),
    ("156mm 234mm", (156, 234)), ("20cm", (200, 200)),
])
def test_named_sizes_and_lengths_are_read(size: str, expected: tuple[float, float]) -> None:
    page = check_page(size, None)
    assert (round(page.width, 1), round(page.height, 1)) == expected


def test_margins_follow_the_css_shorthand() -> None:
    assert check_page(None, "10mm").margins == (10, 10, 10, 10)
    assert check_page(None, "10mm 12mm").margins == (10, 12, 10, 12)
    assert check_page(None, "10mm 12mm 14mm").margins == (10, 12, 14, 12)
    assert check_page(None, "0 12mm 14mm 16mm").margins == (0, 12, 14, 16)


@given(st.sampled_from(sorted(PAGE_SIZES)), st.booleans(),
       st.lists(st.integers(0, 400), min_size=1, max_size=4))
def test_every_accepted_page_leaves_a_usable_text_block(name: str, landscape: bool,
                                                         margins: list[int]) -> None:
    size = f"{name} landscape" if landscape else name
    try:
        page = check_page(size, " ".join(f"{m}mm" for m in margins))
    except UsageError as error:
        assert error.messages[0].code in ("E407", "E408")
        return
    top, outside, bottom, inside = page.margins
    assert page.width - outside - inside >= MIN_BLOCK * page.width
    assert page.height - top - bottom >= MIN_BLOCK * page.height


def test_an_accepted_size_is_the_size_of_the_pages(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    result = runner.invoke(app, ["-q", "pdf", str(LETTER), "-o", str(out), "--page-size",
                                 "A6 landscape", "--margins", "10mm"])
    assert result.exit_code == 0, result.stderr
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (148, 105)
