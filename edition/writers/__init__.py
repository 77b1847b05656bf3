"""Turn the edition's TEI into outputs; each format is a writer class, loaded only when used."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from edition.writers.base import Writer

__all__ = ["WRITERS", "Writer"]

_MODULES = {"pdf": ("edition.writers.pdf", "PdfWriter"), "epub": ("edition.writers.epub", "EpubWriter")}


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
