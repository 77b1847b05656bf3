"""Turn classified blocks and their spans into the TEI ``<text>`` of one source.

The layout follows TEI P5 §4: ``fw`` for web-page furniture, the title as the body's ``head``,
``byline``/``dateline`` under it, sections as ``div`` with their ``head``, and the closing run of
slogans, dateline and signature as ``closer`` (§4.2.2). Every block's text is kept in source order.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from edition.errors import Message
from edition.model.inline import Insert, Wrap, fill_inline
from edition.model.tei import Element, is_tei, make, sub
from edition.readers.structure import Block

__all__ = ["Layout", "encode_text"]

CLOSER_KINDS = ("salute", "dateline", "signed")
TOP_KINDS = ("byline", "dateline")
TAGS = {"p": "p", "head": "head", "title": "head", "byline": "byline", "dateline": "dateline",
        "salute": "salute", "signed": "signed", "boilerplate": "fw"}
Spans = Mapping[int, tuple[list[Wrap], list[Insert]]]


@dataclass
class Layout:
    """The encoded text, the block that gave its title, and what had to be decided."""

    text: Element
    title_block: Block | None = None
    warnings: list[Message] = field(default_factory=list)


def encode_text(blocks: Sequence[Block], spans: Spans, language: str,
                supplied_title: Element | None = None, path: str = "") -> Layout:
    """The ``<text>`` of one source; ``supplied_title`` (a ``<supplied>``) heads an untitled one."""
    layout = _layout(blocks, spans, language, supplied_title, path)
    body = layout.text[0]
    if not any(is_tei(child, "p", "div") for child in body):
        # TEI P5 §4: a body needs prose or divisions. A text that is only a title, furniture
        # or closing lines is encoded as plain paragraphs instead.
        for block in blocks:
            block.kind = "p"
        plain = _layout(blocks, spans, language, supplied_title, path)
        plain.warnings.append(Message.at(
            "W032", "warning", path, "the text has no paragraph; its blocks are encoded as "
            "paragraphs", "nothing to do unless a structure override was meant", 1, 1))
        return plain
    return layout


def _layout(blocks: Sequence[Block], spans: Spans, language: str,
            supplied_title: Element | None, path: str) -> Layout:
    layout = Layout(make("text", xml_lang=language))
    body = sub(layout.text, "body")
    closer_start = _closer_start(blocks)
    container, started, opened = body, False, False
    for position, block in enumerate(blocks):
        kind = block.kind
        if position >= closer_start:
            # Boilerplate among the closing lines stays in the closer, so the order is kept.
            _append(_closer(container), kind, block, spans)
            continue
        if kind == "boilerplate":
            _append(container, "boilerplate", block, spans)
            continue
        if not opened:
            opened = True
            if kind == "title":
                layout.title_block = block
                _append(body, "head", block, spans)
                continue
            if supplied_title is not None:
                sub(body, "head").append(copy.deepcopy(supplied_title))
        if kind in ("title", "head"):
            container, started = sub(body, "div", type="section"), False
            _append(container, "head", block, spans)
            continue
        if kind in TOP_KINDS and not started:
            _append(container, kind, block, spans)
            continue
        if kind in TOP_KINDS or kind in CLOSER_KINDS:
            layout.warnings.append(_misplaced(block, path))
        _append(container, "p", block, spans)
        started = True
    if supplied_title is not None and not opened:
        sub(body, "head").append(copy.deepcopy(supplied_title))
    return layout


def _append(container: Element, kind: str, block: Block, spans: Spans) -> None:
    element = sub(container, TAGS[kind])
    if kind == "boilerplate":
        element.set("type", "boilerplate")
    wraps, inserts = spans.get(block.index, ([], []))
    fill_inline(element, block.text, wraps, inserts)


def _closer_start(blocks: Sequence[Block]) -> int:
    """Where the trailing run of closer parts begins (``len(blocks)`` when there is none).

    Boilerplate inside or after the run does not end it (but does not begin it either). A text
    with nothing before the run has no closer: ``closer`` can only end a text that has a body
    (TEI P5 §4.2).
    """
    start = len(blocks)
    for position in range(len(blocks) - 1, -1, -1):
        kind = blocks[position].kind
        if kind in CLOSER_KINDS:
            start = position
        elif kind != "boilerplate":
            break
    while start < len(blocks) and blocks[start].kind == "boilerplate":
        start += 1
    before = [b for b in blocks[:start] if b.kind not in ("boilerplate", "title")]
    return start if before else len(blocks)


def _closer(container: Element) -> Element:
    last = container[-1] if len(container) else None
    return last if last is not None and is_tei(last, "closer") else sub(container, "closer")


def _misplaced(block: Block, path: str) -> Message:
    return Message.at(
        "W031", "warning", path,
        f"a {block.kind} can only open or close a text; this one is kept as a paragraph",
        'set [[structure]] as = "p" on this block to say so', block.line, 1,
    )
