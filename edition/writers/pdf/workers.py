"""Turn the pieces of a book into their PDFs in forked workers, one per core, with the folio barrier.

The front's sketch, each run, the back and the front are laid out by a process forked from this
one (the book, the stylesheets, the fonts and the imports inherited, nothing pickled but numbers,
names and the file's name sent back: each worker writes its piece, its tagging fixed, to the
spool). The sketch is laid out beside the first run, which paginates meanwhile. A worker
paginates its run, says how many pages it has, and waits for its first folio, which only the
pieces before it decide (``barrier``): so a run never waits for more than its predecessor's
pagination, and is never laid out twice. The folios are handed out in order, the PDFs come back
in order: the output is the same, byte for byte, as when the pieces are laid out in this process
one after the other (``chunked.in_process``), whatever the number of workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from edition.writers.pdf.chunked import (
    LaidPiece,
    Layouts,
    RunPieces,
    Shared,
    fixed,
    in_process,
    lay_out_piece,
    lay_out_sketch,
    sketch_key,
)
from edition.writers.pdf.chunks import Piece, next_recto, weight
from edition.writers.pdf.progress import say_piece
from edition.writers.pdf.safety import renderer_messages

__all__ = ["alone", "default_jobs", "forked", "runner"]


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def runner(shared: Shared, jobs: int,
           say: Callable[[str, int, int, int], None] | None = None) -> Layouts:
    """Pieces laid out in ``jobs`` forked workers, the front's sketch beside the first runs, the
    back and the front each in a worker of its own (so that the coordinator lays out nothing);
    in this process for one job, or where processes cannot be forked."""
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return in_process(shared)
    return Layouts(forked(shared, jobs, say or say_piece), alone(shared))


@dataclass
class _Runs:
    """The coordinator's view of the front's sketch (number 0) and the runs (1…): what is known
    of each, in order."""

    names: list[str]
    keys: list[str]
    cached: list[LaidPiece | None]
    counts: list[int | None]
    folios: list[int | None]
    results: list[LaidPiece | None]
    queue: list[int]                     # pieces to lay out (``_order``)
    waiting: set[int] = field(default_factory=set)


def forked(shared: Shared, jobs: int, say: Callable[[str, int, int, int], None]) -> RunPieces:
    """The front's sketch and the runs, laid out in ``jobs`` workers at once (``_order``), their
    folios handed out in order."""

    def run(sketch_html: str, pieces: Sequence[Piece]) -> tuple[LaidPiece, list[LaidPiece]]:
        context = multiprocessing.get_context("fork")
        htmls = [sketch_html, *(shared.html(piece.parts) for piece in pieces)]
        keys = [sketch_key(shared, sketch_html), *(shared.key(html) for html in htmls[1:])]
        cached = [LaidPiece.cached(shared.cache.get(key), shared.spool, key) for key in keys]
        runs = _Runs(["front", *(piece.name for piece in pieces)], keys, cached,
                     [c.pages if c else None for c in cached],
                     [1] + [None] * len(pieces), [None] * len(htmls),
                     _order([n for n, c in enumerate(cached) if c is None], pieces))
        active: dict[Connection, tuple[int, Any]] = {}
        try:
            _hand_out(runs, active, shared, say)
            while any(result is None for result in runs.results):
                while _busy(runs, active) < jobs and len(active) < 2 * jobs and runs.queue:
                    number = runs.queue.pop(0)
                    ours, theirs = context.Pipe()
                    process = context.Process(target=_work, daemon=True,
                                              args=(theirs, shared, htmls[number], number == 0))
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
        sketch, *laid = [result for result in runs.results if result is not None]
        return sketch, laid

    return run


def _order(numbers: list[int], pieces: Sequence[Piece]) -> list[int]:
    """The sketch, then the heaviest run (the one with the list of sources, at the end of a long
    book: laid out last, the other cores would wait for it alone), then the others in order. A
    run laid out early only waits, idle, for its folio at the barrier."""
    runs = [number for number in numbers if number]
    if not runs:
        return numbers
    heaviest = max(runs, key=lambda number: (sum(weight(part) for part in pieces[number - 1].parts),
                                             -number))
    return [number for number in numbers if not number] + [heaviest] + \
        [number for number in runs if number != heaviest]


def _busy(runs: _Runs, active: dict[Connection, tuple[int, Any]]) -> int:
    """The workers at work: not those waiting at the barrier for their folio (they hold their
    pages, not a core)."""
    return sum(1 for number, _process in active.values() if number not in runs.waiting)


def alone(shared: Shared) -> Callable[[str, int], LaidPiece]:
    """A piece whose first folio is known, from the cache or laid out in a worker of its own."""
    context = multiprocessing.get_context("fork")

    def one(html: str, folio: int) -> LaidPiece:
        key = shared.key(html)
        found = shared.lookup(key, folio)
        if found is not None:
            return found
        ours, theirs = context.Pipe()
        process = context.Process(target=_work, args=(theirs, shared, html, False, folio), daemon=True)
        process.start()
        theirs.close()
        try:
            kind, value = _said(ours, process, "a piece")
            if kind == "paginated":
                ours.send(folio)
                kind, value = _said(ours, process, "a piece")
            if kind == "done" and isinstance(value, LaidPiece):
                return shared.keep(key, value)
            raise value if isinstance(value, BaseException) else RuntimeError(f"a worker said {kind!r}")
        finally:
            process.kill()
            process.join()
            ours.close()

    return one


def _said(conn: Connection, process: Any, name: str) -> tuple[str, Any]:
    try:
        kind, value = conn.recv()
    except EOFError:
        raise RuntimeError(f"the worker of {name} died (exit code {process.exitcode})") from None
    return kind, value


def _receive(conn: Connection, runs: _Runs, active: dict[Connection, tuple[int, Any]],
             shared: Shared) -> None:
    number, process = active[conn]
    kind, value = _said(conn, process, runs.names[number])
    if kind == "paginated":
        runs.counts[number] = value
        runs.waiting.add(number)
    elif kind == "done" and isinstance(value, LaidPiece):
        runs.counts[number] = value.pages           # the sketch says it only now
        runs.results[number] = shared.keep(runs.keys[number], value)
        del active[conn]
        conn.close()
        process.join()
    elif isinstance(value, BaseException):
        raise value
    else:
        raise RuntimeError(f"the worker of {runs.names[number]} said {kind!r}")


def _hand_out(runs: _Runs, active: dict[Connection, tuple[int, Any]], shared: Shared,
              say: Callable[[str, int, int, int], None]) -> None:
    """Every first folio now known, in order: a run kept from the last render with the same
    folio is taken as it is; one kept with another folio is laid out again; a worker waiting
    for its folio is sent it."""
    total = len(runs.names) - 1
    for number in range(len(runs.names)):
        folio, count = runs.folios[number], runs.counts[number]
        if folio is None or count is None:
            break
        kept = runs.cached[number]
        if runs.results[number] is None and kept is not None:
            runs.cached[number] = None
            if kept.folio == folio:
                shared.cache.reused += 1
                runs.results[number] = kept
                if number:
                    say(runs.names[number], total, folio, count)
            else:
                runs.queue.append(number)
                runs.queue.sort()
        if number + 1 < len(runs.folios) and runs.folios[number + 1] is None:
            runs.folios[number + 1] = next_recto(folio + count - 1)
    for conn, (number, _process) in sorted(active.items(), key=lambda item: item[1][0]):
        folio = runs.folios[number]
        if number in runs.waiting and folio is not None:
            runs.waiting.discard(number)
            conn.send(folio)
            say(runs.names[number], total, folio, runs.counts[number] or 0)


def _work(conn: Connection, shared: Shared, html: str, sketch: bool, folio: int | None = None) -> None:
    """In the worker: the front's sketch laid out and sent; or a piece laid out, its page count
    told, its folio awaited (unless given), its PDF written to the spool and its name sent."""
    for handler in list(logging.getLogger("weasyprint.progress").handlers):
        logging.getLogger("weasyprint.progress").removeHandler(handler)   # the coordinator speaks

    def first_folio(pages: int) -> int:
        conn.send(("paginated", pages))
        folio: int = conn.recv()
        return folio

    try:
        with renderer_messages(shared.layout.base) as warnings:
            if sketch:
                laid = lay_out_sketch(shared, html)
            else:
                laid = lay_out_piece(shared, html, first_folio if folio is None else fixed(folio),
                                     f"worker-{os.getpid()}")
        conn.send(("done", replace(laid, warnings=list(warnings))))
    except BaseException as error:          # sent whole: the coordinator raises it
        conn.send(("error", error))
    finally:
        conn.close()
        os._exit(0)                         # no atexit, no flush of the parent's buffers
