"""Turn WeasyPrint's PDF into the edition's: identifier, the TEI attached, XMP completed, no clock read.

A book laid out in one piece has the TEI attached by WeasyPrint (``source_attachment``); a book
laid out in pieces has it attached once, at the join (``attach_source``), in the same objects, so
that no piece's bytes depend on the TEI as a whole.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
import pydyf
from lxml import etree
from weasyprint import Attachment
from weasyprint.document import Document

from edition.model.xmlio import serialize
from edition.writers.book import Book, flatten

__all__ = ["TEI_MEDIA_TYPE", "attach_source", "complete_xmp", "file_identifier", "finisher", "font_clock",
           "link_descriptions", "page_references_once", "source_attachment", "source_file"]


TEI_MEDIA_TYPE = "application/tei+xml"
SOURCE_DESCRIPTION = "The TEI P5 source of this PDF"


def file_identifier(book: Book) -> bytes:
    """The PDF file identifier, from the edition's identifier (stable across rebuilds)."""
    return hashlib.md5(book.identifier.encode(), usedforsecurity=False).hexdigest().encode()


def source_attachment(tree: etree._ElementTree, base: Path | None,
                       when: datetime | None) -> Attachment:
    """The TEI the PDF was rendered from, embedded as its source (PDF/A-3, ISO 19005-3 §6.8)."""
    stamp = _stamp(when)
    return Attachment(string=serialize(tree), name=_source_name(base), description=SOURCE_DESCRIPTION,
                      created=stamp, modified=stamp, relationship="Source")


def source_file(book: Book) -> tuple[bytes, str, datetime]:
    """What ``attach_source`` attaches: the TEI serialised, its file name, its date."""
    return serialize(book.source), _source_name(book.base), _stamp(book.published)


def attach_source(pdf: pikepdf.Pdf, data: bytes, name: str, stamp: datetime, variant: str | None) -> None:
    """The TEI (``data``, its file ``name`` and date, from ``source_file``) attached to a PDF joined
    from pieces as WeasyPrint 70 attaches it to a PDF it writes
    whole (``source_attachment``, then ``finisher``; weasyprint/pdf/anchors.py and pdfa.py): an
    embedded file stream (ISO 32000-1 §7.11.4), its file specification named in the catalogue's
    EmbeddedFiles tree and, for PDF/A-3 and -4, listed once in /AF with its relationship
    (ISO 19005-3 §6.8). PDF/A-2 admits no file that is not PDF: the specification stays, without
    the file; PDF/A-1 admits none: nothing is attached."""
    version = _pdfa_version(variant)
    if version == 1:
        return
    date = pikepdf.String(stamp.strftime("D:%Y%m%d%H%M%SZ"))
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String(name.encode(errors="ignore")),
                              UF=pikepdf.String(name), Desc=pikepdf.String(SOURCE_DESCRIPTION))
    if version != 2:
        checksum = hashlib.md5(data, usedforsecurity=False).digest()
        params = pikepdf.Dictionary(CheckSum=pikepdf.String(checksum), Size=len(data),
                                    CreationDate=date, ModDate=date)
        stream = pdf.make_stream(zlib.compress(data), Type=pikepdf.Name.EmbeddedFile,
                                 Subtype=pikepdf.Name("/" + TEI_MEDIA_TYPE), Params=params,
                                 Filter=pikepdf.Name.FlateDecode)
        spec.EF = pikepdf.Dictionary(F=stream)
    if version is not None and version >= 3:
        spec.AFRelationship = pikepdf.Name.Source
    spec = pdf.make_indirect(spec)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.EmbeddedFiles = pdf.make_indirect(
        pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String(name), spec])))
    if version is not None and version >= 3:
        pdf.Root.AF = pikepdf.Array([spec])


def _source_name(base: Path | None) -> str:
    return base.name if base is not None else "edition.xml"


def _stamp(when: datetime | None) -> datetime:
    return when or datetime(1970, 1, 1, tzinfo=UTC)


