"""Turn a build folder or files (TEI, EPUB, PDF) into one report for the whole chain: TEI
validation, EPUBCheck, Ace by DAISY (when installed) and the PDF's PDF/UA-1 and PDF/A-3a rules.

- ``targets``: what to check in each path named (a build folder holds all three kinds);
- ``epub``: EPUBCheck and Ace, their findings as messages;
- ``ace``: finding and running Ace;
- ``pdf``: the machine-checkable rules of PDF/UA-1 (ISO 14289-1) and PDF/A-3a, read with pikepdf.
"""

from __future__ import annotations

from pathlib import Path

from edition.check.ace import ace_command
from edition.check.epub import check_epub
from edition.check.pdf import check_pdf
from edition.check.targets import Targets, find_targets
from edition.errors import Message

__all__ = ["Targets", "ace_command", "check_epub", "check_paths", "check_pdf", "find_targets"]


def check_paths(paths: list[Path], ace: bool = True) -> list[Message]:
    """Every finding for every file named or found in the folders named, TEI first, then the
    EPUBs, then the PDFs. ``ace``: run Ace on the EPUBs (when it is installed)."""
    from edition.validate import validate_paths

    targets, findings = find_targets(paths)
    findings += validate_paths(targets.tei)
    for epub in targets.epub:
        findings += check_epub(epub, ace=ace)
    for pdf in targets.pdf:
        findings += check_pdf(pdf)
    return findings
