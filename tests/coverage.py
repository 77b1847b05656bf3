"""Turn a TEI document and its PDF and EPUB into word coverage: which of its words a reader finds.

The words expected are those of every ``text`` and ``sourceDoc`` as a reader of the edition
expects to see them, by the TEI Guidelines' meaning of the markup:

- of a ``choice`` one alternative, by level (TEI P5 §3.5): the default level ``norm`` takes
  ``corr``, ``reg``, ``expan`` and the normalised level of a transcription (``seg type="norm"``,
  Menota's ``me:norm``); ``dipl`` and ``facs`` take the other levels (§3.5.1, §11.3.1.2);
- a break inside a word (``lb``, ``cb``, ``pb`` with ``break="no"``, TEI P5 §3.11.3, or the
  common ``type="hyphenInWord"`` and ``rend="hidden"``) joins the word; any other break
  separates words, as do ``space`` and ``gap`` (§11.4, §3.5.3), whose ``desc`` is read;
- an empty ``g`` is the character its ``charDecl`` entry maps it to (§5.2.1), by level;
- everything else is read: deletions and additions, lemmata and readings of an apparatus
  (§12.1), notes, registers in ``back``, ruby glosses; the header is not.

A word is a run of letters and marks (Unicode categories L, M) or of digits (N); each Han, kana
or Hangul character is a word of its own, since those scripts do not separate words with spaces.
Nothing is normalised: a PDF whose text layer splits "عَلَى" at its vowel marks does not give
back the word. Coverage counts occurrences: a word the document has three times is found only
as often as the output has it, up to three.

``python -m tests.coverage [TEI.xml …] [--out DIR]`` renders each document (default: every one
of tests/data/tei) to PDF and EPUB and prints the coverage of each, with the
first words missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from edition.model.xmlio import parse_xml, read_xml

TEI = "http://www.tei-c.org/ns/1.0"
XHTML = "http://www.w3.org/1999/xhtml"
LEVELS = {
    "norm": ("corr", "reg", "expan", "norm"),
    "dipl": ("dipl", "corr", "reg", "expan"),
    "facs": ("facs", "sic", "orig", "abbr"),
}
# Elements whose start and end are word boundaries. Any other element (hi, persName, add, del,
# ex, am, seg, choice's alternatives, …) may sit inside a word: "Au<hi>thor</hi>" is one word.
TEI_BLOCKS = frozenset("""
    TEI text front body back group div div1 div2 div3 div4 div5 div6 div7 p ab l lg head
    trailer byline dateline docImprint docTitle titlePart titlePage docAuthor docDate epigraph
    opener closer salute signed postscript address addrLine argument sp speaker stage castList
    castItem castGroup role roleDesc list item label table row cell figure figDesc quote cit
    bibl biblStruct listBibl note fw sourceDoc surface surfaceGrp zone line app lem rdg rdgGrp
    listApp witDetail w pc gap desc space listPerson person listPlace place listOrg
    org listEvent event birth death occupation idno rt floatingText standOff forename surname
    roleName addName genName nameLink""".split())
HTML_BLOCKS = frozenset("""
    html body section article aside nav header footer main div p h1 h2 h3 h4 h5 h6 ul ol li dl
    dt dd table thead tbody tfoot tr td th blockquote figure figcaption br hr rt rp pre
    address""".split())
HTML_SKIPPED = frozenset({"head", "script", "style"})
CJK = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
       (0xF900, 0xFAFF), (0xAC00, 0xD7AF), (0xFF66, 0xFF9F), (0x20000, 0x3134F))
SPACE = " "


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _kind(char: str) -> str:
    """"c" for a CJK character, "n" for a digit, "l" for a letter or mark, "" otherwise."""
    if _is_cjk(char):
        return "c"
    category = unicodedata.category(char)[0]
    return {"L": "l", "M": "l", "N": "n"}.get(category, "")


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and marks, runs of digits, each CJK character alone.

    Digits are words of their own so that a note's call printed against its word ("oto³" in the
    output, "oto" in the TEI) leaves the word whole; "12r" is "12" and "r" on both sides.
    """
    found: list[str] = []
    current: list[str] = []
    previous = ""
    for char in text:
        kind = _kind(char)
        if current and (kind != previous or kind == "c"):
            found.append("".join(current))
            current = []
        if kind:
            current.append(char)
        previous = kind
    if current:
        found.append("".join(current))
    return found


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _level_name(element: etree._Element) -> str:
    """What a choice's alternative is called: seg by its @type, anything else by its name."""
    if _local(element) == "seg" and element.get("type"):
        return element.get("type", "")
    return _local(element)


