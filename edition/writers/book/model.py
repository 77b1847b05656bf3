"""The book as the writers read it: its sections, contents entries, register items and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from edition.dates import build_date
from edition.errors import Message
from edition.model.names import is_rtl
from edition.model.tei import NS, Element
from edition.writers.book.authorities import Authority
from edition.writers.xhtml import Asset, Mention, Note, h

__all__ = ["Book", "RegisterItem", "Section", "SourceInfo", "TocEntry", "attribute_of", "first_head",
           "inside", "section_element", "text_of", "visible_text"]


@dataclass
class TocEntry:
    level: int
    id: str
    title: str
    section: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Section:
    """One part of the book: in the EPUB one XHTML file, in the PDF one run of pages."""

    id: str
    kind: str                 # titlepage contents introduction principles text index sources colophon
    title: str
    lang: str
    body: Element             # an XHTML <section>
    notes: list[Note] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    running_title: str = ""


@dataclass
class RegisterItem:
    id: str
    kind: str
    name: str                  # the name as the register gives it: "Karl Marx"
    dates: str
    description: Element | None
    mentions: list[Mention]
    heading: str               # the name as the index prints it: "Marx, Karl"
    sort_key: tuple[str, str]  # where the index files it
    authorities: list[Authority] = field(default_factory=list)   # "Wikidata Q9061", linked
    facts: Element | None = None   # the entry's other facts (other names, occupation, place…)


@dataclass
class SourceInfo:
    title: str
    file_name: str
    size: str
    sha256: str
    target: str
    note: Element | None = None    # the editor's note on the text: its attribution and date


@dataclass
class Book:
    title: str
    subtitle: str
    language: str
    identifier: str
    date: str                  # ISO date of the edition
    publisher: str
    rights: str
    rights_url: str
    subjects: list[str]
    editors: list[tuple[str, str]]          # (name, role)
    authors: list[str]
    certifier: str                          # who evaluated the EPUB's accessibility, or ""
    sections: list[Section]
    registers: list[RegisterItem]
    sources: list[SourceInfo]
    assets: list[Asset]
    warnings: list[Message]
    unknown: dict[str, int]
    source: etree._ElementTree            # the TEI the book is made of (the PDF attaches it)
    base: Path | None                     # where it lives: images and links resolve in its folder

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def published(self) -> datetime | None:
        """The one date of every output: ``SOURCE_DATE_EPOCH``, else the edition's date."""
        return build_date(self.date)

    @property
    def texts(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "text"]


# ---------------------------------------------------------------------- metadata
def text_of(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def attribute_of(element: Element | None, name: str) -> str:
    return element.get(name, "") if element is not None else ""


def section_element(ident: str, lang: str, kind: str) -> Element:
    section = h("section", id=ident, class_=kind, lang=lang, xml_lang=lang,
                epub_type="chapter" if kind == "text" else None)
    if is_rtl(lang):
        section.set("dir", "rtl")
    return section


def visible_text(element: Element) -> list[str]:
    """Text of an element without its note calls and line numbers."""
    pieces = [element.text or ""]
    for child in element:
        if child.get("class") not in ("noteref", "line-number"):
            pieces.extend(visible_text(child))
        pieces.append(child.tail or "")
    return pieces


def inside(element: Element, names: tuple[str, ...]) -> bool:
    return any(isinstance(a.tag, str) and a.tag.rpartition("}")[2] in names
               for a in element.iterancestors())


def first_head(root: Element) -> str:
    """The text of the first heading of the document's texts (a title when the header has none)."""
    head = root.find(".//tei:text//tei:head", NS)
    return text_of(head)
