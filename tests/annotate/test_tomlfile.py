"""The TOML reader: every table and key at its true line and column, whatever the comments and
strings of the file hold, and a disagreement with tomllib's parse an error, never a drop."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from edition.annotate import tomlfile
from edition.annotate.tomlfile import parse_toml
from edition.cli import app
from edition.errors import EditionError
from tests.conftest import DATA

CASES = DATA / "hostile" / "sidecar"
runner = CliRunner()

# Everything that once fooled a line-by-line regular expression.
TRAPS = ['"""', "'''", "#", "[[", "[", "]]", "=", '"', "'", "\\", "\n", "note", " ", "é"]
VALUE = st.lists(st.sampled_from(TRAPS) | st.text("ab \t", max_size=3), max_size=8).map("".join)
COMMENT = st.lists(st.sampled_from([t for t in TRAPS if t != "\n"]), max_size=6).map("".join)


def basic(value: str) -> str | None:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def literal(value: str) -> str | None:
    return None if "'" in value or "\n" in value else f"'{value}'"


def multiline_basic(value: str) -> str | None:
    # The newline right after the opening quotes is not part of the string (TOML 1.0, "String").
    return '"""\n' + value.replace("\\", "\\\\").replace('"', '\\"') + '"""'


def multiline_literal(value: str) -> str | None:
    return None if "'''" in value or value.endswith("'") else "'''\n" + value + "'''"


STYLES = [basic, literal, multiline_basic, multiline_literal]


@dataclass
class Written:
    """A generated file, and where each of its tables and keys was written."""

    text: str
    tables: list[tuple[str, int, dict[str, tuple[int, str]]]]  # header, line, key → (line, value)


@st.composite
def sidecars(draw: st.DrawFn) -> Written:
    lines: list[str] = []
    tables = []

    def comment() -> None:
        if draw(st.booleans()):
            lines.append("# " + draw(COMMENT))

    comment()
    for header in draw(st.lists(st.sampled_from(["[text]", "[[note]]", "[[language]]"]),
                                max_size=5)):
        if header == "[text]" and any(t[0] == "[text]" for t in tables):
            continue
        comment()
        table_line = len(lines) + 1
        lines.append(header + ("   # " + draw(COMMENT) if draw(st.booleans()) else ""))
        keys: dict[str, tuple[int, str]] = {}
        for key in draw(st.lists(st.sampled_from(["title", "anchor", "text", "note"]),
                                 unique=True, max_size=4)):
            value = draw(VALUE)
            written = draw(st.sampled_from(STYLES))(value) or basic(value)
            assert written is not None
            keys[key] = (len(lines) + 1, value)
            tail = "  # " + draw(COMMENT) if draw(st.booleans()) else ""
            lines.extend((f"{key} = {written}{tail}").split("\n"))
            comment()
        tables.append((header, table_line, keys))
    return Written("\n".join(lines) + "\n", tables)


@settings(max_examples=300, deadline=None)
@given(sidecars())
def test_every_table_and_key_is_found_at_the_line_it_was_written(written: Written) -> None:
    parsed = parse_toml(Path("gen.toml"), written.text)
    seen = {"[text]": [parsed.table("text")] if parsed.table("text") else [],
            "[[note]]": parsed.array("note"), "[[language]]": parsed.array("language")}
    for header, entries in seen.items():
        assert len(entries) == sum(1 for t in written.tables if t[0] == header)
    counters = {header: 0 for header in seen}
    for header, line, keys in written.tables:
        entry = seen[header][counters[header]]
        counters[header] += 1
        assert entry is not None and entry.line == line and entry.col == 1
        assert entry.data == {key: value for key, (_, value) in keys.items()}
        assert {key: place for key, (place, _) in keys.items()} == entry.key_lines


@settings(max_examples=100, deadline=None)
@given(sidecars())
def test_lines_are_the_same_with_windows_line_endings(written: Written) -> None:
    unix = parse_toml(Path("gen.toml"), written.text)
    windows = parse_toml(Path("gen.toml"), written.text.replace("\n", "\r\n"))
    for name in ("note", "language"):
        assert [(e.line, e.key_lines) for e in unix.array(name)] == \
            [(e.line, e.key_lines) for e in windows.array(name)]
    text_unix, text_windows = unix.table("text"), windows.table("text")
    assert (text_unix is None) == (text_windows is None)
    if text_unix is not None and text_windows is not None:
        assert text_unix.key_lines == text_windows.key_lines


