"""The printed book, checked with the tools the world uses: qpdf, pikepdf and Poppler's pdftotext.

The bundled edition is built with its PDF once per session; every check reads that PDF.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from typer.testing import CliRunner

from edition.cli import app
from edition.model.xmlio import read_xml
from edition.writers import WRITERS
from edition.writers.book import Book, make_book
from edition.writers.pdf import Layout, PageSetup, PdfWriter, SafeFetcher, print_parts, render_pdf
from edition.writers.xhtml import XHTML
from tests.conftest import DATA

TEI_DATA = DATA / "tei"
WILD = sorted(TEI_DATA.glob("*.xml"))
TEI = "{http://www.tei-c.org/ns/1.0}"
# Elements whose words the reader is not meant to see: metadata, and the alternative a <choice>
# keeps for the curious (the original spelling, the abbreviation; TEI P5 §3.5.1: the reading
# level shows the regularisation and the expansion), and the levels of a transcription other
# than the normalised one (seg type="facs"/"dipl", Menota's me:facs, me:dipl).
UNSEEN = {"teiHeader", "figDesc", "index", "interp", "interpGrp", "link", "linkGrp", "certainty",
          "precision", "respons", "orig", "abbr", "facs", "dipl"}


@dataclass
class Printed:
    """A rendered PDF and what Poppler reads on each of its pages."""

    path: Path
    pages: list[str]                 # pdftotext -layout, one string per page

    def flat(self, number: int) -> str:
        """Page ``number`` (from 1) as one line: hyphenation undone, white space collapsed."""
        return flatten(self.pages[number - 1])

    def folio(self, number: int) -> str | None:
        """The page number printed on page ``number``: alone at the foot of a part's first page,
        or at the outer end of the running head, set apart from it by a wide space."""
        lines = [line for line in self.pages[number - 1].splitlines() if line.strip()]
        if not lines:
            return None
        if lines[-1].strip().isdigit():
            return lines[-1].strip()
        head = re.fullmatch(r"\s*(\d+)\s{3,}\S.*|.*\S\s{3,}(\d+)\s*", lines[0])
        return (head[1] or head[2]) if head else None


def flatten(text: str) -> str:
    text = re.sub("\u2010\\s*\n\\s*", "", text)        # the hyphen WeasyPrint adds at a line end
    return unicodedata.normalize("NFKC", " ".join(text.split()))


def read_pdf(path: Path) -> Printed:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return Printed(path, out.split("\f")[:-1])


@dataclass
class Bundled:
    printed: Printed
    tei: Path
    book: Book


# ---------------------------------------------------------------------- the file
def test_qpdf_finds_no_error(bundled: Bundled) -> None:
    result = subprocess.run(["qpdf", "--check", str(bundled.printed.path)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_page_count_is_a_small_book(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        assert 20 <= len(pdf.pages) <= 60
        assert len(pdf.pages) == len(bundled.printed.pages)
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2] == pytest.approx(148 / 25.4 * 72, abs=0.5)      # 148 × 210 mm
    assert box[3] == pytest.approx(210 / 25.4 * 72, abs=0.5)


def test_tagged_and_claims_pdf_a_3a(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "A"
        assert "/OutputIntents" in pdf.Root


def test_metadata_in_document_info_and_xmp(bundled: Bundled) -> None:
    book = bundled.book
    with pikepdf.open(bundled.printed.path) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == book.title
        assert str(info.Author) == ", ".join(name for name, _ in book.editors)
        assert str(info.Subject) == book.subtitle
        assert str(info.Keywords) == ", ".join(book.subjects)
        assert str(info.CreationDate).startswith("D:" + book.date.replace("-", ""))
        meta = pdf.open_metadata()
        assert meta["dc:title"] == book.title
        assert meta["dc:creator"] == [name for name, _ in book.editors]
        assert meta["dc:description"] == book.subtitle
        assert meta["dc:language"] == {"en"}
        assert meta["dc:subject"] == set(book.subjects)
        assert meta["pdf:Keywords"] == ", ".join(book.subjects)
        assert meta["xmp:CreateDate"].startswith(book.date)


def test_the_tei_is_attached_as_the_source(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        attachments = dict(pdf.attachments.items())
        assert list(attachments) == ["edition.xml"]
        spec = attachments["edition.xml"]
        assert spec.obj.AFRelationship == pikepdf.Name.Source
        assert spec.get_file().mime_type == "application/tei+xml"
        assert spec.get_file().read_bytes() == bundled.tei.read_bytes()
        assert [item.objgen for item in pdf.Root.AF] == [spec.obj.objgen]


def test_every_font_is_embedded(bundled: Bundled) -> None:
    families = set()
    with pikepdf.open(bundled.printed.path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.FontDescriptor
                    assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), \
                        descendant.BaseFont
                    families.add(str(descendant.BaseFont).split("+", 1)[-1])
    assert {"EB-Garamond", "EB-Garamond-Italic"} <= families
    result = subprocess.run(["pdffonts", str(bundled.printed.path)], capture_output=True, text=True,
                            check=True)
    for line in result.stdout.splitlines()[2:]:
        assert line.split()[-5] == "yes", line       # the "emb" column


def test_a_bookmark_for_every_text_and_section(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        nested = [child.title for item in outline.root for child in item.children]
    for section in bundled.book.sections:
        for entry in section.toc:
            assert entry.title in top, entry.title
            assert all(child.title in nested for child in entry.children)
    assert len([t for t in bundled.book.texts if t.toc]) == 3
    assert top[0] == bundled.book.title and "Colophon" in top


def test_two_builds_are_byte_identical(bundled: Bundled, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    PdfWriter().write(read_xml(bundled.tei), again, base=bundled.tei)
    assert again.read_bytes() == bundled.printed.path.read_bytes()


# ---------------------------------------------------------------------- the pages
def test_contents_numbers_are_the_folios_of_the_titles(bundled: Bundled) -> None:
    printed = bundled.printed
    contents_pages = [n for n in range(1, len(printed.pages) + 1) if "Contents" in printed.flat(n)[:40]]
    assert contents_pages, "no contents page"
    listing = " ".join(printed.flat(n) for n in contents_pages)
    contents = bundled.book.section("contents")
    assert contents is not None
    titles = [flatten("".join(link.itertext())) for link in contents.body.iter(f"{{{XHTML}}}a")]
    assert len(titles) >= 10 and titles[-1] == "Colophon"     # laid out after the index
    for title in titles:
        found = re.search(re.escape(title) + r"[ .]*?\s(\d+)\b", listing)
        assert found, f"{title!r} is not in the contents"
        page = int(found[1])
        assert printed.folio(page) == str(page), f"page {page} does not show the folio {page}"
        assert title in printed.flat(page), f"{title!r} is not on page {page}"


def test_every_note_is_on_the_page_of_its_call(bundled: Bundled) -> None:
    printed = bundled.printed
    flat = [printed.flat(n) for n in range(1, len(printed.pages) + 1)]
    footnotes = list(_footnotes(bundled.book))
    assert len(footnotes) == sum(len(section.notes) for section in bundled.book.sections) >= 20
    for number, snippet, before in footnotes:
        pages = [n for n, text in enumerate(flat, start=1) if f"{number} {snippet}" in text]
        assert pages, f"note {number} ({snippet!r}) is on no page"
        assert any(re.search(re.escape(before) + r"\s?" + number + r"\b", flat[page - 1])
                   for page in pages), f"note {number} ({snippet!r}) is not on the page of its call"


def _footnotes(book: Book):  # type: ignore[no-untyped-def]
    """(number, the note's first words, the word its call follows) for every footnote."""
    for part in print_parts(book):
        for footnote in part.element.iter(f"{{{XHTML}}}span"):
            if "footnote" not in footnote.get("class", "").split():
                continue
            snippet = " ".join(flatten("".join(footnote.itertext())).split()[:5])
            preceding = footnote.xpath("preceding::text()[not(ancestor::*[contains(@class, 'footnote')])]")
            before = flatten("".join(preceding[-6:])).split()[-1]
            yield footnote.get("data-n", ""), snippet, flatten(before)


def test_every_index_entry_lists_pages_that_name_it(bundled: Bundled) -> None:
    printed = bundled.printed
    index_start = next(n for n in range(1, len(printed.pages) + 1)
                       if printed.flat(n).startswith("Index of names"))
    index = "\n".join(printed.pages[index_start - 1:])
    items = [item for item in bundled.book.registers if item.mentions]
    assert len(items) >= 20
    for item in items:
        head = re.search(r"^\s*" + re.escape(item.heading) + r"(?= \(|\s*$)", index, re.MULTILINE)
        assert head, f"{item.heading} has no entry"
        found = re.search(r"\bpp?\. ((?:\d+, )*\d+)", flatten(index[head.end():]))
        assert found, item.name
        pages = [int(p) for p in found[1].split(", ")]
        assert pages == sorted(set(pages))
        for page in pages:
            assert page < index_start
            words = [_longest_word(m.text) for m in item.mentions]
            assert any(word in printed.flat(page) for word in words), \
                f"{item.name}: page {page} names none of {sorted(set(words))}"
        for mention in item.mentions:          # every mention is on a listed page
            assert any(_longest_word(mention.text) in printed.flat(page) for page in pages), \
                f"{item.name}: {mention.text!r} is on no listed page"


def test_the_printed_index_files_persons_by_surname(bundled: Bundled) -> None:
    printed = bundled.printed
    index_start = next(n for n in range(1, len(printed.pages) + 1)
                       if printed.flat(n).startswith("Index of names"))
    index = " ".join(printed.flat(n) for n in range(index_start, len(printed.pages) + 1))
    persons = index[index.index("Persons"):index.index("Places")]
    order = ["Lenin, Vladimir Ilyich (", "Marx, Karl (", "Napoleon III (", "Thiers, Adolphe ("]
    assert all(name in persons for name in order), persons
    assert [persons.index(name) for name in order] == sorted(persons.index(name) for name in order)


def _longest_word(text: str) -> str:
    return max(flatten(text).split(), key=len)


def test_running_heads_and_blank_pages(bundled: Bundled) -> None:
    printed = bundled.printed
    title = bundled.book.title
    texts = {text.running_title for text in bundled.book.texts}
    heads = {}
    for number in range(1, len(printed.pages) + 1):
        lines = [line for line in printed.pages[number - 1].splitlines() if line.strip()]
        if not lines:
            continue                   # a blank page: no running head, no folio
        first = " ".join(lines[0].split())
        if number % 2 == 0 and first.startswith(f"{number} "):
            assert first == f"{number} {title}", first
            heads[number] = "left"
        elif first.endswith(f" {number}"):
            assert first.removesuffix(f" {number}") in {*texts, "Introduction", "Editorial principles",
                                                        "Note on the sources", "Index of names"}, first
            heads[number] = "right"
    assert "left" in heads.values() and "right" in heads.values()
    assert printed.pages[1].strip() == ""          # the back of the title page is blank
    assert printed.folio(1) is None


def test_the_source_reading_of_an_emendation_is_kept(bundled: Bundled) -> None:
    everything = " ".join(bundled.printed.flat(n) for n in range(1, len(bundled.printed.pages) + 1))
    assert "unjustice] injustice" in everything
    assert "injustice" in everything.replace("unjustice] injustice", "")


# ---------------------------------------------------------------------- reproducible
def test_source_date_epoch_is_the_date_of_the_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = TEI_DATA / "corpus.xml"
    tree = read_xml(source)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, *_ = render_pdf(tree, source)
    second, *_ = render_pdf(read_xml(source), source)
    assert first == second
    (tmp_path / "a.pdf").write_bytes(first)
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20231114221320")
        assert pdf.open_metadata()["xmp:ModifyDate"] == "2023-11-14T22:13:20Z"
        stamp = datetime.fromtimestamp(1700000000, tz=UTC).strftime("D:%Y%m%d%H%M%S")
        assert str(pdf.attachments["corpus.xml"].obj.EF.F.Params.ModDate).startswith(stamp)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    third, *_ = render_pdf(read_xml(source), source)
    assert third != first


def test_without_a_date_the_pdf_has_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = TEI_DATA / "thin-header.xml"
    data, *_ = render_pdf(read_xml(source), source)
    assert data == render_pdf(read_xml(source), source)[0]
    (tmp_path / "thin.pdf").write_bytes(data)
    with pikepdf.open(tmp_path / "thin.pdf") as pdf:
        assert "/CreationDate" not in pdf.docinfo


# ---------------------------------------------------------------------- any TEI
@pytest.mark.parametrize("source", WILD, ids=[p.stem for p in WILD])
def test_every_word_of_a_test_document_is_in_its_pdf(source: Path, wild: dict[str, Printed]) -> None:
    printed = wild[source.stem]
    text = " ".join(printed.flat(n) for n in range(1, len(printed.pages) + 1))
    words = _visible_words(source)
    assert words
    missing = sorted({word for word in words if word not in text})
    assert not missing, f"{len(missing)} words missing, e.g. {missing[:10]}"


def _visible_words(source: Path) -> list[str]:
    """Every word of the document's texts that a reader should see (two letters or more: Poppler
    reads an Arabic letter carrying a vowel mark as the mark alone)."""
    words = []
    for text in etree.parse(str(source)).getroot().iter(f"{TEI}text"):
        for node in text.xpath(".//text()"):
            holder = node.getparent()
            owners = [holder, *holder.iterancestors()][1 if node.is_tail else 0:]
            if any(isinstance(o.tag, str) and _unseen(o) for o in owners):
                continue
            for word in re.findall(r"\w{2,}", unicodedata.normalize("NFKC", str(node))):
                # Japanese has no spaces: a line of the page may end anywhere in a sentence.
                words += list(word) if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", word) else [word]
    return words


def _unseen(element: etree._Element) -> bool:
    name = etree.QName(element).localname
    return name in UNSEEN or (name == "seg" and element.get("type") in UNSEEN)


@pytest.mark.parametrize("name, scripts", [
    ("cjk", {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-TC", "Noto-Serif-CJK-JP", "Noto-Serif-CJK-KR"}),
    ("rtl", {"Noto-Naskh-Arabic", "Noto-Serif-Hebrew"}),
    ("scripts", {"EB-Garamond"}),
])
def test_other_scripts_have_real_glyphs(name: str, scripts: set[str], wild: dict[str, Printed]) -> None:
    fonts = set()
    with pikepdf.open(wild[name].path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts.add(str(font.BaseFont).split("+", 1)[-1])
    assert scripts <= fonts
    assert not any(font.startswith(("DejaVu", "Liberation")) for font in fonts)
    text = " ".join(wild[name].flat(n) for n in range(1, len(wild[name].pages) + 1))
    assert "\ufffd" not in text


def test_right_to_left_text_stays_in_its_paragraph(wild: dict[str, Printed]) -> None:
    text = " ".join(wild["rtl"].flat(n) for n in range(1, len(wild["rtl"].pages) + 1))
    assert "In the beginning God created the heaven and the earth" in text


def test_the_contents_give_the_page_of_the_colophon_laid_out_after_the_index(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The colophon is laid out after the index, in the second pass, and the contents learn its
    page then. Had writing that page in changed the contents' length, the book is laid out again
    with the page known: the number shown is still the colophon's folio."""
    calls: list[dict[str, int]] = []
    numbered_front = Layout.numbered_front

    def first_time_too_long(self: Layout, parts: list, first: object, pages: dict) -> object:
        calls.append(dict(pages))
        return None if len(calls) == 1 else numbered_front(self, parts, first, pages)

    monkeypatch.setattr(Layout, "numbered_front", first_time_too_long)
    source = TEI_DATA / "letter.xml"
    target = tmp_path / "letter.pdf"
    PdfWriter().write(read_xml(source), target, base=source)
    assert len(calls) == 2
    printed = read_pdf(target)
    contents = next(n for n in range(1, len(printed.pages) + 1) if "Contents" in printed.flat(n)[:40])
    found = re.search(r"Colophon[ .]*?\s(\d+)\b", printed.flat(contents))
    assert found, printed.flat(contents)
    page = int(found[1])
    assert page == len(printed.pages) == calls[1]["colophon-title"]
    assert printed.flat(page).startswith("Colophon")


def test_long_document_chapters_notes_and_index(tmp_path: Path) -> None:
    """A document of numbered chapters (tests/data/tei/make_large.py, cut to 150 kB)."""
    spec = importlib.util.spec_from_file_location("make_large", TEI_DATA / "make_large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = tmp_path / "large.xml"
    module.make_large(source, 150_000)
    PdfWriter().write(read_xml(source), tmp_path / "large.pdf", base=source)
    printed = read_pdf(tmp_path / "large.pdf")
    book = make_book(read_xml(source), source)
    notes = list(_footnotes(book))
    assert notes
    flat = [printed.flat(n) for n in range(1, len(printed.pages) + 1)]
    for number, snippet, _ in notes:
        assert any(f"{number} {snippet}" in page for page in flat), snippet
    index = next(n for n, page in enumerate(flat, start=1) if page.startswith("Index of names"))
    assert re.search(r"\bpp\. \d+, \d+", " ".join(flat[index - 1:]))


# ---------------------------------------------------------------------- safety
def test_unsafe_links_are_reported_not_fetched(tmp_path: Path) -> None:
    source = TEI_DATA / "unsafe-links.xml"
    data, warnings, _ = render_pdf(read_xml(source), source)
    assert {m.code for m in warnings} >= {"W102"}
    assert any("file:///etc/passwd" in m.text for m in warnings)
    (tmp_path / "unsafe.pdf").write_bytes(data)
    with pikepdf.open(tmp_path / "unsafe.pdf") as pdf:
        assert not [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    text = subprocess.run(["pdftotext", str(tmp_path / "unsafe.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "root:" not in text
    assert "[image: file:///etc/passwd]" in flatten(text)


def test_the_fetcher_reads_only_inside_its_folders(tmp_path: Path) -> None:
    inside = tmp_path / "edition"
    inside.mkdir()
    (inside / "figure.png").write_bytes(b"\x89PNG")
    (inside / "escape.png").symlink_to("/etc/hostname")
    fetcher = SafeFetcher([inside])
    assert fetcher.fetch((inside / "figure.png").as_uri()).read() == b"\x89PNG"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ("file:///etc/passwd", (inside / "escape.png").as_uri(), "http://example.org/a.png",
                "https://example.org/font.woff", "ftp://example.org/x", (inside / "../x").as_uri(),
                "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert "file:///etc/passwd" in fetcher.refused


def test_an_image_inside_the_folder_is_embedded(wild: dict[str, Printed]) -> None:
    with pikepdf.open(wild["structure"].path) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert len(images) == 1


# ---------------------------------------------------------------------- variants and set-up
def test_pdf_ua_variant(tmp_path: Path) -> None:
    source = TEI_DATA / "letter.xml"
    target = tmp_path / "letter.pdf"
    PdfWriter().write(read_xml(source), target, base=source, variant="pdf/ua-1")
    with pikepdf.open(target) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert "pdfaid:part" not in meta
        assert pdf.Root.MarkInfo.Marked is True


def test_page_size_and_margins_are_configurable(tmp_path: Path) -> None:
    source = TEI_DATA / "corpus.xml"
    target = tmp_path / "a4.pdf"
    PdfWriter(PageSetup(size="A4", margins="20mm 25mm 30mm 20mm")).write(read_xml(source), target,
                                                                          base=source)
    with pikepdf.open(target) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_the_writer_is_registered() -> None:
    writer = WRITERS["pdf"]
    assert writer is PdfWriter
    assert (writer.name, writer.suffix) == ("pdf", ".pdf")


# ---------------------------------------------------------------------- the command
def test_edition_pdf_writes_next_to_the_tei(tmp_path: Path) -> None:
    source = tmp_path / "verse.xml"
    shutil.copy(TEI_DATA / "verse.xml", source)
    result = CliRunner().invoke(app, ["-q", "pdf", str(source)])
    assert result.exit_code == 0, result.stderr
    with pikepdf.open(tmp_path / "verse.pdf") as pdf:
        assert len(pdf.pages) > 3
    assert not list(tmp_path.glob(".*.tmp"))        # written atomically, nothing left over


def test_edition_pdf_output_and_variant(tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.pdf"
    result = CliRunner().invoke(app, ["-q", "pdf", str(TEI_DATA / "corpus.xml"), "-o", str(target),
                                      "--variant", "pdf/a-2b"])
    assert result.exit_code == 0, result.stderr
    with pikepdf.open(target) as pdf:
        assert pdf.open_metadata()["pdfaid:conformance"] == "B"


@pytest.mark.parametrize("args, code, exit_code", [
    (["--variant", "pdf/z-9"], "E402", 1),
    (["--margins", "1mm 2mm 3mm 4mm 5mm"], "E401", 2),  # page options are usage errors
])
def test_edition_pdf_refuses_bad_options(args: list[str], code: str, exit_code: int,
                                         tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["pdf", str(TEI_DATA / "corpus.xml"), "-o",
                                      str(tmp_path / "x.pdf"), *args])
    assert result.exit_code == exit_code
    assert code in result.stderr and "hint:" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_edition_pdf_refuses_what_is_not_tei(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')
    result = CliRunner().invoke(app, ["pdf", str(other)])
    assert result.exit_code == 1
    assert "E404" in result.stderr and "Traceback" not in result.stderr
    missing = CliRunner().invoke(app, ["pdf", str(tmp_path / "missing.xml")])
    assert missing.exit_code == 1 and "E001" in missing.stderr


# The words pdftotext finds where it finds fewer than all, as it did before the right-to-left
# ActualText (no regression allowed): 242 of rtl.xml's 308 (78.6 %). Poppler 22 lays an
# ActualText out left to right and then reverses it on a right-to-left line, and reads a vowel
# mark drawn apart from its letter as a word of its own, so many vowelled Arabic words come out
# split; Chromium's own PDF of the same words reads no better there (pdf/textlayer.py).
PDFTOTEXT_FOUND = {"rtl": 242}


@pytest.mark.parametrize("source", WILD, ids=[p.stem for p in WILD])
def test_word_coverage_of_text_and_source_doc_in_the_pdf(source: Path, wild: dict[str, Printed]) -> None:
    """tests/coverage.py: every word of ``text`` and ``sourceDoc``, as often as the TEI has it, by
    a reader that follows ISO 32000-1 (ActualText, ToUnicode); and by pdftotext no fewer than
    before."""
    from tests.coverage import coverage, expected_words, pdf_words_by

    expected = expected_words(read_xml(source))
    found = pdf_words_by(wild[source.stem].path)
    standard = coverage(expected, found["standard"])
    assert not standard.missing, sorted(standard.missing)[:10]
    poppler = coverage(expected, found["pdftotext"])
    assert poppler.found >= PDFTOTEXT_FOUND.get(source.stem, poppler.expected), \
        sorted(poppler.missing)[:10]
