"""XML from anywhere: ``validate`` and ``extract`` read no other file, touch no network, never hang.

Every file in ``tests/data/hostile/xml/`` is one attack or oddity, named by what it does. The
files point at ``/etc/passwd``, ``/etc/hostname`` and ``http://127.0.0.1:9/``; the tests make
copies that point instead at a secret marker file, at a named pipe (opening it would block, so a
finished command proves it was never opened) and at a listening socket (a connection would be
seen), and check that each command reports the problem clearly and leaks nothing.
"""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from tests.hostile import SECRET, XML, connections, nested, referring, retarget, watched_pipe

runner = CliRunner()

# file → the code that names its problem (validate); None when validation finds only the grammar's
# complaints about a document that is otherwise harmless.
EXPECTED: dict[str, str | None] = {
    "billion-laughs.xml": "E102",
    "quadratic-blowup.xml": "E102",
    "entity-reference-loop.xml": "E102",
    "xxe-file-etc-passwd.xml": "E102",
    "xxe-file-etc-hostname.xml": "E102",
    "xxe-relative-path.xml": "E102",
    "xxe-http.xml": "E102",
    "xxe-in-attribute.xml": "E102",
    "parameter-entity-file.xml": "E102",
    "parameter-entity-out-of-band.xml": "E102",
    "external-dtd-http.xml": "W051",
    "external-dtd-file.xml": "W051",
    "external-dtd-public-id.xml": "W051",
    "external-dtd-undeclared-entity.xml": "E103",
    "undefined-entity.xml": "E101",
    "xinclude-file-etc-passwd.xml": "W052",
    "xinclude-relative-path.xml": "W052",
    "xinclude-http.xml": "W052",
    "xinclude-fallback.xml": "W052",
    "xml-stylesheet-http.xml": None,
    "xml-base-file.xml": None,
    "graphic-file-url.xml": None,
    "namespace-xpath-injection.xml": "E301",
    "namespace-relative-uri.xml": "E111",
    "terminal-escape-in-attribute.xml": "E301",
    "not-tei-html.xml": "E111",
    "empty.xml": "E101",
    "not-xml-binary.xml": "E101",
    "encoding-declared-ebcdic.xml": "E101",
    "utf16-with-bom.xml": None,
    "duplicate-ids.xml": "E304",
    "comment-and-cdata.xml": None,
}
# Refused before any text is read: extract reports the same code and prints nothing. (A
# duplicate xml:id, E304, is a validity error: the document is read.)
UNREADABLE = {name for name, code in EXPECTED.items() if code in {"E101", "E102", "E103"}}


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    assert sorted(p.name for p in XML.glob("*.xml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_each_hostile_file_clearly(name: str) -> None:
    start = time.monotonic()
    result = runner.invoke(app, ["validate", str(XML / name)])
    assert time.monotonic() - start < 20
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr and "E900" not in result.stderr
    expected = EXPECTED[name]
    if expected is not None:
        assert f"{XML / name}:" in result.stderr and f": {expected}: " in result.stderr
    if expected and expected.startswith("E"):
        assert result.exit_code == 1
    for line in result.stderr.splitlines():
        assert line.startswith((f"{XML / name}:", "    hint: ", "edition: … and ")), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_extract_reads_each_hostile_file_or_refuses_it_clearly(name: str) -> None:
    result = runner.invoke(app, ["extract", str(XML / name)])
    assert "Traceback" not in result.stderr and "E900" not in result.stderr
    if name in UNREADABLE:
        assert result.exit_code == 1 and result.stdout == ""
        assert f": {EXPECTED[name]}: " in result.stderr
    elif name == "not-tei-html.xml":
        assert result.exit_code == 1 and ": E106: no TEI <text>" in result.stderr
    else:
        assert result.exit_code == 0


def test_nothing_of_etc_passwd_ever_appears() -> None:
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
    for name in sorted(EXPECTED):
        for command in (["validate"], ["validate", "--format", "json"], ["extract"]):
            result = runner.invoke(app, [*command, str(XML / name)])
            shown = result.stdout + result.stderr
            assert "root:x:0:0" not in shown and not any(
                line and line in shown for line in passwd[:3]), (name, command)


def test_the_trap_copies_do_point_at_the_traps(tmp_path: Path) -> None:
    names = referring()
    assert len(names) >= 15
    for name in names:
        copy = retarget(XML / name, tmp_path, "SECRET", "http://TRAP/")
        text = copy.read_text(encoding="utf-8")
        assert "SECRET" in text or "http://TRAP/" in text, name
        assert not re.search(r'"(?:file:///etc|/etc|(?:\.\./)+etc)', text), name   # titles may say
        assert "127.0.0.1:9/" not in text, name


@pytest.mark.parametrize("name", referring())
def test_a_secret_file_named_by_the_document_never_shows(name: str, tmp_path: Path,
                                                         listener: socket.socket) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    port = listener.getsockname()[1]
    for local in (secret.as_uri(), str(secret), "../secret.txt"):
        copy = retarget(XML / name, folder, local, f"http://127.0.0.1:{port}/")
        for command in (["validate"], ["validate", "--format", "json"], ["extract"]):
            result = runner.invoke(app, [*command, str(copy)])
            assert SECRET not in result.stdout + result.stderr, (local, command)
            assert "Traceback" not in result.stderr
    assert connections(listener) == 0


@pytest.mark.parametrize("name", referring())
def test_a_file_named_by_the_document_is_never_even_opened(name: str, tmp_path: Path,
                                                          listener: socket.socket) -> None:
    """The references point at a watched named pipe: any opening of it is recorded (the proof
    that nothing but the document itself was read)."""
    (tmp_path / "sub").mkdir()
    port = listener.getsockname()[1]
    with watched_pipe(tmp_path / "pipe") as opened:
        for local, folder in ((f"{tmp_path / 'pipe'}", tmp_path), ((tmp_path / "pipe").as_uri(),
                              tmp_path), ("../pipe", tmp_path / "sub")):
            document = retarget(XML / name, folder, local, f"http://127.0.0.1:{port}/")
            for command in (["validate"], ["extract"]):
                result = runner.invoke(app, [*command, str(document)])
                assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert opened == []
    assert connections(listener) == 0


def test_the_watched_pipe_does_see_an_unsafe_parser(tmp_path: Path) -> None:
    """The trap works: a parser that resolves external entities is caught opening the pipe."""
    from lxml import etree

    with watched_pipe(tmp_path / "pipe") as opened:
        document = retarget(XML / "xxe-file-etc-passwd.xml", tmp_path, (tmp_path / "pipe").as_uri(),
                            "http://127.0.0.1:1/")
        etree.parse(str(document), etree.XMLParser(resolve_entities=True, no_network=True))
    assert opened


# Generated at test time: deep nesting and oversized nodes -------------------------------------

@pytest.mark.parametrize("depth", [300, 5000, 100_000])
def test_very_deep_nesting_is_refused_quickly_and_clearly(depth: int, tmp_path: Path) -> None:
    path = tmp_path / f"deep-{depth}.xml"
    path.write_bytes(nested(depth))
    for command in ("validate", "extract"):
        start = time.monotonic()
        result = runner.invoke(app, [command, str(path)])
        assert time.monotonic() - start < 10
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert ": error: E104: elements are nested more than 256 levels deep" in result.stderr


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep-250.xml"
    path.write_bytes(nested(250))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0 and result.stdout.strip() == "deep"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and ": E111: " in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("shape", ["text", "attribute"])
def test_a_node_over_ten_megabytes_is_refused_clearly(shape: str, tmp_path: Path) -> None:
    big = b"x " * 5_500_000
    body = b"<p>" + big + b"</p>" if shape == "text" else b'<p rend="' + big + b'">x</p>'
    path = tmp_path / f"big-{shape}.xml"
    path.write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>' + body
                     + b"</body></text></TEI>")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert ": error: E105: " in result.stderr


def test_a_control_character_quoted_from_a_document_is_shown_escaped() -> None:
    result = runner.invoke(app, ["validate", str(XML / "terminal-escape-in-attribute.xml")])
    assert "\u009b" not in result.stderr and "\\u009b2J" in result.stderr
    as_json = runner.invoke(app, ["validate", "--format", "json",
                                  str(XML / "terminal-escape-in-attribute.xml")])
    assert any("\\u009b2J" in f["message"] for f in json.loads(as_json.stdout))


def test_a_namespace_that_smuggles_xpath_does_not_slow_the_rules() -> None:
    start = time.monotonic()
    result = runner.invoke(app, ["validate", str(XML / "namespace-xpath-injection.xml")])
    assert time.monotonic() - start < 10
    assert ': E301: @ref="#nobody" points to no element' in result.stderr


def test_a_folder_of_hostile_files_is_validated_whole_in_one_run() -> None:
    result = runner.invoke(app, ["validate", "--format", "json", str(XML)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {Path(f["path"]).name for f in findings} >= {n for n, c in EXPECTED.items() if c}
    assert all(f["code"] != "E900" for f in findings)
