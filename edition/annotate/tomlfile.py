"""Turn a TOML file into data that remembers the line and column of every table and key.

``tomllib`` gives the data but no positions, so the file is also read by a small scanner of
TOML 1.0's syntax (comments, the four kinds of strings with their escapes, arrays, inline tables,
dotted and quoted keys, ``[table]`` and ``[[array]]`` headers). A regular expression over the
lines cannot tell triple quotes or a ``[[`` in a comment or a string from the real thing; a wrong
guess there once dropped whole tables without a word. The two readings are then compared: every
table and key the scanner saw must be the ones ``tomllib`` returned, and any disagreement is an
error (E208), never a silent drop.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edition.errors import EditionError, Message

__all__ = ["Entry", "TomlFile", "check_keys", "load_toml"]

POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")
# TOML 1.0, "Spec" > "Whitespace" and "Newline": tab and space; LF or CRLF.
SPACE = re.compile(r"(?:[ \t]|\r(?=\n)|#[^\n]*)*")
SPACE_AND_NEWLINES = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
# Numbers, booleans, dates and times end at a separator, a comment or the line's end.
SCALAR = re.compile(r"[^,\]}#\n]*")
# The text of a basic string up to its closing quotes: any character but a quote or a
# backslash, an escape (a backslash and the character after it), or a quote that does not close.
BASIC_BODY = {'"': re.compile(r'(?:[^"\\]|\\.)*', re.S),
              '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*', re.S)}

# A concrete place in the data: table names, and for an array of tables the index of the element.
Where = tuple[str | int, ...]


@dataclass
class Entry:
    """One table of a TOML file (the top level, a ``[table]`` or one ``[[array]]`` element)."""

    path: Path
    line: int
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    col: int = 1
    key_cols: dict[str, int] = field(default_factory=dict)
    # Where each key's value starts, and the line its text starts on (a multi-line string's
    # text starts on the line after its opening quotes).
    value_places: dict[str, tuple[int, int]] = field(default_factory=dict)
    content_lines: dict[str, int] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)   # 3 for a multi-line string

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def col_of(self, key: str) -> int:
        return self.key_cols.get(key, self.col) if key in self.key_lines else self.col

    def content_line(self, key: str) -> int:
        return self.content_lines.get(key, self.line_of(key))

    def content_col(self, key: str) -> int:
        """The column of a value's text on its first line (after the opening quotes)."""
        line, col = self.value_places.get(key, (0, 0))
        if not line or self.content_line(key) != line:
            return 1
        return col + self.quotes.get(key, 1)

    def message(self, code: str, text: str, hint: str = "", key: str = "") -> Message:
        line, col = (self.line_of(key), self.col_of(key)) if key else (self.line, self.col)
        return Message.at(code, "error", self.path, text, hint, line, col)

    def value_message(self, code: str, text: str, hint: str, key: str) -> Message:
        """A message about a key's value, at the place of the value itself."""
        line, col = self.value_places.get(key, (self.line_of(key), self.col_of(key)))
        return Message.at(code, "error", self.path, text, hint, line, col)


@dataclass
class TomlFile:
    path: Path
    data: dict[str, Any]
    top: Entry
    tables: dict[str, Entry]
    arrays: dict[str, list[Entry]]

    def table(self, name: str) -> Entry | None:
        return self.tables.get(name)

    def array(self, name: str) -> list[Entry]:
        return self.arrays.get(name, [])


def load_toml(path: Path) -> TomlFile:
    """Read and parse a TOML file; a syntax error is an ``EditionError`` with line and column."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise EditionError.single("E201", path, f"cannot read TOML: {error.strerror}",
                                  "check the path and the file's permissions") from error
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        # TOML is UTF-8 (TOML 1.0, "Spec"); say where the first other byte is.
        before = raw[: error.start].decode("utf-8")
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise EditionError.single(
            "E201", path, f"not valid UTF-8: byte 0x{raw[error.start]:02X} at offset "
            f"{error.start}, line {line}, column {col}", "save the file as UTF-8 (TOML files "
            "are always UTF-8)", line, col) from error
    return parse_toml(path, source)


def parse_toml(path: Path, source: str) -> TomlFile:
    """The data of TOML text, each table and key with its place in ``path``."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = POSITION.search(str(error))
        line, col = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        text = POSITION.sub("", str(error)).strip()
        raise EditionError.single(
            "E202", path, f"not valid TOML: {text}",
            "check quotes, brackets and that every key = value is on its own line",
            line, col,
        ) from error
    try:
        statements = _Scanner(source).statements()
        return _index(path, data, statements)
    except _Disagreement as error:
        raise EditionError.single(
            "E208", path, f"the tables and keys of this file could not be placed: {error.text}",
            "nothing was read from the file; report it to the edition developers with the file",
            error.line, error.col) from error


