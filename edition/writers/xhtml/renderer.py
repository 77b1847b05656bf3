"""Turn TEI elements into XHTML: the walk through the tree, each element by its behaviour.

One ``Renderer`` per document keeps the counters, the ids and the warnings; which behaviour an
element gets is the processing model's (``model.MODEL``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from edition.errors import Message
from edition.model.lang import bcp47
from edition.model.names import is_rtl
from edition.model.tei import TEI_NS, XML_ID, XML_LANG, Element, is_ncname, local
from edition.writers.xhtml.builder import Asset, Context, Mention, Note, append, h
from edition.writers.xhtml.kinds import first_strong, joins_word
from edition.writers.xhtml.model import MODEL
from edition.writers.xhtml.nesting import holds_blocks

__all__ = ["IMAGE_TYPES", "SAFE_CSS", "Behaviour", "Renderer"]


IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


ID_BLOCK = 100_000          # ids made for one text at most, before they run into the next's


class Renderer:
    """The processing model applied to TEI elements; one per document (it keeps the counters).

    ``base`` is the TEI file: images and relative links resolve inside its folder only;
    ``level`` the level of a transcription that a ``choice`` shows ("norm", "dipl", "facs").
    """

    def __init__(self, root: Element, base: Path | None = None, level: str = "norm") -> None:
        self.root = root
        self.base = base
        self.level = level
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
        self._renamed, self._first_of = self._html_ids(root)

    def _html_ids(self, root: Element) -> tuple[dict[Element, str], dict[str, str]]:
        """New ids for the ``xml:id``s that are not NCNames or are used twice (an HTML id must be
        an XML name in XHTML and unique: EPUBCheck RSC-005); links go to the first of a name."""
        renamed: dict[Element, str] = {}
        first_of: dict[str, str] = {}
        for element in root.iter():
            ident = element.get(XML_ID) if isinstance(element.tag, str) else None
            if ident is None:
                continue
            if ident in first_of or not is_ncname(ident):
                new = self.new_id("id-")
                renamed[element] = new
                self.warn_once("W105", ident, f'xml:id "{ident}" is not an XML name or is used '
                               f'twice; it is "{new}" in the output',
                               "give each element its own xml:id, an XML name (validate reports it: "
                               "E304, E309)", element)
            first_of.setdefault(ident, renamed.get(element, ident))
        return renamed, first_of

    def html_id(self, element: Element) -> str | None:
        """The output id of a TEI element: its ``xml:id``, or the id it was given instead."""
        ident = element.get(XML_ID)
        return self._renamed.get(element, ident) if ident is not None else None

    def link_target(self, ident: str) -> str | None:
        """The output id a pointer ``#ident`` leads to (the first element of that name)."""
        return self._first_of.get(ident)

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
            append(out, _segment_breaks(element.text))
        for child in element:
            tail = _segment_breaks(child.tail or "")
            if isinstance(child.tag, str) and tail and _marks_inside_word(child):
                # A page or column begins inside a word (TEI P5 §3.11.3, @break="no"): the
                # word is printed whole and the marker after it.
                rest = re.match(r"\S*", tail)
                end = rest.end() if rest else 0
                append(out, tail[:end])
                self.render(child, out, context)
                append(out, tail[end:])
                continue
            if isinstance(child.tag, str):
                self.render(child, out, context)
            if tail:
                append(out, tail)

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
    def apparatus_note(self, body: Element, kind: str, out: Element, context: Context) -> None:
        """An apparatus entry (a reading, an emendation) as a numbered note, its call in ``out``."""
        context.note_counter += 1
        note_id, ref_id = self.new_id("app"), self.new_id("appref")
        context.notes.append(Note(note_id, ref_id, str(context.note_counter),
                                  h("div", body, class_="note-body"), kind, context.section))
        out.append(h("a", str(context.note_counter), class_="noteref", id=ref_id, href=f"#{note_id}",
                     epub_type="noteref", role="doc-noteref"))

    def id_block(self, number: int) -> None:
        """Number the ids made from here on from ``number`` × ``ID_BLOCK``: each text of a corpus
        (and the front, the registers, the back) has its own series, so that a note added to one
        text renames no id of another, whose print piece, EPUB document and web page then stay
        byte for byte as they were (the chunk cache reuses them)."""
        self._serial = number * ID_BLOCK

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
        ident = self.html_id(element)
        if ident:
            node.set("id", ident)
        lang = bcp47(element.get(XML_LANG, ""))
        if lang:
            node.set("lang", lang)
            node.set(XML_LANG, lang)
            if is_rtl(lang):
                node.set("dir", "rtl")
            elif is_rtl(element.xpath("string(ancestor::*[@xml:lang][1]/@xml:lang)")):
                node.set("dir", "ltr")      # English inside Arabic runs left to right again
        elif local(element) in SCRIPT_BLOCKS:
            direction = script_direction(element)
            if direction is not None:
                node.set("dir", direction)
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
        block = not context.inline and holds_blocks(element)
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


# CSS Text 3 §4.1.3 (segment break transformation): a line feed of the source between two
# East Asian wide characters (Han, kana, Hangul syllables aside, CJK punctuation) is removed,
# not turned into a space; browsers differ and WeasyPrint prints a space, so it is done here.
_WIDE = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t]*\n[ \t\n]*(?=[{_WIDE}])")


def _segment_breaks(text: str) -> str:
    return _CJK_BREAK.sub("", text) if "\n" in text else text


def _marks_inside_word(element: Element) -> bool:
    return local(element) in ("pb", "cb") and joins_word(element)


# Blocks whose direction follows their script when no xml:lang says (Unicode UAX #9, rule P2:
# the first strong character; HTML's dir="auto" does the same, but WeasyPrint does not know it).
SCRIPT_BLOCKS = frozenset("p ab l head lg div item note quote sp speaker stage line zone".split())


def script_direction(element: Element) -> str | None:
    """"rtl" for a block in Hebrew or Arabic script (by its first strong character) in a
    left-to-right context, "ltr" for a left-to-right block in a right-to-left one; None when
    the inherited direction is already right. The context is the nearest block above, or the
    nearest ``xml:lang`` above, whichever comes first."""
    own = first_strong("".join(element.itertext()))
    if own is None:
        return None
    inherited = "ltr"
    for ancestor in element.iterancestors():
        lang = ancestor.get(XML_LANG)
        if lang:
            inherited = "rtl" if is_rtl(lang) else "ltr"
            break
        if local(ancestor) in SCRIPT_BLOCKS:
            inherited = first_strong("".join(ancestor.itertext())) or "ltr"
            break
    return own if own != inherited else None


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
