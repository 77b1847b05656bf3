"""Turn transcription into XHTML: behaviours and rows of the model.

TEI P5 §3.5 (choice, sic, corr), §11 (gap, space, supplied, pb, lb, milestone, subst). The
critical apparatus (§12) is ``apparatus.py``'s, the genetic transcription (§11.2.2) ``genetic.py``'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from edition.errors import UsageError
from edition.model.tei import TEI_NS, XML_ID, Element, local
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.kinds import class_token, inline, invisible, joins_word

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["LEVELS", "ROWS", "check_level", "choice", "chosen_level", "document_levels", "gap",
           "line_break", "milestone", "note_lemma",
           "page_break", "plain_span", "space", "substitution", "supplied"]


def note_lemma(renderer: Renderer, element: Element, context: Context) -> Element | None:
    """For the reason of an emendation, the apparatus entry "source reading] correction"."""
    target = element.get("target", "")
    if element.get("type") != "emendation" or not target.startswith("#"):
        return None
    choice = renderer.root.xpath("//*[@xml:id=$id]", id=target[1:])
    if not choice:
        return None
    return _apparatus_entry(renderer, choice[0], context)


def _apparatus_entry(renderer: Renderer, choice: Element, context: Context) -> Element | None:
    source, reading = _choice_parts(choice)
    if source is None or reading is None:
        return None
    entry = h("p", class_="apparatus")
    entry.append(plain_span(source, "lemma-source"))
    append(entry, "] ")
    entry.append(plain_span(reading, "lemma-reading"))
    return entry


def plain_span(element: Element, class_: str) -> Element:
    return h("span", " ".join("".join(element.itertext()).split()), class_=class_)


def _choice_parts(choice: Element) -> tuple[Element | None, Element | None]:
    """(what the source has, what the reader is shown) for a TEI ``choice``."""
    parts = {local(c): c for c in choice if isinstance(c.tag, str)}
    for source, reading in (("sic", "corr"), ("orig", "reg"), ("abbr", "expan"),
                            ("unclear", "unclear")):
        if source in parts and reading in parts and source != reading:
            return parts[source], parts[reading]
    return None, None


# The levels of a transcription (TEI P5 §3.5.1, §11.3.1.2) and, for each, the alternatives of a
# choice it takes, best first: TEI's own pairs, and the levels a document names itself
# (``seg type="norm"``; Menota's ``me:norm`` in its own namespace).
LEVELS: dict[str, tuple[str, ...]] = {
    "norm": ("corr", "reg", "expan", "norm"),
    "dipl": ("dipl", "corr", "reg", "expan"),
    "facs": ("facs", "sic", "orig", "abbr"),
}
_SOURCE_SIDE = {"corr": "sic", "reg": "orig", "expan": "abbr"}


def _level_name(element: Element) -> str:
    """What an alternative is called: a ``seg`` by its ``@type``, anything else by its name."""
    if local(element) == "seg" and element.get("type"):
        return element.get("type", "")
    return local(element)


def chosen_level(element: Element, level: str) -> tuple[Element | None, Element | None]:
    """(the alternative of a ``choice`` shown at ``level``, the one kept for the curious)."""
    alternatives = [c for c in element if isinstance(c.tag, str)]
    named = {_level_name(c): c for c in alternatives}
    # A level the document names itself (``seg type="x"``, ``me:x``) shows those alternatives.
    for preferred in LEVELS.get(level, (level, *LEVELS["norm"])):
        if preferred in named:
            shown = named[preferred]
            kept = named.get(_SOURCE_SIDE.get(preferred, ""))
            if kept is None:
                kept = next((c for c in alternatives if c is not shown), None)
            return shown, kept
    return (alternatives[0] if alternatives else None), None


def document_levels(root: Element) -> list[str]:
    """The levels a document's choices offer (TEI P5 §3.5.1): "norm", "dipl", "facs" where an
    alternative of one of them is there, and the levels the document names itself (a ``seg``'s
    ``@type``, an element of another vocabulary: Menota's ``me:norm``)."""
    known = {name for names in LEVELS.values() for name in names}
    named: set[str] = set()
    for choice in root.iter(f"{{{TEI_NS}}}choice"):
        named.update(_level_name(c) for c in choice if isinstance(c.tag, str)
                     and (local(c) == "seg" or not c.tag.startswith(f"{{{TEI_NS}}}")))
        named.update(local(c) for c in choice if isinstance(c.tag, str) and local(c) in known)
    standard = [level for level, names in LEVELS.items() if named & set(names)]
    return standard + sorted(named - known - set(LEVELS))


def check_level(root: Element, level: str, path: Path | str) -> None:
    """Refuse a level that is neither one of ``LEVELS`` nor one the document names (E112)."""
    levels = document_levels(root)
    if level in LEVELS or level in levels:
        return
    offered = ", ".join(levels) if levels else "none (no choice has levels)"
    raise UsageError.single(
        "E112", path, f"--level {level!r}: the document has no such transcription level; its levels: "
        f"{offered}", "use one of the document's levels, or norm (the default), dipl or facs")


def choice(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI P5 §3.5.1: of the alternatives, the one of the reading level (``renderer.level``,
    "norm" unless asked: the correction, regularisation, expansion, normalised form); the one
    it replaces stays reachable in ``title``, and a correction gets an apparatus note (unless
    the document gives the reason as a note of its own). Never every level side by side."""
    shown, kept = chosen_level(element, renderer.level)
    if shown is None:
        return
    class_ = class_token(_level_name(shown))
    node = h("span", class_=class_)
    renderer.copy_common(element, node)
    if kept is not None:
        node.set("title", " ".join("".join(kept.itertext()).split()))
        node.set("data-source", node.get("title", ""))
    out.append(node)
    renderer.inline_children(shown, node, context)
    if local(shown) == "corr" and element.get(XML_ID) not in renderer.emendation_reasons:
        _apparatus_note(renderer, element, out, context)


def _apparatus_note(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    entry = _apparatus_entry(renderer, element, context)
    if entry is None:
        return
    append(entry, " (source reading kept)")
    renderer.apparatus_note(entry, "emendation", out, context)


def gap(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A gap in the source: "[…]", with what is missing and why for the curious reader; its
    ``desc`` (TEI P5 §11.4: a description of what is omitted) is printed in the brackets."""
    reason = element.get("reason")
    extent = element.get("extent") or " ".join(
        filter(None, [element.get("quantity"), element.get("unit")]))
    title = ", ".join(filter(None, [extent, reason]))
    node = h("span", "[…", class_="gap", title=title or None)
    renderer.copy_common(element, node)
    out.append(node)
    for described in element.iter(f"{{{TEI_NS}}}desc"):
        append(node, " ")
        renderer.container("span", described, node, context, class_="gap-desc", inline=True)
    append(node, "]")


def space(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Significant space in the source (TEI P5 §11.4): as wide as it says, in em spaces (at
    most eight); a vertical space is a line of its own."""
    try:
        count = max(1, min(8, int(float(element.get("quantity", "1")))))
    except ValueError:
        count = 1
    if element.get("unit") not in (None, "chars", "char", "em", "ems", "characters"):
        count = 1
    node = h("span", "\u2003" * count, class_="space")
    node.set("title", " ".join(filter(None, ["space", element.get("quantity"), element.get("unit")])))
    renderer.copy_common(element, node)
    out.append(node)
    if element.get("dim") == "vertical":
        out.append(h("br", class_="space-vertical"))


def substitution(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``subst`` (TEI P5 §11.3.1.5): what was deleted and what replaced it, each read on its own:
    a space between them where the source has none ("two one", not "twoone")."""
    node = h("span", class_=local(element))
    renderer.copy_common(element, node)
    out.append(node)
    saved = context.inline
    context.inline = True
    if element.text:
        append(node, element.text)
    for number, child in enumerate(c for c in element if isinstance(c.tag, str)):
        if number and not _ends_in_space(node):
            append(node, " ")
        renderer.render(child, node, context)
        if child.tail:
            append(node, child.tail)
    context.inline = saved


def _ends_in_space(node: Element) -> bool:
    last = (node[-1].tail if len(node) else node.text) or ""
    return last[-1:].isspace()


def supplied(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Text the editor supplies is shown in square brackets (TEI P5 §11.3.1.1)."""
    node = h("span", "[", class_="supplied")
    renderer.copy_common(element, node)
    out.append(node)
    renderer.inline_children(element, node, context)
    append(node, "]")


def page_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A page beginning of the source, shown discreetly as "[12]" in the line (after the word,
    when the page begins inside one: ``renderer.children`` places it)."""
    if element.get("rend") == "hidden":
        invisible(renderer, element, out, context)
        return
    number = element.get("n")
    # Not role="doc-pagebreak": that names the pages of this book (the EPUB page list), and these
    # are the pages of the source.
    node = h("span", f"[{number}]" if number else "|", class_="pb")
    node.set("title", f"source page {number}" if number else "source page break")
    renderer.copy_common(element, node)
    out.append(node)


def line_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``lb`` marks where a line begins (TEI P5 §3.11.3): a break, except before the first line
    and inside a word (``@break="no"`` and its equivalents), where the word stays whole."""
    if joins_word(element) or (not (out.text or "").strip() and not len(out)):
        invisible(renderer, element, out, context)
        return
    out.append(h("br", class_="lb"))


def milestone(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A boundary in the source: its number in brackets, or between blocks, a thematic break."""
    unit = element.get("unit", "")
    class_ = f"milestone milestone-{class_token(unit)}" if unit else "milestone"
    if not context.inline and not element.get("n") and not _in_running_text(element):
        node = h("hr", class_=class_)
        renderer.copy_common(element, node)
        out.append(node)
        return
    node = h("span", class_=class_)
    renderer.copy_common(element, node)
    if element.get("n"):
        node.text = f"[{element.get('n')}]"
    out.append(node)


def _in_running_text(element: Element) -> bool:
    """Whether an empty element stands among words (with text before or after it)."""
    parent = element.getparent()
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return bool((before or "").strip() or (element.tail or "").strip())


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "choice": choice, "sic": inline("span", "sic"), "corr": inline("span", "corr"), "orig":
    inline("span", "orig"), "reg": inline("span", "reg"), "abbr": inline("abbr", "abbr"), "expan":
    inline("span", "expan"), "ex": inline("span", "ex"), "am": inline("span", "am"), "del":
    inline("del", "del"), "add": inline("ins", "add"), "subst": substitution, "unclear":
    inline("span", "unclear"), "supplied": supplied, "gap": gap, "damage": inline("span", "damage"),
    "space": space, "surplus": inline("span", "surplus"), "secl": inline("span",
    "secl"), "handShift": invisible, "anchor": invisible, "cb": invisible, "lb": line_break, "pb":
    page_break, "milestone": milestone, "gb": invisible, "metamark": inline("span", "metamark"),
    "restore": inline("span", "restore"), "retrace": inline("span", "retrace"), "mod": substitution,
    "redo": inline("span", "redo"), "undo": inline("span", "undo")
}
