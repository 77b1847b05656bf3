"""Turn the book into a printable book: a tagged PDF/A laid out by WeasyPrint (a shell over the book).

- ``writer``: ``PdfWriter`` and ``render_pdf``, the pipeline read top to bottom;
- ``parts``: the book's sections as one HTML document for the page (``print_parts``);
- ``footnotes``: each note at its call, floated to the foot of the page;
- ``layout``: WeasyPrint's passes, the index and the contents with their page numbers;
- ``pages``: the page map of the laid-out book, which the EPUB's page list marks;
- ``finish``: identifier, TEI attachment, XMP, the fonts' clock;
- ``safety``: what may be fetched, and WeasyPrint's warnings as ours;
- ``setup``: page size, margins and the PDF variant;
- ``weasyfix``: WeasyPrint 70's two quadratic pagination loops made linear (pinned, E420);
- ``leaders``: a contents line's leader as one text box, not one per dot (pinned with weasyfix);
- ``levers``: the cyclic GC held back and pyphen's patterns cached, around every render;
- ``progress``: WeasyPrint's page log as progress lines (pass, pages so far; which run);
- ``chunks``: a long book planned in pieces (front, runs cut at right-hand text starts, back);
- ``barrier``: the folio barrier and links to other pieces, hooked into WeasyPrint (pinned, E421);
- ``chunked``: the pieces laid out in order, with the chunk cache, each piece's tagging fixed;
  ``workers``: the pieces in forked processes; ``join``: one PDF of the pieces' files (structure
  tree, ParentTree, IDTree, names, outline), in a fresh process (``joiner``).
- ``libraries``: WeasyPrint's C libraries loaded by soname, without a search, when it is imported.
"""

from __future__ import annotations

from edition.writers.pdf.libraries import import_weasyprint

import_weasyprint()   # first: every module below imports WeasyPrint

# isort: split
from edition.writers.pdf.layout import Layout  # noqa: E402
from edition.writers.pdf.parts import Part, book_html, print_parts  # noqa: E402
from edition.writers.pdf.safety import SafeFetcher  # noqa: E402
from edition.writers.pdf.setup import DEFAULT_VARIANT, VARIANTS, PageSetup  # noqa: E402
from edition.writers.pdf.writer import PdfWriter, render_book, render_pdf  # noqa: E402

__all__ = ["DEFAULT_VARIANT", "VARIANTS", "Layout", "PageSetup", "Part", "PdfWriter", "SafeFetcher",
           "book_html", "print_parts", "render_book", "render_pdf"]
