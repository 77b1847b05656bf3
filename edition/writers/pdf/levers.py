"""Turn WeasyPrint's fixed costs into once-only ones: the cyclic GC held back, hyphenation patterns kept.

Neither changes a byte of the PDF (``tests/writers/pdf/test_levers.py``):

- ``quiet_collector``: a laid-out book is millions of small objects that live until the PDF is
  written; Python's cyclic collector, run every 700 allocations, walks them again and again for
  nothing (about a tenth of the time at 100 texts). Objects alive before the render are frozen out
  of its sight and the first generation is collected less often; everything is restored after.
- ``cached_hyphenation``: pyphen parses a ``hyph_*.dic`` per process (1.3 s for German, to
  hyphenate one name in the index). The parsed patterns are kept as a pickle in the user's cache
  folder, keyed by pyphen's version and the dictionary's own digest, so a stale or foreign pickle
  is never read.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyphen

from edition.resources import CACHE_ENV, user_cache_dir
from edition.writers.pdf.leaders import one_box_leaders
from edition.writers.pdf.weasyfix import patched_pagination

__all__ = ["CACHE_ENV", "all_levers", "cached_hyphenation", "hyphenation_cache_dir", "quiet_collector"]


GC_FIRST_GENERATION = 100_000           # allocations between collections (Python's default: 700)


@contextmanager
def quiet_collector() -> Iterator[None]:
    """The cyclic GC run rarely, and never over what existed before, for the render inside."""
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_FIRST_GENERATION, saved[1], saved[2])
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def hyphenation_cache_dir() -> Path:
    return user_cache_dir("hyphenation")


class _PickledPatterns(dict[Path, Any]):
    """pyphen's per-process cache of parsed dictionaries, which reads and writes pickles too:
    ``Pyphen`` asks ``path in hdcache`` and, if not, parses and stores ``hdcache[path]``."""

    def __contains__(self, path: object) -> bool:
        if not dict.__contains__(self, path) and isinstance(path, Path):
            patterns = _read_pickle(path)
            if patterns is not None:
                dict.__setitem__(self, path, patterns)
        return dict.__contains__(self, path)

    def __setitem__(self, path: Path, patterns: Any) -> None:
        dict.__setitem__(self, path, patterns)
        _write_pickle(path, patterns)


def _pickle_path(dictionary: Path) -> Path:
    digest = hashlib.sha256(dictionary.read_bytes()).hexdigest()[:32]
    version = getattr(pyphen, "VERSION", getattr(pyphen, "__version__", "0"))
    return hyphenation_cache_dir() / f"{dictionary.stem}-{version}-{digest}.pickle"


def _read_pickle(dictionary: Path) -> Any | None:
    try:
        data = _pickle_path(dictionary).read_bytes()
    except OSError:
        return None
    try:
        patterns = pickle.loads(data)      # our own cache, keyed by the dictionary's digest
    except Exception:                      # a truncated or foreign file: parse the dictionary again
        return None
    return patterns if isinstance(patterns, pyphen.HyphDict) else None


def _write_pickle(dictionary: Path, patterns: Any) -> None:
    """Written whole or not at all (a temporary file renamed); a cache that cannot be written
    costs time, never the render."""
    try:
        target = _pickle_path(dictionary)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as handle:
            handle.write(pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(handle.name, target)
    except OSError:
        return


@contextmanager
def cached_hyphenation() -> Iterator[None]:
    """pyphen's dictionaries read from (and kept in) the pickle cache, for the render inside;
    what was parsed stays in pyphen's own cache after it."""
    saved = pyphen.hdcache
    cache = _PickledPatterns(saved)
    pyphen.hdcache = cache
    try:
        yield
    finally:
        saved.update(dict(cache))
        pyphen.hdcache = saved


@contextmanager
def all_levers() -> Iterator[None]:
    """Every lever for the render inside: the pinned pagination patch (``weasyfix``), leaders as
    one box per entry (``leaders``), the collector held back, the hyphenation patterns cached."""
    with patched_pagination(), one_box_leaders(), quiet_collector(), cached_hyphenation():
        yield
