"""Turn the mentions of register entries into links both ways (the authority identifiers are
linked by the book's index itself, ``book.authorities``)."""

from __future__ import annotations

from lxml import etree

from edition.writers.book import Book
from edition.writers.xhtml import XHTML

__all__ = ["REGISTER_PAGE", "link_mentions", "mention_filters"]


REGISTER_PAGE = "registers.html"

X = f"{{{XHTML}}}"

def link_mentions(html: etree._Element, book: Book, page: str) -> None:
    """Every mention of a register entry becomes a link to its entry; the register's links back
    already point to the mention's id (the book's index), so each name is linked both ways."""
    refs = {m.id: item.id for item in book.registers for m in item.mentions}
    target = "" if page == REGISTER_PAGE else REGISTER_PAGE
    for element in html.iter(f"{X}span", f"{X}a"):
        ident = element.get("id", "")
        if element.tag == f"{X}a" and ident in refs:     # the book linked it to the index already
            element.set("class", (element.get("class", "") + " mention-link").strip())
            continue
        if ident not in refs or any(a.tag == f"{X}a" for a in element.iterancestors()) or \
                element.find(f".//{X}a") is not None:
            continue                      # a link cannot hold a link (HTML §4.5.1)
        element.tag = f"{X}a"
        element.set("href", f"{target}#reg-{refs[ident]}")
        element.set("class", (element.get("class", "") + " mention-link").strip())


def mention_filters(html: etree._Element, book: Book) -> list[tuple[str, str]]:
    """(register kind, entry name) of every register entry the page mentions: its search filters."""
    by_mention = {m.id: item for item in book.registers for m in item.mentions}
    found = {}
    for element in html.iter():
        item = by_mention.get(element.get("id", "")) if isinstance(element.tag, str) else None
        if item is not None:
            found[item.id] = (item.kind, item.name)
    return sorted(found.values())
