"""Turn the printed page's options (size, margins, PDF variant) into CSS and a checked variant."""

from __future__ import annotations

from dataclasses import dataclass

from edition.errors import EditionError

__all__ = ["DEFAULT_VARIANT", "VARIANTS", "PageSetup", "checked_variant", "is_tagged"]


DEFAULT_VARIANT = "pdf/a-3a"


# The variants WeasyPrint 70 writes (weasyprint.pdf.VARIANTS), plus "none" for a plain PDF.
VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u",
            "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-4e", "pdf/a-4f",
            "pdf/ua-1", "pdf/ua-2", "none")


@dataclass(frozen=True)
class PageSetup:
    """The printed page; ``None`` keeps what ``styles/print.css`` says (148 × 210 mm, A5)."""

    size: str | None = None          # any CSS page size: "A4", "6in 9in", "156mm 234mm"
    margins: str | None = None       # CSS margin shorthand: top, outside, bottom, inside

    def css(self) -> str:
        rules = []
        if self.size:
            rules.append(f"size: {self.size};")
        if self.margins:
            top, outside, bottom, inside = _four(self.margins)
            rules.append(f"margin: {top} {outside} {bottom} {inside};")
            # Facing pages: the inside margin is on the left of a right-hand page.
            return (f"@page {{ {' '.join(rules)} }}\n"
                    f"@page :left {{ margin-left: {outside}; margin-right: {inside}; }}\n"
                    f"@page :right {{ margin-left: {inside}; margin-right: {outside}; }}\n")
        return f"@page {{ {' '.join(rules)} }}\n" if rules else ""


def _four(shorthand: str) -> tuple[str, str, str, str]:
    parts = shorthand.split()
    if not 1 <= len(parts) <= 4:
        raise EditionError.single("E401", "--margins", f"cannot read margins {shorthand!r}",
                                  'give one to four CSS lengths, e.g. "18mm 20mm 24mm 16mm"')
    top = parts[0]
    outside = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    inside = parts[3] if len(parts) > 3 else outside
    return top, outside, bottom, inside


def checked_variant(variant: str | None) -> str | None:
    chosen = (variant or DEFAULT_VARIANT).lower()
    if chosen not in VARIANTS:
        raise EditionError.single("E402", "--variant", f"unknown PDF variant {variant!r}",
                                  f"choose one of: {', '.join(VARIANTS)}")
    return None if chosen == "none" else chosen


def is_tagged(variant: str | None) -> bool:
    """Whether WeasyPrint writes a structure tree for ``variant`` (the -a and UA variants)."""
    from weasyprint.pdf import VARIANTS as WEASYPRINT_VARIANTS

    return variant is not None and bool(WEASYPRINT_VARIANTS[variant][1].get("pdf_tags"))
