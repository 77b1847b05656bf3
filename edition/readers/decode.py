"""Turn the bytes of a plain-text source into text, refusing rather than guessing.

UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such;
anything else needs ``--encoding``. Characters that XML 1.0 cannot hold are refused with their
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
    if encoding:
        text, name, bom = _decode_named(data, path, encoding), encoding, False
    else:
        text, name, bom = _decode_sniffed(data, path)
    warnings: list[Message] = []
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
        warnings = _replacement_warnings(text, path)
        text = NOT_XML_CHAR.sub("\ufffd", text)
    return Decoded(text, name, bom, warnings)


def _decode_sniffed(data: bytes, path: Path | str) -> tuple[str, str, bool]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path, offset=3), "utf-8", True
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], name, path, offset=2), "utf-16", True
    return _strict(data, "utf-8", path), "utf-8", False


def _decode_named(data: bytes, path: Path | str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as error:
        raise EditionError.single(
            "E013", path, f"unknown encoding {encoding!r}",
            "use a name Python knows, e.g. utf-8, cp1252, latin-1, mac-roman",
        ) from error
    return _strict(data, encoding, path)


def _strict(data: bytes, encoding: str, path: Path | str, offset: int = 0) -> str:
    try:
        return data.decode(encoding, errors="strict")
    except UnicodeDecodeError as error:
        at = error.start + offset
        byte = data[at : at + 1].hex().upper() or "end of file"
        what = "UTF-8" if encoding == "utf-8" else encoding
        raise EditionError.single(
            "E011", path,
            f"not valid {what}: byte 0x{byte} at offset {at} ({error.reason})",
            ENCODING_HINT,
        ) from error


def _replacement_warnings(text: str, path: Path | str) -> list[Message]:
    warnings = []
    for match in NOT_XML_CHAR.finditer(text):
        line, col = line_col(text, match.start())
        warnings.append(
            Message.at(
                "W012", "warning", path,
                f"U+{ord(match.group()):04X} replaced by U+FFFD as asked (--replace-invalid)",
                "", line, col,
            )
        )
    return warnings


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset (any of LF, CRLF, CR ends a line)."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1
