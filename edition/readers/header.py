"""Turn what is known of a source (its file, the editor's metadata) into its TEI header.

TEI P5 §2.1: fileDesc (titleStmt, publicationStmt, sourceDesc), encodingDesc, profileDesc,
revisionDesc, in that order.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from edition import __version__
from edition.annotate.prose import fill_prose
from edition.config import Config
from edition.model.names import date_label, language_name
from edition.model.tei import CERTIFIER_KEY, Element, make, sub

__all__ = ["AUTO_RESP", "TextInfo", "editorial_decls", "publication_stmt", "resp_stmts",
           "text_header"]

AUTO_RESP = "resp-auto"
EDITORIAL_ORDER = ("correction", "normalization", "quotation", "hyphenation", "segmentation",
                   "interpretation")


@dataclass
class TextInfo:
    """What the header of one text says, gathered from the source, the sidecar and the registers."""

    file_name: str
    size: int
    sha256: str
    encoding: str            # the exact codec (Python's name): "utf-8", "utf-16-le", "cp1252"
    title: str
    title_supplied: bool
    language: str
    languages: dict[str, int] = field(default_factory=dict)
    author: str = ""
    author_ref: str = ""
    author_cert: str = ""
    date: str = ""
    date_cert: str = ""
    note: list[Element] = field(default_factory=list)
    sidecar_name: str = ""
    register_lists: list[Element] = field(default_factory=list)
    bom: bool = False


def text_header(info: TextInfo, config: Config) -> Element:
    header = make("teiHeader")
    file_desc = sub(header, "fileDesc")
    file_desc.append(title_stmt(info, config))
    file_desc.append(publication_stmt(config))
    file_desc.append(source_desc(info))
    header.append(encoding_desc(config))
    header.append(profile_desc(info.languages or {info.language: 1}))
    header.append(revision_desc(info, config))
    return header


def title_stmt(info: TextInfo, config: Config) -> Element:
    stmt = make("titleStmt")
    title = sub(stmt, "title", type="main")
    if info.title_supplied:
        # TEI P5 §11.3.1.1: text added by the editor where the source has none is <supplied>.
        sub(title, "supplied", info.title, reason="the source has no title", resp=f"#{config.resp}")
    else:
        title.text = info.title
    author = _author(info)
    if author is not None:
        stmt.append(author)
    stmt.extend(resp_stmts(config))
    return stmt


def _author(info: TextInfo) -> Element | None:
    if not (info.author or info.author_ref):
        return None
    return make("author", info.author or info.author_ref,
                ref=f"#{info.author_ref}" if info.author_ref else None,
                cert=info.author_cert or None)


def resp_stmts(config: Config, with_ids: bool = True) -> list[Element]:
    """The editors, and the automatic layer, each with the id that ``@resp`` points to."""
    stmts = []
    for editor in config.editor_list:
        stmt = make("respStmt")
        sub(stmt, "resp", editor.role)
        sub(stmt, "name", editor.name, xml_id=editor.id if with_ids else None)
        stmts.append(stmt)
    if config.certifier:
        stmts.append(certifier_stmt(config.certifier))
    auto = make("respStmt", xml_id=AUTO_RESP if with_ids else None)
    sub(auto, "resp", "automatic tagging of registered names, dates and French phrases, and of "
                      "the structure of verse, letters and drama")
    sub(auto, "name", f"edition {__version__}, from registers compiled by the editors")
    stmts.append(auto)
    return stmts


def certifier_stmt(name: str) -> Element:
    """Who evaluated the accessibility of the EPUB (``edition.toml``'s ``certifier``), kept in
    the TEI so that every book made from it can say so; ``resp/@key`` (TEI att.canonical) names
    the responsibility for the writers."""
    stmt = make("respStmt")
    sub(stmt, "resp", "evaluation of the accessibility of the EPUB edition", key=CERTIFIER_KEY)
    sub(stmt, "name", name)
    return stmt


def publication_stmt(config: Config, identifier: str = "") -> Element:
    stmt = make("publicationStmt")
    if not config.publisher:
        sub(stmt, "p", "Not published: built with edition from plain-text sources.")
        return stmt
    sub(stmt, "publisher", config.publisher)
    if config.pub_place:
        sub(stmt, "pubPlace", config.pub_place)
    day = config.build_date()
    sub(stmt, "date", date_label(day), when=day)
    if identifier:
        sub(stmt, "idno", identifier, type="URI")
    if config.licence or config.licence_url:
        availability = sub(stmt, "availability")
        sub(availability, "licence", config.licence or config.licence_url,
            target=config.licence_url or None)
    return stmt


def source_desc(info: TextInfo) -> Element:
    desc = make("sourceDesc")
    desc.append(source_bibl(info))
    desc.extend(info.register_lists)
    return desc


def source_bibl(info: TextInfo, target: str = "") -> Element:
    """The plain-text source: its file name, size and SHA-256, and what is known of it."""
    bibl = make("bibl", type="source")
    if not info.title_supplied:
        sub(bibl, "title", info.title)
    author = _author(info)
    if author is not None:
        bibl.append(author)
    if info.date:
        sub(bibl, "date", date_label(info.date), when=info.date, cert=info.date_cert or None)
    sub(bibl, "idno", info.file_name, type="filename")
    extent = sub(bibl, "extent")
    sub(extent, "measure", f"{info.size} bytes", unit="byte", quantity=str(info.size))
    sub(bibl, "idno", info.sha256, type="sha256")
    # What ``edition extract`` needs to give the bytes back: the codec, and whether a byte-order
    # mark came first (its bytes follow from the codec).
    sub(bibl, "idno", info.encoding, type="encoding", subtype="bom" if info.bom else None)
    if target:
        sub(bibl, "ptr", target=target)
    if info.note:
        fill_prose(sub(bibl, "note", type="attribution"), info.note)
    return bibl


def editorial_decls(config: Config) -> list[Element]:
    """The principles as TEI says them: general paragraphs, then the parts (correction, …)."""
    decls = []
    if config.principles:
        # editorialDecl holds either paragraphs or its parts, so the general statement and the
        # parts are two editorialDecl elements (encodingDesc allows several).
        general = make("editorialDecl")
        general.extend(_copies(config.principles))
        decls.append(general)
    parts = [(key, config.editorial[key]) for key in EDITORIAL_ORDER if config.editorial.get(key)]
    if parts:
        decl = make("editorialDecl")
        for key, paragraphs in parts:
            part = sub(decl, key)
            part.extend(_copies(paragraphs))
        decls.append(decl)
    if not decls:
        decl = make("editorialDecl")
        sub(decl, "p", "The text is the source's text, unaltered; the editorial layer adds "
                       "structure, names, dates and languages, and nothing is normalised.")
        decls.append(decl)
    return decls


def _copies(paragraphs: Iterable[Element]) -> list[Element]:
    return [copy.deepcopy(p) for p in paragraphs]


def encoding_desc(config: Config, project: list[Element] | None = None) -> Element:
    desc = make("encodingDesc")
    info = sub(desc, "appInfo")
    app = sub(info, "application", ident="edition", version=__version__)
    sub(app, "label", "edition")
    if project:
        sub(desc, "projectDesc").extend(_copies(project))
    desc.extend(editorial_decls(config))
    return desc


def profile_desc(languages: dict[str, int], subjects: list[str] | None = None) -> Element:
    desc = make("profileDesc")
    usage = sub(desc, "langUsage")
    total = sum(languages.values()) or 1
    for code, count in sorted(languages.items(), key=lambda item: (-item[1], item[0])):
        sub(usage, "language", language_name(code), ident=code,
            usage=str(max(1, round(100 * count / total))) if len(languages) > 1 else None)
    if subjects:
        keywords = sub(sub(desc, "textClass"), "keywords")
        for subject in subjects:
            sub(keywords, "term", subject)
    return desc


def revision_desc(info: TextInfo, config: Config) -> Element:
    desc = make("revisionDesc")
    layer = f"; editorial layer from {info.sidecar_name}" if info.sidecar_name else ""
    sub(desc, "change",
        f"Encoded from the plain-text source {info.file_name} by edition {__version__}{layer}.",
        when=config.build_date(), who=f"#{config.resp}")
    return desc
