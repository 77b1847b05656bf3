"""Turn build inputs into content hashes, and keep what a build made under those hashes.

The cache lives in ``build/.cache/``: one file per encoded text, named by the hash of everything
the text's TEI depends on (its source, its sidecar, the registers, the edition's configuration,
the tool's version and the options). Entries are immutable and written atomically, so a build
that fails or is killed leaves nothing wrong in the cache, and two builds can share it. The
manifest of the last build (``build/.manifest.json``) says which inputs gave the outputs in
``build/``, so that a rebuild with nothing changed can stop at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edition import __version__
from edition.errors import Message
from edition.model.xmlio import write_atomic

__all__ = ["Manifest", "PieceCache", "TextCache", "file_digest", "hash_parts", "site_key"]

CACHE_DIR = ".cache"
MANIFEST = ".manifest.json"
FORMAT = 1  # bump when the layout of an entry changes


def hash_parts(*parts: bytes | str) -> str:
    """One SHA-256 over several parts; each is length-prefixed so that ("ab", "c") ≠ ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, or of nothing for a file that is not there."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"


def read_entry(folder: Path, key: str, suffix: str) -> tuple[bytes, dict[str, Any]] | None:
    """A cache entry: its payload (``key`` + ``suffix``) and its record (``key``.json), or None
    when either is missing or the payload is not the one recorded: a damaged entry is a miss,
    never a wrong result."""
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        data = (folder / f"{key}{suffix}").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return data, meta


@dataclass
class CachedText:
    """What a text's conversion gave: its TEI (already validated) and its warnings."""

    tei: bytes
    warnings: list[Message]
    counts: dict[str, int]


class TextCache:
    """Encoded texts by key, in ``out/.cache/texts``; ``used`` records what this build needed."""

    def __init__(self, out: Path, enabled: bool = True) -> None:
        self.folder = out / CACHE_DIR / f"texts-v{FORMAT}"
        self.enabled = enabled
        self.used: set[str] = set()
        self.pending: dict[str, CachedText] = {}
        self.pending_json: dict[str, Any] = {}

    def get(self, key: str) -> CachedText | None:
        self.used.add(key)
        if not self.enabled:
            return None
        entry = read_entry(self.folder, key, ".xml")
        if entry is None:
            return None
        tei, meta = entry
        warnings = [Message(**w) for w in meta.get("warnings", [])]
        return CachedText(tei, warnings, meta.get("counts", {}))

    def put(self, key: str, entry: CachedText) -> None:
        """Keep an entry to be written by ``save``: a build that fails writes nothing at all."""
        self.used.add(key)
        if self.enabled:
            self.pending[key] = entry

    def get_json(self, key: str) -> Any:
        """A small record kept beside the texts (e.g. where the PDF's pages begin), or None."""
        self.used.add(key)
        if not self.enabled:
            return None
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))["value"]
        except (OSError, ValueError, KeyError):
            return None

    def put_json(self, key: str, value: Any) -> None:
        self.used.add(key)
        if self.enabled:
            self.pending_json[key] = value

    def save(self) -> None:
        """Write the new entries and drop the ones this build did not use."""
        for key, entry in self.pending.items():
            self._write(key, entry)
        for key, value in self.pending_json.items():
            with contextlib.suppress(OSError):
                write_atomic(self.folder / f"{key}.json",
                             json.dumps({"value": value}, sort_keys=True).encode("utf-8"))
        self.pending.clear()
        self.pending_json.clear()
        self.prune()

    def _write(self, key: str, entry: CachedText) -> None:
        meta = {"sha256": hashlib.sha256(entry.tei).hexdigest(), "counts": entry.counts,
                "warnings": [_message_fields(w) for w in entry.warnings]}
        try:
            # The TEI first: an entry whose .json exists is complete.
            write_atomic(self.folder / f"{key}.xml", entry.tei)
            write_atomic(self.folder / f"{key}.json",
                         json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self) -> None:
        """Drop the entries this build did not use, so the cache holds one edition's worth."""
        if not self.enabled or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.stem not in self.used and path.suffix in (".xml", ".json"):
                path.unlink(missing_ok=True)


def _message_fields(message: Message) -> dict[str, object]:
    return {"path": message.path, "line": message.line, "col": message.col,
            "severity": message.severity, "code": message.code, "text": message.text,
            "hint": message.hint}


