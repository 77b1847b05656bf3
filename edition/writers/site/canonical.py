"""Turn Pagefind's filter index into the same bytes on every run: its values sorted, its files renamed.

Pagefind 1.5 writes each filter's values, and the list of filters in its metadata, in the order
of a Rust ``HashMap``, which is seeded at random in every process: two runs over the same pages
give the same words index and fragments but filter files in another order, so under other names
(a file is named by the SHA-1 of its content). Here the values and the filters are put in
sorted order, and the files renamed as Pagefind names them, so the index is reproducible.

The files are ``pagefind_dcd`` followed by CBOR (RFC 8949), gzipped; only the order of items
changes, each item's bytes are kept as Pagefind wrote them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

__all__ = ["MAGIC", "canonical_index", "items"]


MAGIC = b"pagefind_dcd"


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at ``at``."""
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    size = 1 << (info - 24)                      # 24..27: 1, 2, 4 or 8 bytes follow
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _end(data: bytes, at: int) -> int:
    """Where the CBOR item at ``at`` ends (the definite-length subset Pagefind writes)."""
    major, argument, after = _head(data, at)
    if major in (2, 3):
        return after + argument
    if major in (4, 5):
        for _ in range(argument * (2 if major == 5 else 1)):
            after = _end(data, after)
        return after
    return after                                 # integers and simple values


def items(data: bytes, at: int) -> tuple[int, list[tuple[int, int]]]:
    """The spans of the items of the array at ``at``, and where its head ends."""
    major, count, after = _head(data, at)
    assert major == 4, "a Pagefind index file holds arrays here"
    spans = []
    for _ in range(count):
        end = _end(data, after)
        spans.append((after, end))
        after = end
    return _head(data, at)[2], spans


def _sorted_array(data: bytes, at: int) -> bytes:
    """The array at ``at`` with its items in the order of their bytes (what follows is kept)."""
    start, spans = items(data, at)
    end = spans[-1][1] if spans else start
    ordered = b"".join(sorted(data[a:b] for a, b in spans))
    return data[:start] + ordered + data[end:]


def _name(body: bytes, length: int) -> str:
    # Pagefind writes each byte of the SHA-1 in hex without padding, then cuts the string.
    return "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())[:length]


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(MAGIC + body, compresslevel=9, mtime=0))


def canonical_index(index: Path) -> None:
    """Sort the filter files and the metadata of the Pagefind index in ``index``; rename them."""
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        renamed = {}
        for path in sorted((index / "filter").glob(f"{language}_*.pf_filter")):
            body = gzip.decompress(path.read_bytes())[len(MAGIC):]
            # [name, [[value, [page…]]…]]: the values sorted.
            _, (_name_span, values) = items(body, 0)
            body = body[:values[0]] + _sorted_array(body[values[0]:], 0)
            new = f"{language}_{_name(body, 7)}"
            path.unlink()
            _write(index / "filter" / f"{new}.pf_filter", body)
            renamed[path.stem] = new
        meta_path = index / f"pagefind.{info['hash']}.pf_meta"
        meta = gzip.decompress(meta_path.read_bytes())[len(MAGIC):]
        for old, new in renamed.items():      # names of one length: the CBOR stays as it was
            meta = meta.replace(old.encode(), new.encode())
        _, parts = items(meta, 0)
        filters = parts[3][0]                 # [version, words, fragments?, filters, sorts, …]
        meta = meta[:filters] + _sorted_array(meta[filters:], 0)
        info["hash"] = f"{language}_{_name(meta, 10)}"
        meta_path.unlink()
        _write(index / f"pagefind.{info['hash']}.pf_meta", meta)
    (index / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False,
                                                          separators=(",", ":")), encoding="utf-8")
