"""Turn classified blocks and their spans into the TEI ``<text>`` of one source.

The layout follows TEI P5 §4: ``fw`` for web-page furniture, the title as the body's ``head``,
``byline``/``dateline`` under it, sections as ``div`` with their ``head``, a letter's ``opener``
and ``closer`` (§4.2) and ``postscript``; verse as ``lg``/``l`` (ch. 6), drama as ``div`` for acts
and scenes, ``sp``/``speaker`` and ``stage`` (ch. 7).

Every character of the source is kept in the ``<text>``, in source order: the white space between
blocks and between lines as the tails of the elements (``xml:space="preserve"``), so that the
source's text is the concatenation of the text nodes (``edition.model.reading.source_text``).
What the structure inference decided carries the automatic layer's ``@resp``.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from edition.errors import Message
from edition.model.inline import Insert, Wrap, fill_inline
from edition.model.tei import Element, is_tei, make, sub
from edition.readers import forms
from edition.readers.header import AUTO_RESP
from edition.readers.structure import Block

__all__ = ["Layout", "encode_text", "place_gaps", "split_gap"]

CLOSER_KINDS = ("salute", "dateline", "signed")
OPENER_KINDS = ("dateline", "address", "salute", "opener")
TOP_KINDS = ("byline", "dateline")
VERSE_KINDS = ("verse", "stanza", "line")
BROKEN_KINDS = ("head", "title", "byline", "dateline", "salute", "signed", "stage")
TAGS = {"p": "p", "head": "head", "title": "head", "byline": "byline", "dateline": "dateline",
        "salute": "salute", "signed": "signed", "boilerplate": "fw", "stage": "stage",
        "opener": "opener"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_WHITE = frozenset(" \t\r\n")     # XML 1.0 §2.3 S: the only white space element content may hold
Spans = Mapping[int, tuple[list[Wrap], list[Insert]]]
Piece = tuple[str, int, int, dict[str, str]]     # tag, range of the block's text, attributes


@dataclass
class Placed:
    """Where a block went: its first and last elements holding text (for the gaps around it)."""

    first: Element
    last: Element


@dataclass
class Layout:
    """The encoded text, the block that gave its title, and what had to be decided."""

    text: Element
    title_block: Block | None = None
    warnings: list[Message] = field(default_factory=list)
    placed: dict[int, Placed] = field(default_factory=dict)


@dataclass
class State:
    """What the layout of one text is building: the containers open at the current block."""

    spans: Spans
    path: str
    resp: str
    body: Element
    container: Element
    act: Element | None = None
    speech: Element | None = None
    verse: Element | None = None          # the lg the last verse block went into
    verse_parent: Element | None = None   # where its stanzas go
    line_number: int = 0
    started: bool = False
    placed: dict[int, Placed] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)


def encode_text(blocks: Sequence[Block], spans: Spans, language: str,
                supplied_title: Element | None = None, path: str = "",
                resp: str = "ed") -> Layout:
    """The ``<text>`` of one source; ``supplied_title`` (a ``<supplied>``) heads an untitled one.

    ``resp`` is the editor's id, for the structures set in the sidecar. The white space between
    the blocks is put back afterwards, by ``place_gaps``.
    """
    layout = _layout(blocks, spans, language, supplied_title, path, resp)
    body = layout.text[0]
    if not any(is_tei(child, "p", "div", "lg", "sp", "quote") for child in body):
        # TEI P5 §4: a body needs prose or divisions. A text that is only a title, furniture
        # or closing lines is encoded as plain paragraphs instead.
        for block in blocks:
            block.kind = "p"
        plain = _layout(blocks, spans, language, supplied_title, path, resp)
        plain.warnings.append(Message.at(
            "W032", "warning", path, "the text has no paragraph; its blocks are encoded as "
            "paragraphs", "nothing to do unless a structure override was meant", 1, 1))
        return plain
    return layout


def place_gaps(layout: Layout, blocks: Sequence[Block], gaps: Sequence[str]) -> None:
    """Put the white space around the blocks (``Source.gaps``) back between their elements."""
    body = layout.text[0]
    placed = layout.placed
    for position, gap in enumerate(gaps):
        before = placed[blocks[position - 1].index] if position > 0 else None
        after = placed[blocks[position].index] if position < len(blocks) else None
        into_before, tail, into_after = split_gap(gap, before is not None, after is not None)
        if before is not None:
            _append_text(before.last, into_before)
            holder = _tail_holder(before.last, body, after.first if after else None)
            holder.tail = (holder.tail or "") + tail
        else:
            body.text = (body.text or "") + tail
        if after is not None and into_after:
            after.first.text = into_after + (after.first.text or "")


def split_gap(gap: str, before: bool = True, after: bool = True) -> tuple[str, str, str]:
    """White space between two elements as (end of the one before, tail, start of the one after).

    The tail may only hold XML's white space (element content, XML 1.0 §3.2.1); other white
    space (a no-break space, an ideographic space) goes into the text of the line it belongs to:
    before the first line break to the line before, after it to the line after.
    """
    if set(gap) <= XML_WHITE:
        return "", gap, ""
    if not before:
        i = _first_not_white(gap)
        return "", gap[:i], gap[i:]
    if not after:
        j = len(gap.rstrip("".join(XML_WHITE)))
        return gap[:j], gap[j:], ""
    breaks = [i for i in (gap.find("\r"), gap.find("\n")) if i >= 0]
    split = min(breaks) if breaks else len(gap)
    left, right = gap[:split], gap[split:]
    into_before, tail = ("", left) if set(left) <= XML_WHITE else (left, "")
    k = _first_not_white(right)
    return into_before, tail + right[:k], right[k:]


def _first_not_white(text: str) -> int:
    return next((i for i, c in enumerate(text) if c not in XML_WHITE), len(text))


def _tail_holder(last: Element, body: Element, following: Element | None) -> Element:
    """The outermost element that ends with ``last`` and holds nothing of the next block."""
    holder = last
    while True:
        parent = holder.getparent()
        if parent is None or parent is body or parent[-1] is not holder:
            return holder
        if following is not None and any(e is following for e in parent.iter()):
            return holder
        holder = parent


def _layout(blocks: Sequence[Block], spans: Spans, language: str,
            supplied_title: Element | None, path: str, resp: str) -> Layout:
    layout = Layout(make("text", xml_lang=language))
    layout.text.set(XML_SPACE, "preserve")
    body = sub(layout.text, "body")
    state = State(spans, path, resp, body, body)
    closer_start = _closer_start(blocks)
    opener = _opener_blocks(blocks)
    verse_play = any(b.kind == "speaker" and _speech_in_verse(b) for b in blocks)
    prose = any(b.kind == "p" for b in blocks)
    opened = False
    for position, block in enumerate(blocks):
        kind = block.kind
        if kind != "line" and kind != "speaker" and not (kind in ("p", "verse") and state.speech is not None):
            state.speech = None
        if kind not in VERSE_KINDS:
            state.verse = None
        if position >= closer_start:
            _closing(state, block)
            continue
        if kind == "boilerplate":
            _simple(state, state.container, "boilerplate", block)
            continue
        if not opened:
            opened = True
            if kind == "title":
                layout.title_block = block
                _simple(state, body, "head", block)
                continue
            if supplied_title is not None:
                sub(body, "head").append(copy.deepcopy(supplied_title))
        _place(state, block, position in opener, verse_play, prose)
    if supplied_title is not None and not opened:
        sub(body, "head").append(copy.deepcopy(supplied_title))
    layout.warnings += state.messages
    layout.placed = state.placed
    return layout


def _place(state: State, block: Block, in_opener: bool, verse_play: bool, prose: bool) -> None:
    """One block that is neither the title nor part of the closing run."""
    kind = block.kind
    if kind in ("title", "head"):
        state.container, state.started = sub(state.body, "div", type="section"), False
        _simple(state, state.container, "head", block)
    elif kind in ("act", "scene"):
        _division(state, block)
    elif in_opener:
        _opener_part(state, block)
    elif kind in TOP_KINDS and not state.started:
        _simple(state, state.container, kind, block)
    elif kind in VERSE_KINDS:
        _verse(state, block, quoted=prose and _indented(block) and not block.forced)
        state.started = True
    elif kind == "speaker":
        _speech(state, block, verse_play)
        state.started = True
    elif kind in ("p", "verse") and state.speech is not None:
        _continue_speech(state, block)
    elif kind == "stage":
        stage = _simple(state, state.container, "stage", block, resp=True)
        if not block.forced and forms.stage_type(block.text):
            stage.set("type", forms.stage_type(block.text))
        state.started = True
    elif kind == "postscript":
        _postscript(state, block)
    else:
        if kind in TOP_KINDS or kind in CLOSER_KINDS or kind in ("address", "opener"):
            state.messages.append(_misplaced(block, state.path))
        _simple(state, state.container, "p", block)
        state.started = True


def _resp(state: State, block: Block) -> str:
    """Who decided what the block is: the editor in the sidecar, or the automatic layer."""
    return f"#{state.resp}" if block.forced else f"#{AUTO_RESP}"


def _simple(state: State, parent: Element, kind: str, block: Block, resp: bool = False) -> Element:
    element = sub(parent, TAGS[kind])
    if kind == "boilerplate":
        element.set("type", "boilerplate")
    if resp:
        element.set("resp", _resp(state, block))
    extra = _line_breaks(block) if kind in BROKEN_KINDS else []
    _fill_pieces(state, element, block, [("", 0, len(block.text), {})], extra)
    return element


def _line_breaks(block: Block) -> list[Insert]:
    """``lb`` before each line break of a short block whose lines are lines of their own: a
    dateline over two lines, a scene heading with its place (TEI P5 §3.11.3). Paragraphs keep
    their line breaks as text: in prose they are where the source was wrapped."""
    return [Insert(m.start(), lambda: make("lb"), order=-1)
            for m in forms.LINE_BREAK.finditer(block.text)]


def _fill_pieces(state: State, parent: Element, block: Block, pieces: list[Piece],
                 extra: Sequence[Insert] = ()) -> list[Element]:
    """Each piece of a block's text in an element of its own (or ``parent`` itself, for tag "")."""
    return _fill_groups(state, block, [(parent, pieces)], extra)


