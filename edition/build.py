"""Turn a folder of sources into the built edition: TEI per text, the corpus, validated, written.

Everything is written into a staging folder first and swapped into place at the end, so a failed
or interrupted build leaves the previous ``build/`` whole, and a lock keeps two builds in one
folder from interleaving.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.annotate.auto import NameFinder
from edition.annotate.prose import dangling_pointers
from edition.annotate.registers import Register, read_registers
from edition.annotate.spans import name_finder
from edition.cache import (
    CACHE_DIR,
    MANIFEST,
    CachedText,
    Manifest,
    TextCache,
    environment_epoch,
    file_digest,
    hash_parts,
    inputs_digest,
    render_environment,
    site_key,
    styles_digest,
    tool_digest,
)
from edition.config import REGISTERS_NAME, Config, load_config
from edition.convert import Converted, ConvertOptions, convert_source, known_ids, sidecar_path
from edition.corpus import build_corpus, collect_paths
from edition.errors import EditionError, Message
from edition.model.tei import unique_ids
from edition.model.xmlio import parse_xml, serialize
from edition.overlap import OverlappedRendering, can_overlap
from edition.readers.header import AUTO_RESP
from edition.validate import prepare_validation, validate_tree
from edition.writers import PageMap, Rendering, progress

__all__ = ["BuildOptions", "BuildResult", "EncodedText", "build_edition", "convert_file",
           "load_edition_inputs", "read_folder_inputs"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    convert: ConvertOptions = field(default_factory=ConvertOptions)
    schema: Path | None = None
    formats: tuple[str, ...] = ()          # "pdf", "epub": rendered by their writers
    pdf_variant: str | None = None
    jobs: int = 0                          # processes for the per-text stages; 0: one per core
    cache: bool = True                     # reuse what an earlier build made from the same inputs
    level: str = "norm"                    # the transcription level a choice shows (--level)


@dataclass
class EncodedText:
    """A text of the edition as encoded (or taken from the cache): its TEI and its bytes."""

    text_id: str
    file_name: str
    tree: etree._ElementTree
    data: bytes
    warnings: list[Message] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    cached: bool = False

    @property
    def stem(self) -> str:
        return Path(self.file_name).stem


@dataclass
class BuildResult:
    out: Path
    texts: list[EncodedText]
    corpus: etree._ElementTree | None
    written: list[Path] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False
    reused: list[str] = field(default_factory=list)    # outputs taken over from the last build


def read_folder_inputs(folder: Path) -> tuple[Config, Register, list[Message]]:
    """The configuration and the registers of a folder, and their problems.

    The problems are returned, not raised, so that the sources and their sidecars are still read
    and every problem of the edition is reported in one run.
    """
    problems: list[Message] = []
    config = Config(seeds=folder)
    try:
        config = load_config(folder)
    except EditionError as error:
        problems += error.messages
    register, found = read_registers(folder / REGISTERS_NAME)
    found += dangling_pointers([*config.pointers, *register.pointers], known_ids(config, register))
    return config, register, problems + found + _id_clashes(config, register)


def _id_clashes(config: Config, register: Register) -> list[Message]:
    """Register ids that the edition already gives to an editor or to the automatic layer: in the
    corpus they would be one xml:id twice, found only in the output, far from their cause."""
    editor = "an editor in edition.toml" if config.editors else "the default editor"
    taken = {e.id: editor for e in config.editor_list}
    taken[AUTO_RESP] = "the automatic layer's respStmt"
    return [
        Message.at("E226", "error", entry.path or REGISTERS_NAME,
                   f"register id {entry.id!r} is already the id of {taken[entry.id]}",
                   "give the entry another id", entry.line, 1)
        for entry in register.entries.values() if entry.id in taken
    ]


def _text_ids(paths: list[Path], register: Register, config: Config) -> list[str]:
    """An xml:id for each text from its file name, never one that an editor or a register entry
    already has (the file "marx.txt" beside the person "marx" becomes "marx-2")."""
    reserved = [*register.entries, *(e.id for e in config.editor_list), AUTO_RESP]
    return unique_ids([*reserved, *(p.stem for p in paths)])[len(reserved):]


def load_edition_inputs(seeds: Path) -> tuple[Config, Register, list[Path]]:
    """The configuration, the registers and the sources of a seeds folder (errors together)."""
    config, register, paths, problems = _edition_inputs(seeds)
    if problems:
        raise EditionError(problems)
    return config, register, paths


def _edition_inputs(seeds: Path) -> tuple[Config, Register, list[Path], list[Message]]:
    if not seeds.is_dir():
        raise EditionError.single("E002", seeds, "no such folder",
                                  "give the folder that holds the .txt sources (default: seeds/)")
    config, register, problems = read_folder_inputs(seeds)
    paths = collect_paths(seeds)
    if not paths:
        problems.append(Message.at("E003", "error", seeds, "no .txt sources in this folder",
                                   "put the plain-text sources here, one .txt file per text"))
    return config, register, paths, problems


def convert_all(config: Config, register: Register, paths: list[Path], options: ConvertOptions,
                progress: Progress, known: list[Message] | None = None,
                ) -> tuple[list[Converted], list[Message]]:
    """Every source converted, or one error carrying the problems of all of them.

    ``known`` are the problems already found in the configuration and the registers: they are
    reported with those of the texts. While the registers are in error, a reference to an entry
    that is not found may only be a consequence, so it waits for the next run.
    """
    finder = name_finder(register)
    texts, problems, warnings = [], [], []
    ids = _text_ids(paths, register, config)
    names = {text_id: path.name for path, text_id in zip(paths, ids, strict=True)}
    for path, text_id in zip(paths, ids, strict=True):
        progress(f"encoding {path.name}")
        try:
            converted = convert_source(path, config, register, options, text_id, finder=finder,
                                       texts=names)
        except EditionError as error:
            problems += error.messages
            continue
        texts.append(converted)
        warnings += converted.warnings
    if any(Path(p.path).name == REGISTERS_NAME for p in known or ()):
        # (Those of the registers' and edition.toml's own prose are kept: they were checked
        # against the entries that could be read.)
        problems = [p for p in problems if p.code != "E244" or p in (known or ())]
    problems = (known or []) + problems
    if any(p.is_error for p in problems):
        raise EditionError(problems + warnings)
    return texts, warnings + problems


def convert_file(seed: Path, options: ConvertOptions) -> Converted:
    """One source with the configuration, the registers and the sidecar of its folder; the
    problems of all of them come in one error."""
    if not seed.is_file():
        raise EditionError.single("E001", seed, "no such file", "check the path")
    config, register, problems = read_folder_inputs(seed.parent)
    [converted], _ = convert_all(config, register, [seed], options, lambda _: None, problems)
    return converted


def build_edition(seeds: Path, out: Path, options: BuildOptions = BuildOptions(),
                  progress: Progress | None = None) -> BuildResult:
    """Build the edition into ``out``; nothing in ``out`` changes unless everything succeeds.

    What did not change since the last build is not done again: with the same inputs the build
    stops at once; otherwise texts come from the cache when their inputs are the same, and the
    PDF and EPUB are kept when the corpus they were rendered from is.
    """
    say = progress or (lambda _: None)
    clock = Stopwatch()
    check_output(seeds, out)
    config, register, paths, problems = _edition_inputs(seeds)
    inputs = inputs_digest(_input_files(seeds, paths, options), _option_parts(options))
    with build_lock(out):
        recover(out)   # what a killed build left beside ``out`` goes, even when nothing changed
        manifest = Manifest.read(out)
        if options.cache and not problems and manifest.inputs == inputs and \
                manifest.outputs_intact(out):
            say("up to date: nothing to do")
            return BuildResult(out, [], None, [out / r for r in manifest.outputs],
                               manifest.warnings, clock.laps, up_to_date=True)
    cache = TextCache(out, options.cache)
    texts, warnings = encode_texts(config, register, paths, options, out, cache, say, problems)
    clock.lap("encode")
    say("collecting the edition")
    corpus = build_corpus(config, register, texts)
    corpus_data = serialize(corpus)
    clock.lap("collect")
    if options.formats:                    # the level a choice shows: one the corpus has
        from edition.writers import check_level

        check_level(corpus.getroot(), options.level, config.source or seeds)
    say("validating the corpus")
    # Problems of the collected edition are named at what it is collected from: the seeds.
    validation = CorpusValidation(corpus_data, out / "edition.xml", options,
                                  config.source or seeds)
    result = BuildResult(out, texts, corpus, warnings=warnings, timings=clock.laps)
    new = Manifest(inputs=inputs)
    with validation, build_lock(out), staging(out) as stage:
        for text in texts:
            _write(stage, Path("tei") / f"{text.stem}.xml", text.data, new)
        _write(stage, Path("edition.xml"), corpus_data, new)
        result.written = [out / r for r in new.outputs]
        # The book is assembled once for every format; without a PDF, the EPUB gets an empty
        # page map: no page list, rather than a layout for it (--no-pdf, the editing loop).
        writer_options: dict[str, dict[str, str]] = {"pdf": {"jobs": str(options.jobs)}}
        if options.cache:        # the PDF's pieces kept in out/.cache between builds
            writer_options["pdf"]["cache"] = str(out)
        if config.certifier:
            writer_options["epub"] = {"certifier": config.certifier}
        rendering = _rendering(corpus, out, options, manifest, writer_options, stage)
        try:
            for fmt in sorted(options.formats, key=RENDER_ORDER.index):
                if fmt == "site":
                    continue
                if fmt == "pdf":
                    # A long render waits for a valid corpus: an error is reported at once.
                    result.warnings += validation.findings(clock)
                relative = _render_or_reuse(fmt, corpus, corpus_data, stage, out, manifest, new,
                                            options, result, say, rendering, cache, config.certifier)
                clock.lap(fmt)
                result.written.append(out / relative)
        finally:
            _close(rendering)           # an EPUB process the build did not collect
        if "site" in options.formats:
            result.warnings += _write_site(stage, texts, rendering, new,
                                           _kept_site(out, manifest, options), result, say)
            result.written.append(out / SITE)
            clock.lap("site")
        result.warnings += validation.findings(clock)   # nothing is swapped in unless valid
        new.warnings = result.warnings
        new.write(stage)
        cache.save()
    return result


class CorpusValidation:
    """The corpus validated while the build goes on (writing the texts, rendering the EPUB).

    A large corpus is validated in a forked process, on the other core; a small one here, at
    once. ``findings`` waits for the result and raises when the corpus is invalid, before
    anything is swapped into the output folder.
    """

    BACKGROUND_FROM = 512 * 1024   # bytes of TEI: below this, validating costs less than a fork

    def __init__(self, data: bytes, path: Path, options: BuildOptions, source: Path) -> None:
        self.path, self.schema, self.source = path, options.schema, source
        self.done: list[Message] | None = None
        self.pool = None
        parallel = (options.jobs or os.cpu_count() or 1) > 1
        if parallel and len(data) >= self.BACKGROUND_FROM and \
                "fork" in multiprocessing.get_all_start_methods():
            prepare_validation(options.schema)
            self.pool = multiprocessing.get_context("fork").Pool(1)
            self.pending = self.pool.apply_async(_validate_bytes, (data, path, options.schema))
        else:
            self.done = _validate_bytes(data, path, options.schema)

    def findings(self, clock: Stopwatch) -> list[Message]:
        if self.done is None:
            self.done = self.pending.get()
            clock.lap("validate")
        elif "validate" not in clock.laps:
            clock.lap("validate")
        if any(f.is_error for f in self.done):
            raise EditionError(at_source(self.done, self.path, self.path.parent, self.source))
        found, self.done = self.done, []
        return found

    def __enter__(self) -> CorpusValidation:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _write(stage: Path, relative: Path, data: bytes, manifest: Manifest) -> None:
    target = stage / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    manifest.outputs[relative.as_posix()] = hashlib.sha256(data).hexdigest()


RENDER_ORDER = ("pdf", "epub", "site")   # the EPUB and the site mark the pages of the PDF


def _rendering(corpus: etree._ElementTree, out: Path, options: BuildOptions, old: Manifest,
               writer_options: dict[str, dict[str, str]], stage: Path) -> Rendering:
    """The formats' rendering; the EPUB written in a process of its own while the PDF is drawn
    (``overlap``) when both are made and the last build's EPUB cannot be the one kept."""
    pages = None if "pdf" in options.formats else PageMap()
    if can_overlap(options.formats, options.jobs) and not (options.cache and "epub" in old.renders):
        return OverlappedRendering(corpus, out / "edition.xml", pages, writer_options,
                                   level=options.level, epub_target=stage / "edition.epub")
    return Rendering(corpus, out / "edition.xml", pages, writer_options, level=options.level)


