"""Turn the build's PDF-then-EPUB into two processes: the EPUB is written while the PDF is drawn.

The EPUB's page list needs the PDF's page map, which is known once the pages are laid out, well
before they are drawn, written and their tagging fixed (about 40 % of the PDF's time). So a
process forked before the PDF (sharing the assembled book) imports the EPUB writer, waits for the
page map, writes the EPUB into the staging folder and hands back its warnings, or its error,
which the build raises where it would have met it: at the EPUB. The file is the one this process
would have written (``tests/test_overlap.py``).

``OverlappedRendering`` is the build's ``Rendering`` when both are made: ``render("pdf")`` forks
the EPUB's process first, ``render("epub")`` collects it. Without ``fork``, with one job, or when
the last build's EPUB may be kept, the build uses a plain ``Rendering``: both render here, in turn.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import sys
from pathlib import Path
from typing import Any

from edition.errors import EditionError, Message
from edition.writers import WRITERS, PageMap, Rendering, Writer

__all__ = ["OverlappedRendering", "can_overlap"]


def can_overlap(formats: tuple[str, ...], jobs: int) -> bool:
    """Both formats to render, a second core to use, and ``fork`` to share the book with."""
    return {"pdf", "epub"} <= set(formats) and (jobs or os.cpu_count() or 1) > 1 and hasattr(os, "fork")


class OverlappedRendering(Rendering):
    """The build's rendering, with the EPUB written in a forked process while the PDF is finished."""

    def __init__(self, *args: Any, epub_target: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epub_target = epub_target
        self.child: _EpubProcess | None = None

    def render(self, fmt: str, target: Path, variant: str | None = None,
               writer: Writer | None = None) -> list[Message]:
        if fmt == "pdf" and writer is None:
            return self._pdf(target, variant)
        if fmt == "epub" and writer is None and self.child is not None and target == self.epub_target:
            child, self.child = self.child, None
            return child.result()
        return super().render(fmt, target, variant, writer)

    def _pdf(self, target: Path, variant: str | None) -> list[Message]:
        self.book("pdf")                    # assembled once, before the fork: both use it
        self.child = _EpubProcess(self, self.epub_target, variant)
        writer = WRITERS["pdf"](**self.options.get("pdf", {}))
        writer.on_pages = self.child.send   # type: ignore[attr-defined]
        warnings = super().render("pdf", target, variant, writer)
        self.child.send(self.pages)         # told already, unless the writer laid nothing out
        return warnings

    def close(self) -> None:
        """An EPUB process not collected (the build failed, or kept the last EPUB) is ended."""
        if self.child is not None:
            self.child.end()
            self.child = None


class _EpubProcess:
    """A forked process that writes the EPUB once it is sent the page map."""

    def __init__(self, rendering: Rendering, target: Path, variant: str | None) -> None:
        pages_in, self.pages_out = os.pipe()
        self.result_in, result_out = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:                   # the child: never returns
            os.close(self.pages_out)
            os.close(self.result_in)
            os._exit(_write_epub(rendering, target, variant, pages_in, result_out))
        os.close(pages_in)
        os.close(result_out)
        self.sent = False

    def send(self, pages: PageMap | None) -> None:
        if self.sent:
            return
        self.sent = True
        with contextlib.suppress(BrokenPipeError), os.fdopen(self.pages_out, "wb") as pipe:
            pipe.write(json.dumps(pages.to_json() if pages is not None else None).encode())

    def result(self) -> list[Message]:
        """The EPUB's warnings; its error raised here."""
        if not self.sent:
            raise RuntimeError("the EPUB's process was never sent the page map")
        with os.fdopen(self.result_in, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        if not data:
            raise RuntimeError("the EPUB's process ended without a word")
        outcome, value = pickle.loads(data)     # from our own child, over our own pipe
        if outcome == "edition-error":          # its messages, not its text, make it again
            kind, messages = value
            raise kind(messages)
        if outcome == "error":
            raise value
        return list(value)

    def end(self) -> None:
        if not self.sent:
            self.sent = True
            os.close(self.pages_out)
        os.close(self.result_in)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _write_epub(rendering: Rendering, target: Path, variant: str | None, pages_in: int,
                result_out: int) -> int:
    """The child's work: the EPUB writer imported while the PDF is laid out, then the EPUB."""
    outcome: tuple[str, Any]
    try:
        WRITERS["epub"]
        with os.fdopen(pages_in, "rb") as pipe:
            sent = pipe.read()
        if not sent:
            return 1                        # the parent failed before the page map: nothing to do
        pages = PageMap.from_json(json.loads(sent))
        if pages is not None:
            rendering.pages = pages
        outcome = ("ok", Rendering.render(rendering, "epub", target, variant))
    except EditionError as error:
        outcome = ("edition-error", (type(error), list(error.messages)))
    except BaseException as error:   # every failure goes to the parent, raised there
        outcome = ("error", error)
    try:
        data = pickle.dumps(outcome)
    except Exception:   # an error that cannot be pickled: told by its text
        data = pickle.dumps(("error", RuntimeError(repr(outcome[1]))))
    with os.fdopen(result_out, "wb") as pipe:
        pipe.write(data)
    return 0
