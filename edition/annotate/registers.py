"""Turn ``registers.toml`` into the edition's registers and their TEI lists.

TEI P5 §13.3: persons in ``listPerson/person``, places in ``listPlace/place``, organisations in
``listOrg/org``, events in ``listEvent/event``; each entry is pointed at with ``@ref="#id"``.
A person's surname is marked inside its name (TEI P5 §13.2.1), so that an index can sort and
print it "Marx, Karl".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.annotate.dates import date_problem
from edition.annotate.prose import Pointer, fill_prose, parse_paragraphs, prose_pointers
from edition.annotate.tomlfile import Entry, check_keys, load_toml
from edition.errors import EditionError, Message
from edition.model.tei import Element, make, sub

__all__ = ["KINDS", "Register", "RegisterEntry", "load_registers", "read_registers"]

NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
COMMON = {"id", "name", "forms", "description", "wikidata", "viaf", "geonames"}


@dataclass(frozen=True)
class Kind:
    """How one kind of register entry is written in TEI."""

    key: str            # the TOML array name
    label: str          # for people: "persons"
    list_tag: str       # listPerson
    entry_tag: str      # person
    name_tag: str       # persName (the element that tags a mention in the text)
    # In the order they are written out: a set here made the attribute order, and so the bytes
    # of the build, depend on the process's string hashing (PYTHONHASHSEED).
    dates: tuple[str, ...]
    name_parts: tuple[str, ...] = ()   # the parts of the name an entry may mark: surname


KINDS = {
    "person": Kind("person", "persons", "listPerson", "person", "persName",
                   ("birth", "death"), ("surname",)),
    "place": Kind("place", "places", "listPlace", "place", "placeName", ()),
    "org": Kind("org", "organisations", "listOrg", "org", "orgName", ("from", "to")),
    "event": Kind("event", "events", "listEvent", "event", "name",
                  ("when", "from", "to")),
}
AUTHORITIES = {
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "geonames": "https://www.geonames.org/{}",
}


@dataclass
class RegisterEntry:
    kind: str
    id: str
    name: str
    forms: list[str]
    description: list[Element]
    dates: dict[str, str]
    authorities: dict[str, str]
    path: Path | None = None
    line: int = 0
    surname: str = ""

    @property
    def all_forms(self) -> list[str]:
        return list(dict.fromkeys([self.name, *self.forms]))


@dataclass
class Register:
    entries: dict[str, RegisterEntry] = field(default_factory=dict)
    source: Path | None = None
    pointers: list[Pointer] = field(default_factory=list)   # the names its descriptions point at

    def of_kind(self, kind: str) -> list[RegisterEntry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def get(self, ident: str) -> RegisterEntry | None:
        return self.entries.get(ident)


def load_registers(path: Path) -> Register:
    """Read the registers; every bad entry in the file is reported in one ``EditionError``."""
    register, problems = read_registers(path)
    if problems:
        raise EditionError(problems)
    return register


def read_registers(path: Path) -> tuple[Register, list[Message]]:
    """The entries that could be read, and the problems of the others (returned, not raised, so
    that a build can go on to report the problems of its texts in the same run)."""
    register = Register()
    if not path.is_file():
        return register, []
    try:
        toml = load_toml(path)
    except EditionError as error:
        return register, error.messages
    problems = check_keys(toml.top, set(KINDS), "registers.toml")
    for kind in KINDS.values():
        for entry in toml.array(kind.key):
            problems += _read_entry(entry, kind, register)
            if isinstance(entry.data.get("description"), str):
                register.pointers += prose_pointers(entry.data["description"], entry.path,
                                                    entry.content_line("description"),
                                                    entry.content_col("description"))
    register.source = path
    return register, problems


def _read_entry(entry: Entry, kind: Kind, register: Register) -> list[Message]:
    problems = check_keys(entry, COMMON | set(kind.dates) | set(kind.name_parts),
                          f"[[{kind.key}]]")
    data = entry.data
    ident, name = data.get("id"), data.get("name")
    if not isinstance(ident, str) or not NCNAME.match(ident):
        return [*problems, entry.message("E221", f"[[{kind.key}]] needs an id that is an XML name",
                                         'id = "marx" (letters, digits, "-", "_", "."; '
                                         "not starting with a digit)", "id")]
    if ident in register.entries:
        other = register.entries[ident]
        problems.append(entry.message("E222", f"duplicate register id {ident!r} "
                                      f"(first at line {other.line})", "give each entry its own id",
                                      "id"))
        return problems
    if not isinstance(name, str) or not name.strip():
        problems.append(entry.message("E223", f"register entry {ident!r} has no name",
                                      'name = "…"', "name"))
        return problems
    forms = data.get("forms", [])
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        problems.append(entry.message("E224", "forms must be a list of non-empty strings",
                                      'forms = ["Marx"]', "forms"))
        forms = []
    dates = {key: str(data[key]) for key in kind.dates if key in data}
    for key, value in dates.items():
        wrong = date_problem(value)
        if wrong:
            problems.append(entry.value_message(
                "E225", f"{key} {value!r} {wrong.replace('is not ISO 8601', 'is not an ISO 8601 date')}",
                'e.g. "1818-05-05", "1871-03", "1871", "-0044"', key))
    description: list[Element] = []
    if "description" in data:
        try:
            description = parse_paragraphs(str(data["description"]), entry.path,
                                           entry.content_line("description"))
        except EditionError as error:
            problems += error.messages
    surname = ""
    if "surname" in data and "surname" in kind.name_parts:
        surname, problem = _read_surname(entry, name.strip())
        problems += problem
    authorities = {k: str(data[k]) for k in AUTHORITIES if k in data}
    register.entries[ident] = RegisterEntry(kind.key, ident, name.strip(), forms, description,
                                            dates, authorities, entry.path, entry.line, surname)
    return problems


def _read_surname(entry: Entry, name: str) -> tuple[str, list[Message]]:
    """The person's surname, which must be words of its name (it is marked inside the name)."""
    surname = entry.data["surname"]
    if surname_span(name, surname) is not None:
        return surname.strip(), []
    what = f"{surname!r} is not a word of the name {name!r}" if isinstance(surname, str) else \
        "must be a string"
    return "", [entry.message("E227", f"surname {what}",
                              'write it as the name does: name = "Karl Marx", surname = "Marx"',
                              "surname")]


