"""Turn the written pages into a Pagefind search index: sharded, so a query loads only its part.

Pagefind (the binary shipped in the ``pagefind_bin`` wheel) reads the pages' ``data-pagefind-*``
attributes: the body it indexes, the filters (text, persons, places…) and what it leaves out.
Its index is split into fragments and word chunks that the browser fetches as a query needs them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from edition.errors import EditionError, Message
from edition.writers.site.canonical import canonical_index

__all__ = ["PAGEFIND_VERSION", "build_index", "pagefind_command"]


PAGEFIND_VERSION = "1.5.2"   # pinned in pyproject: its version decides the index's bytes


def pagefind_command() -> list[str] | None:
    """The Pagefind binary, or None where the ``pagefind[bin]`` wheel is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return [str(get_executable())]
    except FileNotFoundError:
        return None


def build_index(site: Path, language: str, where: str) -> list[Message]:
    """Index the HTML pages of ``site`` into ``site/pagefind``; without Pagefind, a warning."""
    command = pagefind_command()
    if command is None:
        return [Message.at("W801", "warning", where, "the site has no search: Pagefind is not "
                           "installed", "pip install 'pagefind[bin]'", 1, 1)]
    # --force-language: one index for the edition's language, not one per page's lang (a
    # French text in an English edition would otherwise be searchable only in French).
    run = subprocess.run([*command, "--site", str(site), "--output-subdir", "pagefind",
                          "--force-language", language.split("-")[0] or "en", "--quiet"],
                         capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        problem = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no message"]
        raise EditionError([Message.at("E803", "error", where, f"Pagefind could not index the "
                                       f"site: {problem[0]}", "run again with --debug; report it "
                                       "if it persists", 1, 1)])
    canonical_index(site / "pagefind")        # Pagefind orders its filters at random
    return []
