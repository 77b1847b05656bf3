"""Turn one command (an ``edition pdf`` of a long book, say) into its memory and time per process.

    python -m tests.benchmarks.memory [--json out.json] -- edition pdf build/edition.xml -j 2

The command's process (the coordinator) and every process it forks (the PDF's workers) are polled
from ``/proc`` every few milliseconds: each one's peak resident set (``VmHWM``, which only grows,
so a late reading is still its peak) and CPU time. Printed: the coordinator's peak, the largest
worker's, how many workers, wall time, the CPU of the coordinator and of all (``wait4``: the
command and every child it reaped), and the machine's load when it started and ended (a shared
machine: a figure without its load means little).

A forked worker's ``VmHWM`` counts the pages it shares with the coordinator at the fork
(copy-on-write, resident in both): it is what the kernel charges that process, not what it adds.
Figures are printed, never asserted: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["ProcessPeak", "Run", "main", "measure_tree"]

POLL_SECONDS = 0.02
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class ProcessPeak:
    """One process of the tree: its peak resident set (bytes) and CPU seconds, as last seen."""

    pid: int
    parent: int
    high_water: int = 0
    cpu: float = 0.0
    command: str = ""                   # its command line: a forked worker's is the coordinator's


@dataclass
class Run:
    """A measured command: wall and CPU seconds, loads before and after, each process's peak."""

    command: list[str]
    seconds: float
    cpu_all: float
    load_before: float
    load_after: float
    exit_code: int
    processes: dict[int, ProcessPeak] = field(default_factory=dict)

    @property
    def coordinator(self) -> ProcessPeak:
        return min(self.processes.values(), key=lambda one: (one.parent != 0, one.pid))

    @property
    def workers(self) -> list[ProcessPeak]:
        root = self.coordinator.pid
        return [one for one in self.processes.values() if one.pid != root]

    def summary(self) -> str:
        coordinator, workers = self.coordinator, self.workers
        largest = max(workers, key=lambda one: one.high_water, default=None)
        lines = [
            f"command      {' '.join(self.command)}",
            f"exit code    {self.exit_code}",
            f"wall         {self.seconds:.1f} s (load {self.load_before:.2f} → {self.load_after:.2f})",
            f"CPU          coordinator {coordinator.cpu:.1f} s, all {self.cpu_all:.1f} s",
            f"coordinator  peak RSS {coordinator.high_water / 2**20:.0f} MB",
        ]
        if largest is not None:
            lines.append(f"workers      {len(workers)}, largest peak RSS {largest.high_water / 2**20:.0f} MB"
                         f" (CPU {largest.cpu:.1f} s), all: "
                         + ", ".join(f"{one.high_water / 2**20:.0f}" for one in workers))
        for one in workers:
            if one.command and one.command != coordinator.command and one.high_water > 20 * 2**20:
                lines.append(f"  {one.command[:70]}: peak RSS {one.high_water / 2**20:.0f} MB,"
                             f" CPU {one.cpu:.1f} s")
        return "\n".join(lines)


def _read_status(pid: int) -> tuple[int, int] | None:
    """(parent pid, VmHWM in bytes) of a live process, or ``None``."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    parent, high = 0, 0
    for line in text.splitlines():
        if line.startswith("PPid:"):
            parent = int(line.split()[1])
        elif line.startswith("VmHWM:"):
            high = int(line.split()[1]) * 1024
    return parent, high


def _read_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS       # utime + stime (fields 14, 15)


def _read_command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:300]
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text(encoding="ascii")
            found.extend(int(child) for child in text.split())
    except OSError:
        pass
    return found


def _poll(root: int, seen: dict[int, ProcessPeak], done: threading.Event) -> None:
    while not done.is_set():
        stack = [root]
        while stack:
            pid = stack.pop()
            status, cpu = _read_status(pid), _read_cpu(pid)
            if status is not None:
                one = seen.setdefault(pid, ProcessPeak(pid, 0 if pid == root else status[0]))
                one.command = _read_command(pid) or one.command      # an exec changes it
                one.high_water = max(one.high_water, status[1])
                one.cpu = max(one.cpu, cpu or 0.0)
            stack.extend(_children(pid))
        done.wait(POLL_SECONDS)


def measure_tree(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command`` once, polling the peak memory and CPU of it and of its children."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd)
    seen: dict[int, ProcessPeak] = {}
    done = threading.Event()
    poller = threading.Thread(target=_poll, args=(process.pid, seen, done), daemon=True)
    poller.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    poller.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(list(command), seconds, usage.ru_utime + usage.ru_stime, load_before,
               os.getloadavg()[0], process.returncode, seen)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = [part for part in options.command if part != "--"] if options.command[:1] == ["--"] \
        else options.command
    if not command:
        parser.error("a command to measure is needed")
    run = measure_tree(command)
    print(run.summary())
    if options.json is not None:
        figures = asdict(run) | {"coordinator": asdict(run.coordinator)}
        options.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    return run.exit_code


if __name__ == "__main__":
    sys.exit(main())
