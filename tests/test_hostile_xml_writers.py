"""XML from anywhere through the writers: ``edition pdf`` and ``edition epub`` read no file outside
the document's folder, touch no network, never hang and never crash.

The same corpus and traps as ``test_hostile_xml.py`` (a secret marker file, a named pipe, a
listening socket), run through the renderers. Marked ``needs_writers``: these tests need the
``pdf`` and ``epub`` commands, which are written separately from the reading side.
"""

from __future__ import annotations

import socket
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from tests.hostile import SECRET, XML, connections, nested, referring, retarget, watched_pipe
from tests.test_hostile_xml import EXPECTED, UNREADABLE

pytestmark = [pytest.mark.needs_writers, pytest.mark.slow]
runner = CliRunner()
WRITERS = {"pdf": ".pdf", "epub": ".epub"}
UNSAFE_LINKS = XML.parent.parent / "tei" / "unsafe-links.xml"
# The hostile files that name something outside their folder and that a writer gets to render
# (the others are refused when read), and the TEI test document made for the writers' safety.
RENDERED = [*(n for n in referring() if n not in UNREADABLE), "unsafe-links.xml"]


def contents(output: Path) -> bytes:
    """Everything a reader of the output could see: each EPUB member, each decoded PDF stream."""
    if output.suffix == ".epub":
        with zipfile.ZipFile(output) as epub:
            return b"\n".join(epub.read(member) for member in epub.namelist())
    import pikepdf

    with pikepdf.open(output) as pdf:
        streams = [obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        return output.read_bytes() + b"\n".join(streams)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_is_rendered_or_refused_clearly(name: str, fmt: str,
                                                           tmp_path: Path) -> None:
    out = tmp_path / f"out{WRITERS[fmt]}"
    start = time.monotonic()
    result = runner.invoke(app, [fmt, str(XML / name), "-o", str(out)])
    assert time.monotonic() - start < 120
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr and "E900" not in result.stderr
    if name in UNREADABLE:
        assert result.exit_code == 1 and f": {EXPECTED[name]}: " in result.stderr
        assert not out.exists()
    if result.exit_code == 0:
        assert out.stat().st_size > 0
        assert b"root:x:0:0" not in contents(out)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", RENDERED)
def test_a_secret_file_outside_the_folder_never_reaches_the_output(
        name: str, fmt: str, tmp_path: Path, listener: socket.socket) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    source = UNSAFE_LINKS if name == "unsafe-links.xml" else XML / name
    port = listener.getsockname()[1]
    for local in (secret.as_uri(), str(secret), "../secret.txt"):
        document = retarget(source, folder, local, f"http://127.0.0.1:{port}/")
        out = tmp_path / f"out{WRITERS[fmt]}"
        result = runner.invoke(app, [fmt, str(document), "-o", str(out)])
        assert "Traceback" not in result.stderr and "E900" not in result.stderr
        assert SECRET not in result.stdout + result.stderr
        if out.exists():
            assert SECRET.encode() not in contents(out), local
            out.unlink()
    assert connections(listener) == 0


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", RENDERED)
def test_a_file_outside_the_folder_is_never_even_opened(
        name: str, fmt: str, tmp_path: Path, listener: socket.socket) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    source = UNSAFE_LINKS if name == "unsafe-links.xml" else XML / name
    port = listener.getsockname()[1]
    pipe = tmp_path / "pipe"
    with watched_pipe(pipe) as opened:
        for local in (pipe.as_uri(), str(pipe), "../pipe"):
            document = retarget(source, folder, local, f"http://127.0.0.1:{port}/")
            result = runner.invoke(app, [fmt, str(document), "-o",
                                         str(tmp_path / f"out{WRITERS[fmt]}")])
            assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert opened == []
    assert connections(listener) == 0


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_deep_nesting_is_refused_by_the_writers_too(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_bytes(nested(5000))
    result = runner.invoke(app, [fmt, str(path), "-o", str(tmp_path / f"out{WRITERS[fmt]}")])
    assert result.exit_code == 1 and ": E104: " in result.stderr
    assert "Traceback" not in result.stderr
