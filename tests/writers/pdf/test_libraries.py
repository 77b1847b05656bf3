"""WeasyPrint's C libraries loaded by soname while it is imported, without a search."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
import textwrap

import cffi
import pytest

from edition.writers.pdf.libraries import sonames_only

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sonames are Linux's")


def test_a_name_that_is_not_a_soname_fails_without_a_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_search(name: str) -> None:
        raise AssertionError(f"looked up {name}")
    monkeypatch.setattr(ctypes.util, "find_library", no_search)
    ffi = cffi.FFI()
    ffi.cdef("const char *pango_version_string (void);")
    real = cffi.FFI.dlopen
    with sonames_only():
        for name in ("libpango-1.0-0", "pango-1.0"):
            with pytest.raises(OSError, match="not a soname"):
                ffi.dlopen(name)
        with pytest.raises(OSError):
            ffi.dlopen("libno-such-library.so.0")      # not found, and not searched for
        pango = ffi.dlopen("libpango-1.0.so.0")
        assert ffi.string(pango.pango_version_string()).startswith(b"1.")
    assert cffi.FFI.dlopen is real and ctypes.util.find_library is no_search   # restored


def test_importing_the_pdf_writer_runs_no_library_search() -> None:
    """In a fresh interpreter: no ``find_library`` call (each one spawns ldconfig, gcc, ld), and
    WeasyPrint's libraries are the files the usual look-up finds."""
    script = textwrap.dedent("""
        import ctypes.util, json, os, sys
        calls = []
        real = ctypes.util.find_library
        ctypes.util.find_library = lambda name: calls.append(name) or real(name)
        import edition.writers.pdf
        from weasyprint.text import ffi
        ctypes.util.find_library = real
        maps = open(f"/proc/{os.getpid()}/maps").read()
        loaded = sorted({line.split()[-1].rsplit("/", 1)[-1] for line in maps.splitlines()
                         if any(k in line for k in ("libpango-", "libharfbuzz", "libfontconfig",
                                                    "libgobject", "libpangoft2"))})
        usual = sorted({real(n) for n in ("pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig",
                                          "gobject-2.0", "pangoft2-1.0")} - {None})
        print(json.dumps({"calls": calls, "pango": ffi.pango.pango_version(),
                          "loaded": loaded, "usual": usual}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["calls"] == []
    assert found["pango"] > 14000
    assert len(found["usual"]) == 6
    assert all(any(file.startswith(soname) for file in found["loaded"]) for soname in found["usual"])
