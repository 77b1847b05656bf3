"""Turn a document's xml:id attributes into findings: ids that are not NCNames, ids used twice.

The parser does not check ids (a document with a bad id is well-formed, and the writers should
still get it); these checks run in every validation, whatever the schema, because they come from
XML itself, not from a grammar: the xml:id Recommendation §4 (an xml:id is an NCName, unique in
its document), which TEI P5 adopts for every element (§1.3.1.1.1, att.global).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from edition.errors import Message

__all__ = ["check_ids", "is_ncname"]

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Namespaces in XML 1.0 §3: an NCName is an XML 1.0 (5th edition) Name without a colon.
_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
          "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_REST = _START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
NCNAME = re.compile(f"[{_START}][{_REST}]*")


def is_ncname(value: str) -> bool:
    return NCNAME.fullmatch(value) is not None


def check_ids(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    """E309 for each xml:id that is not an NCName, E304 for each use of an id after its first."""
    findings = []
    first: dict[str, int] = {}
    for element in tree.getroot().iter():
        value = element.get(XML_ID) if isinstance(element.tag, str) else None
        if value is None:
            continue
        line = element.sourceline or 0
        if not is_ncname(value):
            findings.append(Message.at(
                "E309", "error", path, f'xml:id "{value}" is not an XML name (an NCName)',
                "start it with a letter or _, and use only letters, digits, '-', '_' and '.' "
                "(no space, no colon)", line, 1))
        if value in first:
            findings.append(Message.at(
                "E304", "error", path, f'xml:id "{value}" is used twice (first on line '
                f"{first[value]})", "give each element its own xml:id", line, 1))
        else:
            first[value] = line
    return findings
