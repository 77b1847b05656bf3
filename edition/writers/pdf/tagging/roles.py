"""Turn the marked structure elements into the types PDF/UA-1 asks for: each footnote a ``Note``
with an ``/ID`` and its number as ``Lbl``, each note call a ``Reference`` (ISO 14289-1 §7.9;
ISO 32000-1 §14.8.4.4); the contents a ``TOC`` of ``TOCI``, each entry one ``Link`` holding its
title, its page number and its link annotation, inside a ``Reference``; its leader left out of
the tree (ISO 32000-1 §14.8.4.3.2 Table 333; ISO 14289-1 §7.18.5)."""

from __future__ import annotations

import pikepdf

from edition.writers.pdf.tagging.marks import KEY, ROLE
from edition.writers.pdf.tagging.tree import is_element, kids_of, set_kids, walk

__all__ = ["contents_entries", "notes_and_calls", "role"]

_TYPES = {"note": "/Note", "note-label": "/Lbl", "note-call": "/Reference", "toc-ol": "/TOC"}


def role(element: pikepdf.Object) -> str:
    value = element.get(f"/{ROLE}")
    return str(value)[1:] if value is not None else ""


def notes_and_calls(pdf: pikepdf.Pdf) -> int:
    """Notes, their labels and their calls retyped; each Note's /ID (its XHTML id, which is its
    key) listed in the IDTree (ISO 32000-1 §14.7.2); each Note moved from the page's footnote
    area to just after its call, where the XHTML has it, so that it is read where it is called
    and the text around the page break is one run of siblings again. Returns how many notes."""
    ids = pikepdf.NameTree.new(pdf)
    notes: list[pikepdf.Dictionary] = []
    calls: dict[str, pikepdf.Dictionary] = {}
    for element in walk(pdf):
        kind = _TYPES.get(role(element))
        if kind is None or kind == "/TOC":
            continue
        element.S = pikepdf.Name(kind)
        key = str(element.get(f"/{KEY}", ""))
        if kind == "/Reference":
            calls.setdefault(key.removesuffix("::footnote-call"), element)
        elif kind == "/Note":
            element.ID = pikepdf.String(key)
            ids[key] = element
            notes.append(element)
    for note in notes:
        if str(note.ID) in calls:
            _move_after(note, calls[str(note.ID)])
    if notes:
        pdf.Root.StructTreeRoot.IDTree = ids.obj
    return len(notes)


def _move_after(element: pikepdf.Dictionary, anchor: pikepdf.Dictionary) -> None:
    """``element`` taken from its parent (which goes too if that leaves it empty) and set as
    the next sibling of ``anchor``."""
    parent = element.P
    set_kids(parent, [kid for kid in kids_of(parent) if not _is(kid, element)])
    while not kids_of(parent) and is_element(parent) and is_element(parent.get("/P")):
        above = parent.P
        set_kids(above, [kid for kid in kids_of(above) if not _is(kid, parent)])
        parent = above
    siblings = kids_of(anchor.P)
    at = next(index for index, kid in enumerate(siblings) if _is(kid, anchor))
    siblings.insert(at + 1, element)
    set_kids(anchor.P, siblings)
    element.P = anchor.P


def _is(kid: object, element: pikepdf.Object) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.objgen == element.objgen


def contents_entries(pdf: pikepdf.Pdf) -> int:
    """The contents list as TOC/TOCI, each entry's nested links made one Link, its leader out of
    the tree (its marked content becomes an Artifact). Returns how many entries."""
    entries = 0
    for element in list(walk(pdf)):
        kind = role(element)
        if kind == "toc-ol":
            element.S = pikepdf.Name.TOC
        elif kind == "toc-li" and str(element.S) == "/LI":
            element.S = pikepdf.Name.TOCI
            set_kids(element, list(_unwrapped(element)))
        elif kind == "toc-link" and str(element.S) == "/Link" and \
                role(element.P) != "toc-link":
            set_kids(element, list(_flattened(element)))
            _wrap(pdf, element, pikepdf.Name.Reference)
            entries += 1
    return entries


def _wrap(pdf: pikepdf.Pdf, element: pikepdf.Dictionary, kind: pikepdf.Name) -> None:
    """``element`` put inside a new element of type ``kind``, where it was: a TOCI holds a
    Reference, which holds the entry's Link (ISO 32000-1 §14.8.4.3.2, Table 333)."""
    parent = element.P
    wrapper = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=kind, P=parent, K=pikepdf.Array([element])))
    if "/Pg" in element:
        wrapper.Pg = element.Pg
    set_kids(parent, [wrapper if _is(kid, element) else kid for kid in kids_of(parent)])
    element.P = wrapper


def _unwrapped(item: pikepdf.Dictionary) -> list:
    """A TOCI's kids with WeasyPrint's LBody taken away (its kids moved up)."""
    kids: list = []
    for kid in kids_of(item):
        if is_element(kid) and str(kid.S) == "/LBody" and role(kid) == "toc-li":
            for inner in kids_of(kid):
                if is_element(inner):
                    inner.P = item
                kids.append(inner)
        else:
            kids.append(kid)
    return kids


def _flattened(link: pikepdf.Dictionary) -> list:
    """The link's marked content and annotations, and those of the links WeasyPrint nested in it
    (its ``::after`` with the page number), in reading order; a leader's marked content dropped
    (it becomes an Artifact), its link annotation kept."""
    kids: list = []
    for kid in kids_of(link):
        if is_element(kid) and role(kid) == "leader":
            kids.extend(inner for inner in kids_of(kid) if isinstance(inner, pikepdf.Dictionary)
                        and inner.get("/Type") == pikepdf.Name.OBJR)
            continue
        if is_element(kid) and str(kid.S) == "/Link":
            kids.extend(_as_references(_flattened(kid), kid))
        else:
            kids.append(kid)
    return kids


def _as_references(kids: list, owner: pikepdf.Dictionary) -> list:
    """An inner link's plain MCIDs name its page, for they now sit in another element."""
    page = owner.get("/Pg")
    return [pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=int(kid))
            if isinstance(kid, int) and page is not None else kid for kid in kids]
