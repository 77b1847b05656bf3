"""Turn TEI into XHTML with one processing model: a table from TEI elements to HTML behaviours.

Every output (PDF, EPUB) renders the XHTML this package makes. The behaviours live with their
family of the TEI Guidelines, each family holding its rows of the table:

- ``core``: structure, phrases, notes, links, lists (TEI P5 §3, §4); ``quotation`` its marks;
- ``verse_drama``: lg, l, sp, stage (§6, §7);
- ``transcription``: choice, gap, pb, the apparatus (§3.5, §11, §12);
- ``names_dates``: names, dates, numbers (§3.6, §13);
- ``figures_tables``: figure, graphic, table (§14);
- ``header``: bibliography and manuscript description (§3.12, §10).

``model`` merges the rows into ``MODEL``; ``renderer`` walks the tree; ``nesting`` makes the
result nest as HTML allows; ``builder`` makes the elements. An element the table does not know
renders its content and is reported once (TEI P5 §23.5: "the default is to process the content").
"""

from __future__ import annotations

from edition.writers.xhtml.builder import EPUB_NS, XHTML, Asset, Context, Mention, Note, append, h
from edition.writers.xhtml.model import MODEL
from edition.writers.xhtml.nesting import fix_nesting
from edition.writers.xhtml.renderer import Renderer

__all__ = ["EPUB_NS", "MODEL", "XHTML", "Asset", "Context", "Mention", "Note", "Renderer", "append",
           "fix_nesting", "h"]
