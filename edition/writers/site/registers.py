"""Turn the mentions of register entries into links both ways, and authority identifiers into links."""

from __future__ import annotations

from lxml import etree

from edition.model.tei import NS, TEI_NS, XML_ID
from edition.writers.book import Book
from edition.writers.xhtml import XHTML, append, h

__all__ = ["AUTHORITY_URLS", "REGISTER_PAGE", "authority_links", "link_mentions", "mention_filters"]


REGISTER_PAGE = "registers.html"

X = f"{{{XHTML}}}"

# The authorities the sidecars name (edition.annotate.registers writes them as TEI
# <idno type="…">, TEI P5 §13.3.1): where a reader can look an identifier up.
AUTHORITY_URLS = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "gnd": ("GND", "https://d-nb.info/gnd/{}"),
}


def link_mentions(html: etree._Element, book: Book, page: str) -> None:
    """Every mention of a register entry becomes a link to its entry; the register's links back
    already point to the mention's id (the book's index), so each name is linked both ways."""
    refs = {m.id: item.id for item in book.registers for m in item.mentions}
    target = "" if page == REGISTER_PAGE else REGISTER_PAGE
    for element in html.iter(f"{X}span"):
        ident = element.get("id", "")
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


def authority_links(html: etree._Element, book: Book) -> None:
    """Each register entry gets its authority identifiers (TEI ``idno``) as links."""
    entries = {e.get("id", "")[4:]: e for e in html.iter(f"{X}div")
               if e.get("class") == "index-entry"}
    header = book.source.getroot().find("tei:teiHeader", NS)
    if header is None or not entries:
        return
    for kind in ("person", "place", "org", "event"):
        for entry in header.iter(f"{{{TEI_NS}}}{kind}"):
            div = entries.get(entry.get(XML_ID, ""))
            idnos = [(i.get("type", ""), " ".join((i.text or "").split()))
                     for i in entry.findall("tei:idno", NS)]
            if div is None or not idnos:
                continue
            line = h("p", "Authority: ", class_="index-authorities")
            for number, (scheme, value) in enumerate(idnos):
                if number:
                    append(line, ", ")
                label, url = AUTHORITY_URLS.get(scheme, (scheme or "identifier", ""))
                href = url.format(value) if url else value if value.startswith("https://") else ""
                line.append(h("a", f"{label} {value}", href=href) if href else
                            h("span", f"{label} {value}"))
            head = div.find(f"{X}p")
            (head.addnext(line) if head is not None else div.append(line))