def _pdfa_version(variant: str | None) -> int | None:
    """The part of ISO 19005 a variant conforms to (``pdf/a-3a``: 3), ``None`` if not PDF/A."""
    return int(variant[len("pdf/a-")]) if variant and variant.startswith("pdf/a-") else None


# ---------------------------------------------------------------------- after the layout
def finisher(book: Book) -> Callable[[Document, Any], None]:
    """Finish what WeasyPrint writes: the XMP gets language, subjects and publisher; the TEI
    attachment its media type; the catalogue lists it once in /AF."""

    def finish(document: Document, pdf: Any) -> None:
        for pdf_object in pdf.objects:
            extra = getattr(pdf_object, "extra", None)     # a pydyf.Stream
            if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
                extra["Subtype"] = "/" + TEI_MEDIA_TYPE.replace("/", "#2F")
        if "AF" in pdf.catalog:
            listed = pdf.catalog["AF"]
            listed[:] = list(dict.fromkeys(listed))
        metadata = pdf.catalog.get("Metadata")
        if metadata is not None:
            stream = pdf.objects[int(metadata.split()[0])]
            stream.stream = [complete_xmp(b"".join(stream.stream), book)]

    return finish


def link_descriptions(book: Book) -> dict[str, str]:
    """What each link target is, in words, for the links' descriptions (``tagging``): the
    titles of sections and their divisions, notes and note calls by number, the index's
    mentions by the name they mention."""
    words: dict[str, str] = {}
    for section in book.sections:
        for link in section.body.iter("{http://www.w3.org/1999/xhtml}a"):
            href, name = link.get("href", ""), " ".join(link.get("title", "").split())
            if "mention" in link.get("class", "").split() and href.startswith("#") and name:
                words.setdefault(href[1:], f"mention of {name}")
        words[section.id] = " ".join(section.title.split())
        for entry in flatten(section.toc):
            words.setdefault(entry.id, " ".join(entry.title.split()))
        for note in section.notes:
            words[note.id] = f"note {note.number}"
            words[note.ref_id] = f"call of note {note.number}"
    return {ident: text for ident, text in words.items() if ident and text}


@contextmanager
def page_references_once() -> Iterator[None]:
    """pydyf rebuilds the list of all page references each time one is asked for, and WeasyPrint
    asks once per tagged element: a 900-page book spends a third of its writing time there. The
    list only grows (pages are added, never removed), so it is kept while its length holds."""
    original = pydyf.PDF.page_references

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_edition_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original.fget(pdf))
            pdf.__dict__["_edition_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextmanager
def font_clock(when: datetime | None) -> Iterator[None]:
    """fontTools stamps the fonts WeasyPrint instantiates from the variable EB Garamond with the
    time (``head.modified``) unless ``SOURCE_DATE_EPOCH`` is set: set it to the book's date (the
    epoch's own value when it is set), for this render only."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()) if when is not None else 0)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def complete_xmp(packet: bytes, book: Book) -> bytes:
    """Add ``dc:language``, ``dc:subject`` and ``dc:publisher`` to an XMP packet."""
    rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    dc_ns = "http://purl.org/dc/elements/1.1/"
    start = packet.index(b"<rdf:RDF")
    end = packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = etree.fromstring(packet[start:end])
    description = etree.SubElement(rdf, f"{{{rdf_ns}}}Description", nsmap={"dc": dc_ns})
    description.set(f"{{{rdf_ns}}}about", "")
    _xmp_list(description, f"{{{dc_ns}}}language", "Bag", [book.language])
    if book.subjects:
        _xmp_list(description, f"{{{dc_ns}}}subject", "Bag", book.subjects)
    if book.publisher:
        _xmp_list(description, f"{{{dc_ns}}}publisher", "Bag", [book.publisher])
    return packet[:start] + etree.tostring(rdf, encoding="utf-8") + packet[end:]


def _xmp_list(parent: etree._Element, name: str, kind: str, values: Sequence[str]) -> None:
    rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    container = etree.SubElement(etree.SubElement(parent, name), f"{{{rdf_ns}}}{kind}")
    for value in values:
        etree.SubElement(container, f"{{{rdf_ns}}}li").text = value
