"""Turn the assembled book into a static web edition: HTML5 pages, registers, search, assets.

The third shell over ``writers.book`` (after the PDF and the EPUB): its pages are the EPUB's
XHTML documents (the same processing model, no third rendering of the TEI), made into HTML5.

- ``writer``: ``SiteWriter``, the pages, assets and search index written to a folder;
- ``pages``: the XHTML documents as HTML5 pages: home, texts, registers, sources, colophon;
- ``chrome``: what every page has around its content: header, navigation, downloads, footer;
- ``registers``: names linked to their register entries, authority identifiers as links;
- ``search``: the Pagefind index built over the written pages;
- ``serve``: a local web server for looking at the site.
"""

from __future__ import annotations

from edition.writers.site.writer import SiteWriter

__all__ = ["SiteWriter"]
