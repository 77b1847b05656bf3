"""Turn corpora of 3 to 1000 texts into timings of every stage of `edition`, beside Pandoc's.

    python -m tests.benchmarks.bench [--sizes 3,10,100,1000] [--runs 3] [--pdf-up-to 1000]

For each corpus (the seeds, then texts made by ../shared/bench/make_corpus.py) it prints:

- the stages in this process, medians of ``--runs``: convert (read and structure), annotate
  (the editor's and the automatic layer), encode (TEI and its header), validate (every text and
  the corpus), XHTML (the book), PDF, EPUB;
- whole builds as a user runs them, each in a fresh process with its peak memory: a cold build
  (no cache) of everything, a cold build without the PDF (TEI + validation + EPUB), a rebuild with
  nothing changed, and rebuilds of TEI + EPUB after editing one sidecar note or one source;
- ``edition --help``;
- Pandoc on the same texts, timed by ``tests/benchmarks/reference.py`` in the same run, and the
  ratios ours / Pandoc's (below 1: faster than Pandoc).

Figures are printed, never asserted: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .corpora import OUT_DIR, REPO_ROOT, SEEDS_SIZE, make_corpus
from .reference import (
    ReferenceResult,
    Sample,
    count_pages,
    format_seconds,
    format_size,
    measure,
    run_reference,
)

WORK = OUT_DIR / "bench"
SEEDS = REPO_ROOT / "seeds"
PYTHON = sys.executable


@dataclass
class Figures:
    texts: int
    size: int
    stages: dict[str, float] = field(default_factory=dict)        # in-process medians
    builds: dict[str, Sample] = field(default_factory=dict)      # whole builds (medians)
    pages: int = 0
    reference: ReferenceResult | None = None


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_sample(samples: Sequence[Sample]) -> Sample:
    ordered = sorted(samples, key=lambda s: s.seconds)
    middle = ordered[len(ordered) // 2]
    return Sample(middle.seconds, max(s.tree_rss for s in samples),
                  max(s.kernel_rss for s in samples), middle.load)


# --- the stages, in this process --------------------------------------------------------------

def time_stages(seeds: Path, runs: int, with_pdf: bool) -> tuple[dict[str, float], int]:
    """Each stage of the pipeline on its own, as the library runs it."""
    from edition.annotate.sidecar import read_sidecar
    from edition.annotate.spans import apply_structure, collect_spans, name_finder
    from edition.build import BuildOptions, build_edition, load_edition_inputs
    from edition.convert import sidecar_path
    from edition.model.xmlio import parse_xml, serialize
    from edition.readers.plaintext import read_source
    from edition.readers.structure import infer_kinds
    from edition.validate import prepare_validation, validate_tree
    from edition.writers import WRITERS
    from edition.writers.book import make_book

    config, register, paths = load_edition_inputs(seeds)
    finder = name_finder(register)
    prepare_validation()

    def read_all() -> list:
        sources = []
        for path in paths:
            source = read_source(path)
            sidecar, _ = read_sidecar(sidecar_path(path))
            apply_structure(source.blocks, sidecar)
            infer_kinds(source.blocks)
            sources.append((source, sidecar))
        return sources

    sources = read_all()

    def annotate_all() -> None:
        for source, sidecar in sources:
            collect_spans(source.blocks, sidecar, register, config.resp, "t", finder)

    out = WORK / "stages"
    shutil.rmtree(out, ignore_errors=True)
    stages = {"convert": median_seconds(read_all, runs), "annotate": median_seconds(annotate_all, runs)}
    options = BuildOptions(jobs=1, cache=False)
    tei = median_seconds(lambda: _fresh_build(build_edition, seeds, out, options), runs)
    result = build_edition(seeds, out, BuildOptions(jobs=1, cache=False))
    datas = [t.data for t in result.texts] + [serialize(result.corpus)]

    def validate_all() -> None:
        for data in datas:
            validate_tree(parse_xml(data, "x.xml", trusted=True), "x.xml")

    stages["validate"] = median_seconds(validate_all, runs)
    stages["encode"] = max(0.0, tei - stages["convert"] - stages["annotate"] - stages["validate"])
    corpus = result.corpus
    base = out / "edition.xml"
    stages["XHTML"] = median_seconds(lambda: make_book(corpus, base), runs)
    pages = 0
    if with_pdf:
        pdf = out / "bench.pdf"
        stages["PDF"] = median_seconds(lambda: WRITERS["pdf"]().write(corpus, pdf, base=base), runs)
        pages = count_pages(pdf)
    epub = out / "bench.epub"
    stages["EPUB"] = median_seconds(lambda: WRITERS["epub"]().write(corpus, epub, base=base), runs)
    return stages, pages


def _fresh_build(build: Callable, seeds: Path, out: Path, options: object) -> object:
    shutil.rmtree(out, ignore_errors=True)
    return build(seeds, out, options)


# --- whole builds, each in a fresh process ------------------------------------------------------

def edition(*args: str) -> list[str]:
    return [PYTHON, "-m", "edition", "-q", *args]


def time_builds(seeds: Path, runs: int, with_pdf: bool, pdf_only: bool = False) -> dict[str, Sample]:
    """What a user waits for: cold builds, an unchanged rebuild, rebuilds after one edit."""
    work = WORK / f"builds-{seeds.name}"
    shutil.rmtree(work, ignore_errors=True)
    copy = work / "seeds"
    shutil.copytree(seeds, copy)
    out = work / "build"
    builds: dict[str, Sample] = {}

    def cold(name: str, *options: str) -> None:
        samples = []
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            samples.append(measure(edition("build", "--seeds", str(copy), "--out", str(out),
                                           *options), work))
        builds[name] = median_sample(samples)

    if with_pdf:
        cold("cold: TEI + validation + PDF + EPUB")
        pdf_alone = edition("pdf", str(out / "edition.xml"), "-o", str(work / "alone.pdf"))
        builds["PDF alone (edition pdf)"] = median_sample([measure(pdf_alone, work) for _ in range(runs)])
        with_pdf_rebuild = edition("build", "--seeds", str(copy), "--out", str(out))
        builds["rebuild after one sidecar note (with PDF)"] = _after_edits(
            runs, with_pdf_rebuild, work, lambda n: _edit_sidecar(copy, 100 + n))
    if pdf_only:
        return builds
    cold("cold: TEI + validation + EPUB", "--no-pdf")
    rebuild = edition("build", "--seeds", str(copy), "--out", str(out), "--no-pdf")
    builds["rebuild, nothing changed"] = median_sample([measure(rebuild, work) for _ in range(runs)])
    builds["rebuild after one sidecar note (TEI + EPUB)"] = _after_edits(
        runs, rebuild, work, lambda n: _edit_sidecar(copy, n))
    builds["rebuild after one source edited (TEI + EPUB)"] = _after_edits(
        runs, rebuild, work, lambda n: _edit_source(copy, n))
    return builds


def _after_edits(runs: int, command: list[str], work: Path, edit: Callable[[int], None]) -> Sample:
    samples = []
    for number in range(runs):
        edit(number)
        samples.append(measure(command, work))
    return median_sample(samples)


def _edit_sidecar(seeds: Path, number: int) -> None:
    """Add (or change) one editorial note in the sidecar of the first text."""
    source = sorted(seeds.glob("*.txt"))[0]
    sidecar = source.with_suffix(".toml")
    first_word = source.read_text(encoding="utf-8").split()[0]
    note = f'\n[[note]]\nanchor = "{first_word}"\noccurrence = 1\ntext = "Benchmark note {number}."\n'
    original = sidecar.read_text(encoding="utf-8") if sidecar.exists() else ""
    marker = "\n# benchmark\n"
    sidecar.write_text(original.split(marker)[0] + marker + note, encoding="utf-8")


def _edit_source(seeds: Path, number: int) -> None:
    """Append one sentence to the last source (a new last paragraph)."""
    source = sorted(seeds.glob("*.txt"))[-1]
    text = source.read_text(encoding="utf-8").split("\n\nBenchmark sentence")[0]
    source.write_text(text + f"\n\nBenchmark sentence {number}.\n", encoding="utf-8")


def time_help(runs: int) -> Sample:
    return median_sample([measure(edition("--help"), WORK) for _ in range(runs)])


# --- the table --------------------------------------------------------------------------------

def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×" if theirs else "–"


def report(figures: Sequence[Figures], help_sample: Sample, runs: int) -> str:
    lines = [f"Medians of {runs} runs; ratios are ours / Pandoc's (below 1: faster).", ""]
    names = list(dict.fromkeys(n for f in figures for n in f.stages))
    lines += ["| texts | size | " + " | ".join(names) + " | pages |",
              "|---|---|" + "---|" * len(names) + "---|"]
    for f in figures:
        cells = [format_seconds(f.stages[n]) if n in f.stages else "–" for n in names]
        lines.append(f"| {_label(f)} | {format_size(f.size)} | " + " | ".join(cells) +
                     f" | {f.pages or '–'} |")
    lines += ["", "| texts | build | time | largest process MB | all processes MB | Pandoc | ratio | load |",
              "|---|---|---|---|---|---|---|---|"]
    for f in figures:
        ref = f.reference
        for name, sample in f.builds.items():
            theirs, label = _comparison(name, ref)
            lines.append(f"| {_label(f)} | {name} | {format_seconds(sample.seconds)} | "
                         f"{sample.kernel_rss / 1e6:.0f} | {sample.tree_rss / 1e6:.0f} | {label} | "
                         f"{ratio(sample.seconds, theirs)} | {sample.load:.1f} |")
        if ref is not None and "EPUB" in f.stages:
            ours, theirs = f.stages["EPUB"], ref.epub.seconds
            lines.append(f"| {_label(f)} | EPUB stage alone (TEI → EPUB) | {format_seconds(ours)} "
                         f"| – | Pandoc → EPUB {format_seconds(theirs)} | {ratio(ours, theirs)} |")
    lines += _scaling(figures)
    lines += ["", f"`edition --help`: {format_seconds(help_sample.seconds)}"]
    return "\n".join(lines)


def _scaling(figures: Sequence[Figures]) -> list[str]:
    """Seconds per text of each whole build from the smallest corpus (over 3 texts) to the largest:
    1.00 is linear."""
    sized = sorted((f for f in figures if f.texts > SEEDS_SIZE), key=lambda f: f.texts)
    if len(sized) < 2:
        return []
    small, large = sized[0], sized[-1]
    lines = ["", f"Scaling {small.texts} → {large.texts} texts (time per text, large / small; 1.00: linear):"]
    for name in small.builds:
        if name in large.builds and small.builds[name].seconds:
            per_small = small.builds[name].seconds / small.texts
            per_large = large.builds[name].seconds / large.texts
            lines.append(f"- {name}: {per_large / per_small:.2f}")
    return lines


def _label(f: Figures) -> str:
    return f"{f.texts} (the seeds)" if f.texts == SEEDS_SIZE else str(f.texts)


def _comparison(name: str, ref: ReferenceResult | None) -> tuple[float, str]:
    """The Pandoc figure each of our builds is set against (the issue's targets)."""
    if ref is None:
        return 0.0, "–"
    if "PDF alone" in name:
        return ref.pdf.seconds, f"PDF {format_seconds(ref.pdf.seconds)}, {ref.pdf.peak_mb:.0f} MB"
    if "PDF" in name:
        total = ref.epub.seconds + ref.pdf.seconds
        return total, f"EPUB + PDF {format_seconds(total)}, {ref.pdf.peak_mb:.0f} MB"
    return ref.epub.seconds, f"EPUB {format_seconds(ref.epub.seconds)}, {ref.epub.peak_mb:.0f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3,10,100,1000", help="corpus sizes, e.g. 3,10,100")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (medians)")
    parser.add_argument("--pdf-up-to", type=int, default=1000,
                        help="render the PDF only for corpora up to this many texts")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the Pandoc reference")
    parser.add_argument("--pdf-only", action="store_true",
                        help="only the PDF's figures: full build, PDF alone, one-note rebuild with PDF")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764115200")
    figures = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        # The seeds are built as the bundled edition (with its sidecars and registers); Pandoc
        # gets the same texts.
        texts = SEEDS if size == SEEDS_SIZE else make_corpus(size)
        with_pdf = size <= args.pdf_up_to
        print(f"bench: {size} texts …", file=sys.stderr, flush=True)
        stages, pages = ({}, 0) if args.pdf_only else time_stages(texts, args.runs, with_pdf)
        f = Figures(size, sum(p.stat().st_size for p in texts.glob("*.txt")), stages,
                    time_builds(texts, args.runs, with_pdf, args.pdf_only), pages)
        if args.pdf_only and with_pdf:
            f.pages = count_pages(WORK / f"builds-{texts.name}" / "alone.pdf")
        if not args.no_pandoc:
            f.reference = run_reference(texts, args.runs)
        figures.append(f)
    print(report(figures, time_help(args.runs), args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
