"""Turn runs of texts into their PDFs in forked workers, one per core, with the folio barrier.

Each run is laid out by a process forked from this one (the book, the stylesheets, the fonts and
the imports inherited, nothing pickled but numbers and the PDF sent back). A worker paginates
its run, says how many pages it has, and waits for its first folio, which only the runs before
it decide (``barrier``): so a run never waits for more than its predecessor's pagination, and is
never laid out twice. The folios are handed out in order, the PDFs come back in order: the output
is the same, byte for byte, as when the runs are laid out in this process one after the other
(``chunked.in_process``), whatever the number of workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import Any

from edition.writers.pdf.chunked import LaidPiece, RunPieces, in_process, lay_out_piece
from edition.writers.pdf.chunks import Piece, next_recto
from edition.writers.pdf.layout import Layout
from edition.writers.pdf.progress import say_piece
from edition.writers.pdf.safety import renderer_messages

__all__ = ["default_jobs", "forked", "runner"]


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def runner(layout: Layout, anchors: frozenset[str], variant: str | None, jobs: int,
           say: Callable[[str, int, int, int], None] | None = None) -> RunPieces:
    """Runs laid out in ``jobs`` forked workers; in this process for one job, or where
    processes cannot be forked."""
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return in_process(layout, anchors, variant)
    return forked(layout, anchors, variant, jobs, say or say_piece)


def forked(layout: Layout, anchors: frozenset[str], variant: str | None, jobs: int,
           say: Callable[[str, int, int, int], None]) -> RunPieces:

    def run(pieces: Sequence[Piece], first: int) -> list[LaidPiece]:
        context = multiprocessing.get_context("fork")
        counts: list[int | None] = [None] * len(pieces)
        folios: list[int | None] = [first] + [None] * (len(pieces) - 1)
        results: list[LaidPiece | None] = [None] * len(pieces)
        waiting: set[int] = set()
        active: dict[Connection, tuple[int, Any]] = {}
        started = 0
        try:
            while any(result is None for result in results):
                while len(active) < jobs and started < len(pieces):
                    ours, theirs = context.Pipe()
                    process = context.Process(target=_work, args=(theirs, layout, pieces[started],
                                                                  anchors, variant), daemon=True)
                    process.start()
                    theirs.close()
                    active[ours] = (started, process)
                    started += 1
                for ready in wait(list(active)):
                    conn = ready if isinstance(ready, Connection) else None
                    assert conn is not None          # wait() hands back the connections given
                    number, process = active[conn]
                    try:
                        kind, value = conn.recv()
                    except EOFError:
                        raise RuntimeError(f"the worker of {pieces[number].name} died "
                                           f"(exit code {process.exitcode})") from None
                    if kind == "paginated":
                        counts[number] = value
                        waiting.add(number)
                        _hand_out(counts, folios, waiting, active, say, pieces)
                    elif kind == "done" and isinstance(value, LaidPiece):
                        results[number] = value
                        del active[conn]
                        conn.close()
                        process.join()
                    elif isinstance(value, BaseException):
                        raise value
                    else:
                        raise RuntimeError(f"the worker of {pieces[number].name} said {kind!r}")
        finally:
            for conn, (_number, process) in active.items():
                process.kill()
                process.join()
                conn.close()
        return [result for result in results if result is not None]

    return run


def _hand_out(counts: list[int | None], folios: list[int | None], waiting: set[int],
              active: dict[Connection, tuple[int, Any]], say: Callable[[str, int, int, int], None],
              pieces: Sequence[Piece]) -> None:
    """Every first folio now known, in order; sent to the workers waiting for theirs."""
    for number in range(len(counts)):
        folio, count = folios[number], counts[number]
        if folio is None or count is None:
            break
        if number + 1 < len(folios) and folios[number + 1] is None:
            folios[number + 1] = next_recto(folio + count - 1)
    for conn, (number, _process) in active.items():
        folio = folios[number]
        if number in waiting and folio is not None:
            waiting.discard(number)
            conn.send(folio)
            say(pieces[number].name, len(pieces), folio, counts[number] or 0)


def _work(conn: Connection, layout: Layout, piece: Piece, anchors: frozenset[str],
          variant: str | None) -> None:
    """In the worker: the run laid out, its page count told, its folio awaited, its PDF sent."""
    for handler in list(logging.getLogger("weasyprint.progress").handlers):
        logging.getLogger("weasyprint.progress").removeHandler(handler)   # the coordinator speaks

    def first_folio(pages: int) -> int:
        conn.send(("paginated", pages))
        folio: int = conn.recv()
        return folio

    try:
        with renderer_messages(layout.base) as warnings:
            laid = lay_out_piece(layout, piece.parts, first_folio, anchors, variant)
        conn.send(("done", replace(laid, warnings=list(warnings))))
    except BaseException as error:          # sent whole: the coordinator raises it
        conn.send(("error", error))
    finally:
        conn.close()
        os._exit(0)                         # no atexit, no flush of the parent's buffers
