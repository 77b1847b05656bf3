"""Turn the book's variable typeface into small static faces, cut to the characters a book uses.

HarfBuzz's subsetter (``libharfbuzz-subset``, the library WeasyPrint also uses for the PDF) cuts
and instances a face in milliseconds; fontTools, pure Python, takes seconds for the same work and
is used only where HarfBuzz is missing. Both keep every layout feature (small capitals, old-style
figures, ligatures, kerning) and the font's own dates, so the same font and characters always
give the same bytes.

The cut faces are kept in the user's cache folder (``resources.user_cache_dir``), keyed by the
font's digest, the cutter and its version, the weights and the characters: instancing is most of
the PDF's font preparation, and a face read back is checked against its own digest, so a stale
or damaged file is cut again, never used.
"""

from __future__ import annotations

import ctypes.util
import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from edition.resources import user_cache_dir

__all__ = ["cut_static_faces", "engine", "face_cache_path", "static_instances"]

# hb-subset.h: the sets of a subset input.
SETS_NAME_ID = 4
SETS_LAYOUT_FEATURE_TAG = 6

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
typedef int hb_bool_t;
hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode, void *user_data,
                           void *destroy);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_clear (hb_set_t *set);
void hb_set_invert (hb_set_t *set);
const char *hb_version_string (void);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
hb_bool_t hb_subset_input_pin_axis_location (hb_subset_input_t *input, hb_face_t *face,
                                             hb_tag_t axis_tag, float axis_value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""


@functools.lru_cache(maxsize=1)
def _harfbuzz() -> tuple[Any, Any, Any] | None:
    """(ffi, libharfbuzz, libharfbuzz-subset), or None where the libraries are not installed."""
    try:
        import cffi
    except ImportError:
        return None
    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    try:
        core, subset = (_load(ffi, name) for name in ("harfbuzz", "harfbuzz-subset"))
        subset.hb_subset_input_pin_axis_location  # noqa: B018 (HarfBuzz ≥ 6 instances fonts)
    except (OSError, AttributeError):
        return None
    return ffi, core, subset


def _load(ffi: Any, name: str) -> Any:
    """The library by its soname (the dynamic loader finds it), else searched for by name:
    ``find_library`` runs ``ldconfig`` (and ``gcc``) in a process of its own each time."""
    try:
        return ffi.dlopen(f"lib{name}.so.0")
    except OSError:
        return ffi.dlopen(ctypes.util.find_library(name) or f"lib{name}.so.0")


def engine() -> str:
    """Which cutter runs here, with its version: it decides the bytes of the embedded fonts."""
    found = _harfbuzz()
    if found is None:
        from importlib import metadata

        return f"fonttools {metadata.version('fonttools')}"
    ffi, core, _ = found
    return f"harfbuzz {ffi.string(core.hb_version_string()).decode()}"


def cut_static_faces(data: bytes, weights: tuple[int, ...], chars: str | None) -> dict[int, bytes]:
    """Static instances of a variable font at ``weights``, with only the glyphs for ``chars``
    (every glyph when ``chars`` is None): from the cache when cut before, with the same cutter."""
    path = face_cache_path(data, weights, chars)
    faces = _read_faces(path, weights)
    if faces is None:
        faces = _cut(data, weights, chars)
        _write_faces(path, faces)
    return faces


def _cut(data: bytes, weights: tuple[int, ...], chars: str | None) -> dict[int, bytes]:
    if _harfbuzz() is not None:
        return {weight: _cut_harfbuzz(data, weight, chars) for weight in weights}
    return _cut_fonttools(data, weights, chars)


def face_cache_path(data: bytes, weights: tuple[int, ...], chars: str | None) -> Path:
    """Where the faces of this cut are kept: named by everything their bytes depend on."""
    key = hashlib.sha256()
    for part in (engine(), hashlib.sha256(data).hexdigest(), repr(weights),
                 "every glyph" if chars is None else "".join(sorted(set(chars)))):
        key.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return user_cache_dir("fonts") / f"{key.hexdigest()[:40]}.faces"


def _read_faces(path: Path, weights: tuple[int, ...]) -> dict[int, bytes] | None:
    """The faces kept at ``path`` (its SHA-256, then weight, length and bytes of each face), or
    None when there are none, or they are damaged or not the weights asked for."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    digest, payload = stored[:32], stored[32:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    faces: dict[int, bytes] = {}
    at = 0
    while at + 8 <= len(payload):
        weight = int.from_bytes(payload[at:at + 4], "big")
        length = int.from_bytes(payload[at + 4:at + 8], "big")
        faces[weight] = payload[at + 8:at + 8 + length]
        at += 8 + length
    return faces if at == len(payload) and tuple(faces) == weights else None


def _write_faces(path: Path, faces: dict[int, bytes]) -> None:
    """Written whole or not at all (a temporary file renamed); a cache that cannot be written
    costs time, never the render."""
    payload = b"".join(weight.to_bytes(4, "big") + len(face).to_bytes(4, "big") + face
                       for weight, face in faces.items())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as handle:
            handle.write(hashlib.sha256(payload).digest() + payload)
        os.replace(handle.name, path)
    except OSError:
        return


@functools.lru_cache(maxsize=4)
def static_instances(path: Path, weights: tuple[int, ...]) -> dict[int, bytes]:
    """Whole static faces of a variable font file (once per process).

    WeasyPrint instances a variable font itself, with fontTools, for every weight a book uses:
    seconds per face. Given static faces cut here by HarfBuzz, it only subsets them.
    """
    return cut_static_faces(path.read_bytes(), weights, None)


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def _cut_harfbuzz(data: bytes, weight: int, chars: str | None) -> bytes:
    found = _harfbuzz()
    assert found is not None
    ffi, core, subset = found
    blob = core.hb_blob_create(data, len(data), 1, ffi.NULL, ffi.NULL)   # 1: read-only, no copy
    face = core.hb_face_create(blob, 0)
    request = subset.hb_subset_input_create_or_fail()
    try:
        unicodes = subset.hb_subset_input_unicode_set(request)
        if chars is None:
            core.hb_set_clear(unicodes)
            core.hb_set_invert(unicodes)
        else:
            for char in sorted(set(chars)):
                core.hb_set_add(unicodes, ord(char))
        for kept in (SETS_LAYOUT_FEATURE_TAG, SETS_NAME_ID):   # every feature, every name
            every = subset.hb_subset_input_set(request, kept)
            core.hb_set_clear(every)
            core.hb_set_invert(every)
        if not subset.hb_subset_input_pin_axis_location(request, face, _tag("wght"), float(weight)):
            raise ValueError("the font has no weight axis to instance")
        cut = subset.hb_subset_or_fail(face, request)
        if cut == ffi.NULL:
            raise ValueError("HarfBuzz could not cut the font")
        result = core.hb_face_reference_blob(cut)
        length = ffi.new("unsigned int *")
        pointer = core.hb_blob_get_data(result, length)
        out = bytes(ffi.buffer(pointer, length[0]))
        core.hb_blob_destroy(result)
        core.hb_face_destroy(cut)
        return out
    finally:
        subset.hb_subset_input_destroy(request)
        core.hb_face_destroy(face)
        core.hb_blob_destroy(blob)


def _cut_fonttools(data: bytes, weights: tuple[int, ...], chars: str | None) -> dict[int, bytes]:
    """The same cut with fontTools: subset once (which makes instancing faster), then instance."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    ttf = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    if chars is None:
        subsetter.populate(unicodes=ttf.getBestCmap().keys())
    else:
        subsetter.populate(text=chars)
    subsetter.subset(ttf)
    ttf.recalcTimestamp = False          # saving would stamp the clock into the head table
    cut = io.BytesIO()
    ttf.save(cut)
    faces = {}
    for weight in weights:
        static = instancer.instantiateVariableFont(TTFont(io.BytesIO(cut.getvalue())),
                                                   {"wght": weight}, updateFontNames=True)
        static.recalcTimestamp = False
        out = io.BytesIO()
        static.save(out)
        faces[weight] = out.getvalue()
    return faces
