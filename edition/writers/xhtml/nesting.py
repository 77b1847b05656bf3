"""Turn XHTML nested as TEI nests into XHTML nested as HTML allows.

A paragraph inside a phrase, a list inside a paragraph: TEI allows what HTML does not; the
phrasing and flow content models of HTML are restored without losing a character.
"""

from __future__ import annotations

from edition.model.tei import XML_LANG, Element, is_tei, local
from edition.writers.xhtml.builder import XHTML, h

__all__ = ["BLOCK_NAMES", "BLOCK_ONLY_ATTRIBUTES", "FLOW_ONLY", "HOLDERS", "PHRASING_ONLY", "fix_nesting",
           "has_block_child", "holds_blocks", "tag_name"]


BLOCK_NAMES = frozenset(
    """p ab div lg l sp list table figure quote cit head opener closer castList listBibl
    floatingText epigraph argument trailer byline dateline salute signed postscript stage
    speaker label item note bibl docTitle titlePart docAuthor docImprint docDate titlePage
    div1 div2 div3 div4 div5 div6 div7 address""".split()
)


def has_block_child(element: Element) -> bool:
    return any(isinstance(c.tag, str) and local(c) in BLOCK_NAMES - {"note", "bibl", "label", "l"}
               for c in element)


# HTML's content models (HTML §3.2.5): what may hold only phrases, what is a block, and what
# takes the model of its parent.
PHRASING_ONLY = frozenset(
    """p span h1 h2 h3 h4 h5 h6 em i b strong cite q abbr code dfn sup sub time small s u mark
    bdi bdo rt rp ruby label var samp kbd data pre""".split())


FLOW_ONLY = frozenset(
    """address article aside blockquote dd details div dl dt fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section table caption colgroup
    thead tbody tfoot tr td th ul menu""".split())


HOLDERS = {"li": ("ul", "ol", "menu"), "dt": ("dl",), "dd": ("dl",), "tr": ("table", "thead", "tbody",
           "tfoot"), "td": ("tr",), "th": ("tr",), "caption": ("table",), "figcaption": ("figure",)}


BLOCK_ONLY_ATTRIBUTES = ("colspan", "rowspan", "start", "reversed", "cite", "scope", "headers", "value")


def fix_nesting(root: Element) -> Element:
    """Make the XHTML valid where TEI nests what HTML cannot: a list, table or figure inside a
    paragraph splits the paragraph around it; any other block inside a phrase becomes a span
    (class ``as-block``); a link inside a link moves after it; stray list and table parts are
    wrapped or renamed. Returns ``root``, changed in place."""
    _repair(root, False)
    for link_ in [a for a in root.iter(f"{{{XHTML}}}a") if _outer_link(a) is not None]:
        _move_after(link_, _outer_link(link_))
    return root


def tag_name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _repair(element: Element, phrasing: bool) -> None:
    """Repair ``element``'s content; ``phrasing``: whether the element itself stands where only
    phrases may (its children do if it does, or if it is a phrase itself)."""
    splittable = tag_name(element) == "p" and not phrasing
    inner = phrasing or tag_name(element) in PHRASING_ONLY
    _wrap_strays(element)
    index = 0
    while index < len(element):
        child = element[index]
        tag = tag_name(child)
        if tag in FLOW_ONLY and splittable and element.getparent() is not None:
            _split_paragraph(element, child)
            return
        if tag in FLOW_ONLY and inner:
            _demote(child)
        elif tag in HOLDERS and tag_name(element) not in HOLDERS[tag]:
            if inner:
                _demote(child)
            else:
                _rename(child, "div")
        if isinstance(child.tag, str):
            _repair(child, inner)
        if index < len(element) and element[index] is child:
            index += 1                  # else the child was an emptied paragraph, now gone


def _wrap_strays(element: Element) -> None:
    """A list holds only items and a description list only terms and descriptions."""
    tag = tag_name(element)
    if tag not in ("ul", "ol", "dl"):
        return
    wrapper, allowed = ("dd", ("dt", "dd", "div")) if tag == "dl" else ("li", ("li",))
    if element.text and element.text.strip():
        element.insert(0, h(wrapper, element.text))
    element.text = None
    for child in list(element):
        tail, child.tail = child.tail, None
        if tag_name(child) not in allowed:
            holder = h(wrapper)
            child.addprevious(holder)
            holder.append(child)
            child = holder
        if tail and tail.strip():
            child.addnext(h(wrapper, tail))


def _split_paragraph(paragraph: Element, block_: Element) -> None:
    """``<p>a <ul/> b</p>`` → ``<p>a</p><ul/><p class="continued">b</p>``."""
    rest = h("p", class_=" ".join(filter(None, [paragraph.get("class"), "continued"])))
    for attribute in ("lang", XML_LANG, "dir", "style"):
        if paragraph.get(attribute):
            rest.set(attribute, paragraph.get(attribute, ""))
    rest.text, block_.tail = block_.tail, None
    for sibling in list(block_.itersiblings()):
        rest.append(sibling)
    rest.tail, paragraph.tail = paragraph.tail, None
    paragraph.addnext(block_)
    if (rest.text or "").strip() or len(rest):
        block_.addnext(rest)
    else:
        block_.tail = rest.tail
    if not (paragraph.text or "").strip() and not len(paragraph):
        if paragraph.get("id") and not block_.get("id"):
            block_.set("id", paragraph.get("id", ""))
        paragraph.getparent().remove(paragraph)


def _demote(element: Element) -> None:
    tag = tag_name(element)
    _rename(element, "span")
    element.set("class", " ".join(filter(None, [element.get("class"), "as-block", f"as-{tag}"])))
    for attribute in BLOCK_ONLY_ATTRIBUTES:
        element.attrib.pop(attribute, None)


def _rename(element: Element, tag: str) -> None:
    element.tag = f"{{{XHTML}}}{tag}"


def _outer_link(link_: Element) -> Element | None:
    outer = None
    for ancestor in link_.iterancestors(f"{{{XHTML}}}a"):
        outer = ancestor
    return outer


def _move_after(element: Element, anchor: Element) -> None:
    """Take ``element`` out of where it is (its tail stays) and put it after ``anchor``."""
    parent = element.getparent()
    tail, element.tail = element.tail, None
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
    element.tail, anchor.tail = anchor.tail, None
    anchor.addnext(element)


def holds_blocks(element: Element) -> bool:
    """Whether a block (a paragraph, a list…) is somewhere inside, notes apart."""
    blocks = BLOCK_NAMES - {"note", "bibl", "label"}
    for child in element:
        if not isinstance(child.tag, str) or is_tei(child, "note"):
            continue
        if local(child) in blocks or holds_blocks(child):
            return True
    return False
