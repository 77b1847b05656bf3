"""Turn a folder of plain-text essays into Pandoc's reference timings for the same texts.

Each text becomes one Markdown chapter; Pandoc then makes an EPUB, a PDF with WeasyPrint as its
PDF engine, and standalone HTML that WeasyPrint lays out on its own. Every run is a subprocess,
timed by the wall clock, with the peak memory of its whole process tree, and each stage reports
the median of k runs. The figures are printed, never asserted: this is a benchmark, not a test.

    python -m tests.benchmarks.reference [--sizes 3,10,100] [--runs 3]

Peak memory is the largest of two readings per run: the summed RSS of the process and all its
descendants, polled with psutil every 20 ms (Pandoc keeps its own memory while its WeasyPrint
child runs, so the tree is summed), and the kernel's ``ru_maxrss`` for the run, read with
``wait4`` (the largest single process in the tree, exact even between polls; it is the figure
``/usr/bin/time -v`` prints as "Maximum resident set size").
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil
import pypandoc
from pypdf import PdfReader

from .corpora import OUT_DIR, SEEDS_SIZE, make_corpus

__all__ = [
    "ReferenceResult",
    "Sample",
    "StageResult",
    "format_seconds",
    "format_size",
    "format_table",
    "main",
    "measure",
    "run_reference",
    "text_to_markdown",
    "write_chapters",
]

POLL_SECONDS = 0.02
TITLE_MAX = 80  # a first line shorter than this, without a full stop, is the text's title
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # all ASCII punctuation
REFERENCE_DIR = OUT_DIR / "reference"
MEMORY_METHOD = (
    "peak memory: max of the process tree's summed RSS (psutil, polled every 20 ms) "
    "and the kernel's ru_maxrss from wait4"
)


@dataclass(frozen=True)
class Sample:
    """One timed run of one command."""

    seconds: float
    tree_rss: int  # bytes: the largest polled sum of RSS over the process tree
    kernel_rss: int  # bytes: VmHWM, the largest peak of a single process of the tree
    load: float = 0.0  # the machine's 1-minute load average when the run started (a shared machine)

    @property
    def peak_rss(self) -> int:
        return max(self.tree_rss, self.kernel_rss)


@dataclass(frozen=True)
class StageResult:
    """The runs of one stage (say, Pandoc → EPUB) on one corpus."""

    name: str
    samples: tuple[Sample, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return statistics.median(s.peak_rss for s in self.samples) / 1e6


@dataclass(frozen=True)
class ReferenceResult:
    """Pandoc's figures for one corpus."""

    texts: int
    size_bytes: int
    epub: StageResult
    pdf: StageResult
    weasyprint: StageResult
    pages: int
    pandoc_version: str
    weasyprint_version: str

    @property
    def stages(self) -> tuple[StageResult, ...]:
        return (self.epub, self.pdf, self.weasyprint)


# --- Markdown ---------------------------------------------------------------------------------


def escape_markdown(line: str) -> str:
    """Backslash every ASCII punctuation mark, so no character can start Markdown syntax.

    Pandoc's Markdown lets any punctuation be escaped (``all_symbols_escapable``); escaping all
    of it also keeps ``smart`` from curling quotes or turning ``--`` into a dash.
    """
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", line)


def escape_block(block: str) -> str:
    # Stripped lines: leading spaces would make a code block, two trailing ones a line break.
    return "\n".join(escape_markdown(line.strip()) for line in block.splitlines())


def split_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def is_title(block: str) -> bool:
    return "\n" not in block and len(block) < TITLE_MAX and not block.endswith(".")


def text_to_markdown(text: str, stem: str) -> str:
    """One text as one chapter: a ``#`` heading (a short first line, else ``stem``), paragraphs."""
    blocks = split_blocks(text)
    if blocks and is_title(blocks[0]):
        heading, body = blocks[0], blocks[1:]
    else:
        heading, body = stem, blocks
    chapter = [f"# {escape_markdown(heading)}", *(escape_block(b) for b in body)]
    return "\n\n".join(chapter) + "\n"


def write_chapters(texts: Sequence[Path], out_dir: Path) -> list[Path]:
    """Write one Markdown file per text into ``out_dir``, in the order given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    chapters = []
    for text in texts:
        chapter = out_dir / f"{text.stem}.md"
        chapter.write_text(text_to_markdown(text.read_text(encoding="utf-8"), text.stem), "utf-8")
        chapters.append(chapter)
    return chapters


# --- Measuring --------------------------------------------------------------------------------


class TreePoller(threading.Thread):
    """Poll the summed RSS of a process and its descendants until told to stop."""

    def __init__(self, pid: int, interval: float = POLL_SECONDS) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.high_water = 0   # the largest VmHWM of any process of the tree, seen while polling
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(root))
            self.high_water = max(self.high_water, tree_high_water(root))
            self.done.wait(self.interval)


def tree_high_water(root: psutil.Process) -> int:
    """The largest peak resident set (VmHWM, reset by exec) of the tree's processes.

    Not ``ru_maxrss``: Linux keeps that across fork and exec, so a child of a large benchmark
    process reports the benchmark's own peak.
    """
    highest = 0
    for process in _tree(root):
        with contextlib.suppress(OSError, psutil.Error, ValueError):
            status = Path(f"/proc/{process.pid}/status").read_text(encoding="ascii")
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    highest = max(highest, int(line.split()[1]) * 1024)
    return highest


def _tree(root: psutil.Process) -> list[psutil.Process]:
    """The process and its descendants; none when it is gone."""
    try:
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def tree_rss(root: psutil.Process) -> int:
    total = 0
    for process in _tree(root):
        with contextlib.suppress(psutil.Error):  # gone, or a zombie, since it was listed
            total += process.memory_info().rss
    return total


def measure(command: Sequence[str], cwd: Path) -> Sample:
    """Run ``command`` once; return its wall time and peak memory. Raise if it fails."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        poller = TreePoller(process.pid)
        poller.start()
        _, status, _ = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        poller.done.set()
        poller.join()
        if process.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace")
            raise subprocess.CalledProcessError(process.returncode, list(command), stderr=message)
    return Sample(seconds, poller.peak, poller.high_water, load)


