"""The PDF's text layer gives back words with combining marks as written (pdf/textlayer.py)."""

from __future__ import annotations

import re

import pikepdf
import pypdf
from hypothesis import given
from hypothesis import strategies as st

from edition.writers.pdf.textlayer import FontChars, _spanned, _tokens, actual_text, glyph_texts
from tests.coverage import pdf_text
from tests.writers.pdf.test_pdf import Printed

FATHA, SHADDA, LAM, HEH = "\u064e", "\u0651", "\u0644", "\u0647"


def test_a_cluster_gives_each_glyph_its_own_characters() -> None:
    font = FontChars(nominal={10: "а", 11: "\u0301", 20: LAM}, marks=frozenset({11, 30}))
    assert glyph_texts("а\u0301", [10, 11], font) == {10: "а", 11: "\u0301"}
    # The Allah ligature (no cmap entry) takes the letters, the stacked-marks glyph the marks.
    assert glyph_texts(LAM + LAM + FATHA + SHADDA + HEH, [40, 30], font) == {
        40: LAM + LAM + HEH, 30: FATHA + SHADDA}
    # No glyph is left without text while the cluster has characters to give.
    assert all(glyph_texts("إِ", [50, 30], font).values())


def test_actual_text_is_a_utf16_text_string() -> None:
    assert actual_text("о́") == b"<</ActualText <FEFF043E0301>>>"


def test_stressed_cyrillic_is_found_as_written(wild: dict[str, Printed]) -> None:
    path = wild["cyrillic-stress"].path
    # pypdf reads no ActualText and still parts a mark drawn back over its letter: Poppler only.
    for text in (pdf_text(path), pdf_text(path, layout=True)):
        for word in ("за\u0301мок", "замо\u0301к", "Све\u0301тает", "мука\u0301"):
            assert word in text, (word, text[:400])