# --- the index: statements and data together ---------------------------------------------


@dataclass
class _Index:
    """What the statements say, built up one statement at a time and compared at the end."""

    path: Path
    data: dict[str, Any]
    tables: dict[str, Entry] = field(default_factory=dict)
    arrays: dict[str, list[Entry]] = field(default_factory=dict)
    # For each table reached by a header: the keys the file gives it, and the table itself.
    expected: dict[Where, set[str]] = field(default_factory=dict)
    nodes: dict[Where, dict[str, Any]] = field(default_factory=dict)
    counts: dict[Where, int] = field(default_factory=dict)
    lists: dict[Where, list[Any]] = field(default_factory=dict)
    lines: dict[Where, tuple[int, int]] = field(default_factory=dict)


def _index(path: Path, data: dict[str, Any], statements: list[Statement]) -> TomlFile:
    """Attach the place of every table and key to the data that tomllib returned."""
    index = _Index(path, data, expected={(): set()}, nodes={(): data}, lines={(): (1, 1)})
    top = current = Entry(path, 1, data)
    where: Where = ()
    names: tuple[str, ...] = ()
    for statement in statements:
        if statement.kind == "key":
            _add_key(index, current, where, names, statement)
            continue
        where, node = _resolve(index, statement)
        # An unknown table is reported where its first header is.
        top.key_lines.setdefault(statement.names[0], statement.line)
        top.key_cols.setdefault(statement.names[0], statement.col)
        current = Entry(path, statement.line, node, col=statement.col)
        names = statement.names
        name = ".".join(names)
        if statement.kind == "array":
            index.arrays.setdefault(name, []).append(current)
            names = ()  # a dotted key inside an array element names no table of the file
        else:
            index.tables[name] = current
        index.expected.setdefault(where, set())
        index.lines[where] = (statement.line, statement.col)
    _compare(index)
    _add_inline(index, top)
    return TomlFile(path, data, top, index.tables, index.arrays)


def _add_key(index: _Index, entry: Entry, where: Where, names: tuple[str, ...],
             statement: Statement) -> None:
    """A ``key = value`` (or ``a.b.c = value``, which also makes the tables a and a.b)."""
    first = statement.names[0]
    if first in entry.key_lines and len(statement.names) == 1:
        raise _Disagreement(f"the key {first!r} twice", statement.line, statement.col)
    entry.key_lines.setdefault(first, statement.line)
    entry.key_cols.setdefault(first, statement.col)
    if len(statement.names) == 1:
        entry.value_places[first] = statement.value
        entry.content_lines[first] = statement.content_line
        entry.quotes[first] = statement.quotes
    index.expected.setdefault(where, set()).add(first)
    if where and not names:  # inside an element of an array of tables
        return
    node: Any = entry.data
    for depth in range(1, len(statement.names)):
        node = node.get(statement.names[depth - 1]) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise _Disagreement(f"the dotted key {'.'.join(statement.names)!r} is no table",
                                statement.line, statement.col)
        name = ".".join((*names, *statement.names[:depth]))
        table = index.tables.setdefault(name, Entry(index.path, statement.line, node,
                                                    col=statement.col))
        table.key_lines.setdefault(statement.names[depth], statement.line)
        table.key_cols.setdefault(statement.names[depth], statement.col)
        if depth == len(statement.names) - 1:
            table.value_places[statement.names[depth]] = statement.value
            table.content_lines[statement.names[depth]] = statement.content_line
            table.quotes[statement.names[depth]] = statement.quotes


