"""Turn WeasyPrint's search for its C libraries (Pango, HarfBuzz, fontconfig…) into direct loads by soname.

WeasyPrint 70 (``weasyprint/text/ffi.py``) tries several names for each library, the Windows and
macOS ones first. cffi looks a name without a soname up with ``ctypes.util.find_library``, which
on Linux runs ``ldconfig -p``, then ``gcc`` and ``ld`` for every name that is not found: 14 failed
look-ups, some 40 processes, about a second of wall time on a busy machine before the first page.
On Linux the names that can match are the sonames (``libpango-1.0.so.0``), which WeasyPrint also
tries, and which the dynamic loader resolves itself: so during the import every other name fails
at once, and a soname the loader does not find (``libharfbuzz-vector.so.0``, optional) is not
searched for either: ``find_library`` looks for ``lib<name>.so``, which a soname never names. The
same files are loaded; where no soname loads, the usual search runs after all.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cffi

__all__ = ["import_weasyprint", "sonames_only"]


def _is_soname(name: object) -> bool:
    return isinstance(name, str) and ("/" in name or ".so" in name)


@contextmanager
def sonames_only() -> Iterator[None]:
    """``cffi.FFI.dlopen`` refusing, without a search, any name that is not a soname or a path,
    and not searching for a soname the loader did not find."""
    real, find = cffi.FFI.dlopen, ctypes.util.find_library

    def dlopen(self: cffi.FFI, name: Any, flags: int = 0) -> Any:
        if name is not None and not _is_soname(name):
            raise OSError(f"{name}: not a soname (not looked up while WeasyPrint is imported)")
        return real(self, name, flags)

    cffi.FFI.dlopen = dlopen
    ctypes.util.find_library = lambda name: None if _is_soname(name) else find(name)
    try:
        yield
    finally:
        cffi.FFI.dlopen, ctypes.util.find_library = real, find


def import_weasyprint() -> None:
    """WeasyPrint's libraries loaded by soname on Linux; elsewhere, or where that fails, as
    WeasyPrint itself looks them up."""
    if "weasyprint.text.ffi" in sys.modules or not sys.platform.startswith("linux"):
        return
    try:
        with sonames_only():
            importlib.import_module("weasyprint.text.ffi")
    except OSError:
        for name in [module for module in sys.modules if module.startswith("weasyprint")]:
            del sys.modules[name]       # half-imported: import again with the usual look-up
        importlib.import_module("weasyprint.text.ffi")
