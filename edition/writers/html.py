"""Turn TEI into XHTML with one processing model: a table from TEI elements to HTML behaviours.

Every output (PDF, EPUB) renders the XHTML this module makes. Each TEI element has a behaviour in
``MODEL`` (block, inline, heading, note, choice, link, list, table, figure, …); an element the
table does not know renders its content and is reported once as a warning, never dropped
(TEI P5 §23.5, the processing model: "the default is to process the content").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from edition.errors import Message
from edition.model.names import is_rtl
from edition.model.tei import TEI_NS, XML_ID, XML_LANG, Element, is_tei, local

__all__ = ["Asset", "Mention", "Note", "Renderer", "fix_nesting", "h"]

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
NAME_CLASSES = {"persName": "person", "placeName": "place", "orgName": "org", "name": "name"}


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


class Renderer:
    """The processing model applied to TEI elements; one per document (it keeps the counters).

    ``base`` is the TEI file: images and relative links resolve inside its folder only.
    """

    def __init__(self, root: Element, base: Path | None = None) -> None:
        self.root = root
        self.base = base
        self.ids = {value for value in root.xpath("//@xml:id")}
        self.registers = _register_ids(root)
        self.mentions: list[Mention] = []
        self.assets: dict[str, Asset] = {}
        self.warnings: list[Message] = []
        self.unknown: dict[str, int] = {}
        self.emendation_reasons = _reasons(root)
        self._serial = 0
        self._warned: set[tuple[str, str]] = set()
        self._by_id: dict[str, Element] | None = None

    def element_by_id(self, ident: str) -> Element | None:
        """The TEI element with this ``xml:id`` (the index is built on first use)."""
        if self._by_id is None:
            self._by_id = {e.get(XML_ID, ""): e for e in self.root.iter() if e.get(XML_ID)}
        return self._by_id.get(ident)

    # ------------------------------------------------------------------ entry points
    def blocks(self, elements: Iterable[Element], context: Context) -> list[Element]:
        """XHTML for a sequence of TEI block-level elements (a body, a div's content)."""
        out = h("div")
        for element in elements:
            self.render(element, out, context)
        return list(out)

    def inline(self, element: Element, context: Context) -> Element:
        """XHTML ``span`` holding the inline rendering of ``element``'s content."""
        out = h("span")
        self.inline_children(element, out, context)
        return out

    def inline_children(self, element: Element, out: Element, context: Context) -> None:
        """``element``'s content rendered into ``out`` as phrases (a heading, a caption, a
        reading), whatever the context was; the context is as it was afterwards."""
        saved = context.inline
        context.inline = True
        try:
            self.children(element, out, context)
        finally:
            context.inline = saved

    def children(self, element: Element, out: Element, context: Context) -> None:
        if element.text:
            append(out, element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.render(child, out, context)
            if child.tail:
                append(out, child.tail)

    def render(self, element: Element, out: Element, context: Context) -> None:
        if not isinstance(element.tag, str):
            return
        if not element.tag.startswith(f"{{{TEI_NS}}}"):
            self._unknown(element, out, context)
            return
        behaviour = MODEL.get(local(element))
        if behaviour is None:
            self._unknown(element, out, context)
            return
        behaviour(self, element, out, context)

    # ------------------------------------------------------------------ helpers
    def new_id(self, prefix: str) -> str:
        while True:
            self._serial += 1
            candidate = f"{prefix}{self._serial}"
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def container(self, tag: str, element: Element, out: Element, context: Context,
                  class_: str | None = None, inline: bool | None = None) -> Element:
        """A new XHTML element for ``element``, with its id, language and direction."""
        node = h(tag, class_=class_)
        self.copy_common(element, node)
        out.append(node)
        saved = context.inline
        if inline is not None:
            context.inline = inline
        self.children(element, node, context)
        context.inline = saved
        return node

    def copy_common(self, element: Element, node: Element) -> None:
        ident = element.get(XML_ID)
        if ident:
            node.set("id", ident)
        lang = element.get(XML_LANG)
        if lang:
            node.set("lang", lang)
            node.set(XML_LANG, lang)
            if is_rtl(lang):
                node.set("dir", "rtl")
            elif is_rtl(element.xpath("string(ancestor::*[@xml:lang][1]/@xml:lang)")):
                node.set("dir", "ltr")      # English inside Arabic runs left to right again
        style = _safe_style(self.root, element.get("rendition", ""), element.get("style", ""))
        if style:
            node.set("style", style)

    def warn_once(self, code: str, key: str, text: str, hint: str, element: Element) -> None:
        if (code, key) in self._warned:
            return
        self._warned.add((code, key))
        self.warnings.append(Message.at(code, "warning", str(self.base or "<tei>"), text, hint,
                                        element.sourceline or 0, 1))

    def _unknown(self, element: Element, out: Element, context: Context) -> None:
        """Unknown to the table: keep the content, say so once per element name."""
        name = local(element) or str(element.tag)
        self.unknown[name] = self.unknown.get(name, 0) + 1
        self.warn_once("W101", name, f"<{name}> has no rendering; its content is shown as is",
                       "nothing is lost; tell the edition developers if it needs its own style",
                       element)
        # Deep, not only the children: an unknown wrapper of unknown wrappers of paragraphs is a
        # block; anything else is a span whose content is rendered inline (valid HTML either way).
        block = not context.inline and _holds_blocks(element)
        self.container("div" if block else "span", element, out, context,
                       class_=f"tei-{name}", inline=None if block else True)

    def resolve_asset(self, url: str, element: Element) -> Asset | None:
        """An image inside the document's folder, or None (with a warning) for anything else."""
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or url.startswith("/") or self.base is None:
            self.warn_once("W102", url, f"link to {url!r} is outside the edition; not fetched",
                           "put the file in the document's folder and refer to it by a relative path",
                           element)
            return None
        folder = self.base.parent.resolve()
        path = (folder / unquote(parsed.path)).resolve()
        if not path.is_relative_to(folder):
            self.warn_once("W102", url, f"link to {url!r} leaves the document's folder; not fetched",
                           "put the file in the document's folder", element)
            return None
        media = IMAGE_TYPES.get(path.suffix.lower())
        if media is None or not path.is_file():
            self.warn_once("W104", url, f"image {url!r} not found or not an image",
                           "check the path; PNG, JPEG, GIF, SVG and WebP are supported", element)
            return None
        href = "images/" + re.sub(r"[^\w.\-]", "_", path.relative_to(folder).as_posix())
        self.assets.setdefault(href, Asset(href, path, media))
        return self.assets[href]


# ---------------------------------------------------------------------- behaviours
Behaviour = Callable[[Renderer, Element, Element, Context], None]


def block(tag: str, class_: str | None = None) -> Behaviour:
    """A block of text: ``p`` → ``<p>``; inside an inline context it becomes a ``span``."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        if context.inline:
            renderer.container("span", element, out, context, class_=class_ or f"tei-{local(element)}")
            return
        renderer.container(tag, element, out, context, class_=class_, inline=tag == "p")

    return behaviour


def division(tag: str, class_: str) -> Behaviour:
    """A container of blocks (``div``, ``lg``, ``sp``…); inline it degrades to a span."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        if context.inline:
            renderer.container("span", element, out, context, class_=class_)
            return
        kind = element.get("type")
        node = renderer.container(tag, element, out, context,
                                  class_=f"{class_} {class_}-{_token(kind)}" if kind else class_)
        if local(element) == "div":
            node.set("data-depth", str(_depth(element)))

    return behaviour


def inline(tag: str, class_: str | None = None) -> Behaviour:
    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        renderer.container(tag, element, out, context, class_=class_, inline=True)

    return behaviour


def heading(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI ``head``: a heading whose level follows the depth of the division it heads."""
    parent = element.getparent()
    parent_name = local(parent) if parent is not None else ""
    if context.inline or parent_name in ("figure", "table", "list", "listBibl", "lg", "castList",
                                         "listPerson", "listPlace", "listOrg", "listEvent"):
        tag = "span" if context.inline else "p"
        renderer.container(tag, element, out, context, class_="head", inline=True)
        return
    level = min(6, 1 + _depth(element))
    node = renderer.container(f"h{level}", element, out, context, inline=True)
    if not node.get("id"):
        node.set("id", renderer.new_id("h"))


def line(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A verse line, with its number shown every fifth line (or where the number is not a run)."""
    if context.inline:
        renderer.container("span", element, out, context, class_="l")
        return
    # @part (TEI P5 §6.2: a line shared between speakers) and @rend shape the line's indent.
    classes = ["l", *(f"rend-{_token(t)}" for t in element.get("rend", "").split())]
    if element.get("part"):
        classes.append(f"part-{_token(element.get('part', ''))}")
    node = renderer.container("div", element, out, context, class_=" ".join(classes), inline=True)
    number = element.get("n")
    if number and (not number.isdigit() or int(number) % 5 == 0):
        node.insert(0, h("span", number, class_="line-number", aria_hidden="true"))
        node[0].tail, node.text = node.text, None


def note(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A note becomes a call in the text and an entry in the section's notes.

    Notes placed "inline" (TEI @place) stay in the text, in brackets.
    """
    if element.get("place") == "inline":
        renderer.container("span", element, out, context, class_="note-inline", inline=True)
        return
    context.note_counter += 1
    number = element.get("n") or str(context.note_counter)
    note_id = element.get(XML_ID) or renderer.new_id("note")
    ref_id = renderer.new_id("noteref")
    content = h("div", class_="note-body")
    lemma = _lemma(renderer, element, context)
    if lemma is not None:
        content.append(lemma)
    saved = context.inline
    context.inline = not _has_block_child(element)
    holder = h("p") if context.inline else content
    renderer.children(element, holder, context)
    if holder is not content:
        _merge_paragraph(content, holder)
    context.inline = saved
    lang = element.get(XML_LANG)
    if lang:
        content.set("lang", lang)
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
    while len(place) and _tag(place[-1]) in CALL_HOSTS and not (place[-1].tail or "").strip():
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


def _lemma(renderer: Renderer, element: Element, context: Context) -> Element | None:
    """For the reason of an emendation, the apparatus entry "source reading] correction"."""
    target = element.get("target", "")
    if element.get("type") != "emendation" or not target.startswith("#"):
        return None
    choice = renderer.root.xpath("//*[@xml:id=$id]", id=target[1:])
    if not choice:
        return None
    return _apparatus_entry(renderer, choice[0], context)


def _apparatus_entry(renderer: Renderer, choice: Element, context: Context) -> Element | None:
    source, reading = _choice_parts(choice)
    if source is None or reading is None:
        return None
    entry = h("p", class_="apparatus")
    entry.append(_plain_span(source, "lemma-source"))
    append(entry, "] ")
    entry.append(_plain_span(reading, "lemma-reading"))
    return entry


def _plain_span(element: Element, class_: str) -> Element:
    return h("span", " ".join("".join(element.itertext()).split()), class_=class_)


def _choice_parts(choice: Element) -> tuple[Element | None, Element | None]:
    """(what the source has, what the reader is shown) for a TEI ``choice``."""
    parts = {local(c): c for c in choice if isinstance(c.tag, str)}
    for source, reading in (("sic", "corr"), ("orig", "reg"), ("abbr", "expan"),
                            ("unclear", "unclear")):
        if source in parts and reading in parts and source != reading:
            return parts[source], parts[reading]
    return None, None


def choice(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI P5 §3.5.1: show the corrected (or expanded) reading; keep the source reading reachable.

    ``sic``/``corr`` shows the correction, the source reading in ``title`` and in an apparatus
    note (unless the document gives the reason as a note of its own); ``orig``/``reg`` shows the
    original (the edition does not normalise); ``abbr``/``expan`` shows the expansion.
    """
    parts = {local(c): c for c in element if isinstance(c.tag, str)}
    if "corr" in parts:
        shown, kept, class_ = parts["corr"], parts.get("sic"), "corr"
    elif "orig" in parts:
        shown, kept, class_ = parts["orig"], parts.get("reg"), "orig"
    elif "expan" in parts:
        shown, kept, class_ = parts["expan"], parts.get("abbr"), "expan"
    elif parts:
        shown, kept, class_ = next(iter(parts.values())), None, "choice"
    else:
        return
    node = h("span", class_=class_)
    renderer.copy_common(element, node)
    if kept is not None:
        node.set("title", " ".join("".join(kept.itertext()).split()))
        node.set("data-source", node.get("title", ""))
    out.append(node)
    renderer.inline_children(shown, node, context)
    if class_ == "corr" and element.get(XML_ID) not in renderer.emendation_reasons:
        _apparatus_note(renderer, element, out, context)


def _apparatus_note(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    entry = _apparatus_entry(renderer, element, context)
    if entry is None:
        return
    append(entry, " (source reading kept)")
    context.note_counter += 1
    note_id, ref_id = renderer.new_id("app"), renderer.new_id("appref")
    context.notes.append(Note(note_id, ref_id, str(context.note_counter),
                              h("div", entry, class_="note-body"), "emendation", context.section))
    out.append(h("a", str(context.note_counter), class_="noteref", id=ref_id, href=f"#{note_id}",
                 epub_type="noteref", role="doc-noteref"))


def name(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A name; one that points to a register entry is a mention, with an id for the index."""
    kind = local(element)
    ref = element.get("ref", "")
    class_ = NAME_CLASSES.get(kind, kind)
    if kind == "name" and element.get("type"):
        class_ = f"name name-{_token(element.get('type', ''))}"
    node = renderer.container("span", element, out, context, class_=class_, inline=True)
    targets = [r[1:] for r in ref.split() if r.startswith("#") and r[1:] in renderer.registers]
    if targets:
        if not node.get("id"):
            node.set("id", renderer.new_id("m"))
        text = " ".join("".join(element.itertext()).split())
        for target in targets:
            renderer.mentions.append(Mention(node.get("id", ""), target, context.section, text))


def date(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    when = element.get("when", "")
    # HTML <time datetime> takes years, year-months and dates (HTML §4.5.14), as TEI @when does.
    valid = re.match(r"^\d{4}(-\d\d(-\d\d)?)?$", when)
    node = renderer.container("time" if valid else "span", element, out, context, class_="date",
                              inline=True)
    if valid:
        node.set("datetime", when)


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
    classes = " ".join(f"rend-{_token(t)}" for t in sorted(tokens))
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
        return target if target[1:] in renderer.ids else None
    scheme = urlparse(target).scheme.lower()
    if scheme in ("http", "https", "mailto"):
        return target
    renderer.warn_once("W102", target, f"link to {target!r} is not a web address; shown as text",
                       "use an http(s) address or a #id inside the document", element)
    return None


def figure(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    node = h("figure", class_="figure")
    renderer.copy_common(element, node)
    out.append(node)
    caption = h("figcaption")
    description = ""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name_ = local(child)
        if name_ == "head":
            renderer.inline_children(child, caption, context)
        elif name_ == "figDesc":
            description = " ".join("".join(child.itertext()).split())
        elif name_ == "graphic":
            graphic(renderer, child, node, context)
        else:
            renderer.render(child, node, context)
    for image in node.iter(f"{{{XHTML}}}img"):
        image.set("alt", description or image.get("alt", ""))
    for missing in list(node.iter(f"{{{XHTML}}}span")):
        if missing.get("class") == "missing-image" and description:
            # the image is not there: its description is what the reader gets instead
            described = h("span", description, class_="figDesc")
            described.tail, missing.tail = missing.tail, " "
            missing.addnext(described)
    if description and not len(caption) and not caption.text:
        caption.text = description
    if len(caption) or caption.text:
        node.append(caption)


def graphic(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    url = element.get("url", "")
    asset = renderer.resolve_asset(url, element) if url else None
    if asset is None:
        out.append(h("span", f"[image: {url}]", class_="missing-image", title=url or None))
        return
    out.append(h("img", src=asset.href, alt=""))


def gap(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A gap in the source: "[…]", with what is missing and why for the curious reader."""
    reason = element.get("reason")
    extent = element.get("extent") or " ".join(
        filter(None, [element.get("quantity"), element.get("unit")]))
    title = ", ".join(filter(None, [extent, reason]))
    out.append(h("span", "[…]", class_="gap", title=title or None))


def supplied(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Text the editor supplies is shown in square brackets (TEI P5 §11.3.1.1)."""
    node = h("span", "[", class_="supplied")
    renderer.copy_common(element, node)
    out.append(node)
    renderer.inline_children(element, node, context)
    append(node, "]")


def page_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A page beginning of the source, shown discreetly as "[12]" in the line."""
    number = element.get("n")
    # Not role="doc-pagebreak": that names the pages of this book (the EPUB page list), and these
    # are the pages of the source.
    node = h("span", f"[{number}]" if number else "|", class_="pb")
    node.set("title", f"source page {number}" if number else "source page break")
    renderer.copy_common(element, node)
    out.append(node)


def line_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``lb`` marks where a line begins (TEI P5 §3.11.3): a break, except before the first line."""
    if not (out.text or "").strip() and not len(out):
        invisible(renderer, element, out, context)
        return
    out.append(h("br", class_="lb"))


def milestone(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A boundary in the source: its number in brackets, or between blocks, a thematic break."""
    unit = element.get("unit", "")
    class_ = f"milestone milestone-{_token(unit)}" if unit else "milestone"
    if not context.inline and not element.get("n") and not _in_running_text(element):
        node = h("hr", class_=class_)
        renderer.copy_common(element, node)
        out.append(node)
        return
    node = h("span", class_=class_)
    renderer.copy_common(element, node)
    if element.get("n"):
        node.text = f"[{element.get('n')}]"
    out.append(node)


def _in_running_text(element: Element) -> bool:
    """Whether an empty element stands among words (with text before or after it)."""
    parent = element.getparent()
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return bool((before or "").strip() or (element.tail or "").strip())


def invisible(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Elements with nothing to show (``cb``, ``anchor``, ``handShift``): keep their id as a target."""
    if element.get(XML_ID):
        node = h("span")
        renderer.copy_common(element, node)
        out.append(node)


def quotation(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``quote``/``cit``: a block quotation when it holds blocks, else an inline quotation."""
    if not context.inline and (_has_block_child(element) or local(element) == "cit"
                               or element.get("rend") == "block"):
        renderer.container("blockquote", element, out, context, class_=local(element))
    elif local(element) in ("quote", "q", "said"):
        kind = local(element)
        node = renderer.container("span", element, out, context,
                                  class_="q" if kind == "q" else f"q {kind}", inline=True)
        enclose(node, element)
    else:
        renderer.container("span", element, out, context, class_=local(element), inline=True)


QUOTE_CHARS = "\"'“”‘’«»„‚‹›「」『』"
QUOTE_MARKS = {"fr": ("«\u00a0", "\u00a0»", "“", "”"), "de": ("„", "“", "‚", "‘"),
               "ru": ("«", "»", "„", "“"), "pl": ("„", "”", "«", "»"), "it": ("«", "»", "“", "”"),
               "es": ("«", "»", "“", "”"), "ja": ("「", "」", "『", "』"), "zh": ("“", "”", "‘", "’")}
QUOTED = ("q", "said", "quote")
QUOTED_TAGS = frozenset(f"{{{TEI_NS}}}{name_}" for name_ in QUOTED)


def enclose(node: Element, element: Element) -> None:
    """Put quotation marks around a quotation as text (reading systems differ on CSS quotes),
    in its language's style and level, unless the source's own marks are already there."""
    lang = element.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)").split("-")[0]
    marks = QUOTE_MARKS.get(lang.lower(), ("“", "”", "‘", "’"))
    state = _open_quotation(element, marks[0].strip(), marks[1].strip())
    if _marked(element) or state == "continued":
        return
    level = (sum(1 for a in element.iterancestors() if is_tei(a, *QUOTED) or
                 (is_tei(a, "title") and a.get("level") in ("a", "u"))) + (state == "nested")) % 2
    node.text = marks[2 * level] + (node.text or "")
    append(node, marks[2 * level + 1])


def _marked(element: Element) -> bool:
    words = "".join(_words(element)).strip()
    parent, previous = element.getparent(), element.getprevious()
    before = (previous.tail if previous is not None else parent.text if parent is not None else "")
    edges = (words[:1], words[-1:], (before or "").rstrip()[-1:])
    return any(edge and edge in QUOTE_CHARS for edge in edges)


def _open_quotation(element: Element, opening: str, closing: str) -> str:
    """Whether the source opened a quotation before ``element`` in its verse group, speech or
    paragraph and left it open: "continued" when a quotation element opened it (one speech split
    over several lines, each a ``said``), "nested" when the running text did, else ""."""
    container = next(element.iterancestors(*(f"{{{TEI_NS}}}{n}" for n in ("lg", "sp", "p", "ab"))),
                     None)
    if container is None:
        return ""
    ancestors = set(element.iterancestors())
    quoted: list[str] = []          # the text before the element (its order does not matter)
    plain: list[str] = []
    for node in container.iter():
        if node is element:
            break
        inside = node.tag in QUOTED_TAGS or any(a.tag in QUOTED_TAGS for a in node.iterancestors()
                                                if a not in ancestors)
        (quoted if inside else plain).append(node.text or "")
        if node not in ancestors:   # an ancestor's tail comes after the element
            (quoted if inside and node.tag not in QUOTED_TAGS else plain).append(node.tail or "")

    def unbalanced(text: str) -> bool:
        return text.count(opening) > text.count(closing) or text.count('"') % 2 == 1

    return "continued" if unbalanced("".join(quoted)) else "nested" if unbalanced(
        "".join(quoted + plain)) else ""


def _words(element: Element) -> list[str]:
    """The text of an element without its notes."""
    pieces = [element.text or ""]
    for child in element:
        if not is_tei(child, "note"):
            pieces.extend(_words(child))
        pieces.append(child.tail or "")
    return pieces


def scare_quoted(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``soCalled``: a word the author distances himself from, in quotation marks."""
    enclose(renderer.container("span", element, out, context, class_="soCalled", inline=True),
            element)


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
    node = h(tag, class_=f"list list-{_token(kind)}" if kind else "list")
    renderer.copy_common(element, node)
    out.append(node)
    saved = context.inline
    context.inline = False
    for child in children:
        if is_tei(child, "item"):
            renderer.container("li", child, node, context)
        elif not is_tei(child, "head"):
            item = h("li")
            node.append(item)
            renderer.render(child, item, context)
    context.inline = saved


def table(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    node = h("table", class_="table")
    renderer.copy_common(element, node)
    out.append(node)
    for child in element:
        if is_tei(child, "head"):
            caption = h("caption")
            node.insert(0, caption)
            renderer.inline_children(child, caption, context)
        elif is_tei(child, "row"):
            row = h("tr")
            renderer.copy_common(child, row)
            node.append(row)
            label_row = child.get("role") == "label"
            for cell in child:
                if not is_tei(cell, "cell"):
                    continue
                tag = "th" if label_row or cell.get("role") == "label" else "td"
                item = renderer.container(tag, cell, row, context)
                for attribute, value in (("colspan", cell.get("cols")), ("rowspan", cell.get("rows"))):
                    if value and value.isdigit() and int(value) > 1:
                        item.set(attribute, value)


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


def speech(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    division("div", "sp")(renderer, element, out, context)


def stage(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    kind = element.get("type")
    class_ = f"stage stage-{_token(kind)}" if kind else "stage"
    parent = element.getparent()
    if context.inline or (parent is not None and is_tei(parent, "p", "l")):
        renderer.container("span", element, out, context, class_=class_, inline=True)
    else:
        renderer.container("p", element, out, context, class_=class_, inline=True)


def ruby(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI ``ruby``/``rb``/``rt`` is HTML ruby (furigana)."""
    tag = {"ruby": "ruby", "rb": "span", "rt": "rt"}[local(element)]
    renderer.container(tag, element, out, context, class_=local(element), inline=True)


def skip(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Metadata inside the text that is not shown (``figDesc`` is used as alt text)."""


def doc_title(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """The title of a source's own title page is the heading of its text (the book then adds
    no other title above it)."""
    if context.inline:
        renderer.container("span", element, out, context, class_="docTitle")
        return
    node = renderer.container(f"h{min(6, 1 + _depth(element))}", element, out, context,
                              class_="docTitle", inline=True)
    if not node.get("id"):
        node.set("id", renderer.new_id("h"))


def front_matter_title(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    block("p", local(element))(renderer, element, out, context)


def flexible(class_: str) -> Behaviour:
    """A paragraph when it holds phrases, a division when it holds paragraphs (``support``,
    ``origin``, ``summary``… may hold either)."""
    as_block, as_division = block("p", class_), division("div", class_)

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        (as_division if _holds_blocks(element) else as_block)(renderer, element, out, context)

    return behaviour


def markup_name(before: str, after: str) -> Behaviour:
    """TEI's names of markup (TEI P5 §22: ``gi``, ``att``, ``val``, ``tag``) in code type:
    ``<sic>``, ``@rend``, ``"bold"``."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        node = renderer.container("code", element, out, context, class_=local(element), inline=True)
        node.text = before + (node.text or "")
        append(node, after)

    return behaviour


def apparatus(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI P5 §12.1 ``app``: the lemma (or else the first reading) in the text, and every other
    reading, with its witnesses, in an apparatus note ("lemma] reading wit.; om. wit.")."""
    readings = [r for r in element.iter(f"{{{TEI_NS}}}lem", f"{{{TEI_NS}}}rdg")]
    shown = next((r for r in readings if is_tei(r, "lem")), readings[0] if readings else None)
    if shown is None:
        return
    node = h("span", class_="app")
    renderer.copy_common(element, node)
    out.append(node)
    renderer.inline_children(shown, node, context)
    others = [r for r in readings if r is not shown]
    if not others:
        return
    entry = h("p", _plain_span(shown, "lemma-source"), "] ", class_="apparatus")
    for number, reading in enumerate(others):
        if number:
            append(entry, "; ")
        if "".join(reading.itertext()).strip():
            entry.append(_plain_span(reading, "lemma-reading"))
        else:
            entry.append(h("i", "om.", class_="lemma-reading"))
        witnesses = " ".join(w.lstrip("#") for w in reading.get("wit", "").split())
        if witnesses:
            append(entry, " ", h("span", witnesses, class_="wit"))
    context.note_counter += 1
    note_id, ref_id = renderer.new_id("app"), renderer.new_id("appref")
    context.notes.append(Note(note_id, ref_id, str(context.note_counter),
                              h("div", entry, class_="note-body"), "apparatus", context.section))
    out.append(h("a", str(context.note_counter), class_="noteref", id=ref_id, href=f"#{note_id}",
                 epub_type="noteref", role="doc-noteref"))


def _token(value: str) -> str:
    return re.sub(r"[^\w\-]", "-", value.strip()).strip("-") or "x"


def _depth(element: Element) -> int:
    """How many divisions (``div``, ``div1``…, ``lg``, ``floatingText``) enclose an element."""
    depth = 0
    for ancestor in element.iterancestors():
        name_ = local(ancestor)
        parent = ancestor.getparent()
        inside = local(parent) if parent is not None else ""
        # Each division is a level; so is a group within a group, and each text of a group.
        if (name_ == "div" or re.fullmatch(r"div\d", name_) or (name_ == "group" and inside == "group")
                or (name_ == "text" and inside in ("group", "floatingText"))):
            depth += 1
        elif name_ in ("text", "TEI", "teiCorpus"):
            break
    return depth


BLOCK_NAMES = frozenset(
    """p ab div lg l sp list table figure quote cit head opener closer castList listBibl
    floatingText epigraph argument trailer byline dateline salute signed postscript stage
    speaker label item note bibl docTitle titlePart docAuthor docImprint docDate titlePage
    div1 div2 div3 div4 div5 div6 div7 address""".split()
)


def _has_block_child(element: Element) -> bool:
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


def _tag(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _repair(element: Element, phrasing: bool) -> None:
    """Repair ``element``'s content; ``phrasing``: whether the element itself stands where only
    phrases may (its children do if it does, or if it is a phrase itself)."""
    splittable = _tag(element) == "p" and not phrasing
    inner = phrasing or _tag(element) in PHRASING_ONLY
    _wrap_strays(element)
    index = 0
    while index < len(element):
        child = element[index]
        tag = _tag(child)
        if tag in FLOW_ONLY and splittable and element.getparent() is not None:
            _split_paragraph(element, child)
            return
        if tag in FLOW_ONLY and inner:
            _demote(child)
        elif tag in HOLDERS and _tag(element) not in HOLDERS[tag]:
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
    tag = _tag(element)
    if tag not in ("ul", "ol", "dl"):
        return
    wrapper, allowed = ("dd", ("dt", "dd", "div")) if tag == "dl" else ("li", ("li",))
    if element.text and element.text.strip():
        element.insert(0, h(wrapper, element.text))
    element.text = None
    for child in list(element):
        tail, child.tail = child.tail, None
        if _tag(child) not in allowed:
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
    tag = _tag(element)
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


def _holds_blocks(element: Element) -> bool:
    """Whether a block (a paragraph, a list…) is somewhere inside, notes apart."""
    blocks = BLOCK_NAMES - {"note", "bibl", "label"}
    for child in element:
        if not isinstance(child.tag, str) or is_tei(child, "note"):
            continue
        if local(child) in blocks or _holds_blocks(child):
            return True
    return False


def _register_ids(root: Element) -> set[str]:
    found = set()
    for entry in root.iter(*(f"{{{TEI_NS}}}{n}" for n in ("person", "place", "org", "event"))):
        ident = entry.get(XML_ID)
        if ident:
            found.add(ident)
    return found


def _reasons(root: Element) -> set[str]:
    """The choices whose reason the document gives as a note (type "emendation", @target)."""
    return {
        note_.get("target", "")[1:]
        for note_ in root.iter(f"{{{TEI_NS}}}note")
        if note_.get("type") == "emendation" and note_.get("target", "").startswith("#")
    }


SAFE_CSS = re.compile(r"^[\w\s:;#%.,()'\"\-+/!]*$")


def _safe_style(root: Element, rendition: str, style: str) -> str:
    """CSS from ``@rendition`` (pointing at ``tagsDecl/rendition``) and ``@style``, minus anything
    that could fetch (``url()``, ``@import``)."""
    rules = []
    for pointer in rendition.split():
        if pointer.startswith("#"):
            found = root.xpath("//*[local-name()='rendition'][@xml:id=$id]", id=pointer[1:])
            if found:
                rules.append(" ".join("".join(found[0].itertext()).split()))
    if style:
        rules.append(style)
    css = "; ".join(r.strip().rstrip(";") for r in rules if r.strip())
    if not css or "url(" in css.lower() or "@" in css or "\\" in css or not SAFE_CSS.match(css):
        return ""
    return css


MODEL: dict[str, Behaviour] = {
    # structure
    "div": division("section", "div"), **{f"div{n}": division("section", "div") for n in range(1, 8)},
    "front": division("div", "front"), "body": division("div", "body"), "back": division("div", "back"),
    "group": division("div", "group"), "floatingText": division("div", "floatingText"),
    "text": division("div", "text"),
    "head": heading, "p": block("p"), "ab": block("p", "ab"),
    "opener": division("div", "opener"), "closer": division("div", "closer"),
    "salute": block("p", "salute"), "signed": block("p", "signed"),
    "dateline": block("p", "dateline"), "byline": block("p", "byline"),
    "postscript": division("div", "postscript"), "epigraph": division("blockquote", "epigraph"),
    "argument": division("div", "argument"), "trailer": block("p", "trailer"),
    "docTitle": doc_title, "titlePart": front_matter_title,
    "docAuthor": inline("span", "docAuthor"), "docImprint": block("p", "docImprint"),
    "docDate": inline("span", "docDate"), "docEdition": block("p", "docEdition"),
    "titlePage": division("div", "titlePage"), "imprimatur": block("p", "imprimatur"),
    "fw": block("p", "fw"),
    # verse and drama
    "lg": division("div", "lg"), "l": line, "caesura": inline("span", "caesura"),
    "sp": speech, "speaker": block("p", "speaker"), "stage": stage,
    "castList": division("div", "castList"), "castGroup": division("div", "castGroup"),
    "castItem": block("p", "castItem"), "role": inline("span", "role"),
    "roleDesc": inline("span", "roleDesc"), "actor": inline("span", "actor"),
    "set": division("div", "set"), "move": invisible, "view": block("p", "view"),
    # lists, tables, figures, bibliography
    "list": listing, "item": block("li"), "label": inline("span", "label"),
    "table": table, "row": division("div", "row"), "cell": inline("span", "cell"),
    "figure": figure, "graphic": graphic, "figDesc": skip,
    "listBibl": bibliography, "bibl": inline("span", "bibl"), "biblStruct": inline("span", "bibl"),
    "author": inline("span", "author"), "editor": inline("span", "editor"),
    "publisher": inline("span", "publisher"), "pubPlace": inline("span", "pubPlace"),
    "biblScope": inline("span", "biblScope"), "idno": inline("span", "idno"),
    "imprint": inline("span", "imprint"), "edition": inline("span", "edition"),
    "series": inline("span", "series"), "respStmt": inline("span", "respStmt"),
    "resp": inline("span", "resp"), "citedRange": inline("span", "citedRange"),
    # quotation and highlighting
    "quote": quotation, "q": quotation, "said": quotation, "cit": quotation,
    "hi": highlight, "emph": inline("em", "emph"), "title": title,
    "foreign": foreign, "term": inline("dfn", "term"), "gloss": inline("span", "gloss"),
    "mentioned": inline("em", "mentioned"), "soCalled": scare_quoted,
    "distinct": inline("span", "distinct"), "code": inline("code", "code"),
    # names, dates, numbers
    "persName": name, "placeName": name, "orgName": name, "name": name,
    "rs": name, "geogName": name, "settlement": name, "country": name, "region": name,
    "bloc": name, "district": name, "forename": inline("span", "forename"),
    "surname": inline("span", "surname"), "roleName": inline("span", "roleName"),
    "addName": inline("span", "addName"), "genName": inline("span", "genName"),
    "nameLink": inline("span", "nameLink"),
    "date": date, "time": inline("span", "time"), "num": inline("span", "num"),
    "measure": inline("span", "measure"), "address": division("div", "address"),
    "addrLine": block("p", "addrLine"), "street": inline("span", "street"),
    "postCode": inline("span", "postCode"), "email": inline("span", "email"),
    # transcription and editorial intervention (TEI P5 §3.5, §11)
    "choice": choice, "sic": inline("span", "sic"), "corr": inline("span", "corr"),
    "orig": inline("span", "orig"), "reg": inline("span", "reg"),
    "abbr": inline("abbr", "abbr"), "expan": inline("span", "expan"), "ex": inline("span", "ex"),
    "am": inline("span", "am"),
    "del": inline("del", "del"), "add": inline("ins", "add"), "subst": inline("span", "subst"),
    "unclear": inline("span", "unclear"), "supplied": supplied, "gap": gap,
    "damage": inline("span", "damage"), "space": inline("span", "space"),
    "surplus": inline("span", "surplus"), "secl": inline("span", "secl"),
    "handShift": invisible, "anchor": invisible, "cb": invisible,
    "lb": line_break, "pb": page_break, "milestone": milestone, "gb": invisible,
    "note": note, "noteGrp": division("div", "noteGrp"),
    "ref": link, "ptr": link,
    "seg": inline("span", "seg"), "s": inline("span", "s"), "w": inline("span", "w"),
    "pc": inline("span", "pc"), "c": inline("span", "c"), "g": inline("span", "g"),
    "ruby": ruby, "rb": ruby, "rt": ruby,
    "desc": inline("span", "desc"), "index": skip, "interp": skip, "interpGrp": skip,
    "link": skip, "linkGrp": skip, "certainty": skip, "precision": skip, "respons": skip,
    "metamark": inline("span", "metamark"),
    # more transcription, the critical apparatus (TEI P5 §11.3, §12)
    "restore": inline("span", "restore"), "retrace": inline("span", "retrace"),
    "mod": inline("span", "mod"), "redo": inline("span", "redo"), "undo": inline("span", "undo"),
    "app": apparatus, "lem": inline("span", "lem"), "rdg": inline("span", "rdg"),
    "rdgGrp": inline("span", "rdgGrp"), "witStart": invisible, "witEnd": invisible,
    "lacunaStart": invisible, "lacunaEnd": invisible, "wit": inline("span", "wit"),
    # drama and structure beyond the basics
    "spGrp": division("div", "spGrp"), "prologue": division("div", "prologue"),
    "epilogue": division("div", "epilogue"), "performance": division("div", "performance"),
    "camera": stage, "sound": stage, "tech": stage, "divGen": skip,
    "analytic": inline("span", "analytic"), "monogr": inline("span", "monogr"),
    "biblFull": inline("span", "bibl"), "unit": inline("span", "unit"),
    "geo": inline("span", "geo"), "objectName": name, "formula": inline("span", "formula"),
    # names of markup in prose about markup (TEI P5 §22)
    "gi": markup_name("<", ">"), "tag": markup_name("<", ">"), "att": markup_name("@", ""),
    "val": markup_name("\u201c", "\u201d"),
    # manuscript description (TEI P5 §10), shown in the note on the sources
    "msDesc": division("div", "msDesc"), "msPart": division("div", "msPart"),
    "msFrag": division("div", "msFrag"), "msIdentifier": block("p", "msIdentifier"),
    "altIdentifier": inline("span", "altIdentifier"), "institution": inline("span", "institution"),
    "repository": inline("span", "repository"), "collection": inline("span", "collection"),
    "msName": inline("span", "msName"),
    **{name_: division("div", name_) for name_ in (
        "msContents", "physDesc", "objectDesc", "supportDesc", "layoutDesc", "handDesc",
        "decoDesc", "scriptDesc", "musicNotation", "bindingDesc", "sealDesc", "accMat",
        "history", "additional", "adminInfo", "surrogates", "msItem", "msItemStruct")},
    **{name_: flexible(name_) for name_ in (
        "summary", "support", "collation", "foliation", "condition", "layout", "handNote",
        "decoNote", "scriptNote", "binding", "seal", "origin", "provenance", "acquisition",
        "custodialHist", "custEvent", "recordHist", "incipit", "explicit", "rubric", "finalRubric",
        "colophon", "textLang", "filiation", "typeDesc", "typeNote")},
    **{name_: inline("span", name_) for name_ in (
        "locus", "locusGrp", "dimensions", "dim", "height", "width", "depth", "origDate",
        "origPlace", "material", "objectType", "watermark", "catchwords", "signatures",
        "heraldry", "stamp", "secFol")},
}
