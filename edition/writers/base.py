"""Turn a book (or a TEI document) into an output file: the interface every writer implements."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.errors import Message
from edition.model.xinclude import resolve_includes
from edition.writers.book import Book, PageMap, make_book, require_tei

__all__ = ["Rendered", "Writer"]


@dataclass(frozen=True)
class Rendered:
    """What a writer returns: its warnings, and where the printed pages begin if it laid them out."""

    warnings: list[Message] = field(default_factory=list)
    pages: PageMap | None = None


class Writer:
    """One output format. Subclasses set ``name``, ``suffix`` and ``not_tei`` (the code that
    refuses a document that is not TEI) and implement ``render``."""

    name = ""
    suffix = ""
    not_tei = ""
    level = "norm"       # the transcription level a choice shows (``--level``)

    @staticmethod
    def progress(say: Callable[[str], None]) -> contextlib.AbstractContextManager[object]:
        """Progress lines (through ``say``) while this format renders; most are quick and say nothing."""
        return contextlib.nullcontext()

    def write(self, tree: etree._ElementTree, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[Message]:
        """Render ``tree`` to ``target`` (atomically) and return the warnings.

        ``base`` is where the TEI lives: relative links and images resolve against its folder,
        and nothing outside that folder (or the package's resources) is read.
        """
        tree, included = resolve_includes(tree, base)
        require_tei(tree, base, self.not_tei)
        return included + self.render(make_book(tree, base, self.level), target, variant).warnings

    def render(self, book: Book, target: Path, variant: str | None = None,
               pages: PageMap | None = None) -> Rendered:
        """Render an assembled book to ``target``; ``pages``: where the printed pages begin, when
        another writer laid them out already."""
        raise NotImplementedError