def _fill_groups(state: State, block: Block, groups: list[tuple[Element, list[Piece]]],
                 extra: Sequence[Insert] = ()) -> list[Element]:
    """The pieces of a block in their parents (several speeches of one block: several ``sp``)."""
    pieces = [piece for _, group in groups for piece in group]
    wraps, inserts = state.spans.get(block.index, ([], []))
    inserts = [*inserts, *extra]
    _check_crossing(state, block, wraps, pieces)
    elements = []
    number = 0
    for parent, group in groups:
        for tag, start, end, attributes in group:
            element = sub(parent, tag, **attributes) if tag else parent
            upto = pieces[number + 1][1] if number + 1 < len(pieces) else len(block.text) + 1
            inside = [dataclasses.replace(w, start=w.start - start, end=w.end - start)
                      for w in wraps if start <= w.start and w.end <= end]
            # An insert in the white space after a piece (none should be) stays at its end.
            moved = [dataclasses.replace(i, offset=min(max(i.offset - start, 0), end - start))
                     for i in inserts if (number == 0 or start <= i.offset) and i.offset < upto]
            fill_inline(element, block.text[start:end], inside, moved)
            elements.append(element)
            number += 1
    for (_, _, end, _), (_, start, _, _), element, following in zip(
            pieces, pieces[1:], elements, elements[1:], strict=False):
        into_before, tail, into_after = split_gap(block.text[end:start])
        _append_text(element, into_before)
        holder = _tail_holder(element, state.body, following)
        holder.tail = (holder.tail or "") + tail
        following.text = into_after + (following.text or "")
    state.placed[block.index] = Placed(elements[0], elements[-1])
    return elements


