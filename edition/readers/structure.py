"""Turn the blocks of a plain text into structural kinds: title, head, paragraph, closer parts.

Verse, letters and drama have rules of their own (``forms``); they run after the title is found
and before the rules for prose closers and headings, which they take precedence over.

The inferences are deliberately modest (the editor overrides any of them in the sidecar with
``[[structure]]``); each rule says what in the text it relies on.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from edition.readers import forms
from edition.readers.dates import CONTAINS_DATE, is_date_line

__all__ = ["Block", "infer_kinds", "is_date_line"]

HEAD_MAX = 50          # the headings of the bundled texts are 17–24 characters; prose lines are longer
CLOSER_MAX = 80        # slogans, datelines and signatures are short lines
BYLINE_MAX = 140
BOILERPLATE = re.compile(
    r"^(?:You are here\s*:|Home\s*(?:/|»|›|>)|Skip to (?:main )?content|Share this|"
    r"Posted (?:on|in|by)\b|Filed under\b|Tags?\s*:|Categories?\s*:|Read more\b|"
    r"(?:Previous|Next) (?:post|article)\b|Print this\b)",
    re.IGNORECASE,
)
TERMINAL = tuple(".!;:,")


@dataclass
class Block:
    """A run of non-blank lines: the unit a paragraph, a heading or a slogan is made of."""

    index: int
    line: int     # 1-based line of its first line in the source
    text: str     # its lines as written, joined by "\n"
    kind: str = "p"
    forced: bool = False   # set by the editor in the sidecar
    start: int = 0         # offsets of ``text`` in the decoded source
    end: int = 0
    indent: str = ""       # the white space before its first line (kept in the source's gaps)
    # A speech block: where each of its speeches begins and its prefix ends (forms.speeches_of).
    speeches: list[tuple[int, int]] = field(default_factory=list)


def _single_line(block: Block) -> bool:
    return "\n" not in block.text


def _headish(block: Block) -> bool:
    """Short, one line, capitalised, not ending like a sentence (a question mark is allowed)."""
    text = block.text.strip()
    return (
        _single_line(block)
        and 0 < len(text) <= HEAD_MAX
        and not text.endswith(TERMINAL)
        and (text[0].isupper() or text[0].isdigit())
        and any(c.isalpha() for c in text)
        and not is_date_line(text)
    )


def _closer_part(block: Block) -> str | None:
    """What a short closing line is: a dateline, or a salute (slogan, greeting)."""
    text = block.text.strip()
    if not _single_line(block) or len(text) > CLOSER_MAX:
        return None
    if is_date_line(text):
        return "dateline"
    if text.endswith("!") or not text.endswith((".", "?", ":", ";", ",")):
        return "salute"
    return None


def infer_kinds(blocks: list[Block]) -> None:
    """Set ``kind`` on every block the editor has not set."""
    free = [b for b in blocks if not b.forced]
    for block in free:
        block.kind = "p"
    for block in free:
        if BOILERPLATE.match(block.text.strip()) and _single_line(block):
            block.kind = "boilerplate"
    body = [b for b in blocks if b.kind != "boilerplate"]
    if not body:
        return
    _infer_front(body)
    if forms.infer_drama(body):
        return
    letter = forms.infer_letter(body)
    forms.infer_verse(body)
    forms.infer_poem_byline(body)
    if not letter:
        _infer_closer(body)
    _infer_heads(body)


def _infer_front(body: list[Block]) -> None:
    """A first short line followed by more is the title; short dated lines under it are bylines."""
    first = body[0]
    if first.forced or len(body) < 2 or not _headish(first):
        return
    first.kind = "title"
    for block in body[1:3]:
        text = block.text.strip()
        if block.forced or not _single_line(block) or len(text) > BYLINE_MAX:
            break
        if CONTAINS_DATE.search(text) or text.lower().startswith("by "):
            block.kind = "byline"
        else:
            break


def _infer_closer(body: list[Block]) -> None:
    """The run of short lines that ends a text: slogans, a dateline, a signature beside it."""
    run: list[Block] = []
    for block in reversed(body):
        if block.forced:
            if block.kind not in ("salute", "dateline", "signed"):
                break
            run.insert(0, block)
            continue
        part = _closer_part(block) if block.kind == "p" else None
        if part is None:
            break
        run.insert(0, block)
        block.kind = part
    if not any(b.kind == "p" for b in body):
        # A text made only of short lines has no closer: they are its paragraphs.
        for block in run:
            if not block.forced:
                block.kind = "p"
        return
    for i, block in enumerate(run):
        beside = run[max(i - 1, 0) : i + 2]
        if not block.forced and block.kind == "salute" and not block.text.strip().endswith("!") and any(
            b.kind == "dateline" for b in beside
        ):
            block.kind = "signed"


def _infer_heads(body: list[Block]) -> None:
    """A short line followed by a paragraph or a poem is a section heading."""
    for block, following in itertools.pairwise(body):
        if not block.forced and block.kind == "p" and following.kind in ("p", "verse") and \
                _headish(block):
            block.kind = "head"
