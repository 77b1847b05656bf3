"""Turn the bundled edition into the fixed costs of `edition`: cold full builds, the PDF alone, `--help`.

    python -m tests.benchmarks.fixed [--runs 5] [--code DIR] [--cold-user-cache]

Each command runs in a fresh process, ``--runs`` times; printed are the medians of wall time and of
CPU time (user + system, the process and every process it waited for: less sensitive than wall
time to other work on a shared machine), the load average, and the stages of the build as its
last line reports them. ``--code DIR`` times another checkout of the package (``DIR/edition``,
say main's) with the same interpreter. ``--cold-user-cache`` gives every run an empty user cache
(``EDITION_CACHE_DIR``: hyphenation patterns, font faces), as on a machine that never built.

Figures are printed, never asserted: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpora import OUT_DIR, REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
WORK = OUT_DIR / "fixed"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    load: float
    stages: str


def run(command: Sequence[str], env: dict[str, str], before: Path | None = None) -> Run:
    """One run of ``command``: ``before`` removed first (a cold build)."""
    if before is not None:
        shutil.rmtree(before, ignore_errors=True)
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=WORK, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        stderr.seek(0)
        said = stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{said}")
    stages = re.search(r"\((encode [^)]*)\)", said)
    return Run(wall, usage.ru_utime + usage.ru_stime, load, stages[1] if stages else "")


def medians(name: str, runs: list[Run]) -> str:
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    load = statistics.median(r.load for r in runs)
    last = f" — last: {runs[-1].stages}" if runs[-1].stages else ""
    return f"| {name} | {wall:.2f} s | {cpu:.2f} s | {load:.1f} |{last}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, help="a checkout whose edition/ is timed instead")
    parser.add_argument("--cold-user-cache", action="store_true")
    args = parser.parse_args(argv)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = str(args.code.resolve())
    out = WORK / "build"
    edition = [sys.executable, "-m", "edition"]
    build = [*edition, "build", "--seeds", str(SEEDS), "--out", str(out)]
    lines = [f"Bundled edition, medians of {args.runs} runs"
             + (f", code from {args.code}" if args.code else ""), "",
             "| command | wall | CPU (user + sys) | load |", "|---|---|---|---|"]
    for name, command, cold in (("cold `edition build` (TEI, validation, PDF, EPUB, site)", build, out),
                                ("`edition pdf` (the PDF alone)",
                                 [*edition, "pdf", str(WORK / "edition.xml"), "-o", str(WORK / "alone.pdf")],
                                 None),
                                ("`edition --help`", [*edition, "--help"], None)):
        runs = []
        for _ in range(args.runs):
            if args.cold_user_cache:
                env["EDITION_CACHE_DIR"] = tempfile.mkdtemp(dir=WORK)
            runs.append(run(command, env, cold))
            if command is build and not (WORK / "edition.xml").exists():
                shutil.copy(out / "edition.xml", WORK / "edition.xml")
        lines.append(medians(name, runs))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
