"""Turn a TOML file into data that remembers the line of every table and key, for messages."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edition.errors import EditionError, Message

__all__ = ["Entry", "TomlFile", "load_toml"]

HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
TRIPLE = re.compile(r'"""|\'\'\'')
POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Entry:
    """One table of a TOML file (the top level, a ``[table]`` or one ``[[array]]`` element)."""

    path: Path
    line: int
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def message(self, code: str, text: str, hint: str = "", key: str = "") -> Message:
        return Message.at(code, "error", self.path, text, hint, self.line_of(key) if key else self.line, 1)


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
    return _index(path, source, data)


def _index(path: Path, source: str, data: dict[str, Any]) -> TomlFile:
    """Attach line numbers to the tables and arrays of tables that tomllib returned."""
    top = Entry(path, 1, data)
    tables: dict[str, Entry] = {}
    arrays: dict[str, list[Entry]] = defaultdict(list)
    current = top
    in_string = False
    for number, text in enumerate(source.splitlines(), start=1):
        if in_string:
            in_string = len(TRIPLE.findall(text)) % 2 == 0
            continue
        header = HEADER.match(text)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                items = _lookup(data, name)
                index = len(arrays[name])
                item = items[index] if isinstance(items, list) and index < len(items) else {}
                current = Entry(path, number, item)
                arrays[name].append(current)
            else:
                table = _lookup(data, name)
                current = Entry(path, number, table if isinstance(table, dict) else {})
                tables[name] = current
            continue
        key = KEY.match(text)
        if key:
            current.key_lines.setdefault(key.group(1).strip('"'), number)
        if len(TRIPLE.findall(text)) % 2 == 1:
            in_string = True
    # Arrays written inline (key = [ {…}, … ]) get the line of their key.
    for name, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and name not in arrays:
            line = top.line_of(name)
            arrays[name] = [Entry(path, line, item) for item in value]
    return TomlFile(path, data, top, tables, dict(arrays))


def _lookup(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if isinstance(value, list):
            value = value[-1] if value else {}
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


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
