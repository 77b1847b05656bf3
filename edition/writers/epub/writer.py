"""Turn a book into an EPUB 3: the EPUB writer, a shell over the book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from edition.errors import Message
from edition.model.xmlio import write_atomic
from edition.writers.base import Rendered, Writer
from edition.writers.book import Book, PageMap
from edition.writers.epub.package import render_epub

__all__ = ["PAGE_LIST_LIMIT", "EpubWriter", "book_length", "modified_time"]


# The page list needs the book laid out for print (about 0.07 ms a character): up to this many
# characters (some 170 printed pages, 15 s) it is made unless refused; beyond, only if asked.
PAGE_LIST_LIMIT = 250_000


class EpubWriter(Writer):
    """EPUB 3 of any TEI document or ``teiCorpus``; EPUBCheck-clean and reproducible."""

    name = "epub"
    suffix = ".epub"
    not_tei = "E602"

    def __init__(self, page_list: bool | None = None, certifier: str = "") -> None:
        """``page_list``: mark the pages of the printed edition (True), not (False), or when the
        book is short enough to lay out quickly (None, the default). ``certifier``: the party
        that evaluated the book's accessibility (``edition.toml``'s ``certifier``), if any."""
        self.page_list = page_list
        self.certifier = certifier

    def render(self, book: Book, target: Path, variant: str | None = None,
               pages: PageMap | None = None) -> Rendered:
        """The EPUB written to ``target``. ``pages``: where the printed pages begin, when the PDF
        was just laid out (``edition build``): no second layout."""
        where = str(book.base or "<tei>")
        modified, messages = modified_time(book, where)
        printed, more = self.printed_pages(book, pages, where)
        # The TEI's own record of the certifier (edition.toml's, kept in a respStmt) when the
        # command names none: the package metadata says what the colophon says.
        data = render_epub(book, modified, printed.starts, self.certifier or book.certifier)
        write_atomic(target, data)       # a failed write leaves no partial .epub behind
        return Rendered(book.warnings + messages + more, printed if printed.starts else None)

    def printed_pages(self, book: Book, pages: PageMap | None,
                      where: str) -> tuple[PageMap, list[Message]]:
        """Where the pages of the PDF begin, if the book gets a page list."""
        if self.page_list is False:
            return PageMap(), []
        if pages is not None:
            return pages, []
        size = book_length(book)
        if self.page_list is None and size > PAGE_LIST_LIMIT:
            count = size // 1500
            return PageMap(), [Message.at(
                "W602", "warning", where, f"no page list of the printed edition: the book is long "
                f"(about {count} printed pages would be laid out first, some {count // 10} s)",
                "edition epub --page-list makes one anyway", 1, 1)]
        # The page list marks the pages of the printed book: the EPUB lays it out as the PDF
        # does (WeasyPrint), which only the PDF writer knows how to do.
        from edition.writers.pdf.pages import lay_out_pages

        return lay_out_pages(book), []


def book_length(book: Book) -> int:
    """The characters of the book, notes included: what the page layout has to set."""
    return sum(len("".join(s.body.itertext())) + sum(len("".join(n.content.itertext()))
                                                     for n in s.notes) for s in book.sections)


def modified_time(book: Book, where: str) -> tuple[dt.datetime, list[Message]]:
    """When the publication was last modified: the book's date (``SOURCE_DATE_EPOCH``, else the
    TEI's own date); never the clock. Without either, 1970-01-01 and a warning."""
    when = book.published
    if when is not None:
        return when, []
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC), [Message.at(
        "W601", "warning", where, "the document gives no date of publication; the EPUB's "
        "modification date is 1970-01-01", 'add publicationStmt/date when="YYYY-MM-DD", or set '
        "SOURCE_DATE_EPOCH", 1, 1)]