@dataclass
class Manifest:
    """Which inputs gave the outputs of the last build, and the digest of each output."""

    inputs: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    renders: dict[str, str] = field(default_factory=dict)   # format → the key it was rendered for
    warnings: list[Message] = field(default_factory=list)

    @classmethod
    def read(cls, out: Path) -> Manifest:
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("version") != __version__:
                return cls()
            return cls(data["inputs"], data["outputs"], data.get("renders", {}),
                       [Message(**w) for w in data.get("warnings", [])])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def write(self, folder: Path) -> None:
        data = {"format": FORMAT, "version": __version__, "inputs": self.inputs,
                "outputs": self.outputs, "renders": self.renders,
                "warnings": [_message_fields(w) for w in self.warnings]}
        write_atomic(folder / MANIFEST, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))

    def outputs_intact(self, out: Path) -> bool:
        """Every output of the last build is still there, byte for byte."""
        return bool(self.outputs) and all(
            file_digest(out / relative) == digest for relative, digest in self.outputs.items())


def inputs_digest(files: Iterable[Path], extra: Iterable[str]) -> str:
    """One digest of every input file (name and bytes) and every option that shapes the output."""
    parts: list[bytes | str] = [__version__, *extra]
    for path in files:
        parts += [path.name, file_digest(path)]
    return hash_parts(*parts)


def environment_epoch() -> str:
    return os.environ.get("SOURCE_DATE_EPOCH", "")


_TOOL_DIGEST: str | None = None


def tool_digest() -> str:
    """The tool's own identity: its version and the digest of its code and schemas.

    A text's TEI depends on the tool that made it; hashing the package's files (not only the
    version number) keeps a development checkout from reusing what older code made.
    """
    global _TOOL_DIGEST
    if _TOOL_DIGEST is None:
        package = Path(__file__).resolve().parent
        files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".rng", ".sch")
                       and "__pycache__" not in p.parts)
        _TOOL_DIGEST = hash_parts(__version__, *(f"{p.relative_to(package)}:{file_digest(p)}"
                                                 for p in files))
    return _TOOL_DIGEST


def styles_digest() -> str:
    """The digest of the stylesheets (``styles/``): they decide the PDF and the EPUB, not the TEI."""
    from edition.resources import styles_dir

    folder = styles_dir()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hash_parts(*(f"{p.relative_to(folder).as_posix()}:{file_digest(p)}" for p in files))


def render_environment() -> str:
    """The versions of what decides the bytes of a PDF or an EPUB (renderers, font tools, the
    typeface), read from the installed distributions without importing them."""
    from importlib import metadata

    versions = []
    for name in ("weasyprint", "pydyf", "ebooklib", "fonttools", "fontpkg-eb-garamond", "lxml"):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    from edition.model.collation import collator_version

    # The index of names is filed by ICU's collation: a new ICU may change its order.
    versions.append(f"icu={collator_version()}")
    return ";".join(versions)


def site_key(corpus: bytes, offered: dict[str, str], pages: object) -> str:
    """What decides every byte of the web edition: the corpus, the files it offers (by path and
    digest: the PDF, the EPUB, the TEI), the printed pages its markers name, the tool, the styles,
    the renderers and Pagefind (its version decides the search index's bytes)."""
    from importlib import metadata

    try:
        pagefind = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        pagefind = "absent"   # no search then (W801): installing Pagefind makes the site again
    return hash_parts(corpus, "site", tool_digest(), styles_digest(), render_environment(),
                      f"pagefind={pagefind}", json.dumps(pages, sort_keys=True),
                      *(f"{name}:{digest}" for name, digest in sorted(offered.items())))


class PieceCache:
    """The PDFs of a chunked book's pieces (``writers.pdf.chunks``), in ``out/.cache/pdf-v1``:
    each under the hash of everything its bytes depend on (``writers.pdf.chunked.piece_key``),
    with its first folio, page count, anchors and page starts. An edited note re-renders its own
    run and the join; the other runs come from here. Entries are written whole (a temporary file
    renamed); a damaged one is a miss. ``laid_out`` and ``reused`` count this render's pieces."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / CACHE_DIR / f"pdf-v{FORMAT}" if folder is not None else None
        self.used: set[str] = set()
        self.laid_out = 0
        self.reused = 0

    def get(self, key: str) -> tuple[bytes, dict[str, Any]] | None:
        self.used.add(key)
        if self.folder is None:
            return None
        return read_entry(self.folder, key, ".pdf")

    def put(self, key: str, data: bytes, meta: dict[str, Any]) -> None:
        self.used.add(key)
        if self.folder is None:
            return
        with contextlib.suppress(OSError):       # a cache that cannot be written costs time only
            write_atomic(self.folder / f"{key}.pdf", data)
            write_atomic(self.folder / f"{key}.json", json.dumps(
                {**meta, "sha256": hashlib.sha256(data).hexdigest()}, sort_keys=True).encode("utf-8"))

    def prune(self) -> None:
        """Drop the pieces this render did not use: the cache holds one book's worth."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.stem not in self.used and path.suffix in (".pdf", ".json"):
                path.unlink(missing_ok=True)
