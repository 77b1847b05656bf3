"""Turn bibliography and manuscript description into XHTML: behaviours and rows of the model.

TEI P5 §3.12 (bibl, listBibl) and §10 (msDesc), as the note on the sources shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import Element, is_tei, local
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.core import heading
from edition.writers.xhtml.kinds import block, division, flexible, inline

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "bibliography", "identifier", "structured"]


def bibliography(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    node = h("ul", class_="listBibl")
    renderer.copy_common(element, node)
    for child in element:
        if is_tei(child, "head"):
            heading(renderer, child, out, context)
    out.append(node)
    for child in element:
        if isinstance(child.tag, str) and not is_tei(child, "head"):
            item = h("li")
            node.append(item)
            saved = context.inline
            context.inline = is_tei(child, "bibl", "biblStruct", "biblFull")
            renderer.render(child, item, context)
            context.inline = saved


def structured(separator: str) -> Behaviour:
    """``biblStruct`` and its parts (TEI P5 §3.12.2.1) hold elements, not prose: each part is
    printed after a separator ("Colvin. John Keats. London, Macmillan, 1917"), never run on."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        node = h("span", class_=local(element))
        renderer.copy_common(element, node)
        out.append(node)
        saved = context.inline
        context.inline = True
        if (element.text or "").strip():
            append(node, element.text)
        for number, child in enumerate(c for c in element if isinstance(c.tag, str)):
            if number:
                before = "".join(node.itertext()).rstrip()
                # The source's own punctuation ("Defoe, Daniel, 1661?–1731.") is not doubled.
                append(node, " " if before[-1:] in ".,;:?!" else separator)
            renderer.render(child, node, context)
            if (child.tail or "").strip():
                append(node, child.tail)
        context.inline = saved

    return behaviour


def notes_statement(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``notesStmt`` (TEI P5 §2.2.6): its notes describe the source, printed in the description,
    not as footnotes."""
    node = h("span", class_="notesStmt")
    out.append(node)
    for child in element:
        if isinstance(child.tag, str):
            append(node, " ")
            renderer.container("span", child, node, context, class_=local(child), inline=True)


def identifier(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``idno``: a web address (``@type`` "URI", "URL", or any text that is one) is a link."""
    text = "".join(element.itertext()).strip()
    if text.startswith(("https://", "http://")) and " " not in text:
        node = renderer.container("a", element, out, context, class_="idno", inline=True)
        node.set("href", text)
        return
    renderer.container("span", element, out, context, class_="idno", inline=True)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "listBibl": bibliography, "bibl": inline("span", "bibl"), "biblStruct": structured(". "),
    "author": inline("span", "author"), "editor": inline("span", "editor"), "publisher": inline("span",
    "publisher"), "pubPlace": inline("span", "pubPlace"), "biblScope": inline("span", "biblScope"),
    "idno": identifier, "imprint": structured(", "), "edition": inline("span",
    "edition"), "series": inline("span", "series"), "respStmt": inline("span", "respStmt"), "resp":
    inline("span", "resp"), "citedRange": inline("span", "citedRange"), "analytic": structured(", "),
    "monogr": structured(". "), "biblFull": structured(". "),
    "titleStmt": structured(". "), "publicationStmt": structured(", "), "editionStmt": structured(", "),
    "seriesStmt": structured(", "), "notesStmt": notes_statement, "extent": inline("span", "extent"),
    "listWit": division("div", "listWit"), "witness": block("p", "witness"), "msDesc":
    division("div", "msDesc"), "msPart": division("div", "msPart"), "msFrag": division("div", "msFrag"),
    "msIdentifier": block("p", "msIdentifier"), "altIdentifier": inline("span", "altIdentifier"),
    "institution": inline("span", "institution"), "repository": inline("span", "repository"),
    "collection": inline("span", "collection"), "msName": inline("span", "msName"), **{name_:
    division("div", name_) for name_ in (         "msContents", "physDesc", "objectDesc", "supportDesc",
    "layoutDesc", "handDesc",         "decoDesc", "scriptDesc", "musicNotation", "bindingDesc",
    "sealDesc", "accMat",         "history", "additional", "adminInfo", "surrogates", "msItem",
    "msItemStruct")}, **{name_: flexible(name_) for name_ in (         "summary", "support",
    "collation", "foliation", "condition", "layout", "handNote",         "decoNote", "scriptNote",
    "binding", "seal", "origin", "provenance", "acquisition",         "custodialHist", "custEvent",
    "recordHist", "incipit", "explicit", "rubric", "finalRubric",         "colophon", "textLang",
    "filiation", "typeDesc", "typeNote", "recording", "equipment", "broadcast")},
    "recordingStmt": division("div", "recordingStmt"), **{name_: inline("span", name_) for name_ in (
    "locus", "locusGrp", "dimensions", "dim", "height", "width", "depth", "origDate",
    "origPlace", "material", "objectType", "watermark", "catchwords", "signatures",         "heraldry",
    "stamp", "secFol")}
}
