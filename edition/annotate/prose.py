"""Turn the editor's prose (plain text with TEI inline elements) into TEI elements."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.tei import TEI_NS, XML_LANG, Element, local, make
from edition.model.xmlio import safe_parser

__all__ = ["INLINE", "Pointer", "dangling_pointers", "dangling_targets", "fill_prose", "parse_inline",
           "parse_paragraphs", "prose_pointers"]

# The inline elements an editor may write in notes, descriptions and the introduction.
INLINE = {
    "title": {"level", "type"},
    "foreign": {XML_LANG},
    "hi": {"rend"},
    "emph": set(),
    "q": set(),
    "mentioned": set(),
    "soCalled": set(),
    "term": set(),
    "ref": {"target"},
    "persName": {"ref"},
    "placeName": {"ref"},
    "orgName": {"ref"},
    "name": {"ref", "type"},
    "date": {"when", "from", "to", "notBefore", "notAfter"},
}
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def parse_paragraphs(text: str, path: Path, line: int) -> list[Element]:
    """Blank-line separated paragraphs of prose, each a TEI ``<p>``."""
    paragraphs = [part for part in PARAGRAPH_BREAK.split(text.strip()) if part.strip()]
    result = []
    for part in paragraphs:
        p = make("p")
        _fill(p, part, path, line + text[: text.find(part)].count("\n"))
        result.append(p)
    return result


def parse_inline(container: Element, text: str, path: Path, line: int) -> Element:
    """Fill ``container`` with one paragraph of prose, or with ``<p>``s when there are several."""
    return fill_prose(container, parse_paragraphs(text, path, line))


def fill_prose(container: Element, paragraphs: list[Element]) -> Element:
    """Put copies of parsed paragraphs into ``container``: inline when there is one paragraph."""
    if len(paragraphs) == 1:
        first = copy.deepcopy(paragraphs[0])
        container.text = first.text
        container.extend(list(first))
    else:
        container.extend(copy.deepcopy(p) for p in paragraphs)
    return container


def _fill(p: Element, text: str, path: Path, line: int) -> None:
    source = f'<p xmlns="{TEI_NS}">{" ".join(text.split())}</p>'
    try:
        parsed = etree.fromstring(source.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as error:
        raise EditionError.single(
            "E210", path, f"prose is not well-formed: {error.msg}",
            "escape a literal < as &lt; and & as &amp;; close every element you open", line, 1,
        ) from error
    problems = list(_check(parsed, path, line))
    if problems:
        raise EditionError(problems)
    p.text = parsed.text
    for child in parsed:
        p.append(child)


def _check(root: Element, path: Path, line: int) -> list[Message]:
    problems = []
    for element in root.iterdescendants():
        name = local(element)
        if not isinstance(element.tag, str) or element.tag.split("}")[0][1:] != TEI_NS:
            problems.append(Message.at("E211", "error", path, "comments and processing "
                                       "instructions are not allowed in prose", "", line, 1))
            continue
        if name not in INLINE:
            problems.append(Message.at(
                "E211", "error", path, f"<{name}> is not allowed in prose",
                f"use one of: {', '.join(sorted(INLINE))}", line, 1))
            continue
        for attribute in element.attrib:
            if attribute not in INLINE[name]:
                shown = "xml:lang" if attribute == XML_LANG else attribute
                problems.append(Message.at(
                    "E212", "error", path, f"attribute {shown} is not allowed on <{name}> in prose",
                    f"allowed: {_attribute_names(INLINE[name]) or 'none'}",
                    line, 1))
    return problems


def _attribute_names(names: set[str]) -> str:
    return ", ".join(sorted(n.replace(XML_LANG, "xml:lang") for n in names))


# TEI P5 §13.3.1: a name in the text points with @ref at its entry in the registers.
NAME_TAGS = frozenset({"persName", "placeName", "orgName", "name"})
# TEI P5 §3.7 (§16.1): a <ref> points with @target, a list of URIs; "#id" is an element of
# the same document.
POINTING = {**{tag: "ref" for tag in NAME_TAGS}, "ref": "target"}


@dataclass(frozen=True)
class Pointer:
    """A ``@ref="#id"`` of a name in the editor's prose, and where the editor wrote it."""

    path: Path
    line: int
    col: int
    tag: str
    ident: str


def prose_pointers(text: str, path: Path, line: int, col: int = 1) -> list[Pointer]:
    """The pointers of a piece of prose that starts at ``line:col`` of ``path``: the ``@ref`` of
    its names (to the registers) and the ``@target`` of its ``ref``s (into the document).

    The prose is read again with its line breaks, so that each pointer has its own line; prose
    that is not well-formed has none (E210 is reported for it where it is parsed).
    """
    try:
        root = etree.fromstring(f'<p xmlns="{TEI_NS}">{text}</p>'.encode(), safe_parser())
    except etree.XMLSyntaxError:
        return []
    rows = text.split("\n")
    found = []
    for element in root.iterdescendants():
        if not isinstance(element.tag, str) or local(element) not in POINTING:
            continue
        for token in (element.get(POINTING[local(element)]) or "").split():
            if token.startswith("#"):
                row = min(max((element.sourceline or 1), 1), len(rows))
                at = rows[row - 1].find(token) + 1 or 1
                found.append(Pointer(path, line + row - 1, at + (col - 1 if row == 1 else 0),
                                     local(element), token[1:]))
    return found


def dangling_pointers(pointers: Iterable[Pointer], known: set[str]) -> list[Message]:
    """E244 for every pointer of the prose to no register entry (or editor), at the prose."""
    return [
        Message.at("E244", "error", p.path, f"<{p.tag} ref=\"#{p.ident}\"> in prose: "
                   f"{p.ident!r} is not in the registers", "add it to registers.toml or correct "
                   "the id", p.line, p.col)
        for p in pointers if p.tag in NAME_TAGS and p.ident not in known
    ]


def dangling_targets(pointers: Iterable[Pointer], ids: set[str],
                     texts: dict[str, str]) -> list[Message]:
    """E248 for every ``<ref target="#x">`` of the prose to no element of the document it is
    printed in (``ids``), E249 when ``x`` is in another text of the edition (``texts``: the
    text ids, with their file names): each text's TEI stands alone, and its pointers too."""
    found = []
    for p in pointers:
        if p.tag != "ref" or p.ident in ids:
            continue
        other = next((tid for tid in texts if p.ident == tid or p.ident.startswith(f"{tid}-")), None)
        if other is not None:
            found.append(Message.at(
                "E249", "error", p.path, f'<ref target="#{p.ident}"> in prose points into another '
                f"text of the edition ({texts[other]}): a text's TEI stands alone",
                "point to an element of this text, a register entry or an editor, or name the "
                "other text in words (<title>…</title>)", p.line, p.col))
        else:
            found.append(Message.at(
                "E248", "error", p.path, f'<ref target="#{p.ident}"> in prose: no element of the '
                f"text has the id {p.ident!r}", "correct the id (a note of the text is "
                "#<text id>-n<number>, a register entry #<its id>), or write the link out", p.line,
                p.col))
    return found
