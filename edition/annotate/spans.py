"""Turn a text's annotations (the editor's sidecar and the automatic layer) into spans on its blocks.

The editor's annotations are placed first and must agree with each other; an overlap that cannot
nest is an error naming both. The automatic layer then fills in where it does not collide.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from edition.annotate.auto import NameFinder, find_dates, find_french
from edition.annotate.prose import fill_prose
from edition.annotate.registers import KINDS, Register
from edition.annotate.sidecar import Annotation, Sidecar
from edition.errors import Message
from edition.model.inline import Insert, Wrap
from edition.model.tei import Element, make, sub
from edition.readers.structure import Block

__all__ = ["AUTO_RESP", "BlockSpans", "TextSpans", "apply_structure", "collect_spans"]

AUTO_RESP = "resp-auto"
# Rank decides nesting when two spans cover the same text: the higher is outside.
RANK = {"date": 1, "entity": 2, "language": 3, "emendation": 4}


BUCKET = 64   # characters: the automatic layer's spans (names, dates, phrases) are shorter


@dataclass
class BlockSpans:
    """The spans of one block, with an index of the wraps by position.

    Every new span is checked against those that share text with it; looking only there, not
    at every span of the block, keeps a block with many spans (a multi-megabyte line full of
    dates) linear instead of quadratic. Short wraps are filed by the bucket their start is in;
    the few long ones (an editor's emendation of a whole sentence) are always looked at.
    """

    wraps: list[Wrap] = field(default_factory=list)
    inserts: list[Insert] = field(default_factory=list)
    short: dict[int, list[tuple[int, Wrap]]] = field(default_factory=dict, repr=False)
    long: list[tuple[int, Wrap]] = field(default_factory=list, repr=False)

    def add_wrap(self, wrap: Wrap) -> None:
        entry = (len(self.wraps), wrap)
        self.wraps.append(wrap)
        if wrap.length > BUCKET:
            self.long.append(entry)
        else:
            self.short.setdefault(wrap.start // BUCKET, []).append(entry)

    def near(self, start: int, end: int) -> list[Wrap]:
        """The wraps that share text with ``[start, end)`` or touch it, in the order they were
        added; any other wrap lies apart from it, and spans that lie apart always nest."""
        found = [entry for entry in self.long if entry[1].start <= end and start <= entry[1].end]
        for bucket in range((start - BUCKET) // BUCKET, end // BUCKET + 1):
            found += [entry for entry in self.short.get(bucket, ())
                      if entry[1].start <= end and start <= entry[1].end]
        return [wrap for _, wrap in sorted(found, key=lambda entry: entry[0])]


@dataclass
class TextSpans:
    blocks: dict[int, BlockSpans] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def of(self, index: int) -> BlockSpans:
        return self.blocks.setdefault(index, BlockSpans())


@dataclass(frozen=True)
class Match:
    block: int
    start: int
    end: int


def anchor_pattern(anchor: str) -> re.Pattern[str]:
    """The anchor as written, any run of white space matching any white space, whole words only."""
    parts = [re.escape(p) for p in anchor.split()]
    body = r"\s+".join(parts)
    before = r"(?<![\w])" if re.match(r"\w", anchor.strip()) else ""
    after = r"(?![\w])" if re.search(r"\w$", anchor.strip()) else ""
    return re.compile(before + body + after)


def find_anchor(blocks: Sequence[Block], anchor: str) -> list[Match]:
    pattern = anchor_pattern(anchor)
    return [
        Match(block.index, m.start(), m.end())
        for block in blocks
        for m in pattern.finditer(block.text)
    ]


def select(annotation: Annotation, matches: list[Match], blocks: Sequence[Block]) -> list[Match] | Message:
    """The matches an annotation means, or the error that says why it cannot be placed."""
    sought = annotation.anchor
    if not matches:
        return annotation.error("E241", f"anchor {sought!r} not found in the text"
                                f"{_near_miss(sought, blocks)}",
                                "copy the anchor from the source exactly (quotes, apostrophes, case)")
    occurrence = annotation.occurrence
    if occurrence == "all":
        return matches
    lines = ", ".join(str(_line_of(blocks, m)) for m in matches[:8])
    if occurrence is None:
        if len(matches) > 1:
            return annotation.error(
                "E242", f"anchor {sought!r} found {len(matches)} times (source lines {lines})",
                f"add occurrence = 1 … {len(matches)} (or \"all\" for an identification)")
        return matches
    assert isinstance(occurrence, int)
    if occurrence > len(matches):
        return annotation.error(
            "E243", f"occurrence {occurrence} of {sought!r} asked for, but it is found "
            f"{len(matches)} time{'s' if len(matches) > 1 else ''} (source lines {lines})",
            f"use occurrence = 1 … {len(matches)}")
    return [matches[occurrence - 1]]


def _line_of(blocks: Sequence[Block], match: Match) -> int:
    block = blocks[match.block]
    return block.line + block.text.count("\n", 0, match.start)


def _near_miss(sought: str, blocks: Sequence[Block]) -> str:
    """Say what is in the text instead: the anchor inside a longer word, or the same words in
    another case or with other quotes."""
    inside = re.compile(r"\s+".join(re.escape(part) for part in sought.split()))
    for block in blocks:
        if inside.search(block.text):
            return (f"; it is there at source line {block.line}, but only inside a word (an "
                    "anchor begins and ends at word boundaries)")
    folded = _fold(sought)
    for block in blocks:
        index = _fold(block.text).find(folded)
        if index >= 0:
            found = block.text[index : index + len(sought)]
            return f"; the text has {found!r} at source line {block.line}"
    return ""


def _fold(text: str) -> str:
    return " ".join(text.casefold().translate(QUOTES).split())


QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def apply_structure(blocks: Sequence[Block], sidecar: Sidecar) -> list[Message]:
    """Force the kinds the editor set; the anchor is the start of the block (``occurrence``
    counts the blocks that start with it)."""
    problems = []
    for annotation in sidecar.of_kind("structure"):
        pattern = anchor_pattern(annotation.anchor)
        starts = [Match(b.index, 0, m.end()) for b in blocks if (m := pattern.match(b.text))]
        if not starts:
            problems.append(annotation.error(
                "E245", f"structure anchor {annotation.anchor!r} does not start any block"
                f"{_near_miss(annotation.anchor, blocks)}",
                "give the first words of the block (paragraph, heading or line) as written"))
            continue
        selected = select(annotation, starts, blocks)
        if isinstance(selected, Message):
            problems.append(selected)
            continue
        for match in selected:
            blocks[match.block].kind = annotation.values["as"]
            blocks[match.block].forced = True
    return problems


@dataclass
class Context:
    """What every span builder needs: the registers, who is responsible, where messages go."""

    register: Register
    resp: str
    text_id: str
    spans: TextSpans
    blocks: Sequence[Block]


def collect_spans(blocks: Sequence[Block], sidecar: Sidecar, register: Register, resp: str,
                  text_id: str, finder: NameFinder | None = None,
                  french: bool = True) -> TextSpans:
    """Every span of one text: the editor's first (errors for what does not fit), then automatic."""
    context = Context(register, resp, text_id, TextSpans(), blocks)
    for annotation in sidecar.annotations:
        if annotation.kind != "structure":
            _place(annotation, context)
    _add_automatic(context, finder or name_finder(register), french)
    return context.spans


def _place(annotation: Annotation, context: Context) -> None:
    selected = select(annotation, find_anchor(context.blocks, annotation.anchor), context.blocks)
    if isinstance(selected, Message):
        context.spans.messages.append(selected)
        return
    builder = BUILDERS[annotation.kind]
    for match in selected:
        for span in builder(annotation, match, context):
            if not _accept(span, match.block, annotation, context):
                return
    context.spans.counts[annotation.kind] = context.spans.counts.get(annotation.kind, 0) + len(selected)


def _accept(span: Wrap | Insert, block: int, annotation: Annotation, context: Context) -> bool:
    spans = context.spans.of(block)
    conflict = _conflict(span, spans)
    if conflict is not None:
        label, origin = conflict
        where = origin.where() if isinstance(origin, Annotation) else "the automatic layer"
        context.spans.messages.append(annotation.error(
            "E246", f"{span.label} overlaps {label} ({where}) and cannot nest with it",
            "make one anchor contain the other, or move one of them"))
        return False
    if isinstance(span, Wrap):
        spans.add_wrap(span)
    else:
        spans.inserts.append(span)
    return True


def _conflict(span: Wrap | Insert, spans: BlockSpans) -> tuple[str, object] | None:
    """The span that ``span`` cannot nest with, as (label, origin); a note may not fall inside
    an emendation, where it would sit in the hidden source reading."""
    emendation = RANK["emendation"]
    if isinstance(span, Insert):
        for wrap in spans.near(span.offset, span.offset):
            if wrap.rank == emendation and wrap.start < span.offset < wrap.end:
                return wrap.label, wrap.origin
        return None
    for wrap in spans.near(span.start, span.end):
        if not _nests(span, wrap):
            return wrap.label, wrap.origin
    if span.rank == emendation:
        for insert in spans.inserts:
            if span.start < insert.offset < span.end:
                return insert.label, insert.origin
    return None


def _nests(a: Wrap, b: Wrap) -> bool:
    """Two spans can both be in the tree: apart, or one inside the other (not the same kind
    over the same text)."""
    if a.end <= b.start or b.end <= a.start:
        return True
    if (a.start, a.end) == (b.start, b.end):
        return a.rank != b.rank
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _entity(annotation: Annotation, match: Match, context: Context) -> list[Wrap]:
    ident = annotation.values["ref"].removeprefix("#")
    entry = context.register.get(ident)
    if entry is None:
        context.spans.messages.append(annotation.error(
            "E244", f"ref {ident!r} is not in the registers",
            "add it to registers.toml or correct the id"))
        return []
    tag = KINDS[entry.kind].name_tag
    attrs = {"ref": f"#{ident}", "resp": f"#{context.resp}", "cert": annotation.values.get("cert")}
    if entry.kind == "event":
        attrs["type"] = "event"
    return [Wrap(match.start, match.end, _element(tag, attrs), RANK["entity"], annotation,
                 f"<{tag} ref=#{ident}> on {annotation.anchor!r}")]


def _language(annotation: Annotation, match: Match, context: Context) -> list[Wrap]:
    lang = annotation.values["lang"]
    return [Wrap(match.start, match.end,
                 _element("foreign", {"xml_lang": lang, "resp": f"#{context.resp}"}),
                 RANK["language"], annotation, f"<foreign xml:lang={lang}> on {annotation.anchor!r}")]


def _date(annotation: Annotation, match: Match, context: Context) -> list[Wrap]:
    when = annotation.values["when"]
    attrs = {"when": when, "resp": f"#{context.resp}", "cert": annotation.values.get("cert")}
    return [Wrap(match.start, match.end, _element("date", attrs), RANK["date"], annotation,
                 f"<date when={when}> on {annotation.anchor!r}")]


def _emendation(annotation: Annotation, match: Match, context: Context) -> list[Wrap | Insert]:
    """TEI P5 §3.5.1: the source reading in <sic>, the correction in <corr>, both in <choice>;
    the reason follows as a note of type "emendation" (it renders in the apparatus)."""
    resp, corr = f"#{context.resp}", annotation.values["corr"]
    cert, prose = annotation.values.get("cert"), annotation.prose

    def build() -> tuple[Element, Element]:
        choice = make("choice")
        sic = sub(choice, "sic")
        sub(choice, "corr", corr, resp=resp, cert=cert)
        return choice, sic

    def reason() -> Element:
        return fill_prose(make("note", type="emendation", resp=resp, place="foot"), prose)

    return [
        Wrap(match.start, match.end, build, RANK["emendation"], annotation,
             f"emendation {annotation.anchor!r} → {corr!r}"),
        Insert(match.end, reason, annotation, f"reason for {annotation.anchor!r}", order=-1),
    ]


def _note(annotation: Annotation, match: Match, context: Context) -> list[Insert]:
    kind, resp, prose = annotation.values.get("type", "explanatory"), f"#{context.resp}", annotation.prose

    def build() -> Element:
        return fill_prose(make("note", type=kind, resp=resp, place="foot"), prose)

    return [Insert(match.end, build, annotation, f"note on {annotation.anchor!r}")]


def _element(tag: str, attrs: dict[str, str | None]) -> Callable[[], tuple[Element, Element]]:
    def build() -> tuple[Element, Element]:
        element = make(tag, **attrs)
        return element, element

    return build


BUILDERS: dict[str, Callable[[Annotation, Match, Context], Sequence[Wrap | Insert]]] = {
    "entity": _entity,
    "language": _language,
    "date": _date,
    "emendation": _emendation,
    "note": _note,
}


def name_finder(register: Register) -> NameFinder:
    return NameFinder((form, entry.id) for entry in register.entries.values()
                      for form in entry.all_forms)


def _add_automatic(context: Context, finder: NameFinder, french: bool) -> None:
    """Tag what the editor has not: registered names, dates, French; never across a conflict."""
    register = context.register
    resp = f"#{AUTO_RESP}"
    for block in context.blocks:
        spans = context.spans.of(block.index)
        candidates: list[Wrap] = []
        for find in finder.find(block.text):
            entry = register.entries[find.value]
            tag = KINDS[entry.kind].name_tag
            attrs = {"ref": f"#{entry.id}", "resp": resp,
                     "type": "event" if entry.kind == "event" else None}
            candidates.append(Wrap(find.start, find.end, _element(tag, attrs), RANK["entity"],
                                   None, f"<{tag} ref=#{entry.id}>"))
        for find in find_dates(block.text):
            candidates.append(Wrap(find.start, find.end,
                                   _element("date", {"when": find.value, "resp": resp}),
                                   RANK["date"], None, f"<date when={find.value}>"))
        if french:
            for find in find_french(block.text):
                candidates.append(Wrap(find.start, find.end,
                                       _element("foreign", {"xml_lang": "fr", "resp": resp}),
                                       RANK["language"], None, "<foreign xml:lang=fr>"))
        candidates.sort(key=lambda w: (-w.length, w.start))
        for wrap in candidates:
            if wrap.rank == RANK["language"] and _within_editors(wrap, spans):
                continue
            if _conflict(wrap, spans) is None and not _duplicate(wrap, spans):
                spans.add_wrap(wrap)
                key = f"auto-{wrap.label.split()[0].strip('<>')}"
                context.spans.counts[key] = context.spans.counts.get(key, 0) + 1


def _within_editors(wrap: Wrap, spans: BlockSpans) -> bool:
    """The automatic language layer keeps out of the editor's annotations: it never tags text
    that an editor's ``[[language]]`` span touches, nor text inside (or across) any other span
    of the editor; it may hold a whole one (a name the editor tagged in a French phrase)."""
    for other in spans.near(wrap.start, wrap.end):
        if other.origin is None or other.end <= wrap.start or wrap.end <= other.start:
            continue
        if other.rank == RANK["language"]:
            return True
        if not (wrap.start <= other.start and other.end <= wrap.end):
            return True
    return False


def _duplicate(wrap: Wrap, spans: BlockSpans) -> bool:
    """The editor already said this: the same kind of span over the same text."""
    return any(
        other.rank == wrap.rank and (other.start, other.end) == (wrap.start, wrap.end)
        for other in spans.near(wrap.start, wrap.end)
    )
