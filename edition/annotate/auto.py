"""Turn plain text into the automatic layer's finds: register names, dates and French phrases.

Names are found with one combined pattern (a trie of every form of every register entry), so the
cost grows with the length of the text, not with the number of entries times the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["NameFinder", "find_dates", "find_french"]

# A match never begins or ends inside a word; a hyphen joins words ("Anti-US", "Soviet-style").
BEFORE = r"(?<![\w\-])"
AFTER = r"(?![\w]|-\w)"


@dataclass(frozen=True)
class Find:
    start: int
    end: int
    value: str     # the register id, the ISO date or the language


class NameFinder:
    """Finds every form of every register entry; the longest form wins where several begin."""

    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        self.ids: dict[str, str] = {}
        for form, ident in forms:
            key = _normalise_space(form)
            if key:
                self.ids.setdefault(key, ident)
        self.pattern = _trie_pattern(sorted(self.ids)) if self.ids else None

    def find(self, text: str) -> Iterator[Find]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            ident = self.ids.get(_normalise_space(match.group()))
            if ident:
                yield Find(match.start(), match.end(), ident)


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _trie_pattern(forms: list[str]) -> re.Pattern[str]:
    """One regular expression for all forms: a trie, so common prefixes are tried once, with the
    longer continuation first (greedy), which gives the longest match."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(BEFORE + _trie_regex(trie) + AFTER)


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        atom = r"\s+" if char == " " else re.escape(char)
        branches.append(atom + _trie_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH = r"(?P<m>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<y>1\d{3}|20\d{2})"
DATE_PATTERNS = [
    re.compile(BEFORE + DAY + r"\s+(?:of\s+)?" + MONTH + r",?\s+" + YEAR + r"(?!\d)"),
    re.compile(BEFORE + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r"(?!\d)"),
    re.compile(BEFORE + r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(BEFORE + MONTH + r",?\s+" + YEAR + r"(?!\d)"),
    re.compile(BEFORE + DAY + r"\s+(?:of\s+)?" + MONTH + r"(?![\w])"),
    re.compile(r"(?<![\w\-.,/$£€])" + YEAR + r"(?![\w\-%]|[.,]\d)"),
]


DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[Find]:
    """Full dates, months and years, each with its ISO 8601 value; the longest form wins."""
    if not DIGIT.search(text):  # every pattern needs a digit; most paragraphs have none
        return []
    found: list[Find] = []
    # One flag per character already in a date: a check costs the length of the match, not
    # the number of dates found so far (a long line full of dates stays linear).
    taken = bytearray(len(text))
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            when = _iso(match)
            if when:
                found.append(Find(start, end, when))
                taken[start:end] = b"\x01" * (end - start)
    return sorted(found, key=lambda f: f.start)


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = groups.get("y")
    month = MONTHS.get(groups["m"].lower()) if groups.get("m") else None
    if groups.get("mn"):
        month = int(groups["mn"])
    day = int(groups["d"]) if groups.get("d") else None
    try:
        if year and month and day:
            return dt.date(int(year), month, day).isoformat()
        if year and month:
            return f"{int(year):04d}-{month:02d}"
        if month and day:
            dt.date(2000, month, day)  # a leap year, so 29 February is allowed
            return f"--{month:02d}-{day:02d}"
        if year:
            return year
    except ValueError:
        return None
    return None


# Words that mark a run of text as French and are not English words (TEI P5 §6.3.2.1: foreign).
FRENCH_MARKERS = frozenset(
    [
        "la", "le", "les", "des", "du", "de", "et", "vive", "vivent", "ans", "une", "est", "sont",
        "pour", "avec", "dans", "aux", "au", "qui", "que", "pas", "nous", "vous", "ils", "elles",
        "elle", "je", "tu", "ne", "cette", "ces", "mon", "mes", "ton", "tes", "notre", "nos", "votre",
        "vos", "leur", "leurs", "sur", "chez", "très", "sans", "rien", "jamais", "toujours", "c'est",
        "d'", "l'", "qu'", "n'", "s'", "j'", "m'", "c'"
    ]
)
FRENCH_LETTERS = re.compile(r"[àâäçéèêëîïôœùûüÿ]", re.IGNORECASE)
MARKER = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted((re.escape(m.rstrip("'")) for m in FRENCH_MARKERS),
                                     key=len, reverse=True))
    + r")(?=['’]|(?!\w))|[àâäçéèêëîïôœùûüÿ]", re.IGNORECASE)
TOKEN = re.compile(r"[^\W\d_][\w]*(?:['’][\w]+)*|\d+")
# What may stand between two words of one phrase: spaces, an elided article's apostrophe, a
# hyphen. Anything else (punctuation, quotation marks, brackets, dashes) ends the phrase.
JOINER = re.compile(r"^[ \t\u00a0]+$|^$|^['’]$|^-$")


def find_french(text: str) -> list[Find]:
    """Whole phrases that read as French: a run of words between two marks of punctuation (or
    the ends of the block), every word of it French-looking, a name or a number, and at least
    two French function words or accented words among them.

    A run that also holds one word that is not French is not tagged at all, rather than cut
    where the heuristic stops recognising words: "Café au lait" has "lait", which no rule of
    the heuristic knows, so it is left untagged, not tagged "Café au" (issue 13). A French
    phrase inside an English sentence ("the coup de grâce") is therefore never tagged by this
    layer: the editor tags it with ``[[language]]``.
    """
    if len(MARKER.findall(text, 0)) < 2:  # a cheap test first: most English text has none
        return []
    found = []
    phrase: list[re.Match[str]] = []
    previous_end = 0
    for token in TOKEN.finditer(text):
        if phrase and not JOINER.match(text[previous_end : token.start()]):
            found.extend(_french_phrase(phrase))
            phrase = []
        phrase.append(token)
        previous_end = token.end()
    found.extend(_french_phrase(phrase))
    return found


def _frenchable(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    if lower in FRENCH_MARKERS or FRENCH_LETTERS.search(word) or word.isdigit():
        return True
    if lower.split("'")[0] + "'" in FRENCH_MARKERS:
        return True
    return word[0].isupper() and word.lower() not in ENGLISH_CAPITALS


ENGLISH_CAPITALS = frozenset(
    ["the", "a", "an", "for", "of", "and", "to", "in", "on", "with", "by", "from", "long", "at",
     "as", "is", "it", "this"]
)


def _french_phrase(phrase: list[re.Match[str]]) -> list[Find]:
    words = [token.group() for token in phrase]
    if not all(_frenchable(word) for word in words) or sum(map(_marker, words)) < 2:
        return []
    return [Find(phrase[0].start(), phrase[-1].end(), "fr")]


def _marker(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    return lower in FRENCH_MARKERS or lower.split("'")[0] + "'" in FRENCH_MARKERS or bool(
        FRENCH_LETTERS.search(word)
    )
