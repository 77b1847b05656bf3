"""Turn WeasyPrint's progress log into the edition's progress lines: which pass, pages so far.

WeasyPrint logs each page it lays out (``weasyprint.progress``, "Step 5 - Creating layout -
Page N"); a long book is minutes of silence otherwise. Every ``EVERY`` pages, and when the PDF
is written, one line goes to ``say`` (stderr in the CLI): counted in pages, never in clock time,
so that the lines are the same on every run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["EVERY", "PageProgress", "pdf_progress", "say_piece", "say_pieces_kept"]


EVERY = 100                      # pages between two progress lines
_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)")


class PageProgress(logging.Handler):
    """Counts the layout passes (a pass starts again at page 1) and the pages of each."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.say, self.passes, self.page = say, 0, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        found = _PAGE.match(message)
        if found:
            page = int(found[1])
            if page <= self.page or not self.passes:
                self.passes += 1
            self.page = page
            if page % EVERY == 0:
                self.say(f"PDF: layout pass {self.passes}, page {page}")
        elif message.startswith("PDF: "):          # a piece of a chunked book (say_piece)
            self.say(message)
        elif message.startswith("Step 6"):
            self.say(f"PDF: writing ({self.passes} layout passes)")


def say_piece(name: str, runs: int, first: int, pages: int) -> None:
    """A run of a chunked book is paginated: which, and the pages so far (to its last)."""
    logging.getLogger("weasyprint.progress").info(
        "PDF: %s of %d paginated, pages %d-%d", name, runs, first, first + pages - 1)


def say_pieces_kept(laid_out: int, reused: int) -> None:
    """A chunked book is written: how many of its pieces were laid out, how many came from the
    chunk cache (what a rebuild after an edit did again)."""
    logging.getLogger("weasyprint.progress").info(
        "PDF: %d piece%s laid out, %d reused", laid_out, "" if laid_out == 1 else "s", reused)


@contextmanager
def pdf_progress(say: Callable[[str], None]) -> Iterator[PageProgress]:
    """``say`` told how the PDF's layout goes, for the render inside."""
    logger = logging.getLogger("weasyprint.progress")
    handler = PageProgress(say)
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
