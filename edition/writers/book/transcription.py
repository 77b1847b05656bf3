"""Turn each ``sourceDoc`` of a document into a section of the book: its diplomatic transcription.

A ``sourceDoc`` (TEI P5 §11.2.2) stands beside the ``text``, not inside it: the book prints it
after the text it transcribes, as a part of its own ("Diplomatic transcription"), surfaces and
zones in document order (``xhtml.genetic``).
"""

from __future__ import annotations

from edition.model.tei import TEI_NS, XML_LANG, Element
from edition.writers.book.model import Section, TocEntry, section_element
from edition.writers.xhtml import Context, Renderer, h

__all__ = ["TITLE", "source_doc_sections"]

TITLE = "Diplomatic transcription"


def source_doc_sections(tei: Element, number: int, renderer: Renderer, lang: str) -> list[Section]:
    """One section per ``sourceDoc`` of one TEI document, in document order."""
    sections = []
    for count, source_doc in enumerate(tei.iterchildren(f"{{{TEI_NS}}}sourceDoc"), start=1):
        ident = f"s-sourcedoc-{number}-{count}"
        own_lang = source_doc.get(XML_LANG) or tei.get(XML_LANG) or lang
        section = section_element(ident, own_lang, "text")
        title_id = f"{ident}-title"
        section.append(h("header", h("h1", TITLE, class_="text-title", id=title_id),
                         class_="text-head"))
        context = Context(section=ident, lang=own_lang)
        section.extend(renderer.blocks([source_doc], context))
        toc = [TocEntry(1, title_id, TITLE, ident)]
        sections.append(Section(ident, "text", TITLE, own_lang, section, context.notes, toc,
                                running_title=TITLE))
    return sections
