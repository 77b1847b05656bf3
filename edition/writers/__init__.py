"""Turn the edition's TEI into outputs; each format is a writer class, loaded only when used.

The layers import downwards only: ``xhtml`` (TEI → XHTML, the processing model) ← ``book`` (the
book assembled and ordered once) ← ``pdf`` and ``epub`` (shells over the book; the EPUB asks the
PDF's layout for the page map only when nobody gave it one) ← ``site`` (the web edition, made of
the EPUB's XHTML documents).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from lxml import etree

from edition.errors import Message
from edition.writers.base import Rendered, Writer
from edition.writers.book import Book, PageMap, make_book, require_tei
from edition.writers.xhtml.transcription import check_level

__all__ = ["WRITERS", "PageMap", "Rendered", "Rendering", "Writer", "check_level", "progress"]

_MODULES = {"pdf": ("edition.writers.pdf", "PdfWriter"), "epub": ("edition.writers.epub", "EpubWriter"),
            "site": ("edition.writers.site", "SiteWriter")}


class _LazyWriters(Mapping[str, type[Writer]]):
    """``WRITERS["pdf"]`` imports the PDF writer (and WeasyPrint) on first use, not at start-up."""

    def __getitem__(self, name: str) -> type[Writer]:
        module, cls = _MODULES[name]
        return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return,unused-ignore]

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


WRITERS: Mapping[str, type[Writer]] = _LazyWriters()


def progress(fmt: str, say: Callable[[str], None]) -> contextlib.AbstractContextManager[object]:
    """Progress lines while ``fmt`` renders (the PDF's layout: pages so far)."""
    return WRITERS[fmt].progress(say)


class Rendering:
    """One TEI document or corpus rendered to several formats: the book is assembled once, on
    first use, and the page map of the PDF goes to the EPUB (its page list), as a value.

    ``pages`` may be given beforehand: the page map of a PDF kept from the last build, or an
    empty map when no PDF is made (an EPUB without a page list, and no layout for it).
    """

    def __init__(self, tree: etree._ElementTree, base: Path | None, pages: PageMap | None = None,
                 options: dict[str, dict[str, str]] | None = None, level: str = "norm") -> None:
        """``options``: each format's writer options (the EPUB's ``certifier``); ``level``: the
        transcription level a choice shows."""
        self.tree, self.base, self.pages, self.level = tree, base, pages, level
        self.options = options or {}
        self._book: Book | None = None

    def book(self, fmt: str) -> Book:
        """The book, assembled on the first call; a root that is not TEI is refused under the
        code of ``fmt``."""
        if self._book is None:
            require_tei(self.tree, self.base, WRITERS[fmt].not_tei)
            self._book = make_book(self.tree, self.base, self.level)
        return self._book

    def render(self, fmt: str, target: Path, variant: str | None = None,
               writer: Writer | None = None) -> list[Message]:
        """Write ``fmt`` to ``target`` (with ``writer``, when it needs more than the options given
        to the rendering); return its warnings. A writer that laid out the printed pages (the PDF)
        leaves their map for the formats after it (the EPUB's page list, the site's page-break
        markers)."""
        writer = writer or WRITERS[fmt](**self.options.get(fmt, {}))
        rendered = writer.render(self.book(fmt), target, variant, self.pages)
        if rendered.pages is not None:
            self.pages = rendered.pages
        return rendered.warnings