def _check_crossing(state: State, block: Block, wraps: list[Wrap], pieces: list[Piece]) -> None:
    for wrap in wraps:
        if not any(s <= wrap.start and wrap.end <= e for _, s, e, _ in pieces):
            report = getattr(wrap.origin, "error", None)
            if report is not None:      # the editor's annotation; the automatic layer's is dropped
                state.messages.append(report(
                    "E247", f"{wrap.label or 'this annotation'} crosses the end of a verse line "
                    "or a speech prefix: TEI cannot nest it in the lines",
                    'anchor it within one line, or set [[structure]] as = "p" on the block'))


def _append_text(element: Element, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


# ---------------------------------------------------------------- verse (TEI P5 ch. 6)

def _line_pieces(block: Block, start: int = 0, numbered: bool = False,
                 state: State | None = None, stop: int | None = None) -> list[Piece]:
    """One ``l`` per line; an indentation beyond the block's least is kept in ``@rend``."""
    ranges, offset = [], 0
    for line in forms.block_lines(block):
        ranges.append((offset, offset + len(line)))
        offset += len(line) + (2 if block.text[offset + len(line):offset + len(line) + 2] ==
                               "\r\n" else 1)
    indents = [len(block.indent)] + [_indent_of(block.text, s) for s, _ in ranges[1:]]
    pieces = []
    stop = len(block.text) if stop is None else stop
    least = min((indents[i] for i, (s, e) in enumerate(ranges) if start <= s < stop), default=0)
    for (s, e), indent in zip(ranges, indents, strict=True):
        if e <= start or s >= stop:
            continue
        e = min(e, stop)
        if s < start:               # the rest of a line that begins with a speech prefix
            s, indent = start, least
        text = block.text[s:e]
        s, e = s + len(text) - len(text.lstrip()), s + len(text.rstrip())
        attributes = {}
        if indent > least:
            attributes["rend"] = f"indent-{indent - least}"
        if numbered and state is not None:
            state.line_number += 1
            attributes["n"] = str(state.line_number)
        pieces.append(("l", s, e, attributes))
    return pieces


def _indent_of(text: str, start: int) -> int:
    line = text[start:]
    return len(line) - len(line.lstrip(" \t\u00a0\u3000"))


def _indented(block: Block) -> bool:
    """Every line indented: a block set off from the prose around it, as quoted verse is."""
    return bool(block.indent) and all(
        _indent_of(line, 0) > 0 for line in forms.block_lines(block)[1:])


def _verse(state: State, block: Block, quoted: bool) -> None:
    """A verse block: its lines as ``l``; a run of blocks is a poem of stanzas."""
    if block.kind == "line" and state.verse is not None:
        _fill_pieces(state, state.verse, block, _line_pieces(block, numbered=not quoted, state=state))
        return
    if state.verse is None:
        # The first block of a poem (or of a quotation of verse): its line numbers start at 1.
        state.line_number = 0
        state.verse_parent = sub(state.container, "quote", resp=_resp(state, block)) \
            if quoted else state.container
        group = sub(state.verse_parent, "lg", resp=_resp(state, block))
    else:
        # A second block: the poem is one of stanzas, the first one included.
        assert state.verse_parent is not None
        if state.verse.get("type") is None:
            state.verse.set("type", "stanza")
        group = sub(state.verse_parent, "lg", type="stanza", resp=_resp(state, block))
    state.verse = group
    if block.kind == "stanza":
        group.set("type", "stanza")
    _fill_pieces(state, group, block, _line_pieces(block, numbered=not quoted, state=state))


# ---------------------------------------------------------------- drama (TEI P5 ch. 7)

def _division(state: State, block: Block) -> None:
    kind = block.kind
    parent = state.act if kind == "scene" and state.act is not None else state.body
    division = sub(parent, "div", type=kind, resp=_resp(state, block))
    if kind == "act":
        state.act = division
    state.container, state.started = division, False
    _simple(state, division, "head", block)


def _speeches(block: Block) -> list[tuple[int, int]]:
    """The speeches of a block; one the editor set without a recognisable prefix has its first
    line as the speaker."""
    if block.speeches:
        return block.speeches
    match = forms.PREFIX_ABBR.match(block.text)
    names = frozenset({match.group(1)}) if match else frozenset()
    return forms.speeches_of(block, names) or [(0, len(forms.block_lines(block)[0]))]


def _speech_in_verse(block: Block) -> bool:
    text = block.text
    bounds = [*_speeches(block), (len(text), len(text))]
    return any(
        len(lines := text[end:following].strip().splitlines()) >= 2 and
        all(0 < len(line.strip()) <= forms.VERSE_MAX for line in lines)
        for (_, end), (following, _) in itertools.pairwise(bounds))


def _speech(state: State, block: Block, verse_play: bool) -> None:
    """``sp``: the prefix as ``speaker``, the speech as verse lines or as a paragraph."""
    text = block.text
    bounds = [*_speeches(block), (len(text), len(text))]
    groups = []
    for (begin, end), (following, _) in itertools.pairwise(bounds):
        speech = sub(state.container, "sp", resp=_resp(state, block))
        pieces: list[Piece] = [("speaker", begin, end, {})]
        rest = text[end:following]
        start = end + len(rest) - len(rest.lstrip())
        stop = end + len(rest.rstrip())
        if start < stop:
            lines = text[start:stop].splitlines()
            if verse_play and (len(lines) == 1 or all(len(ln.strip()) <= forms.VERSE_MAX
                                                      for ln in lines)):
                pieces += _line_pieces(block, start, stop=stop)
            else:
                pieces.append(("p", start, stop, {}))
        groups.append((speech, pieces))
        state.speech = speech
    _fill_groups(state, block, groups)


def _continue_speech(state: State, block: Block) -> None:
    """A block after a speech that is neither a new speech nor a direction goes on with it."""
    assert state.speech is not None
    if block.kind == "verse" or forms.is_verse_block(block):
        _fill_pieces(state, state.speech, block, _line_pieces(block))
    else:
        _simple(state, state.speech, "p", block)


# ---------------------------------------------------------------- letters (TEI P5 §4.2)

def _opener_blocks(blocks: Sequence[Block]) -> set[int]:
    """The positions of the opening run of a letter: datelines, address and salute before the
    first paragraph, when the run has an address, a salute or an opener (a dateline alone under
    a title stays a dateline of the text)."""
    run: list[int] = []
    for position, block in enumerate(blocks):
        if block.kind in ("title", "boilerplate", "byline"):
            continue
        if block.kind not in OPENER_KINDS:
            break
        run.append(position)
    return set(run) if any(blocks[p].kind != "dateline" for p in run) else set()


def _opener_part(state: State, block: Block) -> None:
    container = state.container
    last = container[-1] if len(container) else None
    opener = last if last is not None and is_tei(last, "opener") else \
        sub(container, "opener", resp=_resp(state, block))
    if block.kind == "opener":
        _fill_pieces(state, opener, block, [("", 0, len(block.text), {})])
    elif block.kind == "address":
        address = sub(opener, "address")
        _fill_pieces(state, address, block, [("addrLine", s, e, {}) for _, s, e, _ in
                                             _line_pieces(block)])
    else:
        _simple(state, opener, block.kind, block)


def _postscript(state: State, block: Block) -> None:
    container = state.container
    last = container[-1] if len(container) else None
    postscript = last if last is not None and is_tei(last, "postscript") else \
        sub(container, "postscript", resp=_resp(state, block))
    _simple(state, postscript, "p", block)


def _closing(state: State, block: Block) -> None:
    """A block of the closing run: in the ``closer``, or the ``postscript`` after it."""
    if block.kind == "postscript":
        _postscript(state, block)
        return
    container = state.container
    last = container[-1] if len(container) else None
    closer = last if last is not None and is_tei(last, "closer") else \
        sub(container, "closer", resp=_resp(state, block))
    _simple(state, closer, block.kind, block)


def _closer_start(blocks: Sequence[Block]) -> int:
    """Where the trailing run of closer parts begins (``len(blocks)`` when there is none).

    Boilerplate inside or after the run does not end it (but does not begin it either), nor does
    a postscript after it. A text with nothing before the run has no closer: ``closer`` can only
    end a text that has a body (TEI P5 §4.2).
    """
    start = len(blocks)
    for position in range(len(blocks) - 1, -1, -1):
        kind = blocks[position].kind
        if kind in CLOSER_KINDS:
            start = position
        elif kind == "postscript" and start == len(blocks):
            continue
        elif kind != "boilerplate":
            break
    while start < len(blocks) and blocks[start].kind == "boilerplate":
        start += 1
    before = [b for b in blocks[:start] if b.kind not in ("boilerplate", "title")]
    if not before or all(b.kind in OPENER_KINDS for b in before):
        return len(blocks)
    return start


def _misplaced(block: Block, path: str) -> Message:
    return Message.at(
        "W031", "warning", path,
        f"a {block.kind} can only open a text (before its first paragraph) or close it (after "
        "its last); this one is kept as a paragraph",
        'if it is prose, set [[structure]] as = "p" on this block to say so; if it opens or '
        "closes a letter, the blocks around it need the kinds of an opener or a closer too",
        block.line, 1,
    )
