"""Turn a folder of sources into the built edition: TEI per text, the corpus, validated, written.

Everything is written into a staging folder first and swapped into place at the end, so a failed
or interrupted build leaves the previous ``build/`` whole, and a lock keeps two builds in one
folder from interleaving.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.annotate.registers import Register, load_registers
from edition.annotate.spans import name_finder
from edition.config import REGISTERS_NAME, Config, load_config
from edition.convert import Converted, ConvertOptions, convert_source
from edition.corpus import build_corpus, collect_paths
from edition.errors import EditionError, Message
from edition.model.tei import unique_ids
from edition.model.xmlio import parse_xml, serialize
from edition.validate import validate_tree

__all__ = ["BuildOptions", "BuildResult", "build_edition", "load_edition_inputs"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    convert: ConvertOptions = field(default_factory=ConvertOptions)
    schema: Path | None = None
    formats: tuple[str, ...] = ()          # "pdf", "epub": rendered by their writers
    pdf_variant: str | None = None


@dataclass
class BuildResult:
    out: Path
    texts: list[Converted]
    corpus: etree._ElementTree
    written: list[Path] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def load_edition_inputs(seeds: Path) -> tuple[Config, Register, list[Path]]:
    """The configuration, the registers and the sources of a seeds folder (errors together)."""
    if not seeds.is_dir():
        raise EditionError.single("E002", seeds, "no such folder",
                                  "give the folder that holds the .txt sources (default: seeds/)")
    problems: list[Message] = []
    config, register = Config(seeds=seeds), Register()
    try:
        config = load_config(seeds)
    except EditionError as error:
        problems += error.messages
    try:
        register = load_registers(seeds / REGISTERS_NAME)
    except EditionError as error:
        problems += error.messages
    paths = collect_paths(seeds)
    if not paths:
        problems.append(Message.at("E003", "error", seeds, "no .txt sources in this folder",
                                   "put the plain-text sources here, one .txt file per text"))
    if problems:
        raise EditionError(problems)
    return config, register, paths


def convert_all(config: Config, register: Register, paths: list[Path],
                options: ConvertOptions, progress: Progress) -> tuple[list[Converted], list[Message]]:
    """Every source converted, or one error carrying the problems of all of them."""
    finder = name_finder(register)
    texts, problems, warnings = [], [], []
    for path, text_id in zip(paths, unique_ids(p.stem for p in paths), strict=True):
        progress(f"encoding {path.name}")
        try:
            converted = convert_source(path, config, register, options, text_id, finder=finder)
        except EditionError as error:
            problems += error.messages
            continue
        texts.append(converted)
        warnings += converted.warnings
    if any(p.is_error for p in problems):
        raise EditionError(problems + warnings)
    return texts, warnings + problems


def build_edition(seeds: Path, out: Path, options: BuildOptions = BuildOptions(),
                  progress: Progress | None = None) -> BuildResult:
    """Build the edition into ``out``; nothing in ``out`` changes unless everything succeeds."""
    say = progress or (lambda _: None)
    config, register, paths = load_edition_inputs(seeds)
    texts, warnings = convert_all(config, register, paths, options.convert, say)
    say("collecting the edition")
    corpus = build_corpus(config, register, texts)
    outputs = {Path("tei") / f"{t.source.stem}.xml": t.tree for t in texts}
    outputs[Path("edition.xml")] = corpus
    say("validating")
    findings: list[Message] = []
    for relative, tree in outputs.items():
        # Validate what will be written, re-read, so that every finding has the file's line.
        written = parse_xml(serialize(tree), out / relative)
        findings += validate_tree(written, out / relative, options.schema)
    if any(f.is_error for f in findings):
        raise EditionError(findings)
    result = BuildResult(out, texts, corpus, warnings=warnings + findings)
    with build_lock(out), staging(out) as stage:
        for relative, tree in outputs.items():
            target = stage / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(serialize(tree))
            result.written.append(out / relative)
        for fmt in options.formats:
            say(f"rendering {fmt.upper()}")
            result.written.append(out / render_format(fmt, corpus, stage, out, config, options))
    return result


def render_format(fmt: str, corpus: etree._ElementTree, stage: Path, out: Path, config: Config,
                  options: BuildOptions) -> Path:
    """Render one output format of the corpus into the staging folder; writers load lazily."""
    from edition.writers import WRITERS  # WeasyPrint and ebooklib only when rendering

    writer = WRITERS[fmt]()
    relative = Path(f"edition{writer.suffix}")
    writer.write(corpus, stage / relative, base=out / "edition.xml", variant=options.pdf_variant)
    return relative


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits for the first to finish."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` that replaces it whole when the block succeeds.

    The previous ``out`` is moved aside, the staging folder renamed to ``out``, and the old one
    removed; if the process dies between the two renames, the next build puts the old one back.
    """
    recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        yield stage
        _keep_foreign(out, stage)
        old = out.parent / f".{out.name}.old"
        if out.exists():
            os.replace(out, old)
        os.replace(stage, out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> None:
    """Undo a swap that was cut off: bring back the previous build, drop stale staging folders."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, out)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _keep_foreign(out: Path, stage: Path) -> None:
    """Files in ``out`` that a build does not make (the cache) move to the new build."""
    cache = out / ".cache"
    if cache.is_dir() and not (stage / ".cache").exists():
        os.replace(cache, stage / ".cache")


def stderr_progress(message: str) -> None:
    print(f"edition: {message}", file=sys.stderr, flush=True)
