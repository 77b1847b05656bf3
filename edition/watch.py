"""Turn changes in a seeds folder into rebuilds, for the edit–rebuild loop (``build --watch``).

The folder is polled (twice a second, by size and modification time): no extra dependency, and
an editor's save-by-rename is seen like any other write. Each rebuild goes through the cache, so
only what changed is done again; an error is reported and the watch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from edition.build import BuildOptions, build_edition
from edition.errors import EditionError, Message

__all__ = ["snapshot", "watch_and_build"]

POLL_SECONDS = 0.5
WATCHED = ("*.txt", "*.toml")


def snapshot(seeds: Path) -> dict[str, tuple[int, int]]:
    """What the watch compares: each source and sidecar with its size and modification time."""
    state = {}
    for pattern in WATCHED:
        for path in seeds.glob(pattern):
            try:
                info = path.stat()
            except OSError:
                continue
            state[path.name] = (info.st_size, info.st_mtime_ns)
    return state


def watch_and_build(seeds: Path, out: Path, options: BuildOptions,
                    progress: Callable[[str], None],
                    report: Callable[[list[Message]], None],
                    rounds: int | None = None) -> None:
    """Build, then rebuild after every change until interrupted (or after ``rounds`` builds)."""
    done = 0
    while rounds is None or done < rounds:
        state = snapshot(seeds)
        try:
            result = build_edition(seeds, out, options, progress)
            report(result.warnings)
            progress("up to date" if result.up_to_date else f"built {out}/")
        except EditionError as error:
            report(error.messages)
            progress("the build failed; waiting for a change")
        done += 1
        if rounds is not None and done >= rounds:
            return
        progress(f"watching {seeds}/ (Ctrl-C to stop)")
        while snapshot(seeds) == state:
            time.sleep(POLL_SECONDS)
