"""Turn marked content that no structure element owns into Artifacts: WeasyPrint's page margin
boxes (running heads, folios) and the leaders of the contents. ISO 14289-1 §7.1: content is
either tagged real content or an Artifact; §7.8: page headers and footers are Artifacts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pikepdf

from edition.writers.pdf.tagging.tree import mcid_owners

__all__ = ["strays_as_artifacts"]


def strays_as_artifacts(pdf: pikepdf.Pdf, before: dict[int, int],
                        marks: Mapping[tuple[tuple[int, int], int], object] | None = None) -> int:
    """Every MCID a page had (``before``: its StructParents key → how many) that the tree no
    longer owns (``marks``: ``mcid_owners(pdf)[0]``, when the caller has it) is marked
    ``/Artifact`` instead, in the page's content stream. Returns how many."""
    found: Mapping[tuple[tuple[int, int], int], object] = marks if marks is not None \
        else mcid_owners(pdf)[0]
    owned: dict[tuple[int, int], set[int]] = {}
    for where, mcid in found:
        owned.setdefault(where, set()).add(mcid)
    turned = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None:
            continue
        stray = set(range(before.get(int(key), 0))) - owned.get(page.obj.objgen, set())
        if stray:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(
                list(_as_artifacts(pikepdf.parse_content_stream(page), stray))))
            turned += len(stray)
    return turned


def _as_artifacts(instructions: list, stray: set[int]) -> Iterator:
    for instruction in instructions:
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC" and len(operands) == 2 and \
                isinstance(operands[1], pikepdf.Dictionary) and \
                int(operands[1].get("/MCID", -1)) in stray:
            yield pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
        else:
            yield instruction
