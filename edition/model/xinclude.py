"""Turn a TEI document's XIncludes into the content they name, safely, before it is rendered.

Projects keep chapters, headers and registers in files of their own and join them with
``<xi:include href="chapter2.xml"/>`` (XInclude 1.0; TEI P5 §1.3.4 allows it anywhere): the
TEI Stylesheets and TEI Publisher render the document as included. So do the writers — but
libxml2's own XInclude would follow any address, so this resolves them itself, with the
edition's rules: only files in the document's own folder (or below it), parsed with the safe
parser (no entity, no DTD, no network), no include of an include already being read (a
cycle), at most ``MAX_DEPTH`` deep. ``parse="text"`` includes text; ``xpointer`` may name an
element by id (``xpointer="ch2"``, ``element(ch2)``, ``xpointer(id('ch2'))``). An include that
cannot be followed keeps its ``xi:fallback``, if it has one, and is named in W111 — its content
is not in the book, and the reader of the warning must know it.

Validation reads the document as written (Jing does not follow XIncludes either).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.tei import XML_ID, Element
from edition.model.xmlio import parse_xml

__all__ = ["MAX_DEPTH", "XI_NS", "resolve_includes"]

XI_NS = "http://www.w3.org/2001/XInclude"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MAX_DEPTH = 8
_ID_POINTER = re.compile(r"^(?:element\((?P<e>[^/)]+)\)|xpointer\(id\(['\"](?P<x>[^'\"]+)['\"]\)\)|"
                         r"(?P<bare>[A-Za-z_][\w.\-]*))$")


def resolve_includes(tree: etree._ElementTree, base: Path | None) -> tuple[etree._ElementTree,
                                                                            list[Message]]:
    """``tree`` with every XInclude it may follow replaced by what it names (a copy: the tree
    read stays as written), and a warning for each it may not. A tree without XIncludes is
    returned as it is."""
    if not tree.getroot().xpath("//xi:include", namespaces={"xi": XI_NS}):
        return tree, []
    result = copy.deepcopy(tree)
    messages: list[Message] = []
    folder = base.resolve().parent if base is not None else None
    _expand(result.getroot(), base, folder, [base.resolve()] if base else [], messages)
    return result, messages


def _expand(root: Element, here: Path | None, folder: Path | None, reading: list[Path],
            messages: list[Message]) -> None:
    for include in list(root.iter(f"{{{XI_NS}}}include")):
        if include.getparent() is None:
            continue
        replacement, problem = _content(include, here, folder, reading, messages)
        if problem:
            messages.append(Message.at(
                "W111", "warning", str(here or "<tei>"), f'<xi:include href="{include.get("href", "")}">'
                f" not followed: {problem}" + ("; its fallback is shown" if _fallback(include) is not None
                                               else "; its content is not in the output"),
                "put the file in the document's folder, or give the include an <xi:fallback>",
                include.sourceline or 0, 1))
            fallback = _fallback(include)
            replacement = list(fallback) if fallback is not None else []
            text = fallback.text if fallback is not None else None
        else:
            text = None
        _replace(include, replacement, text)


def _fallback(include: Element) -> Element | None:
    return include.find(f"{{{XI_NS}}}fallback")


def _content(include: Element, here: Path | None, folder: Path | None, reading: list[Path],
             messages: list[Message]) -> tuple[list[Element | str], str]:
    """What the include names (elements, or one string for ``parse="text"``), or a reason."""
    href = include.get("href", "")
    if not href or folder is None or here is None:
        return [], "no file named" if not href else "the document has no folder"
    if "://" in href or href.startswith(("/", "\\")) or ":" in href.split("/")[0]:
        return [], "only files in the document's folder are read"
    target = (here.resolve().parent / href).resolve()
    if not target.is_relative_to(folder):
        return [], "the file is outside the document's folder"
    if target in reading or len(reading) > MAX_DEPTH:
        return [], "it includes itself" if target in reading else f"more than {MAX_DEPTH} levels deep"
    try:
        data = target.read_bytes()
    except OSError as error:
        return [], f"cannot read {href}: {error.strerror}"
    if include.get("parse") == "text":
        try:
            return [data.decode(include.get("encoding") or "utf-8")], ""
        except (UnicodeDecodeError, LookupError) as error:
            return [], f"{href} is not text in {include.get('encoding') or 'utf-8'} ({error})"
    try:
        included = parse_xml(data, target).getroot()
    except EditionError as error:
        return [], f"{href} is not well-formed XML ({error.messages[0].text})"
    _expand(included, target, folder, [*reading, target], messages)
    # XInclude §4.5.5: an included element says where it came from, relative to the includer.
    included.set(XML_BASE, href)
    pointer = include.get("xpointer")
    if pointer:
        match = _ID_POINTER.match(pointer.strip())
        ident = match and (match.group("e") or match.group("x") or match.group("bare"))
        if not ident:
            return [], f"xpointer {pointer!r}: only an id is understood"
        found = [e for e in included.iter() if isinstance(e.tag, str) and e.get(XML_ID) == ident]
        if not found:
            return [], f"{href} has no element with the id {ident!r}"
        element = copy.deepcopy(found[0])
        element.tail = None             # the element, not the text after it (XInclude §4.2)
        element.set(XML_BASE, href)
        return [element], ""
    return [included], ""


def _replace(include: Element, content: list, text: str | None) -> None:
    """Put ``content`` (elements and strings) where ``include`` is, keeping the text around it."""
    parent = include.getparent()
    assert parent is not None
    index = parent.index(include)
    pieces: list = ([text] if text else []) + content
    tail = include.tail or ""
    parent.remove(include)
    previous = parent[index - 1] if index > 0 else None
    for piece in pieces:
        if isinstance(piece, str):
            if previous is None:
                parent.text = (parent.text or "") + piece
            else:
                previous.tail = (previous.tail or "") + piece
            continue
        piece = copy.deepcopy(piece)    # a fallback's children keep the text between them
        parent.insert(index, piece)
        index += 1
        previous = piece
    if previous is None:
        parent.text = (parent.text or "") + tail
    else:
        previous.tail = (previous.tail or "") + tail
