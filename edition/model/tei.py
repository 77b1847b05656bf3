"""Turn names into TEI elements: namespaces, builders and the id and text helpers every stage shares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
NS = {"tei": TEI_NS, "xml": XML_NS}

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
# The resp/@key (TEI att.canonical) of the respStmt naming who evaluated the EPUB's accessibility
# (EPUB Accessibility 1.1 §5.2, a11y:certifiedBy): written by the header, read by the book.
CERTIFIER_KEY = "a11y-certifier"

Element: TypeAlias = etree._Element


def tei(tag: str) -> str:
    """The Clark name of a TEI element: ``tei("p") == "{http://www.tei-c.org/ns/1.0}p"``."""
    return f"{{{TEI_NS}}}{tag}"


def local(element: Element) -> str:
    """The local name of an element, or "" for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def is_tei(element: Element, *names: str) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{TEI_NS}}}"):
        return False
    return not names or local(element) in names


def make(tag: str, text: str | None = None, /, **attrs: str | None) -> Element:
    """A new TEI element; ``xml_id`` and ``xml_lang`` become ``xml:id`` and ``xml:lang``."""
    element = etree.Element(tei(tag), nsmap=NSMAP)
    _set_attrs(element, attrs)
    if text is not None:
        element.text = text
    return element


def sub(parent: Element, tag: str, text: str | None = None, /, **attrs: str | None) -> Element:
    element = etree.SubElement(parent, tei(tag))
    _set_attrs(element, attrs)
    if text is not None:
        element.text = text
    return element


def _set_attrs(element: Element, attrs: dict[str, str | None]) -> None:
    for name, value in attrs.items():
        if value is None:
            continue
        if name == "xml_id":
            element.set(XML_ID, value)
        elif name == "xml_lang":
            element.set(XML_LANG, value)
        else:
            element.set(name.rstrip("_"), value)


def xml_id(element: Element) -> str | None:
    return element.get(XML_ID)


def iter_tei(root: Element, *names: str) -> Iterator[Element]:
    """Every TEI element below ``root`` (itself included) with one of ``names``."""
    if names:
        yield from root.iter(*(tei(n) for n in names))
    else:
        yield from root.iter(f"{{{TEI_NS}}}*")


_NCNAME_START = re.compile(r"[^\W\d]|_", re.UNICODE)
_NCNAME_BAD = re.compile(r"[^\w.\-]", re.UNICODE)


def ncname(value: str, prefix: str = "t") -> str:
    """A valid ``xml:id`` made from any string: bad characters become "_", a bad start gets a prefix.

    Letters outside ASCII are kept (they are valid in an NCName), so "Ærø notes" gives "Ærø_notes";
    "000_ab" gives "t000_ab".
    """
    value = unicodedata.normalize("NFC", value)  # ids only: never applied to a text's words
    value = _NCNAME_BAD.sub("_", value) or "_"
    if not _NCNAME_START.match(value[0]):
        value = prefix + value
    return value


def unique_ids(values: Iterable[str], prefix: str = "t") -> list[str]:
    """``ncname`` of each value, with "-2", "-3"… added where two would collide."""
    seen: dict[str, int] = {}
    result = []
    for value in values:
        base = ncname(value, prefix)
        candidate = base
        while candidate in seen:
            seen[base] += 1
            candidate = f"{base}-{seen[base]}"
        seen.setdefault(base, 1)
        seen[candidate] = seen.get(candidate, 1)
        result.append(candidate)
    return result


# Namespaces in XML 1.0 §3: an NCName is an XML 1.0 (5th edition) Name without a colon.
_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
          "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_REST = _START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
NCNAME = re.compile(f"[{_START}][{_REST}]*")


def is_ncname(value: str) -> bool:
    """Whether ``value`` can be an ``xml:id`` (the xml:id Recommendation §4: an NCName)."""
    return NCNAME.fullmatch(value) is not None
