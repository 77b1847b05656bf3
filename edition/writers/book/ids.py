"""Turn the ids of the book's own parts that a TEI document also uses into ids of their own.

The book names its parts ("contents", "sources", "index", "colophon", their "-title" headings);
a TEI document may give one of those names to an element of its own (``xml:id="sources"`` on
its bibliography), and its links (``<ref target="#sources">``, TEI P5 §16.1) mean that element.
One rule for every format, applied once to the book: the TEI's element keeps its id, the book's
part is renamed ("sources-2"), and only the book's own pointers to it follow (its contents
entries, from which the PDF's bookmarks and the EPUB's navigation are made too). Each format
then finds no id twice where the TEI had it once.
"""

from __future__ import annotations

from collections.abc import Iterator

from edition.model.tei import Element
from edition.writers.book.model import Section, TocEntry
from edition.writers.xhtml import XHTML

__all__ = ["free_id", "part_ids_apart"]


def free_id(ident: str, taken: set[str] | dict[str, str]) -> str:
    """``ident`` with the first suffix ``-2``, ``-3``… that is not ``taken``: how every format
    renames an id that would otherwise be there twice."""
    number = 2
    while f"{ident}-{number}" in taken:
        number += 1
    return f"{ident}-{number}"


def part_ids_apart(sections: list[Section]) -> None:
    """Rename each id of a part of the book (a section, a contents entry of the front or back
    matter) that an element of the document's own also has."""
    parts = list(_own_elements(sections))   # held, so that each element keeps its one proxy
    own = {id(element) for element in parts}
    documents = {element.get("id", "") for element in _all_elements(sections)
                 if id(element) not in own and element.get("id")}
    documents |= {note.id for section in sections for note in section.notes}
    taken = documents | {element.get("id", "") for element in parts}
    renamed: dict[str, str] = {}
    for element in parts:
        ident = element.get("id", "")
        if ident not in documents or ident in renamed:
            continue
        renamed[ident] = free_id(ident, taken)
        taken.add(renamed[ident])
        element.set("id", renamed[ident])
    if renamed:
        _follow(sections, renamed)


def _own_elements(sections: list[Section]) -> Iterator[Element]:
    """The elements that carry the book's own ids: each section, and the headings its contents
    entries point to in the front and back matter (a text's entries may be the TEI's own ids)."""
    for section in sections:
        yield section.body
        if section.kind == "text":
            continue
        wanted = {entry.id for entry in _entries(section.toc)}
        for element in section.body.iter():
            if element is not section.body and element.get("id") in wanted:
                yield element


def _all_elements(sections: list[Section]) -> Iterator[Element]:
    for section in sections:
        yield from (e for e in section.body.iter() if isinstance(e.tag, str))
        for note in section.notes:
            yield from (e for e in note.content.iter() if isinstance(e.tag, str))


def _entries(entries: list[TocEntry]) -> Iterator[TocEntry]:
    for entry in entries:
        yield entry
        yield from _entries(entry.children)


def _follow(sections: list[Section], renamed: dict[str, str]) -> None:
    """The book's own pointers follow a renamed part: contents entries and their links."""
    for section in sections:
        if section.kind == "text":
            continue
        for entry in _entries(section.toc):
            entry.id = renamed.get(entry.id, entry.id)
    contents = next((s for s in sections if s.kind == "contents"), None)
    if contents is None:
        return
    for item in contents.body.iter(f"{{{XHTML}}}li"):
        if item.get("class", "").startswith("toc-text"):
            continue                    # a text's entry: the TEI's own id, which it kept
        link = item.find(f"{{{XHTML}}}a")
        href = link.get("href", "") if link is not None else ""
        if link is not None and href.startswith("#") and href[1:] in renamed:
            link.set("href", f"#{renamed[href[1:]]}")
