"""Turn a TEI header into the facts a cataloguer would print: the main title, a short running
head, the people of a statement of responsibility.

TEI P5 §2.2.1: a ``titleStmt`` may hold several titles; the title of the work is the one with
``type="main"``, else the first that is not a series title (``level="s"``, which a catalogue
prints in the series statement, not as the title); a ``title type="short"`` is the short title.
"""

from __future__ import annotations

from edition.model.tei import NS, Element
from edition.writers.book.model import text_of

__all__ = ["RUNNING_HEAD_MAX", "main_title", "running_head", "short_title"]

RUNNING_HEAD_MAX = 60          # characters: one line of the running head at 148 mm, in small caps


def main_title(header: Element | None) -> Element | None:
    if header is None:
        return None
    titles = header.findall("tei:fileDesc/tei:titleStmt/tei:title", NS)
    for accept in (lambda t: t.get("type") == "main",
                   lambda t: t.get("level") != "s" and t.get("type") not in ("short", "sub"),
                   lambda t: True):
        chosen = next((t for t in titles if accept(t) and text_of(t)), None)
        if chosen is not None:
            return chosen
    return None


def short_title(header: Element | None) -> str:
    if header is None:
        return ""
    return text_of(header.find("tei:fileDesc/tei:titleStmt/tei:title[@type='short']", NS))


def running_head(title: str, short: str = "") -> str:
    """The short title, or the title cut at the last word boundary that fits, with "…"."""
    if short and len(short) <= RUNNING_HEAD_MAX:
        return short
    text = short or title
    if len(text) <= RUNNING_HEAD_MAX:
        return text
    cut = text[:RUNNING_HEAD_MAX]
    space = cut.rfind(" ")
    if space > RUNNING_HEAD_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
