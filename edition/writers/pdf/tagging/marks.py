"""Turn each structure element WeasyPrint 70 makes into one that says which XHTML element it
came from: its language (``/Lang``), a key that is the same on every page the element spans,
and its part in the book (a note, a note's call or label, a contents entry, a leader).

WeasyPrint builds the structure tree page by page from the boxes, and forgets the element: a
paragraph split by a page break becomes two ``P``, a ``lang`` attribute is lost, a footnote is a
``Span``. These marks travel in the PDF itself (two private keys, which ``tagging`` reads and
removes), so the post-processing stays a function of the PDF, also of one joined from several
renders. The key is the nearest ``id`` and the path below it: unique across the book (ids are),
so two renders' elements never share one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
from weasyprint.pdf import tags as tags_module

from edition.errors import Message
from edition.model.lang import bcp47
from edition.writers.pdf.weasyfix import HINT, WeasyFixError, check_pinned, source_digest

__all__ = ["KEY", "ROLE", "element_keys", "marked_structure", "role_of"]

KEY, ROLE = "EditionKey", "EditionRole"          # private keys, removed by ``tagging``
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# sha256 of WeasyPrint 70.0's ``weasyprint.pdf.tags._build_box_tree``, which the marks wrap: they
# rely on what it yields (one element per box, its children's for html and body).
PINNED_BUILD_BOX_TREE = "f716251a83e7096e9cae972b63e633aab21c664d200582166dd0d5096780f9c4"


def _local(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rpartition("}")[2]


def element_keys(root: Any) -> tuple[dict[Any, str], set[Any]]:
    """Each element's key, the nearest id above (or on) it and the path from there
    (``text-2/3/1``), and the elements inside the contents (``ol.toc``). WeasyPrint's tree
    (ElementTree) knows no parents, so both are made once, from the root down."""
    keys: dict[Any, str] = {}
    contents: set[Any] = set()
    stack = [(root, root.get("id") or "", False)]
    while stack:
        element, key, inside = stack.pop()
        keys[element] = key
        inside = inside or (_local(element) == "ol" and "toc" in (element.get("class") or "").split())
        if inside:
            contents.add(element)
        for index, child in enumerate(element):
            stack.append((child, child.get("id") or f"{key}/{index}", inside))
    return keys, contents


def role_of(element_tag: str, element: Any, contents: set[Any], leader: bool = False) -> str | None:
    """The element's part in the book, from the XHTML that ``parts`` and ``front`` write."""
    classes = (element.get("class") or "").split()
    if leader:                  # WeasyPrint's anonymous box for ``leader()`` (CSS GCPM 3 §6)
        return "leader"
    if element_tag.endswith("::footnote-call"):
        return "note-call"
    if element_tag.endswith("::footnote-marker"):
        return "note-label"
    if element_tag == "span" and "footnote" in classes:
        return "note"
    if element in contents and element_tag.partition("::")[0] in ("a", "ol", "li"):
        return "toc-link" if element_tag.startswith("a") else f"toc-{element_tag}"
    return None


def _mark(structure: Any, box: Any, keys: dict[Any, str], contents: set[Any]) -> None:
    element, element_tag = box.element, box.element_tag or ""
    if KEY in structure or element is None or element not in keys:
        return
    leader = bool(getattr(box, "is_leader", False))
    pseudo = element_tag.partition("::")[2]
    structure[KEY] = pydyf.String(keys[element] + (f"::{pseudo}" if pseudo else "")
                                  + ("::leader" if leader else ""))
    role = role_of(element_tag, element, contents, leader)
    if role:
        structure[ROLE] = f"/{role}"
    lang = element.get("lang") or element.get(XML_LANG)
    if lang and not pseudo:                  # ISO 32000-1 §14.9.2: Lang on the element
        structure["Lang"] = pydyf.String(bcp47(lang))


@contextmanager
def marked_structure() -> Iterator[None]:
    """WeasyPrint's structure tree with every element marked, for the render inside."""
    check_pinned()
    shipped = tags_module._build_box_tree
    if source_digest(shipped) != PINNED_BUILD_BOX_TREE:
        raise WeasyFixError(Message.at(
            "E420", "error", tags_module.__file__ or "weasyprint",
            "weasyprint.pdf.tags._build_box_tree is not WeasyPrint 70.0's: the tagging marks no"
            " longer apply", HINT))
    found: list[Any] = [{}, set()]

    def build(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any,
              tags: Any) -> Iterator[Any]:
        # The shipped function recurses through the module's name, so every level passes here.
        real = getattr(box, "_box", box)
        if real.element_tag == "html" and real.element not in found[0]:
            found[:] = element_keys(real.element)
        own = real.element_tag not in ("html", "body")      # those yield their children's
        for structure in shipped(box, parent, pdf, page_number, nums, annotations, tags):
            if own:
                _mark(structure, real, *found)
            yield structure

    tags_module._build_box_tree = build
    try:
        yield
    finally:
        tags_module._build_box_tree = shipped