def _marked_content(pdf: pikepdf.Pdf) -> list[list[tuple[str, bool]]]:
    """Per page, the nesting of marked content at each ActualText: (tag, has MCID) outside in."""
    found = []
    for page in pdf.pages:
        stack: list[tuple[str, bool]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("BDC", "BMC"):
                props = operands[1] if str(operator) == "BDC" else None
                has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                stack.append((str(operands[0]), has_mcid))
                if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props:
                    found.append(list(stack))
            elif str(operator) == "EMC":
                stack.pop()
        assert not stack
    return found


def test_actual_text_spans_leave_the_structure_alone(wild: dict[str, Printed]) -> None:
    with pikepdf.open(wild["cyrillic-stress"].path) as pdf:
        spans = _marked_content(pdf)
    assert spans
    for nesting in spans:
        assert nesting[-1] == ("/Span", False)           # no MCID: not a structure element
        assert any(mcid for _, mcid in nesting[:-1]) or nesting[0][0] == "/Artifact"


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    entries = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            entries[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return entries


def test_vowelled_arabic_and_hebrew_are_found_by_pypdf(wild: dict[str, Printed]) -> None:
    """pypdf puts a right-to-left run back in logical order glyph by glyph: with each glyph
    mapped to its own characters, a kasra is a kasra wherever it is ("إِيَّاكَ" lost its alef)."""
    text = "".join(page.extract_text() for page in pypdf.PdfReader(wild["rtl"].path).pages)
    for word in ("بِسْمِ", "الْحَمْدُ", "مَالِكِ", "نَسْتَعِينُ", "أَنْعَمْتَ", "عَلَيْهِمْ"):
        assert word in text, word


def test_every_glyph_of_an_rtl_font_maps_to_unicode(wild: dict[str, Printed]) -> None:
    """ISO 14289-1 §7.21.7: no glyph of a font used for Arabic or Hebrew without text."""
    for name in ("rtl", "hebrew-ms-nolang", "cyrillic-stress"):
        with pikepdf.open(wild[name].path) as pdf:
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    if "/ToUnicode" in font:
                        empty = [g for g, text in _to_unicode(font).items() if not text]
                        assert not empty, (name, str(font.BaseFont), empty)


def _without_spans(items: list[bytes]) -> list[tuple[bool, bytes]]:
    """The tokens of a line with its spans taken out: what is drawn, and where."""
    out: list[tuple[bool, bytes]] = []
    skip = 0
    for token in _tokens(items):
        if skip:
            skip -= 1
        elif token == (True, b"/Span"):
            skip = 2                                   # the property list and BDC
        elif token != (True, b"EMC"):
            out.append(token)
    return out


def test_a_span_holds_its_glyphs_and_nothing_else() -> None:
    """What stands between two glyphs (a kerning, a text rise) goes with the later glyph: the
    span opens at its first glyph and closes after its last (the mark drawn raised)."""
    items = [b"1 0 0 -1 10 20 Tm", b"/F1 14 Tf", b"[<0001> 0 <0002>] TJ", b"-1.3 Ts",
             b"[ -268 ] TJ", b"[<0003>] TJ", b"0 Ts", b"[ 268 ] TJ", b"[<0004>] TJ"]
    out = _spanned(items, [None, 0, 0, None], {0: "بِ"})
    assert out == [b"1 0 0 -1 10 20 Tm", b"/F1 14 Tf", b"[<0001> 0] TJ", b"/Span",
                   b"<</ActualText <FEFF06280650>>>", b"BDC", b"[<0002>] TJ", b"-1.3 Ts",
                   b"[-268 <0003>] TJ", b"EMC", b"0 Ts", b"[268 <0004>] TJ"]


_GLYPH = st.integers(0, 0xFFFF).map(lambda g: f"<{g:04x}>".encode())
_ITEM = st.one_of(
    st.lists(st.one_of(_GLYPH, st.integers(-999, 999).map(lambda n: str(n).encode())),
             min_size=1, max_size=6).map(lambda parts: b"[" + b"".join(parts) + b"] TJ"),
    st.sampled_from([b"-1.2 Ts", b"0 Ts", b"/F2 9 Tf"]))


@given(st.lists(_ITEM, max_size=12), st.randoms(use_true_random=False))
def test_spans_move_no_glyph_and_nest(items: list[bytes], rng: object) -> None:
    """Whatever spans are asked for: the glyphs, numbers and operators are drawn as before, in
    the same order, and every span opened is closed, never inside another."""
    glyphs = sum(1 for kind, token in _tokens(items) if not kind and token.startswith(b"<"))
    keys = [None if rng.random() < 0.4 else rng.randrange(3)  # type: ignore[attr-defined]
            for _ in range(glyphs)]
    keys = [key if key is None or index == 0 or keys[index - 1] in (None, key) else None
            for index, key in enumerate(keys)]
    out = _spanned(items, keys, {0: "a", 1: "b", 2: "c"})
    assert _without_spans(out) == _tokens(items)
    depth = 0
    for item in out:
        depth += (item == b"BDC") - (item == b"EMC")
        assert depth in (0, 1)
    assert depth == 0


def _actual_texts(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for page in pdf.pages:
        for instruction in pikepdf.parse_content_stream(page):
            props = list(instruction.operands)[1:2]
            if str(instruction.operator) == "BDC" and isinstance(props[0], pikepdf.Dictionary) \
                    and "/ActualText" in props[0]:
                found.append(str(props[0]["/ActualText"]))
    return found


def test_right_to_left_clusters_get_an_actual_text_where_glyphs_do_not_map(
        wild: dict[str, Printed]) -> None:
    """ISO 32000-1 §14.9.4 on a right-to-left line: a cluster's characters in logical order for
    the glyphs that draw it where they do not give it back one by one (the Allah ligature with
    its shadda and fatha; a sheva and a dagesh, a hiriq and a shin dot, that the font draws in
    another order), never a word or a line; a letter and its mark on a glyph each get none, and
    the glyph for fatha with shadda maps to both in ToUnicode (§9.10.3)."""
    with pikepdf.open(wild["rtl"].path) as pdf:
        texts = _actual_texts(pdf)
        spans = _marked_content(pdf)
        maps = [_to_unicode(font) for page in pdf.pages
                for font in page.Resources.get("/Font", {}).values() if "/ToUnicode" in font]
    rtl = {t for t in texts if any("\u0590" <= c <= "\u06ff" for c in t)}
    kasra, beh, ra = "\u0650", "\u0628", "\u0631"
    sheva, dagesh, hiriq, shin_dot = "\u05b0", "\u05bc", "\u05b4", "\u05c1"
    assert {LAM + LAM + FATHA + SHADDA + HEH, sheva + dagesh, hiriq + shin_dot} <= rtl
    assert not {beh, kasra, beh + kasra, ra, ra + FATHA + SHADDA, FATHA + SHADDA} & rtl
    assert any(FATHA + SHADDA in entries.values() for entries in maps)
    assert all(" " not in t for t in rtl), [t for t in rtl if " " in t][:3]
    for nesting in spans:
        assert nesting[-1] == ("/Span", False)
