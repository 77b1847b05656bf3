"""Turn the blocks of a plain text into the kinds of verse, letters and drama.

Each rule says what in the plain text it relies on, as an editor reading the text would: short
lines broken by line ends are verse (TEI P5 ch. 6), a greeting ending in a comma before the first
paragraph opens a letter (§4.2.1), speech prefixes and stage directions make a play (ch. 7).
Blocks the editor has set in the sidecar (``forced``) are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from edition.readers.dates import CONTAINS_DATE, is_date_line

if TYPE_CHECKING:
    from edition.readers.structure import Block

__all__ = ["LINE_BREAK", "block_lines", "infer_drama", "infer_letter", "infer_verse",
           "is_verse_block", "line_prefix", "speech_prefix", "speeches_of", "stage_type"]

LINE_BREAK = re.compile(r"\r\n|\r|\n")
VERSE_MAX = 65         # a pentameter is 40–50 characters; running prose is wrapped at 70 or more
ADDRESS_MAX = 60
SALUTE = re.compile(
    r"^(?:(?:My\s+)?(?:very\s+)?(?:Dear(?:est)?|Beloved|Honou?red|Respected)\b[^\n]{0,50}|"
    r"(?:Dear\s+)?(?:Sir|Madam|Madame|Gentlemen|Friend|Friends|Brother|Sister)\b[^\n]{0,30}),$",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"^(?:(?:I\s+am|I\s+remain|Believe\s+me)\b.{0,60}|(?:Yours|Your\b|Ever\b|Very\s+truly|"
    r"Sincerely|Faithfully|Affectionately|Respectfully|Cordially|With\s+(?:love|kind)|Adieu|"
    r"Farewell).{0,80})[,.!]?$",
    re.IGNORECASE | re.DOTALL,
)
POSTSCRIPT = re.compile(r"^(?:P\.\s?S\.|PS\b|Post\s?script\b)", re.IGNORECASE)
ACT = re.compile(r"^ACT\s+(?:[IVXLC]+|\d+|[A-Z][a-z]+)\b\.?[^\n]{0,60}$", re.IGNORECASE)
SCENE = re.compile(r"^SCENE\s+(?:[IVXLC]+|\d+|[A-Z][a-z]+)\b\.?[^\n]{0,80}$", re.IGNORECASE)
# Speech prefixes (TEI P5 §7.2.2): "BERNARDO. Who's there?", "Ham. To be…", a name in capitals
# on a line of its own. A name in capitals may have two or three words ("FIRST CLOWN.").
PREFIX_CAPS = re.compile(r"^([A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+){0,2}\.)[ \t]+(?=\S)")
PREFIX_ABBR = re.compile(r"^([A-Z][a-z]{1,5}\.)[ \t]+(?=\S)")
NAME_LINE = re.compile(r"^[A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+){0,2}\.?$")
STAGE_WORDS = re.compile(r"^(?:Enter|Re-enter|Exit|Exeunt|Manet|Manent)\b|\b(?:Enter|Exeunt)\b")
BRACKETED = re.compile(r"^(?:\[[^\]]*\]?|\([^)]*\)?)$", re.DOTALL)
# Abbreviations that begin sentences of prose, not speeches.
TITLES = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mt.", "No.", "Vol.", "Ch.", "Fig.",
                    "Rev.", "Gen.", "Col.", "Capt.", "Lt.", "Sgt.", "Jr.", "Sr.", "Prof.", "Hon.",
                    "Messrs.", "Mme.", "Mlle.", "Esq.", "Sir.", "Lord.", "Lady.", "Ibid.", "Cf."})
NOT_NAMES = frozenset({"I", "A", "O", "ACT", "SCENE", "THE", "END", "FINIS", "EPILOGUE",
                       "PROLOGUE", "CHORUS"})


def block_lines(block: Block) -> list[str]:
    """The lines of a block as written, without their line breaks."""
    return LINE_BREAK.split(block.text)


def is_verse_block(block: Block) -> bool:
    """Two lines or more, each short, not the even lines of prose wrapped at a measure."""
    lines = [line.strip() for line in block_lines(block)]
    if len(lines) < 2 or any(not line or len(line) > VERSE_MAX for line in lines):
        return False
    # A line of verse begins with a word (or the quotation mark or dash before one), not with
    # markup or a symbol: "<?xml …?>" on two lines is not a poem.
    if not all(line[0].isalnum() or line[0] in "\"'‘“«¿¡(—–-_*" for line in lines):
        return False
    longest = max(len(line) for line in lines)
    body = lines[:-1]
    # Prose wrapped at a measure fills every line but the last to within a few characters.
    even = sum(longest - len(line) <= 6 for line in body)
    if len(lines) >= 4 and longest >= 50 and even >= 0.8 * len(body):
        capitals = sum(line[0].isupper() for line in lines)
        return capitals == len(lines)
    return True


def infer_verse(body: Sequence[Block]) -> None:
    """Blocks of short lines are verse; a title and an author line above them are head, byline."""
    for block in body:
        if not block.forced and block.kind == "p" and is_verse_block(block):
            block.kind = "verse"


def _name_like(text: str) -> bool:
    """An author line: two to five capitalised words, no sentence punctuation ("William Blake")."""
    words = text.split()
    return (1 <= len(words) <= 5 and not text.endswith(tuple(".!?;:,")) and
            all(w[0].isupper() or w.lower() in {"de", "von", "van", "of", "the", "la", "le"}
                for w in words) and len(text) <= 50) or text.lower().startswith("by ")


def infer_poem_byline(body: Sequence[Block]) -> None:
    """In a poem, the line under the title that names its author is a byline."""
    if len(body) < 3 or body[0].kind != "title" or body[1].forced or body[1].kind not in ("p", "head"):
        return
    if "\n" not in body[1].text and _name_like(body[1].text) and body[2].kind == "verse":
        body[1].kind = "byline"


# ---------------------------------------------------------------- letters (TEI P5 §4.2)

def infer_letter(body: Sequence[Block]) -> bool:
    """A greeting ending in a comma before the first paragraph makes the text a letter.

    The short blocks above the greeting are its dateline (a place and a date) and the address;
    after the last paragraph, a closing formula is a salute, the short lines after it the
    signature (and a dateline), and a block beginning "P.S." a postscript.
    """
    salute = next((i for i, b in enumerate(body[:6]) if _is_salute(b)), None)
    if salute is None or not any(b.kind == "p" and not _short(b) for b in body[salute + 1:]):
        return False
    body[salute].kind = body[salute].kind if body[salute].forced else "salute"
    start = 1 if body[0].kind == "title" and salute > 0 else 0
    for block in body[start:salute]:
        if block.forced or block.kind not in ("p", "head", "title", "verse", "byline"):
            continue
        block.kind = "dateline" if _dateline(block) else "address"
    _infer_letter_end(body[salute + 1:])
    return True


def _is_salute(block: Block) -> bool:
    if block.forced:
        return block.kind == "salute"
    return "\n" not in block.text and bool(SALUTE.match(block.text.strip()))


def _short(block: Block) -> bool:
    return "\n" not in block.text and len(block.text) <= ADDRESS_MAX


def _dateline(block: Block) -> bool:
    lines = block_lines(block)
    return len(lines) <= 3 and (is_date_line(block.text) or bool(CONTAINS_DATE.search(lines[-1]))
                                or bool(re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", lines[-1])))


def _infer_letter_end(rest: Sequence[Block]) -> None:
    postscript = next((i for i, b in enumerate(rest) if not b.forced and b.kind == "p"
                       and POSTSCRIPT.match(b.text)), len(rest))
    for block in rest[postscript:]:
        if not block.forced:
            block.kind = "postscript"
    closing = next((i for i in range(postscript - 1, -1, -1) if not rest[i].forced and
                    len(rest[i].text) <= 120 and CLOSING.match(rest[i].text.strip())), None)
    if closing is None:
        return
    tail = rest[closing + 1:postscript]
    if not all(b.forced or len(b.text) <= ADDRESS_MAX for b in tail):
        return
    rest[closing].kind = "salute"
    for block in tail:
        if not block.forced:
            block.kind = "dateline" if is_date_line(block.text) else "signed"


# ---------------------------------------------------------------- drama (TEI P5 ch. 7)

def speech_prefix(block: Block, names: frozenset[str] = frozenset()) -> str | None:
    """The speech prefix a block begins with, or None.

    An abbreviated prefix ("Ham.") counts only when it is one of ``names``, the prefixes the play
    uses more than once, so that "Mr. Smith said" in prose is not a speech.
    """
    first = block_lines(block)[0]
    if NAME_LINE.match(first.strip()) and "\n" in block.text and _is_name(first):
        return first
    return line_prefix(first, names)


def line_prefix(line: str, names: frozenset[str]) -> str | None:
    for pattern in (PREFIX_CAPS, PREFIX_ABBR):
        match = pattern.match(line.lstrip())
        if match and _is_name(match.group(1)) and (pattern is PREFIX_CAPS or match.group(1) in names):
            return match.group(1)
    return None


def speeches_of(block: Block, names: frozenset[str]) -> list[tuple[int, int]]:
    """Where each speech of a block begins and its prefix ends (offsets in the block's text).

    Plain-text plays often run speeches together without blank lines ("  Ber. Who's there?" /
    "  Fran. Nay, answer me."): every line that begins with a prefix begins a speech.
    """
    prefix = speech_prefix(block, names)
    if prefix is None:
        return []
    found = [(0, len(prefix))]
    offset = 0
    for number, line in enumerate(LINE_BREAK.split(block.text)):
        if number and (name := line_prefix(line, names)) and prefix != block_lines(block)[0]:
            start = offset + len(line) - len(line.lstrip())
            found.append((start, start + len(name)))
        offset += len(line)
        offset += 2 if block.text.startswith("\r\n", offset) else 1
    return found


def _is_name(prefix: str) -> bool:
    words = prefix.strip().rstrip(".").split()
    return bool(words) and not (len(words) == 1 and words[0].upper() in NOT_NAMES)


def _repeated_prefixes(body: Sequence[Block]) -> frozenset[str]:
    counts: dict[str, int] = {}
    for block in body:
        for line in block_lines(block):
            for pattern in (PREFIX_CAPS, PREFIX_ABBR):
                match = pattern.match(line.lstrip())
                if match:
                    counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return frozenset(name for name, count in counts.items() if count >= 2) - TITLES


def is_stage(block: Block) -> bool:
    text = block.text.strip()
    return bool(BRACKETED.match(text)) or (len(text) <= 120 and bool(STAGE_WORDS.search(text))
                                           and not text.endswith(("?", ",")))


def _all_abbreviations(body: Sequence[Block]) -> frozenset[str]:
    found = {m.group(1) for b in body for line in block_lines(b)
             if (m := PREFIX_ABBR.match(line.lstrip()))}
    return frozenset(found - TITLES)


def _short_lines(block: Block) -> bool:
    """A heading, with the place of the scene under it ("ACT I. SCENE I." and "Elsinore.")."""
    lines = block_lines(block)
    return len(lines) <= 3 and all(len(line.strip()) <= 80 for line in lines)


def stage_type(text: str) -> str:
    """TEI P5 §7.2.4's types for a direction that only brings on or takes off characters."""
    words = text.strip("[]() \t").split()
    if words and words[0] in ("Enter", "Re-enter"):
        return "entrance"
    if words and words[0] in ("Exit", "Exeunt"):
        return "exit"
    return ""


def infer_drama(body: Sequence[Block]) -> bool:
    """Three speeches or more make a play: its prefixes, stage directions, acts and scenes."""
    names = _repeated_prefixes(body)
    speeches = sum(len(speeches_of(b, names)) for b in body if not b.forced)
    if speeches < 3:
        return False
    # In a play, a character who speaks once ("Mar.") has an abbreviated prefix too.
    names = names | _all_abbreviations(body)
    for position, block in enumerate(body):
        if block.forced or block.kind not in ("p", "head", "title", "verse", "salute", "signed",
                                              "dateline", "byline"):
            continue
        first = block_lines(block)[0]
        if ACT.match(first) and _short_lines(block):
            block.kind = "act"
        elif SCENE.match(first) and _short_lines(block):
            block.kind = "scene"
        elif speech_prefix(block, names):
            block.kind = "speaker"
            block.speeches = speeches_of(block, names)
        elif is_stage(block):
            block.kind = "stage"
        elif position == 0 and block.kind == "title":
            continue
        elif block.kind != "p":
            block.kind = "p"
    return True
