"""Turn the core TEI elements into XHTML: their behaviours and their rows of the model.

TEI P5 §3 (phrases, notes, links, lists, markup names) and §4 (the structure of a text, title pages).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from edition.model.lang import bcp47
from edition.model.tei import TEI_NS, XML_LANG, Element, is_tei, local
from edition.writers.xhtml.builder import XHTML, Context, Note, append, h
from edition.writers.xhtml.kinds import (
    block,
    class_token,
    division,
    division_depth,
    first_strong,
    inline,
    skip,
)
from edition.writers.xhtml.nesting import has_block_child, tag_name
from edition.writers.xhtml.quotation import enclose, quotation, scare_quoted
from edition.writers.xhtml.transcription import note_lemma

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["CALL_HOSTS", "ROWS", "doc_title", "foreign", "front_matter_title", "heading", "highlight",
           "link", "listing", "make_note", "markup_name", "note", "numbered_division", "ruby", "title"]


def heading(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI ``head``: a heading whose level follows the depth of the division it heads."""
    parent = element.getparent()
    parent_name = local(parent) if parent is not None else ""
    if context.inline or parent_name in ("figure", "table", "list", "listBibl", "lg", "castList",
                                         "listPerson", "listPlace", "listOrg", "listEvent"):
        tag = "span" if context.inline else "p"
        renderer.container(tag, element, out, context, class_="head", inline=True)
        return
    level = min(6, 1 + division_depth(element))
    node = renderer.container(f"h{level}", element, out, context, inline=True)
    if not node.get("id"):
        node.set("id", renderer.new_id("h"))


def numbered_division(tag: str, class_: str) -> Behaviour:
    """A ``div`` (``div1``…) with no ``head`` and an ``@n`` is headed by its number or label
    (TEI P5 §4.1: ``@n`` is the division's number or name), at the level its head would have."""
    contained = division(tag, class_)

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        contained(renderer, element, out, context)
        number = " ".join(element.get("n", "").split())
        if context.inline or not number or element.find(f"{{{TEI_NS}}}head") is not None:
            return
        level = min(6, 2 + division_depth(element))
        out[-1].insert(0, h(f"h{level}", number, class_="head head-n",
                            id=renderer.new_id("h")))

    return behaviour


def note(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A note becomes a call in the text and an entry in the section's notes.

    Notes placed "inline" (TEI @place) stay in the text, in brackets.
    """
    if element.get("place") == "inline":
        renderer.container("span", element, out, context, class_="note-inline", inline=True)
        return
    make_note(renderer, element, out, context, note_lemma(renderer, element, context))


def make_note(renderer: Renderer, element: Element, out: Element, context: Context,
              lemma: Element | None) -> None:
    """The call and the entry of a note on ``element``'s content, ``lemma`` (what it is a note
    on) at its head."""
    context.note_counter += 1
    number = element.get("n") or str(context.note_counter)
    note_id = renderer.html_id(element) or renderer.new_id("note")
    ref_id = renderer.new_id("noteref")
    content = h("div", class_="note-body")
    if lemma is not None:
        content.append(lemma)
    saved = context.inline
    context.inline = not has_block_child(element)
    holder = h("p") if context.inline else content
    renderer.children(element, holder, context)
    if holder is not content:
        _merge_paragraph(content, holder)
    context.inline = saved
    lang = bcp47(element.get(XML_LANG, ""))
    if lang:
        content.set("lang", lang)
    elif first_strong("".join(element.itertext())) == "rtl":
        content.set("dir", "rtl")         # printed apart from its text: its own script decides
    kind = element.get("type", "")
    context.notes.append(Note(note_id, ref_id, number, content, kind, context.section))
    _call_place(out, context).append(h("a", number, class_="noteref", id=ref_id,
                                       href=f"#{note_id}", epub_type="noteref", role="doc-noteref"))


CALL_HOSTS = frozenset("div p section blockquote ul ol li dl dd dt figure figcaption header".split())


def _call_place(out: Element, context: Context) -> Element:
    """Where a note's call goes: where the note is in running text; after a block (a note after
    a poem), at the end of that block's last line rather than alone on a line of its own."""
    if context.inline:
        return out
    place = out
    while len(place) and tag_name(place[-1]) in CALL_HOSTS and not (place[-1].tail or "").strip():
        place = place[-1]
    return place


