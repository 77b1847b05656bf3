"""Property: validating (or extracting from) any mutation of a TEI document gives a report, never a
crash, a traceback or a hang.

The documents are the TEI test files and a converted seed; the mutations cut, repeat, insert
and overwrite bytes, and splice in what hostile XML is made of (entities, DOCTYPEs, XIncludes,
CDATA, deep nesting, ids and pointers, impossible dates, stray bytes).
"""

from __future__ import annotations

import re
import tempfile
import time
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from edition.build import convert_file
from edition.cli import app
from edition.convert import ConvertOptions
from edition.model.xmlio import serialize
from edition.validate import validate_paths
from tests.conftest import DATA, SEEDS

runner = CliRunner()
CODE = re.compile(r"^[EW]\d{3}$")
SNIPPETS = [
    b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;", b"&#0;", b"&#xD800;",
    b"&amp;", b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<?pi data?>", b"<?xml version='1.0'?>",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>',
    b' xml:id="dup"', b' xml:id="1bad"', b' ref="#nowhere"', b' target="#"', b' resp="#ed #x"',
    b' when="2021-02-30"', b' when="--13-40"', b' from="99999"', b' xml:lang=""',
    b"<div>" * 300, b"</div>", b"<p>", b"</p>", b"<note>", b"<corr>x</corr>",
    b'<graphic url="file:///etc/passwd"/>', b' xmlns="urn:other"', b" xmlns:a='x&apos;y'",
    b"\x00", b"\xff\xfe", b"\xc3", b"\xef\xbb\xbf", "\u009b2J".encode(), b"\r\n", b"\t",
]


@cache
def documents() -> tuple[bytes, ...]:
    files = [*sorted((DATA / "tei").glob("*.xml")), *sorted((DATA / "invalid").glob("*.xml"))]
    converted = convert_file(SEEDS / "003_8d26f39cb9f4242f.txt", ConvertOptions())
    return (*(p.read_bytes() for p in files), serialize(converted.tree))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(documents())))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        size = draw(st.integers(1, 400))
        operation = draw(st.sampled_from(["insert", "delete", "repeat", "overwrite", "bytes"]))
        if operation == "insert":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif operation == "delete":
            del data[at : at + size]
        elif operation == "repeat":
            data[at:at] = data[at : at + size]
        elif operation == "overwrite":
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=4))
        else:
            data[at:at] = draw(st.binary(max_size=16))
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(mutated())
def test_validate_reports_on_any_mutated_tei_and_never_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.xml"
        path.write_bytes(data)
        start = time.monotonic()
        findings = validate_paths([path])
        assert time.monotonic() - start < 30
        assert all(CODE.match(f.code) and f.path == str(path) and f.text for f in findings)
        for command in (["validate"], ["validate", "--format", "json"], ["extract"]):
            result = runner.invoke(app, [*command, str(path)])
            assert result.exit_code in (0, 1), (command, result.stderr)
            assert "Traceback" not in result.stderr and "E900" not in result.stderr, result.stderr
            if command == ["validate"]:
                assert (result.exit_code == 1) == any(f.is_error for f in findings)
