"""Turn verse and drama into XHTML: their behaviours and their rows of the model.

TEI P5 §6 (lg, l, caesura) and §7 (sp, speaker, stage, castList).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edition.model.names import is_rtl
from edition.model.tei import TEI_NS, Element, is_tei, local
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.kinds import block, class_token, division, inline, invisible

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "line", "speech", "stage"]

# A source's indentation kept by the reader: rend="indent-N", N characters (README, kinds table).
INDENT = re.compile(r"indent-(\d{1,3})")
# A character of a proportional book face is about half an em wide.
EM_PER_CHARACTER = 0.5
# The hanging indent of a verse line (base.css, div.l): its run-over starts this far in.
HANG_EM = 1.5


def line(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A verse line, with its number shown every fifth line (or where the number is not a run)."""
    if context.inline:
        renderer.container("span", element, out, context, class_="l")
        return
    # @part (TEI P5 §6.2: a line shared between speakers) and @rend shape the line's indent.
    classes = ["l", *(f"rend-{class_token(t)}" for t in element.get("rend", "").split())]
    if element.get("part"):
        classes.append(f"part-{class_token(element.get('part', ''))}")
    node = renderer.container("div", element, out, context, class_=" ".join(classes), inline=True)
    _indent(element, node)
    number = element.get("n") or _speech_line_number(element)
    if number and (not number.isdigit() or int(number) % 5 == 0):
        node.insert(0, h("span", number, class_="line-number", aria_hidden="true"))
        node[0].tail, node.text = node.text, None


def _indent(element: Element, node: Element) -> None:
    """The source's indentation added to the line's hang: any number of characters, so a style,
    not a class; padding, not margin, so that the line number stays in the margin."""
    found = [int(m.group(1)) for t in element.get("rend", "").split() if (m := INDENT.fullmatch(t))]
    if not found or not found[0]:
        return
    side = "right" if is_rtl(element.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")) \
        else "left"
    rule = f"padding-{side}: {HANG_EM + found[0] * EM_PER_CHARACTER:g}em"
    node.set("style", f"{node.get('style')}; {rule}" if node.get("style") else rule)


# Lines of a speech are numbered through their scene (the nearest division), as editions of
# plays number them, when the TEI numbers none of them; the numbers of one scene are kept
# while its lines are rendered (one at a time: lxml elements take no weak references).
_scene: dict[str, object] = {"division": None, "numbers": {}}


def _speech_line_number(element: Element) -> str | None:
    if not any(is_tei(a, "sp") for a in element.iterancestors()):
        return None
    division = next((a for a in element.iterancestors() if is_tei(a, "div", "body", "front", "back")),
                    None)
    if division is None:
        return None
    if _scene["division"] is not division:
        lines = list(division.iter(f"{{{TEI_NS}}}l"))
        numbered = any(x.get("n") for x in lines)
        # TEI P5 §6.2: @part="M"/"F" continue the line that part="I" began: one number for all.
        counted = [] if numbered else [x for x in lines if x.get("part") not in ("M", "F")]
        _scene["division"], _scene["numbers"] = division, {x: n for n, x in enumerate(counted, 1)}
    numbers = _scene["numbers"]
    assert isinstance(numbers, dict)
    found = numbers.get(element)
    return str(found) if found else None


def speech(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A speech. Before prose the speaker runs in, in small capitals, as editions of prose plays
    print it; before verse it stands on a line of its own, so that the lines keep the measure
    and their numbers (TEI P5 §7.2.2)."""
    if context.inline:
        division("div", "sp")(renderer, element, out, context)
        return
    verse = any(is_tei(c, "l", "lg") for c in element)
    kind = element.get("type")
    classes = ["sp", "sp-verse" if verse else "sp-prose", *([f"sp-{class_token(kind)}"] if kind else [])]
    node = h("div", class_=" ".join(classes))
    renderer.copy_common(element, node)
    out.append(node)
    if element.text:
        append(node, element.text)
    children = list(element)
    skip: Element | None = None
    for index, child in enumerate(children):
        if child is skip:
            continue
        following = children[index + 1] if index + 1 < len(children) else None
        if (is_tei(child, "speaker") and following is not None and is_tei(following, "p")
                and not (child.tail or "").strip()):
            _run_in(renderer, child, following, node, context)
            skip = following
            child = following
        elif isinstance(child.tag, str):
            renderer.render(child, node, context)
        if child.tail:
            append(node, child.tail)


def _run_in(renderer: Renderer, speaker: Element, paragraph: Element, out: Element,
            context: Context) -> None:
    """The paragraph of the speech with its speaker at its head."""
    held = h("div")
    renderer.container("span", speaker, held, context, class_="speaker", inline=True)
    renderer.render(paragraph, out, context)
    rendered = out[-1]
    if local(rendered) != "p":
        out.insert(len(out) - 1, held[0])       # not a plain paragraph after all: keep the order
        return
    label = held[0]
    label.tail = " " + (rendered.text or "")
    rendered.text = None
    rendered.insert(0, label)
    rendered.set("class", " ".join(filter(None, [rendered.get("class"), "run-in"])))


def stage(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    kind = element.get("type")
    class_ = f"stage stage-{class_token(kind)}" if kind else "stage"
    parent = element.getparent()
    if context.inline or (parent is not None and is_tei(parent, "p", "l")):
        renderer.container("span", element, out, context, class_=class_, inline=True)
    else:
        renderer.container("p", element, out, context, class_=class_, inline=True)


def caesura(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``caesura`` (TEI P5 §6.2): a metrical break within the line, which also parts words a
    source writes against it ("Gardena<caesura/>in"). Its gap is an em space in the text, not
    only in the style, so that a reader who copies, searches or listens meets two words."""
    node = renderer.container("span", element, out, context, class_="caesura", inline=True)
    node.text = "\u2003" + (node.text or "")


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "lg": division("div", "lg"), "l": line, "caesura": caesura, "sp": speech,
    "speaker": block("p", "speaker"), "stage": stage, "castList": division("div", "castList"),
    "castGroup": division("div", "castGroup"), "castItem": block("p", "castItem"), "role":
    inline("span", "role"), "roleDesc": inline("span", "roleDesc"), "actor": inline("span", "actor"),
    "set": division("div", "set"), "move": invisible, "view": block("p", "view"), "spGrp":
    division("div", "spGrp"), "prologue": division("div", "prologue"), "epilogue": division("div",
    "epilogue"), "performance": division("div", "performance"), "camera": stage, "sound": stage, "tech":
    stage
}
