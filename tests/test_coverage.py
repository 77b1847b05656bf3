"""The word-coverage helper reads TEI as the Guidelines mean it, and counts what outputs lose."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from edition.model.xmlio import parse_xml
from tests.coverage import (
    _logical,
    coverage,
    expected_words,
    pdf_text,
    pdf_text_pdfium,
    pdf_text_standard,
    words,
)

TEI_NS = 'xmlns="http://www.tei-c.org/ns/1.0"'


def read(body: str, level: str = "norm", outside: str = "") -> Counter[str]:
    document = (f'<TEI {TEI_NS} xmlns:me="http://www.menota.org/ns/1.0"><teiHeader><fileDesc>'
                "<titleStmt><title>Header words</title></titleStmt></fileDesc></teiHeader>"
                f"{outside}<text><body>{body}</body></text></TEI>")
    return expected_words(parse_xml(document.encode(), "doc.xml"), level)


def test_words_keep_marks_and_split_cjk_by_character() -> None:
    assert words("عَلَى Све́тает, don’t") == ["عَلَى", "Све́тает", "don", "t"]
    assert words("吾輩は猫 である。") == ["吾", "輩", "は", "猫", "で", "あ", "る"]
    assert words("oto3 fol. 12r, ²") == ["oto", "3", "fol", "12", "r", "²"]


def test_breaks_inside_words_join_and_others_separate() -> None:
    assert read('<p>Au<lb break="no"/>thor Schick<pb break="no"/>sal ver<lb '
                'type="hyphenInWord"/>lassen Ver<lb rend="hidden"/>bindung one<lb/>two '
                "three<cb/>four wor<del>l</del><add>d</add> <subst><del>it</del><add>that</add>"
                "</subst></p>") == Counter(
        ["Author", "Schicksal", "verlassen", "Verbindung", "one", "two", "three", "four",
         "world", "it", "that"])


def test_a_choice_gives_one_alternative_by_level() -> None:
    body = ("<p><choice><sic>teh</sic><corr>the</corr></choice> <choice><abbr>Dr</abbr>"
            "<expan>Doctor</expan></choice> <w><choice><me:facs>ſcyli</me:facs><me:dipl>scyli"
            "</me:dipl><me:norm>skyli</me:norm></choice></w> <choice><seg type='facs'>vm</seg>"
            "<seg type='norm'>um</seg></choice></p>")
    assert read(body) == Counter(["the", "Doctor", "skyli", "um"])
    assert read(body, "facs") == Counter(["teh", "Dr", "ſcyli", "vm"])


def test_space_gap_desc_apparatus_notes_and_sourcedoc_are_read_the_header_not() -> None:
    found = read('<p>Herz<space quantity="2" unit="chars"/>selbst <gap><desc>two words</desc>'
                 '</gap> <app><lem>his</lem><rdg>hise</rdg></app><note>n</note></p>',
                 outside="<sourceDoc><surface><zone><line>draft</line><line>page</line></zone>"
                         "</surface></sourceDoc>")
    assert found == Counter(["Herz", "selbst", "two", "words", "his", "hise", "n", "draft",
                             "page"])


def test_coverage_counts_occurrences() -> None:
    result = coverage(Counter({"more": 3, "Lenore": 1}), Counter({"more": 2, "other": 5}))
    assert (result.expected, result.found, result.missing) == (4, 2, Counter({"more": 1,
                                                                              "Lenore": 1}))
    assert result.ratio == 0.5


@given(st.lists(st.text(alphabet="abcdeéж", min_size=1, max_size=6), min_size=1, max_size=20))
def test_the_words_of_a_paragraph_are_found_in_the_same_text(parts: list[str]) -> None:
    text = " ".join(parts)
    assert coverage(read(f"<p>{text}</p>"), Counter(words(text))).ratio == 1.0


VOWELLED = ("بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ الْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ عَلَى "
            "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם")


def test_the_standard_reader_reads_another_writers_pdf(tmp_path: Path) -> None:
    """The reader by the letter of ISO 32000-1 is checked on a PDF the edition did not write:
    Chromium's print of vowelled Arabic and Hebrew (Skia gives each cluster an ActualText). It
    finds every word; Poppler (pdftotext 22) and PDFium, which take an ActualText on a
    right-to-left line for visual order, do not: the control for their figures on rtl.xml."""
    page = tmp_path / "words.html"
    page.write_text(f'<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">'
                    f'<p style="font-size: 24px">{VOWELLED}</p></html>', encoding="utf-8")
    pdf = tmp_path / "words.pdf"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, check=True,
                   timeout=120)
    expected = Counter(words(VOWELLED))
    assert coverage(expected, Counter(words(pdf_text_standard(pdf)))).ratio == 1.0
    for other in (pdf_text(pdf), pdf_text_pdfium(pdf)):
        assert coverage(expected, Counter(words(other))).ratio < 0.5


def test_logical_order_puts_a_right_to_left_line_back_piece_by_piece() -> None:
    """Visual order to logical: pieces from the right end; a number keeps its own order, and a
    neutral between numbers goes right to left (UAX #9 N1), so "1–3" is drawn "3–1"."""
    assert _logical(["1", "2", " ", "م", "ا", "ل", "س"]) == "سلام 12"
    assert _logical(["3", "–", "1", " ", "ת", "י", "ב"]) == "בית 1–3"
    assert _logical(["a", "b", " ", "c"]) == "ab c"
