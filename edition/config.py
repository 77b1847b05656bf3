"""Turn ``edition.toml`` (or its absence) into the edition's metadata and paths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.annotate.dates import date_problem
from edition.annotate.prose import Pointer, parse_paragraphs, prose_pointers
from edition.annotate.tomlfile import Entry, TomlFile, check_keys, load_toml
from edition.dates import source_date_epoch
from edition.errors import EditionError, Message
from edition.model.tei import Element

__all__ = ["Config", "Editor", "Gap", "load_config"]

CONFIG_NAME = "edition.toml"
REGISTERS_NAME = "registers.toml"
TOP_KEYS = frozenset(
    [
        "title", "subtitle", "language", "date", "publisher", "pub_place", "licence", "licence_url",
        "subjects", "identifier", "certifier", "introduction", "principles", "editorial", "editor", "gap"
    ]
)
EDITORIAL_KEYS = frozenset(
    ["correction", "normalization", "hyphenation", "quotation", "segmentation", "interpretation"]
)
EDITOR_KEYS = frozenset({"id", "name", "role"})
GAP_KEYS = frozenset({"number", "note"})
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Editor:
    id: str
    name: str
    role: str = "editor"


@dataclass(frozen=True)
class Gap:
    number: str
    note: list[Element]


@dataclass
class Config:
    """The edition-wide metadata; every field has a default so a bare folder of texts builds."""

    seeds: Path
    title: str = "Untitled edition"
    subtitle: str = ""
    language: str = "en"
    date: str = ""
    publisher: str = ""
    pub_place: str = ""
    licence: str = ""
    licence_url: str = ""
    identifier: str = ""
    certifier: str = ""          # who evaluated the EPUB's accessibility (a11y:certifiedBy)
    subjects: list[str] = field(default_factory=list)
    introduction: list[Element] = field(default_factory=list)
    principles: list[Element] = field(default_factory=list)
    editorial: dict[str, list[Element]] = field(default_factory=dict)
    editors: list[Editor] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    source: Path | None = None
    warnings: list[Message] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)   # the names its prose points at

    @property
    def resp(self) -> str:
        """The id that editorial interventions point to with ``@resp``."""
        return self.editors[0].id if self.editors else "ed"

    @property
    def editor_list(self) -> list[Editor]:
        return self.editors or [Editor("ed", "The editor", "editor")]

    def build_date(self) -> str:
        """The edition's date as ISO 8601: ``SOURCE_DATE_EPOCH`` wins, then ``date``; never the clock."""
        epoch = source_date_epoch()
        return epoch.strftime("%Y-%m-%d") if epoch is not None else self.date or "1970-01-01"


def load_config(seeds: Path) -> Config:
    """Read ``seeds/edition.toml`` if there is one; all problems are reported together."""
    path = seeds / CONFIG_NAME
    config = Config(seeds=seeds)
    if not path.is_file():
        return config
    toml = load_toml(path)
    problems = check_keys(toml.top, TOP_KEYS, "edition.toml")
    problems += _read_scalars(toml, config)
    problems += _read_editorial(toml, config)
    problems += _read_editors(toml, config)
    problems += _read_gaps(toml, config)
    if problems:
        raise EditionError(problems)
    config.source = path
    config.pointers = _pointers(toml)
    return config


def _pointers(toml: TomlFile) -> list[Pointer]:
    """The register pointers of every piece of prose in ``edition.toml``."""
    places = [(toml.top, key) for key in ("introduction", "principles")]
    editorial = toml.table("editorial")
    places += [(editorial, key) for key in sorted(EDITORIAL_KEYS)] if editorial else []
    places += [(gap, "note") for gap in toml.array("gap")]
    return [pointer for entry, key in places if isinstance(entry.data.get(key), str)
            for pointer in prose_pointers(entry.data[key], toml.path, entry.content_line(key),
                                          entry.content_col(key))]


def _string(entry: Entry, key: str, problems: list[Message]) -> str:
    value = entry.data.get(key, "")
    if not isinstance(value, str):
        problems.append(entry.message("E204", f"{key} must be a string", f'{key} = "…"', key))
        return ""
    return value


def _read_scalars(toml: TomlFile, config: Config) -> list[Message]:
    problems: list[Message] = []
    top = toml.top
    for key in ("title", "subtitle", "language", "date", "publisher", "pub_place", "licence",
                "licence_url", "identifier", "certifier"):
        if key in top.data:
            setattr(config, key, _string(top, key, problems))
    wrong = date_problem(config.date, before_common_era=False) if "date" in top.data else None
    if wrong:
        problems.append(top.value_message("E205", f"date {config.date!r} {wrong}",
                                          'write date = "2026-11-26" (or "2026-11", "2026")', "date"))
    if not LANG.match(config.language):
        problems.append(top.message("E206", f"language {config.language!r} is not a BCP 47 tag",
                                    'e.g. language = "en" or "fr"', "language"))
    subjects = top.data.get("subjects", [])
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        problems.append(top.message("E204", "subjects must be a list of strings",
                                    'subjects = ["…", "…"]', "subjects"))
    else:
        config.subjects = subjects
    for key in ("introduction", "principles"):
        if key in top.data:
            text = _string(top, key, problems)
            setattr(config, key, _prose(text, toml.path, top.content_line(key), problems))
    return problems


def _prose(text: str, path: Path, line: int, problems: list[Message]) -> list[Element]:
    try:
        return parse_paragraphs(text, path, line)
    except EditionError as error:
        problems.extend(error.messages)
        return []


def _read_editorial(toml: TomlFile, config: Config) -> list[Message]:
    entry = toml.table("editorial")
    if entry is None:
        return []
    problems = check_keys(entry, EDITORIAL_KEYS, "[editorial]")
    for key in EDITORIAL_KEYS & entry.data.keys():
        text = _string(entry, key, problems)
        config.editorial[key] = _prose(text, toml.path, entry.content_line(key), problems)
    return problems


def _read_editors(toml: TomlFile, config: Config) -> list[Message]:
    problems: list[Message] = []
    for entry in toml.array("editor"):
        problems += check_keys(entry, EDITOR_KEYS, "[[editor]]")
        ident, name = _string(entry, "id", problems), _string(entry, "name", problems)
        if not ident or not name:
            problems.append(entry.message("E207", "an editor needs an id and a name",
                                          'id = "ed"\nname = "…"'))
            continue
        config.editors.append(Editor(ident, name, _string(entry, "role", problems) or "editor"))
    return problems


def _read_gaps(toml: TomlFile, config: Config) -> list[Message]:
    problems: list[Message] = []
    for entry in toml.array("gap"):
        problems += check_keys(entry, GAP_KEYS, "[[gap]]")
        number = _string(entry, "number", problems)
        note = _prose(_string(entry, "note", problems), toml.path, entry.content_line("note"), problems)
        config.gaps.append(Gap(number, note))
    return problems