def _resolve(index: _Index, statement: Statement) -> tuple[Where, dict[str, Any]]:
    """The table a header names: the data under its dotted name, where an array of tables in
    the way stands for its latest element (TOML 1.0, "Array of Tables")."""
    where: Where = ()
    node: Any = index.data
    for depth, name in enumerate(statement.names):
        index.expected.setdefault(where, set()).add(name)
        if not isinstance(node, dict) or name not in node:
            raise _Disagreement(f"no table {'.'.join(statement.names)!r} in the parsed data",
                                statement.line, statement.col)
        node = node[name]
        where = (*where, name)
        if isinstance(node, list):
            index.lists[where] = node
            if depth == len(statement.names) - 1 and statement.kind == "array":
                number = index.counts.get(where, 0)
                index.counts[where] = number + 1
            else:
                number = index.counts.get(where, 0) - 1
            if not 0 <= number < len(node):
                raise _Disagreement(f"element {number + 1} of {'.'.join(statement.names)!r} is "
                                    "not in the parsed data", statement.line, statement.col)
            node = node[number]
            where = (*where, number)
        elif statement.kind == "array" and depth == len(statement.names) - 1:
            raise _Disagreement(f"[[{'.'.join(statement.names)}]] is not an array of tables",
                                statement.line, statement.col)
        if not isinstance(node, dict):
            raise _Disagreement(f"{'.'.join(statement.names)!r} is not a table",
                                statement.line, statement.col)
        index.nodes[where] = node
    return where, node


def _compare(index: _Index) -> None:
    """Every table has exactly the keys the file was seen to give it, and every array of tables
    as many elements as it has headers: otherwise something would be dropped or misplaced."""
    for where, keys in index.expected.items():
        found = set(index.nodes[where])
        line, col = index.lines.get(where, (1, 1))
        label = ".".join(str(part) for part in where) or "the top level"
        if found - keys:
            raise _Disagreement(f"{label} has keys that were not seen: "
                                f"{', '.join(sorted(found - keys))}", line, col)
        if keys - found:
            raise _Disagreement(f"{label}: keys seen that it does not have: "
                                f"{', '.join(sorted(keys - found))}", line, col)
    for where, count in index.counts.items():
        if len(index.lists[where]) != count:
            raise _Disagreement(f"{len(index.lists[where])} elements of "
                                f"{'.'.join(str(part) for part in where)!r} but {count} headers")


def _add_inline(index: _Index, top: Entry) -> None:
    """Tables and arrays of tables written as values (``text = {…}``, ``note = [{…}, …]``)
    get the place of their key, so that they are read like the others."""
    work = [("", top), *index.tables.items()]
    while work:
        prefix, entry = work.pop()
        for key, value in entry.data.items():
            name = f"{prefix}.{key}" if prefix else key
            place = (entry.line_of(key), entry.col_of(key))
            if isinstance(value, dict) and name not in index.tables:
                index.tables[name] = Entry(index.path, place[0], value, col=place[1])
                work.append((name, index.tables[name]))
            elif (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
                  and name not in index.arrays):
                index.arrays[name] = [Entry(index.path, place[0], v, col=place[1]) for v in value]


# --- the scanner ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """A header (``[a.b]``, ``[[a]]``) or a ``key = value`` line, with where it starts."""

    kind: str               # "table" | "array" | "key"
    names: tuple[str, ...]  # the (dotted) key or header name, unquoted
    line: int
    col: int
    value: tuple[int, int] = (0, 0)   # a key's value: where it starts
    content_line: int = 0             # and the line its text starts on
    quotes: int = 1                   # how many quotes open it (a string's text follows them)


class _Disagreement(Exception):
    def __init__(self, text: str, line: int = 0, col: int = 0) -> None:
        super().__init__(text)
        self.text, self.line, self.col = text, line, col


