"""Turn the book into an EPUB 3, packaged with ebooklib (a shell over the book).

- ``writer``: ``EpubWriter``: the date, the page map, then the package;
- ``package``: metadata → manifest → navigation → spine → zip, read top to bottom, re-packed
  with fixed dates and order so that the same TEI always gives the same bytes;
- ``documents``: one XHTML file per section, its notes as pop-up footnotes, links across files;
- ``nav``: the nav document, the landmarks and the NCX;
- ``metadata``: title, people, rights and the accessibility metadata;
- ``pagebreaks``: a marker where each printed page begins (from the PDF's page map);
- ``fonts``: the embedded faces, cut to the characters used, and the stylesheet.

Nothing is read but the TEI, the images inside its folder and the project's own resources.
"""

from __future__ import annotations

from edition.writers.epub.metadata import CONFORMANCE
from edition.writers.epub.package import check_package, render_epub
from edition.writers.epub.writer import EpubWriter, modified_time

__all__ = ["CONFORMANCE", "EpubWriter", "check_package", "modified_time", "render_epub"]