def run_stage(name: str, command: Sequence[str], cwd: Path, runs: int) -> StageResult:
    return StageResult(name, tuple(measure(command, cwd) for _ in range(runs)))


# --- The reference runs -----------------------------------------------------------------------


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def weasyprint_path() -> str:
    """The venv's ``weasyprint`` executable (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).parent / "weasyprint"
    found = str(beside) if beside.is_file() else shutil.which("weasyprint")
    if found is None:
        raise FileNotFoundError("no weasyprint executable beside Python or on PATH")
    return found


def tool_version(executable: str) -> str:
    result = subprocess.run([executable, "--version"], capture_output=True, text=True, check=True)
    return result.stdout.splitlines()[0].strip()


def pandoc_command(chapters: Sequence[Path], *options: str) -> list[str]:
    title = f"Reference corpus of {len(chapters)} texts"
    metadata = ["--from=markdown", "-M", f"title={title}", "-M", "lang=en"]
    return [pandoc_path(), *metadata, *options, *(c.name for c in chapters)]


def count_pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def run_reference(texts_dir: Path, runs: int = 3, work_dir: Path | None = None) -> ReferenceResult:
    """Time Pandoc → EPUB, Pandoc → PDF (WeasyPrint) and WeasyPrint alone on ``texts_dir/*.txt``.

    Chapters and outputs go to ``work_dir`` (by default ``tests/benchmarks/out/reference/<name>``),
    which is emptied first.
    """
    texts = sorted(texts_dir.glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"no .txt texts in {texts_dir}")
    work = work_dir or REFERENCE_DIR / texts_dir.name
    shutil.rmtree(work, ignore_errors=True)
    chapters = write_chapters(texts, work)
    # The HTML that WeasyPrint lays out alone is made once, untimed.
    html_command = pandoc_command(chapters, "-s", "-t", "html", "-o", "book.html")
    subprocess.run(html_command, cwd=work, check=True)
    engine = weasyprint_path()
    epub = run_stage("Pandoc → EPUB", pandoc_command(chapters, "-o", "book.epub"), work, runs)
    pdf_options = (f"--pdf-engine={engine}", "-o", "book.pdf")
    pdf = run_stage("Pandoc → PDF (WeasyPrint)", pandoc_command(chapters, *pdf_options), work, runs)
    alone = run_stage("WeasyPrint alone", [engine, "book.html", "alone.pdf"], work, runs)
    return ReferenceResult(
        texts=len(texts),
        size_bytes=sum(t.stat().st_size for t in texts),
        epub=epub,
        pdf=pdf,
        weasyprint=alone,
        pages=count_pages(work / "book.pdf"),
        pandoc_version=tool_version(pandoc_path()),
        weasyprint_version=tool_version(engine),
    )


# --- The table --------------------------------------------------------------------------------


def format_seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds:.2f} s"
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"


def format_size(size_bytes: int) -> str:
    return f"{size_bytes / 1e3:.0f} KB" if size_bytes < 100_000 else f"{size_bytes / 1e6:.2g} MB"


def format_row(result: ReferenceResult) -> str:
    texts = f"{result.texts} (the seeds)" if result.texts == SEEDS_SIZE else str(result.texts)
    times = [format_seconds(stage.seconds) for stage in result.stages]
    peaks = " / ".join(f"{stage.peak_mb:.0f}" for stage in result.stages)
    cells = [texts, format_size(result.size_bytes), *times, str(result.pages), peaks]
    return "| " + " | ".join(cells) + " |"


def format_table(results: Sequence[ReferenceResult], runs: int) -> str:
    header = [
        "| texts | size | Pandoc → EPUB | Pandoc → PDF (WeasyPrint) | WeasyPrint alone | pages "
        "| peak MB (EPUB / PDF / WeasyPrint) |",
        "|---|---|---|---|---|---|---|",
    ]
    footer = ""
    if results:
        first = results[0]
        footer = f"\n{first.pandoc_version}, {first.weasyprint_version}; medians of {runs} runs."
        footer += f"\n{MEMORY_METHOD}."
    return "\n".join([*header, *(format_row(r) for r in results)]) + footer


def parse_sizes(value: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        message = f"not a comma-separated list of sizes: {value!r}"
        raise argparse.ArgumentTypeError(message) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[3, 10, 100], help="e.g. 3,10,100")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage (the median is shown)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    results = []
    for n in args.sizes:
        print(f"reference: {n} texts, {args.runs} runs per stage …", file=sys.stderr, flush=True)
        results.append(run_reference(make_corpus(n), args.runs))
    print(format_table(results, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
