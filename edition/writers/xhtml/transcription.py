"""Turn transcription and the critical apparatus into XHTML: behaviours and rows of the model.

TEI P5 §3.5 (choice, sic, corr), §11 (gap, supplied, pb, lb, milestone) and §12 (app, lem, rdg).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import TEI_NS, XML_ID, Element, is_tei, local
from edition.writers.xhtml.builder import Context, Note, append, h
from edition.writers.xhtml.kinds import class_token, inline, invisible

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "apparatus", "choice", "gap", "line_break", "milestone", "note_lemma", "page_break",
           "supplied"]


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
    entry.append(_plain_span(source, "lemma-source"))
    append(entry, "] ")
    entry.append(_plain_span(reading, "lemma-reading"))
    return entry


def _plain_span(element: Element, class_: str) -> Element:
    return h("span", " ".join("".join(element.itertext()).split()), class_=class_)


def _choice_parts(choice: Element) -> tuple[Element | None, Element | None]:
    """(what the source has, what the reader is shown) for a TEI ``choice``."""
    parts = {local(c): c for c in choice if isinstance(c.tag, str)}
    for source, reading in (("sic", "corr"), ("orig", "reg"), ("abbr", "expan"),
                            ("unclear", "unclear")):
        if source in parts and reading in parts and source != reading:
            return parts[source], parts[reading]
    return None, None


def choice(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI P5 §3.5.1: show the corrected (or expanded) reading; keep the source reading reachable.

    ``sic``/``corr`` shows the correction, the source reading in ``title`` and in an apparatus
    note (unless the document gives the reason as a note of its own); ``orig``/``reg`` shows the
    original (the edition does not normalise); ``abbr``/``expan`` shows the expansion.
    """
    parts = {local(c): c for c in element if isinstance(c.tag, str)}
    if "corr" in parts:
        shown, kept, class_ = parts["corr"], parts.get("sic"), "corr"
    elif "orig" in parts:
        shown, kept, class_ = parts["orig"], parts.get("reg"), "orig"
    elif "expan" in parts:
        shown, kept, class_ = parts["expan"], parts.get("abbr"), "expan"
    elif parts:
        shown, kept, class_ = next(iter(parts.values())), None, "choice"
    else:
        return
    node = h("span", class_=class_)
    renderer.copy_common(element, node)
    if kept is not None:
        node.set("title", " ".join("".join(kept.itertext()).split()))
        node.set("data-source", node.get("title", ""))
    out.append(node)
    renderer.inline_children(shown, node, context)
    if class_ == "corr" and element.get(XML_ID) not in renderer.emendation_reasons:
        _apparatus_note(renderer, element, out, context)


def _apparatus_note(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    entry = _apparatus_entry(renderer, element, context)
    if entry is None:
        return
    append(entry, " (source reading kept)")
    context.note_counter += 1
    note_id, ref_id = renderer.new_id("app"), renderer.new_id("appref")
    context.notes.append(Note(note_id, ref_id, str(context.note_counter),
                              h("div", entry, class_="note-body"), "emendation", context.section))
    out.append(h("a", str(context.note_counter), class_="noteref", id=ref_id, href=f"#{note_id}",
                 epub_type="noteref", role="doc-noteref"))


def gap(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A gap in the source: "[…]", with what is missing and why for the curious reader."""
    reason = element.get("reason")
    extent = element.get("extent") or " ".join(
        filter(None, [element.get("quantity"), element.get("unit")]))
    title = ", ".join(filter(None, [extent, reason]))
    out.append(h("span", "[…]", class_="gap", title=title or None))


def supplied(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Text the editor supplies is shown in square brackets (TEI P5 §11.3.1.1)."""
    node = h("span", "[", class_="supplied")
    renderer.copy_common(element, node)
    out.append(node)
    renderer.inline_children(element, node, context)
    append(node, "]")


def page_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A page beginning of the source, shown discreetly as "[12]" in the line."""
    number = element.get("n")
    # Not role="doc-pagebreak": that names the pages of this book (the EPUB page list), and these
    # are the pages of the source.
    node = h("span", f"[{number}]" if number else "|", class_="pb")
    node.set("title", f"source page {number}" if number else "source page break")
    renderer.copy_common(element, node)
    out.append(node)


def line_break(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``lb`` marks where a line begins (TEI P5 §3.11.3): a break, except before the first line."""
    if not (out.text or "").strip() and not len(out):
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


def apparatus(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """TEI P5 §12.1 ``app``: the lemma (or else the first reading) in the text, and every other
    reading, with its witnesses, in an apparatus note ("lemma] reading wit.; om. wit.")."""
    readings = [r for r in element.iter(f"{{{TEI_NS}}}lem", f"{{{TEI_NS}}}rdg")]
    shown = next((r for r in readings if is_tei(r, "lem")), readings[0] if readings else None)
    if shown is None:
        return
    node = h("span", class_="app")
    renderer.copy_common(element, node)
    out.append(node)
    renderer.inline_children(shown, node, context)
    others = [r for r in readings if r is not shown]
    if not others:
        return
    entry = h("p", _plain_span(shown, "lemma-source"), "] ", class_="apparatus")
    for number, reading in enumerate(others):
        if number:
            append(entry, "; ")
        if "".join(reading.itertext()).strip():
            entry.append(_plain_span(reading, "lemma-reading"))
        else:
            entry.append(h("i", "om.", class_="lemma-reading"))
        witnesses = " ".join(w.lstrip("#") for w in reading.get("wit", "").split())
        if witnesses:
            append(entry, " ", h("span", witnesses, class_="wit"))
    context.note_counter += 1
    note_id, ref_id = renderer.new_id("app"), renderer.new_id("appref")
    context.notes.append(Note(note_id, ref_id, str(context.note_counter),
                              h("div", entry, class_="note-body"), "apparatus", context.section))
    out.append(h("a", str(context.note_counter), class_="noteref", id=ref_id, href=f"#{note_id}",
                 epub_type="noteref", role="doc-noteref"))


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "choice": choice, "sic": inline("span", "sic"), "corr": inline("span", "corr"), "orig":
    inline("span", "orig"), "reg": inline("span", "reg"), "abbr": inline("abbr", "abbr"), "expan":
    inline("span", "expan"), "ex": inline("span", "ex"), "am": inline("span", "am"), "del":
    inline("del", "del"), "add": inline("ins", "add"), "subst": inline("span", "subst"), "unclear":
    inline("span", "unclear"), "supplied": supplied, "gap": gap, "damage": inline("span", "damage"),
    "space": inline("span", "space"), "surplus": inline("span", "surplus"), "secl": inline("span",
    "secl"), "handShift": invisible, "anchor": invisible, "cb": invisible, "lb": line_break, "pb":
    page_break, "milestone": milestone, "gb": invisible, "metamark": inline("span", "metamark"),
    "restore": inline("span", "restore"), "retrace": inline("span", "retrace"), "mod": inline("span",
    "mod"), "redo": inline("span", "redo"), "undo": inline("span", "undo"), "app": apparatus, "lem":
    inline("span", "lem"), "rdg": inline("span", "rdg"), "rdgGrp": inline("span", "rdgGrp"), "witStart":
    invisible, "witEnd": invisible, "lacunaStart": invisible, "lacunaEnd": invisible, "wit":
    inline("span", "wit")
}
