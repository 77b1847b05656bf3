"""Turn the bytes of a plain-text source into text, refusing rather than guessing.

UTF-8 (with or without a byte-order mark) and UTF-16 or UTF-32 with a byte-order mark are read as
such; anything else needs ``--encoding``. Characters that XML 1.0 cannot hold are refused with their
place, or replaced by U+FFFD only when the user asks for it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import EditionError, Message

__all__ = ["Decoded", "decode_source"]

# XML 1.0 §2.2 Char: everything but the C0 controls other than tab, LF and CR, lone surrogates,
# U+FFFE and U+FFFF. (DEL and the C1 controls are allowed, if discouraged; they are kept.)
NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Names the user may give for a file whose byte-order mark says which of BOMS it is.
BOM_FAMILIES = {"utf-8": {"utf-8", "utf-8-sig"}, "utf-16-le": {"utf-16", "utf-16-le"},
                "utf-16-be": {"utf-16", "utf-16-be"}, "utf-32-le": {"utf-32", "utf-32-le"},
                "utf-32-be": {"utf-32", "utf-32-be"}}
SNIFF = 4096   # bytes looked at to recognise UTF-16 without a byte-order mark
ENCODING_HINT = (
    "save the file as UTF-8, or name its encoding: edition convert --encoding cp1252 FILE "
    "(or latin-1, mac-roman, …)"
)


@dataclass
class Decoded:
    text: str
    encoding: str
    bom: bool
    warnings: list[Message] = field(default_factory=list)


def decode_source(
    data: bytes, path: Path | str, encoding: str | None = None, replace_invalid: bool = False
) -> Decoded:
    """Decode a source; an ``EditionError`` names the byte offset or line:column of any problem."""
    warnings: list[Message] = []
    if encoding:
        text, name, bom = _decode_named(data, path, encoding, warnings)
    else:
        text, name, bom = _decode_sniffed(data, path)
    bad = NOT_XML_CHAR.search(text)
    if bad:
        if not replace_invalid:
            line, col = line_col(text, bad.start())
            raise EditionError.single(
                "E012", path,
                f"character U+{ord(bad.group()):04X} at line {line}, column {col} cannot be held "
                "by XML 1.0",
                "remove it from the source, or run with --replace-invalid to put U+FFFD in its place",
                line, col,
            )
        warnings += _replacement_warnings(text, path)
        text = NOT_XML_CHAR.sub("\ufffd", text)
    return Decoded(text, name, bom, warnings)


def _bom(data: bytes) -> tuple[bytes, str] | None:
    return next(((bom, name) for bom, name in BOMS if data.startswith(bom)), None)


def _decode_sniffed(data: bytes, path: Path | str) -> tuple[str, str, bool]:
    found = _bom(data)
    if found:
        bom, name = found
        return _strict(data[len(bom):], name, path, offset=len(bom)), _family(name), True
    _refuse_utf16_without_bom(data, path)
    return _strict(data, "utf-8", path), "utf-8", False


def _family(name: str) -> str:
    """What the header records: "utf-16" for "utf-16-le" (the mark gave the byte order)."""
    return name.removesuffix("-le").removesuffix("-be")


def _refuse_utf16_without_bom(data: bytes, path: Path | str) -> None:
    """Text in UTF-16 without a mark has a NUL in every other byte (for Latin scripts): name
    that, rather than "U+0000 cannot be held by XML" or an invalid UTF-8 byte."""
    head = data[:SNIFF]
    pairs = len(head) // 2
    if pairs < 2:
        return
    for parity, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        if head[parity::2].count(0) >= 0.9 * pairs and head[1 - parity::2].count(0) == 0:
            raise EditionError.single(
                "E015", path, "the file looks like UTF-16 without a byte-order mark (every "
                "other byte is NUL)", f"name its encoding: --encoding {name}, or save it as UTF-8")


def _decode_named(data: bytes, path: Path | str, encoding: str,
                  warnings: list[Message]) -> tuple[str, str, bool]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as error:
        raise EditionError.single(
            "E013", path, f"unknown encoding {encoding!r}",
            "use a name Python knows, e.g. utf-8, cp1252, latin-1, mac-roman",
        ) from error
    found = _bom(data)
    if found:
        # A byte-order mark says what the file is; decoding it as something else would garble
        # the text (a UTF-8 file read as cp1252 begins "ï»¿"), so a contradiction is refused.
        bom, name = found
        if codec not in BOM_FAMILIES[name]:
            raise EditionError.single(
                "E016", path, f"the file begins with a {name.upper()} byte-order mark, but "
                f"--encoding {encoding} was given", "leave out --encoding: the mark says how the "
                "file is encoded")
        return _strict(data[len(bom):], name, path, offset=len(bom)), _family(name), True
    if not codec.startswith("utf") and not data.isascii() and _is_utf8(data):
        warnings.append(Message.at(
            "W013", "warning", path, f"the file is valid UTF-8, but is read as {encoding} as "
            "asked: its non-ASCII characters may come out wrong", "leave out --encoding if the "
            "file is UTF-8", 1, 1))
    return _strict(data, encoding, path), encoding, False


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, encoding: str, path: Path | str, offset: int = 0) -> str:
    try:
        return data.decode(encoding, errors="strict")
    except UnicodeDecodeError as error:
        at = error.start + offset
        byte = data[error.start : error.start + 1].hex().upper() or "end of file"
        what = "UTF-8" if encoding == "utf-8" else encoding
        # What comes before the bad byte decodes: it gives the line and column an editor sees.
        before = data[: error.start].decode(encoding, "replace")
        line, col = line_col(before, len(before))
        raise EditionError.single(
            "E011", path,
            f"not valid {what}: byte 0x{byte} at offset {at}, line {line}, column {col} "
            f"({error.reason})",
            ENCODING_HINT, line, col,
        ) from error


def _replacement_warnings(text: str, path: Path | str) -> list[Message]:
    """One warning per replaced character; the place of each is counted on from the previous
    one, so that a file full of them costs linear time, not quadratic."""
    warnings = []
    line, start, previous = 1, 0, 0
    for match in NOT_XML_CHAR.finditer(text):
        line, start = _advance(text, previous, match.start(), line, start)
        previous = match.start()
        col = match.start() - start + 1
        warnings.append(
            Message.at(
                "W012", "warning", path,
                f"U+{ord(match.group()):04X} replaced by U+FFFD as asked (--replace-invalid)",
                "", line, col,
            )
        )
    return warnings


def _advance(text: str, begin: int, end: int, line: int, start: int) -> tuple[int, int]:
    """The line number and line start at ``end``, knowing them at ``begin``."""
    span = text[begin:end]
    breaks = span.count("\n") + span.count("\r") - span.count("\r\n")
    last = max(span.rfind("\n"), span.rfind("\r"))
    return line + breaks, (begin + last + 1) if last >= 0 else start


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset (any of LF, CRLF, CR ends a line)."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1
