"""Turn a text's sidecar (``seeds/<stem>.toml``) into the editor's annotations of that text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.annotate.dates import date_problem
from edition.annotate.prose import Pointer, parse_paragraphs, prose_pointers
from edition.annotate.tomlfile import Entry, check_keys, load_toml
from edition.errors import EditionError, Message
from edition.model.tei import Element

__all__ = ["Annotation", "Sidecar", "TextMeta", "entry_pointers", "load_sidecar", "read_sidecar"]

STRUCTURE_KINDS = frozenset(
    ["title", "head", "p", "byline", "dateline", "salute", "signed", "boilerplate",
     "verse", "stanza", "line", "opener", "address", "postscript", "speaker", "stage", "act",
     "scene"]
)
CERTAINTY = frozenset({"high", "medium", "low", "unknown"})
NOTE_TYPES = frozenset({"explanatory", "historical", "translation", "textual", "contradiction",
                        "attribution", "emendation"})
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

TEXT_KEYS = frozenset(
    ["title", "author", "author_ref", "author_cert", "date", "date_cert", "note", "language"]
)
ARRAY_KEYS = {
    "structure": frozenset({"anchor", "as", "occurrence"}),
    "emendation": frozenset({"sic", "corr", "reason", "occurrence", "cert"}),
    "note": frozenset({"anchor", "text", "type", "occurrence"}),
    "entity": frozenset({"anchor", "ref", "cert", "occurrence"}),
    "language": frozenset({"anchor", "lang", "occurrence"}),
    "date": frozenset({"anchor", "when", "occurrence", "cert"}),
}
REQUIRED = {
    "structure": ("anchor", "as"),
    "emendation": ("sic", "corr", "reason"),
    "note": ("anchor", "text"),
    "entity": ("anchor", "ref"),
    "language": ("anchor", "lang"),
    "date": ("anchor", "when"),
}


@dataclass
class Annotation:
    """One ``[[…]]`` entry of a sidecar: what to find, and what to do with it."""

    kind: str                  # structure | emendation | note | entity | language | date
    anchor: str
    occurrence: int | str | None
    values: dict[str, str]
    prose: list[Element]
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    def error(self, code: str, text: str, hint: str = "") -> Message:
        return Message.at(code, "error", self.path, text, hint, self.line, 1)


@dataclass
class TextMeta:
    title: str = ""
    author: str = ""
    author_ref: str = ""
    author_cert: str = ""
    date: str = ""
    date_cert: str = ""
    language: str = ""
    note: list[Element] = field(default_factory=list)
    # Where each value was written (line, column), so a message about it can point there.
    places: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Sidecar:
    path: Path | None = None
    meta: TextMeta = field(default_factory=TextMeta)
    annotations: list[Annotation] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)   # the names its prose points at

    def of_kind(self, kind: str) -> list[Annotation]:
        return [a for a in self.annotations if a.kind == kind]


def load_sidecar(path: Path) -> Sidecar:
    """Read one sidecar; all its problems are reported together in one ``EditionError``."""
    sidecar, problems = read_sidecar(path)
    if problems:
        raise EditionError(problems)
    return sidecar


def read_sidecar(path: Path) -> tuple[Sidecar, list[Message]]:
    """The sidecar's sound entries, and the problems of the others.

    The sound entries are still placed in the text, so that an anchor that is not found is
    reported in the same run as a typo in another entry; an entry with a problem of its own is
    left out (placing it anyway would only add consequences of that problem).
    """
    if not path.is_file():
        return Sidecar(), []
    try:
        toml = load_toml(path)
    except EditionError as error:
        return Sidecar(path), error.messages
    problems = check_keys(toml.top, {"text", *ARRAY_KEYS}, path.name)
    sidecar = Sidecar(path)
    text = toml.table("text")
    if text is not None:
        problems += _read_meta(text, sidecar.meta)
    for kind in ARRAY_KEYS:
        for entry in toml.array(kind):
            annotation, found = _read_annotation(kind, entry)
            problems += found
            if annotation is not None and not found:
                sidecar.annotations.append(annotation)
    sidecar.pointers = entry_pointers([text] if text else [], "note") + \
        entry_pointers(toml.array("note"), "text") + entry_pointers(toml.array("emendation"), "reason")
    return sidecar, problems


def entry_pointers(entries: list[Entry], key: str) -> list[Pointer]:
    """The register pointers of the prose under ``key`` in each of ``entries``."""
    return [pointer for entry in entries if isinstance(entry.data.get(key), str)
            for pointer in prose_pointers(entry.data[key], entry.path, entry.content_line(key),
                                          entry.content_col(key))]


def _read_meta(entry: Entry, meta: TextMeta) -> list[Message]:
    problems = check_keys(entry, TEXT_KEYS, "[text]")
    for key in TEXT_KEYS - {"note"}:
        value = entry.data.get(key, "")
        if not isinstance(value, str):
            problems.append(entry.message("E204", f"{key} must be a string", f'{key} = "…"', key))
            continue
        setattr(meta, key, value.strip())
        if key in entry.data:
            meta.places[key] = entry.value_places.get(key, (entry.line_of(key), 1))
    for key in ("author_cert", "date_cert"):
        value = getattr(meta, key)
        if value and value not in CERTAINTY:
            problems.append(entry.message("E231", f"{key} must be one of {sorted(CERTAINTY)}",
                                          f'{key} = "medium"', key))
    wrong = date_problem(meta.date) if meta.date else None
    if wrong:
        problems.append(entry.value_message("E205", f"date {meta.date!r} {wrong}",
                                            'date = "2021-03-27" (or "2021-03", "2021")', "date"))
    if meta.language and not LANG.match(meta.language):
        problems.append(entry.message("E206", f"language {meta.language!r} is not a BCP 47 tag",
                                      'language = "fr"', "language"))
    if "note" in entry.data:
        try:
            meta.note = parse_paragraphs(str(entry.data["note"]), entry.path, entry.content_line("note"))
        except EditionError as error:
            problems += error.messages
    return problems


def _read_annotation(kind: str, entry: Entry) -> tuple[Annotation | None, list[Message]]:
    problems = check_keys(entry, ARRAY_KEYS[kind], f"[[{kind}]]")
    data = entry.data
    missing = [key for key in REQUIRED[kind] if not isinstance(data.get(key), str) or
               not data[key].strip()]
    if missing:
        problems.append(entry.message(
            "E232", f"[[{kind}]] needs {' and '.join(missing)}",
            " ; ".join(f'{key} = "…"' for key in missing), missing[0]))
        return None, problems
    occurrence = data.get("occurrence")
    # TOML's true is a Python int (bool is a subclass): it must not pass for occurrence = 1.
    if occurrence is not None and not (
        (isinstance(occurrence, int) and not isinstance(occurrence, bool) and occurrence >= 1)
        or occurrence == "all"
    ):
        problems.append(entry.message("E233", "occurrence must be a number from 1, or \"all\"",
                                      "occurrence = 2", "occurrence"))
        occurrence = None
    values = {k: str(v) for k, v in data.items() if k not in {"occurrence", "text", "reason"}}
    problems += _check_values(kind, entry, values)
    prose: list[Element] = []
    text_key = {"note": "text", "emendation": "reason"}.get(kind)
    if text_key:
        try:
            prose = parse_paragraphs(data[text_key], entry.path, entry.content_line(text_key))
        except EditionError as error:
            problems += error.messages
    anchor = values.get("anchor") or values.get("sic", "")
    return Annotation(kind, anchor, occurrence, values, prose, entry.path, entry.line), problems


def _check_values(kind: str, entry: Entry, values: dict[str, str]) -> list[Message]:
    problems = []
    if kind == "structure" and values["as"] not in STRUCTURE_KINDS:
        problems.append(entry.message("E234", f"unknown structure {values['as']!r}",
                                      f"as = one of {', '.join(sorted(STRUCTURE_KINDS))}", "as"))
    if kind == "note" and values.get("type", "explanatory") not in NOTE_TYPES:
        problems.append(entry.message("E235", f"unknown note type {values['type']!r}",
                                      f"type = one of {', '.join(sorted(NOTE_TYPES))}", "type"))
    if kind == "language" and not LANG.match(values["lang"]):
        problems.append(entry.message("E206", f"lang {values['lang']!r} is not a BCP 47 tag",
                                      'lang = "fr"', "lang"))
    wrong = date_problem(values["when"]) if kind == "date" else None
    if wrong:
        problems.append(entry.value_message("E205", f"when {values['when']!r} {wrong}",
                                            'when = "1871-03-18"', "when"))
    if "cert" in values and values["cert"] not in CERTAINTY:
        problems.append(entry.message("E231", f"cert must be one of {sorted(CERTAINTY)}",
                                      'cert = "medium"', "cert"))
    if kind == "emendation" and values["sic"] == values["corr"]:
        problems.append(entry.message("E236", "the correction is the same as the source reading",
                                      "remove the entry or fix corr", "corr"))
    return problems