def _close(rendering: Rendering) -> None:
    if isinstance(rendering, OverlappedRendering):
        rendering.close()

SITE = "site"


def _write_site(stage: Path, texts: list[EncodedText], rendering: Rendering, manifest: Manifest,
                kept: KeptSite | None, result: BuildResult, say: Progress) -> list[Message]:
    """The web edition in ``site/``: its pages, the search index, and for download the PDF, the
    EPUB and the TEI (each text's own file, linked from its page). ``kept``: the last build's
    site, by key; when the key is the same, its files are linked, not written (nor indexed)."""
    from edition.writers import WRITERS

    files = {f"downloads/{name}": stage / name for name in ("edition.pdf", "edition.epub")
             if (stage / name).is_file()}
    files["tei/edition.xml"] = stage / "edition.xml"
    tei = {"": "tei/edition.xml"}
    for text in texts:
        files[f"tei/{text.stem}.xml"] = stage / "tei" / f"{text.stem}.xml"
        ident = text.tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id") or text.text_id
        tei[f"s-{ident}"] = f"tei/{text.stem}.xml"
    key = site_key(stage.joinpath("edition.xml").read_bytes(),
                   {name: manifest.outputs.get(path.relative_to(stage).as_posix(), "")
                    for name, path in files.items()},
                   rendering.pages.to_json() if rendering.pages else None)
    manifest.renders[SITE] = key
    if kept is not None and kept.key == key:
        say("site: unchanged")
        for relative, digest in sorted(kept.files.items()):
            (stage / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(kept.folder / relative, stage / relative)   # a link: nothing rewritten
            manifest.outputs[relative] = digest
        result.reused.append(SITE)
        return []
    say("writing the web edition")
    warnings = rendering.render("site", stage / SITE, writer=WRITERS["site"](files, tei))  # type: ignore[call-arg]
    for path in sorted((stage / SITE).rglob("*")):
        if path.is_file():
            manifest.outputs[path.relative_to(stage).as_posix()] = file_digest(path)
    return warnings


@dataclass
class KeptSite:
    """The last build's site: the key it was made for, its folder's parent, its files' digests."""

    key: str
    folder: Path
    files: dict[str, str]


def _kept_site(out: Path, old: Manifest, options: BuildOptions) -> KeptSite | None:
    """The last build's site when every file of it is still there, byte for byte."""
    key = old.renders.get(SITE)
    files = {r: d for r, d in old.outputs.items() if r.startswith(f"{SITE}/")}
    if not options.cache or key is None or not files or \
            any(file_digest(out / r) != d for r, d in files.items()):
        return None
    return KeptSite(key, out, files)


def _render_or_reuse(fmt: str, corpus: etree._ElementTree, corpus_data: bytes, stage: Path,
                     out: Path, old: Manifest, new: Manifest, options: BuildOptions,
                     result: BuildResult, say: Progress, rendering: Rendering,
                     cache: TextCache, certifier: str = "") -> Path:
    """Render one format, or take the last build's file when it was made from the same corpus
    with the same renderer, styles and options (a hard link: no copy, no render).

    The PDF's page starts (where each printed page begins) go to the EPUB's page list, so the
    book is laid out once; when the PDF is kept, its page starts come from the cache.
    """
    from edition.writers import WRITERS  # WeasyPrint and ebooklib only when rendering

    writer_class = WRITERS[fmt]
    relative = Path(f"edition{writer_class.suffix}")
    # The corpus alone does not decide the file: the writers' code, the stylesheets, the
    # renderers' versions and SOURCE_DATE_EPOCH (the PDF's and EPUB's dates) do too.
    key = hash_parts(corpus_data, fmt, options.pdf_variant or "", render_environment(),
                     tool_digest(), styles_digest(), environment_epoch(),
                     f"page list: {fmt == 'epub' and 'pdf' in options.formats}",
                     f"certifier: {certifier if fmt == 'epub' else ''}", f"level: {options.level}")
    previous = out / relative
    if options.cache and old.renders.get(fmt) == key and \
            file_digest(previous) == old.outputs.get(relative.as_posix()):
        say(f"{fmt.upper()}: unchanged")
        os.link(previous, stage / relative)
        result.reused.append(relative.as_posix())
        if fmt == "pdf":
            rendering.pages = PageMap.from_json(cache.get_json(f"pages-{key}"))
    else:
        say(f"rendering {fmt.upper()}")
        with progress(fmt, say):
            result.warnings += rendering.render(fmt, stage / relative, options.pdf_variant)
        if fmt == "pdf" and rendering.pages is not None:
            cache.put_json(f"pages-{key}", rendering.pages.to_json())
    new.outputs[relative.as_posix()] = file_digest(stage / relative)
    new.renders[fmt] = key
    return relative


def encode_texts(config: Config, register: Register, paths: list[Path], options: BuildOptions,
                 out: Path, cache: TextCache, say: Progress, known: list[Message],
                 ) -> tuple[list[EncodedText], list[Message]]:
    """Every text encoded and validated, from the cache where its inputs are unchanged, in
    ``options.jobs`` processes otherwise; or one error with the problems of all of them."""
    ids = _text_ids(paths, register, config)
    shared = _shared_key(config, register, options)
    keys = [hash_parts(shared, text_id, file_digest(path), file_digest(sidecar_path(path)))
            for path, text_id in zip(paths, ids, strict=True)]
    texts: list[EncodedText | None] = [None] * len(paths)
    todo = []
    for index, (path, text_id, key) in enumerate(zip(paths, ids, keys, strict=True)):
        entry = cache.get(key)
        if entry is not None:
            tree = parse_xml(entry.tei, out / "tei" / f"{path.stem}.xml", trusted=True)
            texts[index] = EncodedText(text_id, path.name, tree, entry.tei, entry.warnings,
                                       entry.counts, cached=True)
        else:
            todo.append((index, path, text_id))
    say(f"encoding {len(todo)} of {len(paths)} texts" + (
        f" ({len(paths) - len(todo)} unchanged)" if len(todo) < len(paths) else ""))
    problems = list(known)
    names = {text_id: path.name for path, text_id in zip(paths, ids, strict=True)}
    for index, outcome in _run_jobs(todo, config, register, options, out, names):
        if isinstance(outcome, list):
            # edition.toml's prose is in every text: its problem is said once, not per text.
            problems += [p for p in outcome if p not in problems]
            continue
        texts[index] = outcome
        cache.put(keys[index], CachedText(outcome.data, outcome.warnings, outcome.counts))
    if any(Path(p.path).name == REGISTERS_NAME for p in known):
        # While the registers are in error, a reference not found may only be a consequence.
        # (Those of the registers' and edition.toml's own prose are kept: they were checked
        # against the entries that could be read.)
        problems = [p for p in problems if p.code != "E244" or p in known]
    done = [t for t in texts if t is not None]
    warnings = [w for t in done for w in t.warnings]
    if any(p.is_error for p in problems):
        raise EditionError(problems + warnings)
    return done, warnings + problems


def _shared_key(config: Config, register: Register, options: BuildOptions) -> str:
    """What every text's TEI depends on besides its own source and sidecar."""
    config_file = config.seeds / "edition.toml"
    return hash_parts(tool_digest(), file_digest(config_file),
                      file_digest(config.seeds / REGISTERS_NAME), repr(options.convert),
                      repr(options.schema and file_digest(options.schema)), environment_epoch())


_JOB: tuple[Config, Register, NameFinder, BuildOptions, Path, dict[str, str]] | None = None
PARALLEL_FROM = 16   # below this many texts a pool costs more than it saves


def _run_jobs(todo: list[tuple[int, Path, str]], config: Config, register: Register,
              options: BuildOptions, out: Path, names: dict[str, str],
              ) -> Iterator[tuple[int, EncodedText | list[Message]]]:
    """Encode and validate texts, in a pool of processes when there are enough of them.

    The pool is forked after the registers, the name pattern and the schemas are ready, so the
    workers inherit them instead of receiving them (lxml elements cannot be pickled).
    """
    global _JOB
    _JOB = (config, register, name_finder(register), options, out, names)
    jobs = options.jobs or os.cpu_count() or 1
    if jobs < 2 or len(todo) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for index, path, text_id in todo:
            yield index, _materialise(_encode_one((path, text_id)), path, text_id, out)
        return
    prepare_validation(options.schema)
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(todo))) as pool:
        items = [(path, text_id) for _, path, text_id in todo]
        chunk = max(1, len(items) // (jobs * 8))
        for (index, path, text_id), outcome in zip(todo, pool.imap(_encode_one, items, chunk),
                                                   strict=True):
            yield index, _materialise(outcome, path, text_id, out)


JobOutcome = tuple[bytes, list[Message], dict[str, int]] | list[Message]


def _encode_one(item: tuple[Path, str]) -> JobOutcome:
    """In a worker: one text encoded, serialised and validated; its problems if it fails."""
    assert _JOB is not None
    config, register, finder, options, out, names = _JOB
    path, text_id = item
    try:
        converted = convert_source(path, config, register, options.convert, text_id, finder=finder,
                                   texts=names)
    except EditionError as error:
        return error.messages
    data = serialize(converted.tree)
    tei = out / "tei" / f"{path.stem}.xml"
    findings = _validate_bytes(data, tei, options.schema)
    if any(f.is_error for f in findings):
        return at_source(findings, tei, out, path)
    return data, converted.warnings + findings, converted.counts


def at_source(findings: list[Message], written: Path, out: Path, source: Path) -> list[Message]:
    """Findings in a file the build was to write, named at the file the user wrote instead.

    A failed build writes nothing, so a message naming ``build/tei/x.xml`` would send the user
    to a file that is not there (or to the previous build's): the message names the source it
    was encoded from, and says where in the unwritten TEI the problem was.
    """
    relative = written.relative_to(out).as_posix() if written.is_relative_to(out) else written.name
    moved = []
    for finding in findings:
        if Path(finding.path) != written:
            moved.append(finding)
            continue
        where = f"{relative}:{finding.line}:{finding.col}" if finding.line else relative
        moved.append(Message.at(finding.code, finding.severity, source,
                                f"{finding.text} (in the TEI encoded from this file, at "
                                f"{where}; nothing was written)", finding.hint))
    return moved


def _materialise(outcome: JobOutcome, path: Path, text_id: str, out: Path) -> EncodedText | list[Message]:
    if isinstance(outcome, list):
        return outcome
    data, warnings, counts = outcome
    tree = parse_xml(data, out / "tei" / f"{path.stem}.xml", trusted=True)
    return EncodedText(text_id, path.name, tree, data, warnings, counts)


def _validate_bytes(data: bytes, path: Path, schema: Path | None) -> list[Message]:
    """Validate what will be written, re-read, so that every finding has the file's line.

    The bytes are our own serialisation (no DOCTYPE, no entity), so the parser's size limits
    for XML from strangers need not apply: a 12 MB paragraph is one text node.
    """
    try:
        written = parse_xml(data, path, trusted=True)
    except EditionError as error:   # an id given twice: the parser stops at it
        return error.messages
    return validate_tree(written, path, schema)


def _input_files(seeds: Path, paths: list[Path], options: BuildOptions) -> list[Path]:
    """Every file a build reads: sources, sidecars, configuration, registers, styles, schema."""
    from edition.resources import styles_dir

    files = [*paths, *sorted(seeds.glob("*.toml"))]
    files += sorted(p for p in styles_dir().glob("*") if p.is_file())
    if options.schema:
        files.append(options.schema)
    return files


def _option_parts(options: BuildOptions) -> list[str]:
    return [tool_digest(), repr(options.convert), repr(options.formats),
            options.pdf_variant or "", str(options.schema or ""), environment_epoch(),
            render_environment(), styles_digest()]


class Stopwatch:
    """Seconds spent in each stage of a build, for the progress line and the benchmarks."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


# What a build writes into its output folder, listed in the folder itself: a build replaces
# only a folder that lists every file in it, so that nothing it did not write is ever deleted.
MARKER = ".edition-build.json"
MARKER_FORMAT = "edition-build/1"
OWNED_TREES = (CACHE_DIR,)   # folders that belong to the build whole, whatever they hold


def check_output(seeds: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy what the build did not make.

    A build replaces ``out`` whole, so ``out`` must not be (or hold) the sources, must be a
    folder, and must be new, empty or an earlier build holding only what that build wrote.
    """
    sources, target = seeds.resolve(), out.resolve()
    if target == sources or target in sources.parents:
        raise EditionError.single(
            "E005", out, f"the output folder holds the sources ({seeds}); a build replaces its "
            "output folder whole, which would delete them", "give another --out, e.g. build/")
    if out.exists() and not out.is_dir():
        raise EditionError.single("E005", out, "the output is not a folder",
                                  "give the folder to build into, e.g. --out build")
    check_owned(out)


def check_owned(out: Path) -> None:
    """E005 unless every file in ``out`` is one that the build which made it listed."""
    if not out.is_dir():
        return
    owned = owned_files(out)
    foreign = foreign_files(out, owned or set())
    if not foreign:
        return   # empty, or only the cache of a build that did not finish
    if owned is None:
        raise EditionError.single(
            "E005", out, "the output folder is not empty and is not an earlier build (it has "
            f"no {MARKER} listing what a build wrote); a build would replace it whole",
            "give a new or empty folder, or move its files elsewhere first")
    more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
    raise EditionError.single(
        "E005", out / foreign[0], f"the output folder holds {foreign[0]}{more}, which no "
        "build wrote; a build replaces its output folder whole, which would delete it",
        "move it out of the folder, or give another --out")


def owned_files(out: Path) -> set[str] | None:
    """The files the last build listed as its own (relative, POSIX), or None when unmarked.

    A build made before the marker existed is recognised by its manifest, which lists the
    same outputs.
    """
    for name, key in ((MARKER, "files"), (MANIFEST, "outputs")):
        try:
            data = json.loads((out / name).read_text(encoding="utf-8"))
            listed = data[key]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(listed, (list, dict)) and all(isinstance(f, str) for f in listed):
            return {*listed, MARKER, MANIFEST}
    return None


def foreign_files(out: Path, owned: set[str]) -> list[str]:
    """What ``out`` holds that is not listed: files, links and empty folders, sorted."""
    foreign = []
    for root, folders, files in os.walk(out):
        here = Path(root).relative_to(out)
        folders[:] = [f for f in folders if (here / f).as_posix() not in OWNED_TREES]
        for name in files:
            relative = (here / name).as_posix()
            if relative not in owned:
                foreign.append(relative)
        if not files and not folders and here != Path("."):
            foreign.append(here.as_posix() + "/")
    return sorted(foreign)


def write_marker(stage: Path) -> None:
    """List every file the build wrote into the staging folder (the cache as one tree)."""
    files = sorted({*foreign_files(stage, set())} - {MARKER})
    data = {"format": MARKER_FORMAT, "files": files}
    (stage / MARKER).write_bytes(json.dumps(data, indent=1).encode("utf-8") + b"\n")


def remove_build(folder: Path) -> None:
    """Delete what a build wrote in ``folder`` (and the folders it leaves empty), nothing else."""
    owned = owned_files(folder) or set()
    for relative in sorted(owned, reverse=True):
        with contextlib.suppress(OSError):
            (folder / relative).unlink()
    for tree in OWNED_TREES:
        shutil.rmtree(folder / tree, ignore_errors=True)
    for root, _, _ in sorted(os.walk(folder), key=lambda entry: -len(entry[0])):
        with contextlib.suppress(OSError):
            os.rmdir(root)   # only succeeds on a folder left empty


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

    Where the system can swap two folders in one step (Linux), the new build and the previous
    one trade places atomically: at every instant ``out`` is one whole build. Elsewhere the
    previous ``out`` is moved aside, the staging folder renamed to ``out``, and the old one
    removed; if the process dies between the two renames, the next build puts the old one back.
    """
    recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    # mkdtemp makes a private folder (0700); the build is an ordinary folder, as mkdir makes it.
    os.chmod(stage, _folder_mode())
    swapped = False
    try:
        yield stage
        write_marker(stage)
        check_owned(out)   # again, under the lock: a file put there since is not deleted
        if out.is_dir() and exchange(stage, out):
            swapped = True   # ``stage`` now holds the previous build
            _keep_foreign(stage, out)
            remove_build(stage)
        else:
            _keep_foreign(out, stage)
            old = out.parent / f".{out.name}.old"
            if out.exists():
                os.replace(out, old)
            os.replace(stage, out)
            remove_build(old)
    finally:
        if not swapped:
            shutil.rmtree(stage, ignore_errors=True)   # only what this build wrote


AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (``renameat2`` with ``RENAME_EXCHANGE``).

    Returns False where the system or the file system cannot, so that the caller falls back to
    two renames; Python's ``os`` module has no binding for it, hence ``ctypes``.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _folder_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0777 less the process's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def recover(out: Path) -> None:
    """Undo a swap that was cut off: bring back the previous build, drop stale staging folders."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        if out.exists():
            remove_build(old)
        else:
            os.replace(old, out)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        # Swapped out, it holds the previous build (marked); before that, only this build's files.
        if owned_files(stale) is not None:
            remove_build(stale)
        else:
            shutil.rmtree(stale, ignore_errors=True)


def _keep_foreign(previous: Path, new: Path) -> None:
    """Files of the previous build that a build does not make (the cache) move to the new one."""
    cache = previous / ".cache"
    if cache.is_dir() and not (new / ".cache").exists():
        os.replace(cache, new / ".cache")