def surname_span(name: str, surname: object) -> tuple[int, int] | None:
    """Where the surname stands in the name: its last occurrence as whole words ("Marx" in
    "Karl Marx", not in "Marxen"), or None."""
    if not isinstance(surname, str) or not surname.strip():
        return None
    found = list(re.finditer(rf"(?<!\w){re.escape(surname.strip())}(?!\w)", name))
    return found[-1].span() if found else None


def register_lists(register: Register, only: set[str] | None = None) -> list[Element]:
    """The TEI lists of the register (restricted to the ids in ``only`` when given)."""
    lists = []
    for kind in KINDS.values():
        entries = [e for e in register.of_kind(kind.key) if only is None or e.id in only]
        if not entries:
            continue
        container = make(kind.list_tag)
        for entry in entries:
            container.append(entry_element(entry, kind))
        lists.append(container)
    return lists


def entry_element(entry: RegisterEntry, kind: Kind) -> Element:
    """One register entry as TEI; the description goes in ``note`` (persons, places, orgs) or
    ``desc`` (events)."""
    element = make(kind.entry_tag, xml_id=entry.id)
    if kind.key == "event":
        for key, value in entry.dates.items():
            element.set(key, value)
        for scheme, value in entry.authorities.items():
            sub(element, "idno", value, type=scheme)
        sub(element, "label", entry.name)
        _description(element, "desc", entry.description)
        return element
    _mark_surname(sub(element, kind.name_tag, entry.name, type="main"), entry)
    for form in entry.forms:
        if form != entry.name:
            sub(element, kind.name_tag, form, type="variant")
    if kind.key == "person":
        for key in ("birth", "death"):
            if key in entry.dates:
                sub(element, key, when=entry.dates[key])
    if kind.key == "org" and entry.dates:
        # <org> takes no dating attributes (TEI P5 §13.3.3); its dates go in a <desc>.
        desc = sub(element, "desc", type="dates")
        sub(desc, "date", _span_label(entry.dates), **entry.dates)
    for scheme, value in entry.authorities.items():
        sub(element, "idno", value, type=scheme)
    _description(element, "note", entry.description)
    return element


def _mark_surname(name: Element, entry: RegisterEntry) -> None:
    """TEI P5 §13.2.1: ``<persName>Karl <surname>Marx</surname></persName>``; the text of the
    name stays the whole name, nothing lost or added."""
    span = surname_span(entry.name, entry.surname) if entry.surname else None
    if span is None:
        return
    start, end = span
    name.text = entry.name[:start] or None
    sub(name, "surname", entry.name[start:end]).tail = entry.name[end:] or None


def _span_label(dates: dict[str, str]) -> str:
    start, end = dates.get("from", ""), dates.get("to", "")
    if start and end:
        return f"{start}–{end}"
    return f"from {start}" if start else f"until {end}"


def _description(element: Element, tag: str, paragraphs: list[Element]) -> None:
    if not paragraphs:
        return
    holder = sub(element, tag)
    fill_prose(holder, paragraphs)