def test_keys_have_their_column_and_dotted_or_quoted_keys_are_read() -> None:
    text = ('[text]\n  title = "a # b"\n"quoted key" = 1\n[[note]]\n\tanchor = \'x\'\n'
            'deep.er.key = 2\n[editorial]\nsub.key = "v"\n')
    parsed = parse_toml(Path("k.toml"), text)
    text_table = parsed.table("text")
    assert text_table is not None
    assert (text_table.line_of("title"), text_table.col_of("title")) == (2, 3)
    assert text_table.line_of("quoted key") == 3
    note = parsed.array("note")[0]
    assert (note.line_of("anchor"), note.col_of("anchor")) == (5, 2)
    assert note.line_of("deep") == 6
    sub = parsed.table("editorial.sub")
    assert sub is not None and sub.line == 8 and sub.data == {"key": "v"}


def test_tables_written_as_dotted_keys_or_inline_are_read_like_headers() -> None:
    text = 'text.title = "T"\ntext.author = "A"\nnote = [{anchor = "a", text = "b"}]\n'
    parsed = parse_toml(Path("d.toml"), text)
    table = parsed.table("text")
    assert table is not None and table.data == {"title": "T", "author": "A"}
    assert table.line_of("author") == 2
    assert [e.line for e in parsed.array("note")] == [3]


def test_a_disagreement_with_tomllib_is_an_error_not_a_drop(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the scanner ever missed a header (as the regular expression did), the file is refused."""
    real = tomlfile._Scanner.statements

    def missing_one(self: tomlfile._Scanner) -> list[tomlfile.Statement]:
        return [s for s in real(self) if s.line != 4]

    monkeypatch.setattr(tomlfile._Scanner, "statements", missing_one)
    text = '[[note]]\nanchor = "a"\ntext = "b"\n[[note]]\nanchor = "c"\ntext = "d"\n'
    assert tomllib.loads(text)["note"][1] == {"anchor": "c", "text": "d"}
    with pytest.raises(EditionError) as raised:
        parse_toml(Path("x.toml"), text)
    message = raised.value.messages[0]
    assert message.code == "E208" and message.path == "x.toml"


# --- the two traps of issue 13, through the command line -------------------------------------


def build_with_sidecar(tmp_path: Path, sidecar: str) -> tuple[int, str, str]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # No title of its own: a lost [text] table shows as W021 and a missing title.
    body = (CASES / "text.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    (seeds / "text.txt").write_text(body, encoding="utf-8")
    shutil.copy(CASES / "registers.toml", seeds / "registers.toml")
    (seeds / "text.toml").write_text(sidecar, encoding="utf-8")
    out = tmp_path / "build"
    result = runner.invoke(app, ["-q", "build", "--seeds", str(seeds), "--out", str(out),
                                 "--no-pdf", "--no-epub"])
    tei = (out / "tei" / "text.xml").read_text(encoding="utf-8") if result.exit_code == 0 else ""
    return result.exit_code, result.stderr, tei


def test_triple_quotes_in_a_comment_do_not_hide_the_text_table(tmp_path: Path) -> None:
    code, stderr, tei = build_with_sidecar(tmp_path, (
        '# long texts go in """ (triple quotes)\n[text]\ntitle = "A supplied title"\n'
        'author = "Anonymous"\ndate = "1871"\nnote = "Dated by its contents."\n'))
    assert code == 0, stderr
    assert "W021" not in stderr
    assert "A supplied title" in tei and "Anonymous" in tei and "Dated by its contents." in tei


def test_triple_single_quotes_in_prose_do_not_hide_the_notes_after_it(tmp_path: Path) -> None:
    code, stderr, tei = build_with_sidecar(tmp_path, (
        "[[note]]\nanchor = \"Versailles\"\ntext = \"\"\"A ''' in a note.\"\"\"\n\n"
        "[[note]]\nanchor = \"Thiers\"\ntext = \"The second note.\"\n"))
    assert code == 0, stderr
    assert "A &apos;&apos;&apos; in a note." in tei or "A ''' in a note." in tei
    assert "The second note." in tei
