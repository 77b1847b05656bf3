"""Turn a TEI document or corpus into the book every format lays out, assembled and ordered once.

- ``assemble``: ``make_book``, the metadata and the order of the parts;
- ``front``: title page, contents, introduction, principles of the edition;
- ``texts``: one section (or several, for a long text) per text, and its contents entries;
- ``back``: the index of names from the registers, the note on the sources, the colophon;
- ``order``: the reading order every format follows, the order of the visible contents, the
  check that the input is TEI;
- ``pages``: where the printed pages begin (``PageMap``), from the PDF to the EPUB;
- ``model``: the records (``Book``, ``Section``, ``TocEntry``…).

The PDF and EPUB writers (``writers.pdf``, ``writers.epub``) are shells over this book.
"""

from __future__ import annotations

from edition.writers.book.assemble import make_book
from edition.writers.book.ids import free_id
from edition.writers.book.model import Book, RegisterItem, Section, SourceInfo, TocEntry, visible_text
from edition.writers.book.order import contents_rank, flatten, order_contents, reading_order, require_tei
from edition.writers.book.pages import PageMap, PageStart

__all__ = ["Book", "PageMap", "PageStart", "RegisterItem", "Section", "SourceInfo", "TocEntry",
           "contents_rank", "flatten", "free_id", "make_book", "order_contents", "reading_order",
           "require_tei", "visible_text"]
