"""Turn a plain-text source file into blocks of text with their lines, ready to be encoded.

Nothing of the source is dropped: a block is a slice of the decoded text (its line breaks as
written, CR included), and the white space around blocks is kept as the source's gaps, so that
the encoder can put every character back in the TEI and ``extract`` can give back the bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.errors import EditionError, Message
from edition.readers.decode import BOMS, NOT_XML_CHAR, Decoded, decode_source
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
    bom: bool = False
    codec: str = "utf-8"     # what gives the bytes back from the text (after the mark, if any)

    @property
    def gaps(self) -> list[str]:
        """The white space before each block, and after the last: ``len(blocks) + 1`` strings."""
        ends = [0, *(b.end for b in self.blocks)]
        starts = [*(b.start for b in self.blocks), len(self.text)]
        return [self.text[end:start] for end, start in zip(ends, starts, strict=True)]

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
                  decoded.text, blocks, decoded.warnings, decoded.bom, _codec(data, decoded))


def _codec(data: bytes, decoded: Decoded) -> str:
    """The exact codec: the byte order that the mark gave, the canonical name of the one named."""
    if decoded.bom:
        return next(name for mark, name in BOMS if data.startswith(mark))
    return codecs.lookup(decoded.encoding).name


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
    other Unicode spaces): such lines separate blocks and carry no words. A block is the slice of
    the text from its first to its last character that is not white space, line breaks as
    written; the white space around it stays in the source's gaps (``Source.gaps``).
    """
    blocks: list[Block] = []
    first = last = None      # offsets of the current block's first and last non-blank lines
    indent = ""
    number = start_line = 1
    offset = 0
    for match in [*LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        line = text[offset:end]
        if line.strip():
            if first is None:
                first, start_line = offset + (len(line) - len(line.lstrip())), number
                indent = text[offset:first]
            last = offset + len(line.rstrip())
        elif first is not None and last is not None:
            blocks.append(Block(len(blocks), start_line, text[first:last], start=first, end=last,
                                indent=indent))
            first = last = None
        if match:
            offset, number = match.end(), number + 1
    if first is not None and last is not None:
        blocks.append(Block(len(blocks), start_line, text[first:last], start=first, end=last,
                                indent=indent))
    return blocks
