"""Turn TEI transcriptions of speech (TEI P5 §8) into utterances a reader can follow.

An utterance ``u`` is a paragraph that begins with its speaker, as a transcript prints it: the
name of the person ``@who`` points to (in ``particDesc`` or any list of persons), else the
pointer itself — never nothing, since who speaks is what the markup says. What happens
around the words is printed as transcripts print it, in brackets and italics, so that it
cannot be read as speech: ``vocal``, ``kinesic`` and ``incident`` by their ``desc`` (or their
``@type``), ``pause`` as "(pause)" with its duration (§8.3.2, ``@dur`` as xs:duration).
``shift`` (a change of voice quality, §8.3.6) marks where it happens with its feature.
``annotationBlock`` (ISO 24624 transcriptions) holds utterances and their annotations.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edition.model.tei import Element, is_tei
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.kinds import division, invisible

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "duration_label", "speaker_name"]

_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$")


def speaker_name(renderer: Renderer, who: str) -> str:
    """Who ``@who`` names: each pointer's person by name, else the pointer as written."""
    names = []
    for pointer in who.split():
        target = renderer.root.xpath("//*[@xml:id=$id]", id=pointer.removeprefix("#"))
        name = ""
        if target:
            named = target[0].xpath("(.//*[local-name()='persName' or local-name()='name'])[1]")
            name = " ".join("".join((named or target)[0].itertext()).split())
        names.append(name or pointer.removeprefix("#"))
    return " and ".join(names)


def duration_label(value: str) -> str:
    """"PT2S" as "2 s", "PT1M30S" as "1 min 30 s"; anything else as written."""
    match = _DURATION.match(value.strip())
    if not match or not any(match.groupdict().values()):
        return value.strip()
    units = (("d", "d"), ("h", "h"), ("m", "min"), ("s", "s"))
    return " ".join(f"{match.group(key)} {label}" for key, label in units if match.group(key))


def utterance(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``u``: a paragraph that begins with its speaker."""
    tag = "span" if context.inline else "p"
    node = h(tag, class_="u")
    renderer.copy_common(element, node)
    out.append(node)
    who = element.get("who", "")
    if who:
        node.append(h("span", speaker_name(renderer, who), class_="speaker"))
        node[-1].tail = " "
    saved = context.inline
    context.inline = True
    renderer.children(element, node, context)
    context.inline = saved


def _bracketed(node_text: str, renderer: Renderer, element: Element, out: Element,
               context: Context, class_: str) -> None:
    node = h("span", class_=f"spoken-event {class_}")
    renderer.copy_common(element, node)
    node.text = "("
    # Between utterances (an incident in the room) it is a line of its own.
    holder = out if context.inline else h("p", class_="spoken-line")
    if holder is not out:
        out.append(holder)
        if element.get("who"):          # "Mara (meows)": whose the sound is
            holder.append(h("span", speaker_name(renderer, element.get("who", "")), class_="speaker"))
            holder[-1].tail = " "
    holder.append(node)
    desc = next((c for c in element if is_tei(c, "desc")), None)
    if desc is not None:
        saved = context.inline
        context.inline = True
        renderer.children(desc, node, context)
        context.inline = saved
    else:
        append(node, node_text)
    append(node, ")")


def event(class_: str) -> Behaviour:
    """``vocal``, ``kinesic``, ``incident``: "(laughs)", by its ``desc``, else its ``@type``."""
    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        _bracketed(element.get("type", "") or class_, renderer, element, out, context, class_)
    return behaviour


def pause(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``pause``: "(pause 2 s)"."""
    duration = element.get("dur", "")
    label = f"pause {duration_label(duration)}" if duration else "pause"
    _bracketed(label, renderer, element, out, context, "pause")


def shift(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``shift``: where the voice changes, "(loud: f)"; back to normal, "(loud: normal)"."""
    feature, new = element.get("feature", ""), element.get("new", "")
    if not feature:
        invisible(renderer, element, out, context)
        return
    _bracketed(f"{feature}: {new}" if new else feature, renderer, element, out, context, "shift")


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "u": utterance, "pause": pause, "vocal": event("vocal"), "kinesic": event("kinesic"),
    "incident": event("incident"), "shift": shift, "writing": division("div", "writing"),
    "annotationBlock": division("div", "annotationBlock"),
}