def _chosen(choice: etree._Element, level: str) -> etree._Element | None:
    alternatives = [child for child in choice if isinstance(child.tag, str)]
    for preferred in LEVELS[level]:
        for alternative in alternatives:
            if _level_name(alternative) == preferred:
                return alternative
    return alternatives[0] if alternatives else None


def _joins_word(element: etree._Element) -> bool:
    return (element.get("break") == "no" or element.get("type") == "hyphenInWord"
            or element.get("rend") == "hidden")


def _read_tei(element: etree._Element, level: str, out: list[str]) -> None:
    """Append the text of ``element`` as a reader sees it, with spaces at word boundaries."""
    name = _local(element)
    if name in ("lb", "pb", "cb"):
        if not _joins_word(element):
            out.append(SPACE)
        return
    if name == "caesura":           # TEI P5 §6.2: a break within the line parts the words
        out.append(SPACE)
        return
    foreign = etree.QName(element).namespace not in (TEI, None)
    # An element of another vocabulary is a block of its own, unless it is a level of a choice
    # (me:facs, me:dipl, me:norm), which sits inside a word.
    block = name in TEI_BLOCKS if not foreign else not _is_level(element)
    parent = element.getparent()
    if parent is not None and _local(parent) in ("subst", "mod"):
        block = True  # TEI P5 §11.3.1.5, §11.3.4.4: what replaced what, each read on its own
    if block:
        out.append(SPACE)
    if name == "choice" and not foreign:
        chosen = _chosen(element, level)
        if chosen is not None:
            _read_tei(chosen, level, out)
    elif name == "g" and not foreign and not len(element) and not element.text:
        out.append(_glyph(element, level))
    else:
        out.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                _read_tei(child, level, out)
            out.append(child.tail or "")
    if block:
        out.append(SPACE)


def _glyph(element: etree._Element, level: str) -> str:
    """An empty ``g`` reads as the character its ``charDecl`` entry maps it to (TEI P5 §5.2.1):
    the standard mapping at "norm", the diplomatic one at the other levels; else its name."""
    ident = element.get("ref", "").removeprefix("#")
    found = element.getroottree().xpath("//t:char[@xml:id=$i] | //t:glyph[@xml:id=$i]",
                                        namespaces={"t": TEI}, i=ident)
    if not found:
        return ""
    order = ("standard", "diplomatic") if level == "norm" else ("diplomatic", "standard")
    for kind in order:
        for mapping in found[0].xpath("t:mapping[@type=$k]", namespaces={"t": TEI}, k=kind):
            return "".join(mapping.itertext())
    names = found[0].xpath("t:glyphName | t:charName", namespaces={"t": TEI})
    return f" {''.join(names[0].itertext())} " if names else ""


def _is_level(element: etree._Element) -> bool:
    return any(_level_name(element) in names for names in LEVELS.values())


def transcribed_parts(tree: etree._ElementTree) -> list[etree._Element]:
    """Every ``text`` and ``sourceDoc`` of a document or corpus that is not inside another."""
    root = tree.getroot()
    parts = root.xpath("//t:text[not(ancestor::t:text)] | //t:sourceDoc", namespaces={"t": TEI})
    return [part for part in parts if isinstance(part, etree._Element)]


def expected_words(tree: etree._ElementTree, level: str = "norm") -> Counter[str]:
    out: list[str] = []
    for part in transcribed_parts(tree):
        _read_tei(part, level, out)
        out.append(SPACE)
    return Counter(words("".join(out)))


def _read_html(element: etree._Element, out: list[str]) -> None:
    name = _local(element)
    if name in HTML_SKIPPED:
        return
    block = name in HTML_BLOCKS
    if block:
        out.append(SPACE)
    out.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _read_html(child, out)
        out.append(child.tail or "")
    if block:
        out.append(SPACE)


def epub_words(epub: Path) -> Counter[str]:
    """The words of every XHTML document of an EPUB (the navigation document too), with the
    text alternatives of its images (a figDesc becomes an alt)."""
    out: list[str] = []
    with zipfile.ZipFile(epub) as archive:
        for member in sorted(archive.namelist()):
            if member.endswith((".xhtml", ".html", ".htm")):
                root = parse_xml(archive.read(member), f"{epub}!{member}").getroot()
                _read_html(root, out)
                out.extend(f" {alt} " for alt in root.xpath("//@alt"))
    return Counter(words("".join(out)))


