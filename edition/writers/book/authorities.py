"""Turn a register entry's authority identifiers (TEI ``idno``) into labelled links for a reader.

The sidecars' ``wikidata``, ``viaf`` and ``geonames`` keys become ``<idno type="…">`` in the
entry (TEI P5 §13.3.1, §2.2.4 ``idno``); the book prints each as "Wikidata Q504", linked to the
authority's own page, so that a reader of the index, in any format, can look it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from edition.model.tei import NS, Element

__all__ = ["AUTHORITY_URLS", "Authority", "authorities"]

# Where a reader can look an identifier up, by the idno's @type.
AUTHORITY_URLS = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "gnd": ("GND", "https://d-nb.info/gnd/{}"),
}


# Types that say only that the identifier is an address (TEI P5 §2.2.4 gives "URI" as an example).
_ADDRESS_TYPES = frozenset({"", "uri", "url"})


@dataclass(frozen=True)
class Authority:
    label: str         # "Wikidata Q504": the scheme's name and the identifier, as printed
    href: str          # the authority's page, or "" when the scheme is unknown


def authorities(entry: Element) -> list[Authority]:
    """The entry's identifiers in document order; an unknown scheme is printed by its @type,
    and linked only when the identifier is itself a web address. A web address whose @type only
    says that it is one ("URI", "URL", none) is printed alone: "URI https://…" tells a reader
    nothing the address does not."""
    found = []
    for idno in entry.findall("tei:idno", NS):
        value = " ".join("".join(idno.itertext()).split())
        if not value:
            continue
        scheme = idno.get("type", "")
        name, url = AUTHORITY_URLS.get(scheme.lower(), (scheme or "Identifier", ""))
        web = value.startswith(("https://", "http://"))
        href = url.format(quote(value, safe="")) if url else value if web else ""
        label = value if web and scheme.lower() in _ADDRESS_TYPES else f"{name} {value}"
        found.append(Authority(label, href))
    return found
