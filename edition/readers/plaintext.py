"""Turn a plain-text source file into blocks of text with their lines, ready to be encoded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import EditionError, Message
from edition.readers.decode import NOT_XML_CHAR, decode_source
from edition.readers.structure import Block

__all__ = ["Source", "check_file_name", "read_source", "split_blocks"]

LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Source:
    """A source as read: its bytes' identity, its text and its blocks."""

    path: Path
    size: int
    sha256: str
    encoding: str
    text: str
    blocks: list[Block]
    warnings: list[Message] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem


def read_source(path: Path, encoding: str | None = None, replace_invalid: bool = False) -> Source:
    """Read and decode a source; refuse (``EditionError``) what cannot be read losslessly."""
    check_file_name(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EditionError.single("E001", path, f"cannot read: {error.strerror}",
                                  "check the path and the file's permissions") from error
    decoded = decode_source(data, path, encoding, replace_invalid)
    blocks = split_blocks(decoded.text)
    if not blocks:
        what = "empty" if not data else "blank (only white space)"
        raise EditionError.single("E014", path, f"the source is {what}: there is no text to encode",
                                  "remove the file from the seeds or give it its text")
    return Source(path, len(data), hashlib.sha256(data).hexdigest(), decoded.encoding,
                  decoded.text, blocks, decoded.warnings)


def check_file_name(path: Path) -> None:
    """The file name goes into the TEI header: it must be text that XML can hold.

    A name whose bytes are not UTF-8 comes from ``os.fsdecode`` with lone surrogates in it;
    control characters are valid in a Linux file name but not in XML 1.0.
    """
    name = path.name
    bad = NOT_XML_CHAR.search(name)
    if bad:
        raise EditionError.single(
            "E017", path, "the file name cannot be recorded in XML: it is not valid UTF-8 or "
            f"holds a control character (at character {bad.start() + 1})",
            "rename the file (letters, digits, spaces and punctuation are all fine)")


def split_blocks(text: str) -> list[Block]:
    """Blocks are runs of lines separated by blank lines; line breaks inside a block are kept.

    A line is blank when it holds only white space (``str.isspace``, which counts no-break and
    other Unicode spaces): such lines separate blocks and carry no words. Leading and trailing
    white space of a block is dropped; everything between is kept as written.
    """
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(_block(len(blocks), start, current))
            current = []
    if current:
        blocks.append(_block(len(blocks), start, current))
    return blocks


def _block(index: int, line: int, lines: list[str]) -> Block:
    return Block(index, line, "\n".join(lines).strip())
