"""Turn hostile inputs into evidence: plain text into the blocks its TEI must read as, and the hostile
XML corpus into traps (copies whose references point at a secret file, a named pipe or a
listening socket), so that a test can prove nothing was lost, read, opened or reached."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.tools import REPO

XML = REPO / "tests" / "data" / "hostile" / "xml"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
SECRET = "SECRET-MARKER-7f3c9a1e"
# The references the corpus makes to files outside its folder, as written in its attributes and
# entity declarations (quoted, so that titles which mention them are left alone).
LOCAL = ("file:///etc/passwd", "file:///etc/hostname", "../../../../../../../../etc/hostname",
         "../../../../etc/hostname", "/etc/hostname", "file:///etc/")
REMOTE = "http://127.0.0.1:9/"
BINARY = {"empty.xml", "not-xml-binary.xml", "utf16-with-bom.xml", "encoding-declared-ebcdic.xml"}


def blocks_of_source(text: str) -> list[str]:
    """The spec, written independently of the reader: blocks are runs of non-blank lines (a line
    of white space only is blank); a block keeps its lines joined by a line feed (XML keeps no
    carriage return, §2.11) and loses only its leading and trailing white space."""
    blocks: list[str] = []
    current: list[str] = []
    for line in [*LINE_BREAK.split(text), ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current).strip())
            current = []
    return blocks


def split_reading(reading: str) -> list[str]:
    """Blocks of a diplomatic reading: it separates them by a blank line, followed by the
    indentation of the XML (line feeds and spaces; a block itself never begins with white space)."""
    return [b for b in re.split(r"\n\n[\n ]*", reading) if b]


def retarget(source: Path, folder: Path, local: str, remote: str) -> Path:
    """A copy of ``source`` in ``folder`` whose local references point at ``local`` and whose
    web references point at ``remote``."""
    text = source.read_text(encoding="utf-8")
    for reference in LOCAL:
        text = text.replace(f'"{reference}"', f'"{local}"')
    text = text.replace(REMOTE, remote)
    copy = folder / source.name
    copy.write_text(text, encoding="utf-8")
    return copy


def referring() -> list[str]:
    """The corpus files that name a local file or a web address."""
    return sorted(
        path.name for path in XML.glob("*.xml") if path.name not in BINARY and any(
            f'"{ref}' in path.read_text(encoding="utf-8") for ref in (*LOCAL, REMOTE)))


def listening_socket() -> socket.socket:
    """A socket that any attempt to reach the network would connect to (the kernel completes
    the connection and queues it, whether or not anyone accepts)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    return server


def connections(server: socket.socket) -> int:
    """How many connections were made to ``server`` (each is accepted and closed)."""
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def nested(depth: int) -> bytes:
    """A TEI document whose paragraph sits ``depth`` divisions deep."""
    return (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
            + b"<div>" * depth + b"<p>deep</p>" + b"</div>" * depth + b"</body></text></TEI>\n")


@contextmanager
def watched_pipe(path: Path) -> Iterator[list[str]]:
    """A named pipe at ``path``; the list it yields records each opening of the pipe for reading.

    Opening a pipe for reading waits for a writer. A watcher tries all the time to open it for
    writing without waiting, which succeeds only while someone waits to read: it records that,
    and closes at once, so the reader sees an empty file and goes on instead of hanging.
    """
    os.mkfifo(path)
    opened: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:       # ENXIO: nobody is reading
                time.sleep(0.002)
                continue
            opened.append(str(path))
            os.close(descriptor)
            time.sleep(0.05)      # let the reader see the end of the file and close

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield opened
    finally:
        stop.set()
        watcher.join()
