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
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from edition.writers.pdf.chunked import LaidPiece, RunPieces, Shared, in_process, lay_out_piece
from edition.writers.pdf.chunks import Piece, next_recto
from edition.writers.pdf.progress import say_piece
from edition.writers.pdf.safety import renderer_messages

__all__ = ["default_jobs", "forked", "runner"]


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def runner(shared: Shared, jobs: int,
           say: Callable[[str, int, int, int], None] | None = None) -> RunPieces:
    """Runs laid out in ``jobs`` forked workers; in this process for one job, or where
    processes cannot be forked."""
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return in_process(shared)
    return forked(shared, jobs, say or say_piece)


@dataclass
class _Runs:
    """The coordinator's view of the runs: what is known of each, in order."""

    pieces: Sequence[Piece]
    keys: list[str]
    cached: list[LaidPiece | None]
    counts: list[int | None]
    folios: list[int | None]
    results: list[LaidPiece | None]
    queue: list[int]                     # runs to lay out, in order
    waiting: set[int] = field(default_factory=set)


def forked(shared: Shared, jobs: int, say: Callable[[str, int, int, int], None]) -> RunPieces:

    def run(pieces: Sequence[Piece], first: int) -> list[LaidPiece]:
        context = multiprocessing.get_context("fork")
        htmls = [shared.html(piece.parts) for piece in pieces]
        keys = [shared.key(html) for html in htmls]
        cached = [LaidPiece.cached(shared.cache.get(key)) for key in keys]
        runs = _Runs(pieces, keys, cached, [c.pages if c else None for c in cached],
                     [first] + [None] * (len(pieces) - 1), [None] * len(pieces),
                     [n for n, c in enumerate(cached) if c is None])
        active: dict[Connection, tuple[int, Any]] = {}
        try:
            _hand_out(runs, active, shared, say)
            while any(result is None for result in runs.results):
                while len(active) < jobs and runs.queue:
                    number = runs.queue.pop(0)
                    ours, theirs = context.Pipe()
                    process = context.Process(target=_work, args=(theirs, shared, htmls[number]),
                                              daemon=True)
                    process.start()
                    theirs.close()
                    active[ours] = (number, process)
                if not active:
                    raise RuntimeError("no run to lay out, and runs without a PDF")
                for ready in wait(list(active)):
                    conn = ready if isinstance(ready, Connection) else None
                    assert conn is not None          # wait() hands back the connections given
                    _receive(conn, runs, active, shared)
                    _hand_out(runs, active, shared, say)
        finally:
            for conn, (_number, process) in active.items():
                process.kill()
                process.join()
                conn.close()
        return [result for result in runs.results if result is not None]

    return run


def _receive(conn: Connection, runs: _Runs, active: dict[Connection, tuple[int, Any]],
             shared: Shared) -> None:
    number, process = active[conn]
    try:
        kind, value = conn.recv()
    except EOFError:
        raise RuntimeError(f"the worker of {runs.pieces[number].name} died "
                           f"(exit code {process.exitcode})") from None
    if kind == "paginated":
        runs.counts[number] = value
        runs.waiting.add(number)
    elif kind == "done" and isinstance(value, LaidPiece):
        runs.results[number] = shared.keep(runs.keys[number], value)
        del active[conn]
        conn.close()
        process.join()
    elif isinstance(value, BaseException):
        raise value
    else:
        raise RuntimeError(f"the worker of {runs.pieces[number].name} said {kind!r}")


def _hand_out(runs: _Runs, active: dict[Connection, tuple[int, Any]], shared: Shared,
              say: Callable[[str, int, int, int], None]) -> None:
    """Every first folio now known, in order: a run kept from the last render with the same
    folio is taken as it is; one kept with another folio is laid out again; a worker waiting
    for its folio is sent it."""
    for number in range(len(runs.pieces)):
        folio, count = runs.folios[number], runs.counts[number]
        if folio is None or count is None:
            break
        kept = runs.cached[number]
        if runs.results[number] is None and kept is not None:
            runs.cached[number] = None
            if kept.folio == folio:
                shared.cache.reused += 1
                runs.results[number] = kept
                say(runs.pieces[number].name, len(runs.pieces), folio, count)
            else:
                runs.queue.append(number)
                runs.queue.sort()
        if number + 1 < len(runs.folios) and runs.folios[number + 1] is None:
            runs.folios[number + 1] = next_recto(folio + count - 1)
    for conn, (number, _process) in active.items():
        folio = runs.folios[number]
        if number in runs.waiting and folio is not None:
            runs.waiting.discard(number)
            conn.send(folio)
            say(runs.pieces[number].name, len(runs.pieces), folio, runs.counts[number] or 0)


def _work(conn: Connection, shared: Shared, html: str) -> None:
    """In the worker: the run laid out, its page count told, its folio awaited, its PDF sent."""
    for handler in list(logging.getLogger("weasyprint.progress").handlers):
        logging.getLogger("weasyprint.progress").removeHandler(handler)   # the coordinator speaks

    def first_folio(pages: int) -> int:
        conn.send(("paginated", pages))
        folio: int = conn.recv()
        return folio

    try:
        with renderer_messages(shared.layout.base) as warnings:
            laid = lay_out_piece(shared, html, first_folio)
        conn.send(("done", replace(laid, warnings=list(warnings))))
    except BaseException as error:          # sent whole: the coordinator raises it
        conn.send(("error", error))
    finally:
        conn.close()
        os._exit(0)                         # no atexit, no flush of the parent's buffers