def _merge_paragraph(content: Element, paragraph: Element) -> None:
    """Put an inline note's text into the note body's first paragraph (after the lemma)."""
    first = content.find(f"{{{XHTML}}}p")
    if first is None:
        content.append(paragraph)
        return
    append(first, " ", *_unwrap(paragraph))


def _unwrap(element: Element) -> list[Element | str]:
    items: list[Element | str] = [element.text] if element.text else []
    for child in list(element):
        tail = child.tail
        child.tail = None
        items.append(child)
        if tail:
            items.append(tail)
    return items


def word(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI ``w`` (§17.1): a word; two words tagged side by side with no space between them in
    the markup (``<w>a</w><w>b</w>``, as tokenised editions have them) are still two words."""
    previous = element.getprevious()
    if previous is not None and is_tei(previous, "w", "pc") and not previous.tail:
        append(out, " ")
    renderer.container("span", element, out, context, class_="w", inline=True)


def foreign(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    renderer.container("span", element, out, context, class_="foreign", inline=True)


def highlight(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``hi`` by its ``@rend``: italic, bold, small caps, superscript… (several may combine)."""
    rend = element.get("rend", "")
    tokens = set(re.split(r"[\s,;]+", rend.lower())) - {""}
    tag = "span"
    if tokens & {"sup", "superscript"}:
        tag = "sup"
    elif tokens & {"sub", "subscript"}:
        tag = "sub"
    elif tokens & {"bold", "b", "strong"} and len(tokens) == 1:
        tag = "b"
    elif tokens & {"italic", "italics", "i"} and len(tokens) == 1:
        tag = "i"
    classes = " ".join(f"rend-{class_token(t)}" for t in sorted(tokens))
    renderer.container(tag, element, out, context, class_=classes or "hi", inline=True)


def link(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``ref``/``ptr``: internal targets link within the book, web targets outside it; anything
    else (``file:``, paths) is shown as text and reported, never followed."""
    target = element.get("target", "").split()[0] if element.get("target") else ""
    href = _safe_href(renderer, target, element)
    is_ptr = local(element) == "ptr"
    if href is None:
        node = renderer.container("span", element, out, context, class_="ref", inline=True)
        if is_ptr:
            node.text = target
        return
    node = renderer.container("a", element, out, context, class_="ref", inline=True)
    node.set("href", href)
    if is_ptr or not "".join(node.itertext()).strip():
        node.text = _pointer_label(renderer, target)


def _pointer_label(renderer: Renderer, target: str) -> str:
    """What a ``ptr`` to ``#id`` shows: the target's number, heading or short text, else the id."""
    found = renderer.element_by_id(target[1:]) if target.startswith("#") else None
    if found is not None:
        head = found.find(f"{{{TEI_NS}}}head")
        text = " ".join("".join(found.itertext()).split())
        label = found.get("n") or (" ".join("".join(head.itertext()).split()) if head is not None
                                   else "") or (text if len(text) <= 80 else "")
        if label:
            return label
    return target


def _safe_href(renderer: Renderer, target: str, element: Element) -> str | None:
    if not target:
        return None
    if target.startswith("#"):
        found = renderer.link_target(target[1:])
        return f"#{found}" if found else None
    scheme = urlparse(target).scheme.lower()
    if scheme in ("http", "https", "mailto"):
        return target
    renderer.warn_once("W102", target, f"link to {target!r} is not a web address; shown as text",
                       "use an http(s) address or a #id inside the document", element)
    return None


def title(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``title``: a work in italics; a part of one (@level "a", "u": an article, a poem) in
    quotation marks, as the Chicago and MLA styles do."""
    if element.get("level") in ("a", "u"):
        node = renderer.container("span", element, out, context, class_="title title-part",
                                  inline=True)
        enclose(node, element)
    else:
        renderer.container("cite", element, out, context, class_="title", inline=True)


def listing(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``list``: ordered, bulleted, or a gloss list (``label``/``item`` pairs) as ``dl``."""
    kind = (element.get("type") or element.get("rend") or "").lower()
    children = [c for c in element if isinstance(c.tag, str)]
    heads = [c for c in children if is_tei(c, "head")]
    for head_ in heads:
        heading(renderer, head_, out, context)
    if any(is_tei(c, "label") for c in children):
        node = h("dl", class_="list gloss")
        renderer.copy_common(element, node)
        out.append(node)
        for child in children:
            if is_tei(child, "label"):
                renderer.container("dt", child, node, context, inline=True)
            elif is_tei(child, "item"):
                renderer.container("dd", child, node, context)
            elif not is_tei(child, "head"):
                renderer.render(child, node, context)
        return
    tag = "ol" if kind in ("ordered", "numbered", "1", "a", "i") else "ul"
    # Items numbered by the source (``item/@n``, TEI P5 §3.8) keep its numbers, not the reader's.
    own = any(is_tei(c, "item") and c.get("n") for c in children)
    classes = ["list", *([f"list-{class_token(kind)}"] if kind else []),
               *(["list-own-numbers"] if own else [])]
    node = h(tag, class_=" ".join(classes))
    renderer.copy_common(element, node)
    out.append(node)
    saved = context.inline
    context.inline = False
    for child in children:
        if is_tei(child, "item"):
            item = renderer.container("li", child, node, context)
            if own and child.get("n"):
                label = h("span", child.get("n", ""), class_="item-n")
                label.tail = " " + (item.text or "")
                item.text = None
                item.insert(0, label)
        elif not is_tei(child, "head"):
            item = h("li")
            node.append(item)
            renderer.render(child, item, context)
    context.inline = saved


def ruby(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI ``ruby``/``rb``/``rt`` is HTML ruby (furigana)."""
    tag = {"ruby": "ruby", "rb": "span", "rt": "rt"}[local(element)]
    renderer.container(tag, element, out, context, class_=local(element), inline=True)


def doc_title(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """The title of a source's own title page is the heading of its text (the book then adds
    no other title above it)."""
    if context.inline:
        renderer.container("span", element, out, context, class_="docTitle")
        return
    node = renderer.container(f"h{min(6, 1 + division_depth(element))}", element, out, context,
                              class_="docTitle", inline=True)
    if not node.get("id"):
        node.set("id", renderer.new_id("h"))


def front_matter_title(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    block("p", local(element))(renderer, element, out, context)


def markup_name(before: str, after: str) -> Behaviour:
    """TEI's names of markup (TEI P5 §22: ``gi``, ``att``, ``val``, ``tag``) in code type:
    ``<sic>``, ``@rend``, ``"bold"``."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        node = renderer.container("code", element, out, context, class_=local(element), inline=True)
        node.text = before + (node.text or "")
        append(node, after)

    return behaviour


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "div": numbered_division("section", "div"),
    **{f"div{n}": numbered_division("section", "div") for n in range(1, 8)},
    "front": division("div", "front"), "body": division("div", "body"), "back": division("div", "back"),
    "group": division("div", "group"), "floatingText": division("div", "floatingText"), "text":
    division("div", "text"), "head": heading, "p": block("p"), "ab": block("p", "ab"), "opener":
    division("div", "opener"), "closer": division("div", "closer"), "salute": block("p", "salute"),
    "signed": block("p", "signed"), "dateline": block("p", "dateline"), "byline": block("p", "byline"),
    "postscript": division("div", "postscript"), "epigraph": division("blockquote", "epigraph"),
    "argument": division("div", "argument"), "trailer": block("p", "trailer"), "docTitle": doc_title,
    "titlePart": front_matter_title, "docAuthor": inline("span", "docAuthor"), "docImprint": block("p",
    "docImprint"), "docDate": inline("span", "docDate"), "docEdition": block("p", "docEdition"),
    "titlePage": division("div", "titlePage"), "imprimatur": block("p", "imprimatur"), "fw": block("p",
    "fw"), "list": listing, "item": block("li"), "label": inline("span", "label"), "quote": quotation,
    "q": quotation, "said": quotation, "cit": quotation, "hi": highlight, "emph": inline("em", "emph"),
    "title": title, "foreign": foreign, "term": inline("dfn", "term"), "gloss": inline("span", "gloss"),
    "mentioned": inline("em", "mentioned"), "soCalled": scare_quoted, "distinct": inline("span",
    "distinct"), "code": inline("code", "code"), "note": note, "noteGrp": division("div", "noteGrp"),
    "ref": link, "ptr": link, "seg": inline("span", "seg"), "s": inline("span", "s"), "w":
    word, "pc": inline("span", "pc"), "c": inline("span", "c"),
    "ruby": ruby, "rb": ruby, "rt": ruby, "desc": inline("span", "desc"), "index": skip, "interp": skip,
    "interpGrp": skip, "link": skip, "linkGrp": skip, "certainty": skip, "precision": skip, "respons":
    skip, "divGen": skip, "gi": markup_name("<", ">"), "tag": markup_name("<", ">"), "att":
    markup_name("@", ""), "val": markup_name("\u201c", "\u201d")
}
