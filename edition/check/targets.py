"""Turn the paths given to ``edition check`` into the files to check, by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import Message

__all__ = ["KINDS", "Targets", "find_targets"]


KINDS = {".xml": "tei", ".epub": "epub", ".pdf": "pdf"}


@dataclass
class Targets:
    """The files to check: TEI documents, EPUBs and PDFs, each in the order found."""

    tei: list[Path] = field(default_factory=list)
    epub: list[Path] = field(default_factory=list)
    pdf: list[Path] = field(default_factory=list)

    def add(self, path: Path) -> bool:
        kind = KINDS.get(path.suffix.lower())
        if kind is None:
            return False
        getattr(self, kind).append(path)
        return True


def find_targets(paths: list[Path]) -> tuple[Targets, list[Message]]:
    """A folder gives its ``edition.xml``, ``tei/*.xml``, ``*.epub`` and ``*.pdf`` (a build
    folder); a file is checked by its suffix. A path that is not there, or of no kind that
    ``check`` knows, is an error."""
    targets, problems = Targets(), []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.xml")) + sorted(path.glob("tei/*.xml")) + \
                sorted(path.glob("*.epub")) + sorted(path.glob("*.pdf"))
            for file in found:
                targets.add(file)
            if not found:
                problems.append(Message.at("E702", "error", path, "nothing to check in this folder",
                                           "give a build folder (edition build --out DIR) or "
                                           "TEI, EPUB and PDF files"))
        elif not path.exists():
            problems.append(Message.at("E001", "error", path, "no such file", "check the path"))
        elif not targets.add(path):
            problems.append(Message.at("E702", "error", path, f"not a kind of file that check "
                                       f"knows ({path.suffix or 'no suffix'})",
                                       "give .xml (TEI), .epub or .pdf files, or a build folder"))
    return targets, problems
