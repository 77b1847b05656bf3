"""Turn a TEI document into an output file: the interface every writer implements."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from edition.errors import Message

__all__ = ["Writer"]


class Writer:
    """One output format. Subclasses set ``name`` and ``suffix`` and implement ``write``."""

    name = ""
    suffix = ""

    def write(self, tree: etree._ElementTree, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[Message]:
        """Render ``tree`` to ``target`` (atomically) and return the warnings.

        ``base`` is where the TEI lives: relative links and images resolve against its folder,
        and nothing outside that folder (or the package's resources) is read.
        """
        raise NotImplementedError
