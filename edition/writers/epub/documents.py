"""Turn the book's sections into the EPUB's XHTML files: notes as pop-up footnotes, links across files."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from edition.model.names import is_rtl
from edition.writers.book import Book, Section, contents_rank, free_id, order_contents, reading_order
from edition.writers.epub.fonts import ALWAYS_CHARS
from edition.writers.xhtml import EPUB_NS, XHTML, Note, h

__all__ = [
    "BODY_MATTER",
    "COLOUR",
    "CSS_HREF",
    "EPUB",
    "Document",
    "X",
    "content_documents",
    "footnote",
    "footnotes",
    "id_map",
    "label_mentions",
    "match_roles",
    "neutral_colours",
    "page_title",
    "relink",
    "stem_",
    "text_of",
    "xhtml_bytes",
    "xhtml_page",
]

CSS_HREF = "css/epub.css"


EPUB = f"{{{EPUB_NS}}}"


X = f"{{{XHTML}}}"


BODY_MATTER = {"titlepage": "frontmatter", "contents": "frontmatter", "introduction": "frontmatter",
               "principles": "frontmatter", "text": "bodymatter", "index": "backmatter",
               "sources": "backmatter", "colophon": "backmatter"}


@dataclass
class Document:
    """One XHTML file of the EPUB: the section it holds, its file name, its tree."""

    section: Section
    file: str
    html: etree._Element


# ---------------------------------------------------------------------- content documents
def content_documents(book: Book) -> list[Document]:
    """One XHTML document per section, notes appended, links across files rewritten."""
    documents = []
    used: set[str] = set()
    for section in reading_order(book):
        name = _unique(f"{_safe_name(section.id)}.xhtml", used)
        documents.append(Document(section, name, xhtml_page(section, book)))
    titles = {section.id: section.title for section in book.sections}
    rank = contents_rank([document.section for document in documents])
    for document in documents:
        label_mentions(document.html, titles)
        neutral_colours(document.html)
        match_roles(document.html)
        if document.section.kind == "contents":
            order_contents(document.html, rank)
    where = id_map(documents)
    for document in documents:
        relink(document, where)
    return documents


def label_mentions(html: etree._Element, titles: dict[str, str]) -> None:
    """In the index, each group of back-links is named by its text: "Title: 1, 2; Other: 1"
    (page numbers say where a mention is in print; in an EPUB the text's title must)."""
    for group in html.iter(f"{X}span"):
        if group.get("class") != "mention-group" or group.get("data-section") not in titles:
            continue
        label = h("span", titles[group.get("data-section", "")], class_="mention-text")
        label.tail = ": " + (group.text or "")
        group.text = None
        group.insert(0, label)


# EPUB 3 Structural Semantics terms and the DPUB-ARIA roles that say the same to assistive
# technology (DPUB-ARIA 1.1 §4; Ace's epub-type-has-matching-role): the role is what a screen
# reader hears, epub:type only what a reading system sees.
ROLES = {"chapter": "doc-chapter", "toc": "doc-toc", "index": "doc-index", "part": "doc-part",
         "preface": "doc-preface", "introduction": "doc-introduction", "colophon": "doc-colophon",
         "appendix": "doc-appendix", "bibliography": "doc-bibliography", "glossary": "doc-glossary",
         "endnotes": "doc-endnotes", "epilogue": "doc-epilogue", "prologue": "doc-prologue",
         "foreword": "doc-foreword", "afterword": "doc-afterword", "conclusion": "doc-conclusion",
         "dedication": "doc-dedication", "epigraph": "doc-epigraph", "acknowledgments":
         "doc-acknowledgments", "abstract": "doc-abstract", "noteref": "doc-noteref",
         "footnote": "doc-footnote", "pagebreak": "doc-pagebreak", "titlepage": None}


def match_roles(html: etree._Element) -> None:
    """Every element with an ``epub:type`` that has a DPUB-ARIA equivalent gets that role, on
    the elements HTML allows it on (ARIA in HTML §4: sections, not the body)."""
    for element in html.iter(f"{X}section", f"{X}nav", f"{X}aside", f"{X}div", f"{X}a", f"{X}span"):
        if element.get("role"):
            continue
        for term in element.get(f"{EPUB}type", "").split():
            role = ROLES.get(term)
            if role:
                element.set("role", role)
                break


COLOUR = re.compile(r"^\s*(color|background(-color|-image)?|border(-\w+)?-color)\s*:", re.I)


def neutral_colours(html: etree._Element) -> None:
    """The source's colours (TEI @rendition) are dropped: a fixed colour defeats the reader's
    night mode and would say something by colour alone (WCAG 1.4.1)."""
    for element in html.iter():
        style = element.get("style") if isinstance(element.tag, str) else None
        if not style:
            continue
        kept = [rule for rule in style.split(";") if rule.strip() and not COLOUR.match(rule)]
        if kept:
            element.set("style", ";".join(kept).strip())
        else:
            del element.attrib["style"]


def _safe_name(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", ident).strip(".") or "section"


def stem_(file: str) -> str:
    return file.rsplit(".", 1)[0]


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    used.add(candidate.lower())
    return candidate


def xhtml_page(section: Section, book: Book) -> etree._Element:
    """A whole XHTML document for a section: head with title and stylesheet, body, footnotes."""
    html = etree.Element(f"{X}html", nsmap={None: XHTML, "epub": EPUB_NS})
    lang = section.lang or book.language
    html.set("lang", lang)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if is_rtl(lang):
        html.set("dir", "rtl")
    head = etree.SubElement(html, f"{X}head")
    etree.SubElement(head, f"{X}title").text = page_title(section, book)
    etree.SubElement(head, f"{X}link", rel="stylesheet", type="text/css", href=CSS_HREF)
    body = etree.SubElement(html, f"{X}body")
    body.set(f"{EPUB}type", BODY_MATTER.get(section.kind, "bodymatter"))
    content = copy.deepcopy(section.body)
    body.append(content)
    if section.notes:
        content.append(footnotes(section.notes))
    return html


def page_title(section: Section, book: Book) -> str:
    title = " ".join(section.title.split()) or book.title or "Untitled"
    return title if section.kind != "titlepage" else book.title or title


def footnotes(notes: list[Note]) -> etree._Element:
    """The section's notes as pop-up footnotes: an ``aside`` each, the link back first (Kobo and
    Apple Books show the aside alone; a back-link at the end is easily missed)."""
    block = h("section", class_="footnotes", epub_type="footnotes", aria_label="Notes")
    for note in notes:
        block.append(footnote(note))
    return block


def footnote(note: Note) -> etree._Element:
    aside = h("aside", id=note.id, class_=f"footnote note-{note.kind}" if note.kind else "footnote",
              epub_type="footnote", role="doc-footnote")
    body = copy.deepcopy(note.content)
    if body.get("lang"):
        aside.set("lang", body.get("lang", ""))
        aside.set("{http://www.w3.org/XML/1998/namespace}lang", body.get("lang", ""))
    back = h("a", f"{note.number}.", class_="note-backlink", href=f"#{note.ref_id}",
             role="doc-backlink", title="back to the text")
    first = body[0] if len(body) and body[0].tag == f"{X}p" and not (body.text or "").strip() \
        else None
    if first is None:
        first = h("p")
        first.text, body.text = body.text, None
        body.insert(0, first)
    back.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, back)
    aside.text = body.text
    aside.extend(list(body))
    return aside


def id_map(documents: list[Document]) -> dict[str, str]:
    """Which file holds each id; an id used twice keeps its first place and the later ones are
    renamed, so that every file is valid and every link has one target."""
    where: dict[str, str] = {}
    for document in documents:
        for element in document.html.iter():
            ident = element.get("id") if isinstance(element.tag, str) else None
            if not ident:
                continue
            if ident in where:
                ident = free_id(ident, where)
                element.set("id", ident)
            where[ident] = document.file
    return where


def relink(document: Document, where: dict[str, str]) -> None:
    """``#id`` links to another file become ``file.xhtml#id``; a link to nothing becomes text."""
    for link in list(document.html.iter(f"{X}a")):
        href = link.get("href", "")
        if not href.startswith("#"):
            continue
        target = where.get(href[1:])
        if target is None:
            link.tag = f"{X}span"
            for attribute in ("href", "role", f"{EPUB}type"):
                link.attrib.pop(attribute, None)
        elif target != document.file:
            link.set("href", f"{target}{href}")


def xhtml_bytes(html: etree._Element) -> bytes:
    """The XHTML serialisation, with the ``epub`` prefix declared once on the root."""
    etree.cleanup_namespaces(html, top_nsmap={None: XHTML, "epub": EPUB_NS})
    return etree.tostring(html, xml_declaration=True, encoding="utf-8",
                          doctype="<!DOCTYPE html>") + b"\n"


def text_of(documents: list[Document]) -> str:
    """Every character a reader may see: the texts, the titles, the alternative texts."""
    seen: set[str] = set(ALWAYS_CHARS)
    for document in documents:
        # One string per document, not one set update per text node: large books have many.
        seen.update("".join(document.html.itertext()))
        seen.update("".join(document.html.xpath("descendant-or-self::*/@alt | descendant-or-self::*/@title")))
        seen.update(document.section.title)
    return "".join(sorted(seen))