class _Scanner:
    """Walks TOML text that ``tomllib`` has accepted, noting every header and key.

    Values are skipped, not decoded (``tomllib`` decodes them); what matters is to know exactly
    where each one ends, so that nothing inside a string or a comment is taken for a header.
    """

    def __init__(self, source: str) -> None:
        self.text = source
        self.at = 0
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def peek(self, count: int = 1) -> str:
        return self.text[self.at : self.at + count]

    def fail(self, what: str) -> _Disagreement:
        return _Disagreement(what, *self.place(self.at))

    def statements(self) -> list[Statement]:
        found: list[Statement] = []
        while True:
            self.skip_space(newlines=True)
            if self.at >= len(self.text):
                return found
            found.append(self.statement())
            self.skip_space(newlines=False)
            if self.peek() not in ("", "\n"):
                raise self.fail(f"unexpected {self.peek()!r} after a statement")

    def statement(self) -> Statement:
        line, col = self.place(self.at)
        if self.peek(2) == "[[":
            self.at += 2
            names = self.key()
            self.expect("]]")
            return Statement("array", names, line, col)
        if self.peek() == "[":
            self.at += 1
            names = self.key()
            self.expect("]")
            return Statement("table", names, line, col)
        names = self.key()
        self.expect("=")
        self.skip_space(newlines=False)
        value = self.place(self.at)
        # TOML 1.0, "String": a newline right after the opening quotes is not part of the text.
        opening = self.text[self.at : self.at + 5]
        after_newline = opening[:3] in ('"""', "'''") and opening[3:].lstrip("\r")[:1] == "\n"
        self.value()
        quotes = 3 if opening[:3] in ('"""', "'''") else 1
        return Statement("key", names, line, col, value, value[0] + after_newline, quotes)

    def expect(self, token: str) -> None:
        self.skip_space(newlines=False)
        if self.peek(len(token)) != token:
            raise self.fail(f"expected {token!r}")
        self.at += len(token)

    def skip_space(self, newlines: bool) -> None:
        """Blanks, and comments to the end of their line; line breaks too when ``newlines``."""
        self.at = _end(SPACE_AND_NEWLINES if newlines else SPACE, self.text, self.at)

    def key(self) -> tuple[str, ...]:
        """A simple or dotted key (TOML 1.0, "Keys"); quoted parts are decoded."""
        parts = []
        while True:
            self.skip_space(newlines=False)
            parts.append(self.key_part())
            self.skip_space(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.at += 1

    def key_part(self) -> str:
        start = self.at
        if self.peek() in ('"', "'"):
            self.string()
            quoted = self.text[start : self.at]
            # tomllib decodes the escapes: the scanner only has to find where the key ends.
            return str(tomllib.loads(f"k = {quoted}")["k"])
        bare = BARE_KEY.match(self.text, self.at)
        if bare is None:
            raise self.fail("expected a key")
        self.at = bare.end()
        return bare.group()

    def value(self) -> None:
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.sequence("]", newlines=True)
        elif char == "{":
            self.sequence("}", newlines=False)
        else:
            # Numbers, booleans, dates and times: they end at a separator, a comment or the
            # line's end (a date and time may hold one space: 1979-05-27 07:32:00).
            self.at = _end(SCALAR, self.text, self.at)

    def sequence(self, close: str, newlines: bool) -> None:
        """An array (values, across lines, with comments) or an inline table (key = value)."""
        self.at += 1
        while True:
            self.skip_space(newlines)
            if self.peek() == close:
                self.at += 1
                return
            if close == "}":
                self.key()
                self.expect("=")
                self.skip_space(newlines=False)
            self.value()
            self.skip_space(newlines)
            if self.peek() == ",":
                self.at += 1
            elif self.peek() != close:
                raise self.fail(f"expected ',' or {close!r}")

    def string(self) -> None:
        """Any of TOML's four strings; a basic one knows escapes, a literal one does not."""
        quote = self.peek()
        basic = quote == '"'
        if self.peek(3) == quote * 3:
            self.at += 3
            self.find_end(quote * 3, basic)
            # Up to two quotes may stand just before the closing three (TOML 1.0, "String").
            for _ in range(2):
                if self.peek(4) == quote * 4:
                    self.at += 1
            self.at += 3
            return
        self.at += 1
        self.find_end(quote, basic)
        self.at += 1

    def find_end(self, delimiter: str, basic: bool) -> None:
        """Moves to the delimiter that closes the string (a basic string's escapes skipped)."""
        # A literal string has no escapes: it ends at the first delimiter.
        end = _end(BASIC_BODY[delimiter], self.text, self.at) if basic else \
            self.text.find(delimiter, self.at)
        if end < 0 or not self.text.startswith(delimiter, end):
            raise self.fail("a string that does not end")
        self.at = end


def _end(pattern: re.Pattern[str], text: str, at: int) -> int:
    """Where a match of ``pattern`` (one that may be empty) starting at ``at`` ends."""
    found = pattern.match(text, at)
    return found.end() if found else at


def check_keys(entry: Entry, allowed: set[str] | frozenset[str], what: str) -> list[Message]:
    """An error for every key the format does not know, so a typo is never silently ignored."""
    return [
        entry.message(
            "E203", f"unknown key {key!r} in {what}",
            f"allowed keys: {', '.join(sorted(allowed))}", key,
        )
        for key in entry.data
        if key not in allowed
    ]
