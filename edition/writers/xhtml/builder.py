"""Turn tags, attributes and strings into XHTML elements; and the records a rendering collects.

Notes, mentions of register entries and images are collected while a text is rendered; the book
(``writers.book``) places them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.model.tei import XML_LANG, Element

__all__ = ["EPUB_NS", "XHTML", "Asset", "Context", "Mention", "Note", "append", "h"]


XHTML = "http://www.w3.org/1999/xhtml"


EPUB_NS = "http://www.idpf.org/2007/ops"


def h(tag: str, *children: Element | str | None, **attrs: str | None) -> Element:
    """An XHTML element: ``h("p", "text", h("em", "x"), class_="c")``."""
    element = etree.Element(f"{{{XHTML}}}{tag}", nsmap={None: XHTML})
    for name, value in attrs.items():
        if value is not None:
            element.set(_attribute_name(name), value)
    append(element, *children)
    return element


def _attribute_name(name: str) -> str:
    if name == "epub_type":
        return f"{{{EPUB_NS}}}type"
    if name == "xml_lang":
        return XML_LANG
    return name.rstrip("_").replace("_", "-")


def append(parent: Element, *children: Element | str | None) -> Element:
    """Append elements and strings to ``parent`` in order (strings become text or tails)."""
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + child
            else:
                parent.text = (parent.text or "") + child
        else:
            parent.append(child)
    return parent


@dataclass
class Note:
    """A footnote: where it is called (``ref_id``) and what it says (``content``)."""

    id: str
    ref_id: str
    number: str
    content: Element          # an XHTML <div> or <span> holding the note's text
    kind: str = ""
    section: str = ""


@dataclass
class Mention:
    """A name in a text that points at a register entry, for the index and its back-links."""

    id: str
    ref: str
    section: str
    text: str
    cert: str = ""            # the editor's certainty of the identification (TEI @cert)


@dataclass
class Asset:
    """A file the output needs (an image), found safely inside the document's folder."""

    href: str
    path: Path
    media_type: str


@dataclass
class Context:
    """What the walk through one text needs to know and what it collects."""

    section: str
    lang: str
    notes: list[Note] = field(default_factory=list)
    note_counter: int = 0
    inline: bool = False