def pdf_text(pdf: Path, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_text_pypdf(pdf: Path) -> str:
    """The text layer as pypdf reads it: it puts the glyphs of a right-to-left run back in
    logical order one by one, where Poppler (22) reads a vowel mark apart from its letter."""
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def pdf_text_pdfium(pdf: Path) -> str:
    """The text layer as PDFium (Chrome's PDF engine) reads it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdf_text_standard(pdf: Path, join: bool = False) -> str:
    """The text layer read by the letter of ISO 32000-1: a marked-content sequence with an
    ActualText is that text, once, in place of its glyphs (§14.9.4); any other glyph is its
    ToUnicode entry (§9.10.2; two bytes a code, the composite fonts WeasyPrint writes). Each
    text line (a Tm) is one string of such pieces in the order
    drawn, which is visual order: a line with right-to-left letters is put back in logical
    order piece by piece (``_logical``), as a reader does, never inside a piece. ``join``: text
    objects set on one baseline one after the other are one line (an element inside a word,
    "ל<persName>יהושע</persName>", is a text object of its own; so is each column's line)."""
    import pikepdf

    out: list[str] = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            previous = None
            for baseline, pieces in _page_pieces(page):
                out.append(("" if join and baseline == previous else "\n") + _logical(pieces))
                previous = baseline
    return "".join(out)


def _page_pieces(page: Any) -> list[tuple[float, list[str]]]:
    """The baseline and the pieces of text of each text object of a page, a text line set with
    a Tm (see ``pdf_text_standard``)."""
    import pikepdf

    from edition.check.tounicode import cmap_entries

    fonts: Any = page.Resources.get("/Font", {})
    maps: dict[str, dict[int, str]] = {}
    lines: list[tuple[float, list[str]]] = [(0.0, [])]
    entries: dict[int, str] = {}
    spans: list[bool] = []                         # per open sequence: has an ActualText
    replacement = ""                               # the open ActualText, until it is placed
    for instruction in pikepdf.parse_content_stream(page):
        operands, name = list(instruction.operands), str(instruction.operator)
        if name == "Tm":
            lines.append((round(float(operands[5]), 1), []))
        elif name == "Tf":
            font = fonts.get(str(operands[0]))
            if str(operands[0]) not in maps:
                maps[str(operands[0])] = cmap_entries(font.ToUnicode.read_bytes()) \
                    if font is not None and "/ToUnicode" in font else {}
            entries = maps[str(operands[0])]
        elif name in ("BDC", "BMC"):
            props = operands[1] if name == "BDC" else None
            actual = isinstance(props, pikepdf.Dictionary) and "/ActualText" in props
            if actual and not any(spans):
                # The text stands where its first glyph is drawn (a Tm may come first).
                replacement = str(props["/ActualText"])  # type: ignore[index]
            spans.append(actual)
        elif name == "EMC" and spans:
            spans.pop()
        elif name in ("TJ", "Tj") and any(spans):
            lines[-1][1].append(replacement)
            replacement = ""
        elif name in ("TJ", "Tj"):
            for string in operands[0] if name == "TJ" else operands:
                if isinstance(string, pikepdf.String):
                    data = bytes(string)
                    lines[-1][1].extend(entries.get(int.from_bytes(data[at:at + 2], "big"), "")
                                        for at in range(0, len(data), 2))
    return [line for line in lines if line[1]]


def _direction(piece: str) -> str:
    """"R" for a piece with a right-to-left letter, "L" for one with a left-to-right letter, "N"
    for a number (which runs left to right in either direction), "" for spaces, marks and
    punctuation."""
    classes = {unicodedata.bidirectional(char) for char in piece}
    if classes & {"R", "AL"}:
        return "R"
    if "L" in classes:
        return "L"
    return "N" if classes & {"EN", "AN"} else ""


def _logical(pieces: list[str]) -> str:
    """A line's pieces from visual to logical order: with a right-to-left letter in it, the
    line is read from its right end, and a run of left-to-right letters or numbers keeps its
    own order, with the neutrals between two left-to-right letters (UAX #9, rules N1 and L2,
    for one embedding level; between numbers a neutral takes the right-to-left direction)."""
    if not any(_direction(piece) == "R" for piece in pieces):
        return "".join(pieces)
    out: list[str] = []
    run: list[str] = []
    held: list[str] = []                           # neutrals after the run's last piece
    last = ""
    for piece in pieces[::-1]:
        kind = _direction(piece)
        if kind in ("L", "N") and (not run or (held and not kind == last == "L")):
            _close_run(out, run, held)
            run, held = [piece], []
        elif kind in ("L", "N"):
            run.extend([*held, piece])
            held = []
        elif kind == "R" or not run:
            _close_run(out, run, held)
            run, held = [], []
            out.append(piece)
            continue
        else:
            held.append(piece)
            continue
        last = kind
    _close_run(out, run, held)
    return "".join(out)


def _close_run(out: list[str], run: list[str], held: list[str]) -> None:
    out.extend(run[::-1] + held)


def pdf_alternatives(pdf: Path) -> str:
    """The text alternatives of a tagged PDF's structure (/Alt of figures: a figDesc)."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return " ".join(f" {obj.Alt} " for obj in document.objects
                        if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj)


def pdf_words_by(pdf: Path) -> dict[str, Counter[str]]:
    """The words of a PDF's text layer per reader, each with the text alternatives: pdftotext
    (its reading order, hyphenation undone, and its layout mode), pypdf, PDFium, and the reader
    by the letter of the standard (``pdf_text_standard``). A word hyphenated at a line end
    (print CSS hyphenates) counts whole, and its halves too, whichever the document has."""
    alternatives = "\n" + pdf_alternatives(pdf)
    plain = pdf_text(pdf) + alternatives
    # Poppler's reading order joins a word broken at a hard hyphen ("note-paper" at a line end
    # gives "notepaper"); its layout mode keeps the hyphen.
    poppler = Counter(words(plain)) | Counter(words(_dehyphenate(plain))) | \
        Counter(words(pdf_text(pdf, layout=True) + alternatives))
    return {"pdftotext": poppler} | {
        name: Counter(words(text)) | Counter(words(_dehyphenate(text)))
        for name, text in (("pypdf", pdf_text_pypdf(pdf) + alternatives),
                           ("pdfium", pdf_text_pdfium(pdf) + alternatives),
                           ("standard", pdf_text_standard(pdf) + "\n"
                            + pdf_text_standard(pdf, join=True) + alternatives))}


def pdf_words(pdf: Path) -> Counter[str]:
    """The words any of the readers of ``pdf_words_by`` finds."""
    found: Counter[str] = Counter()
    for by_reader in pdf_words_by(pdf).values():
        found |= by_reader
    return found


def _dehyphenate(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1][-1:] in ("-", "\u00ad", "\u2010") and line[:1] and \
                _is_word_char(line[0]) and len(out[-1]) > 1 and _is_word_char(out[-1][-2]):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return "\n".join(out)


@dataclass(frozen=True)
class Coverage:
    expected: int
    found: int
    missing: Counter[str]

    @property
    def ratio(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def coverage(expected: Counter[str], output: Counter[str]) -> Coverage:
    missing = expected - output
    total = sum(expected.values())
    return Coverage(total, total - sum(missing.values()), missing)


def _render(source: Path, out: Path, level: str = "norm") -> tuple[Path, Path]:
    from edition.cli import main

    pdf, epub = out / f"{source.stem}.pdf", out / f"{source.stem}.epub"
    for command, target in (("pdf", pdf), ("epub", epub)):
        if main(["--quiet", command, str(source), "-o", str(target), "--level", level]) != 0:
            raise RuntimeError(f"edition {command} failed on {source}")
    return pdf, epub


READERS = ("pdftotext", "pypdf", "pdfium", "standard")


def report(sources: Iterable[Path], out: Path, level: str = "norm") -> Iterator[str]:
    """One table row per document: its words, the share each PDF reader finds (and any of
    them), the EPUB's share, and the first words missed."""
    yield (f"| Document | Words | PDF (any) | {' | '.join(READERS)} | EPUB | first words missed "
           "(PDF, any reader / EPUB) |")
    yield "|---|---:|---:|" + "---:|" * len(READERS) + "---:|---|"
    for source in sources:
        expected = expected_words(read_xml(source), level)
        pdf, epub = _render(source, out, level)
        by_reader = pdf_words_by(pdf)
        union: Counter[str] = Counter()
        for found in by_reader.values():
            union |= found
        in_pdf, in_epub = coverage(expected, union), coverage(expected, epub_words(epub))
        readers = " | ".join(f"{coverage(expected, by_reader[name]).ratio:.1%}"
                             for name in READERS)
        missed = " / ".join(" ".join(list(c.missing.elements())[:8]) or "—"
                            for c in (in_pdf, in_epub))
        yield (f"| {source.name} | {in_pdf.expected} | {in_pdf.ratio:.1%} ({in_pdf.found}) | "
               f"{readers} | {in_epub.ratio:.1%} ({in_epub.found}) | {missed} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="where to write the PDFs and EPUBs")
    parser.add_argument("--level", choices=sorted(LEVELS), default="norm")
    args = parser.parse_args(argv)
    sources = args.documents or sorted((Path(__file__).parent / "data" / "tei").rglob("*.xml"))
    with tempfile.TemporaryDirectory() as temp:
        out = args.out or Path(temp)
        out.mkdir(parents=True, exist_ok=True)
        for line in report(sources, out, args.level):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
