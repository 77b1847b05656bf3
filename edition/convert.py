"""Turn one plain-text source, its sidecar and the registers into a TEI document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from edition.annotate.auto import NameFinder
from edition.annotate.prose import dangling_pointers, dangling_targets
from edition.annotate.registers import Register, register_lists
from edition.annotate.sidecar import Sidecar, read_sidecar
from edition.annotate.spans import TextSpans, apply_structure, collect_spans, name_finder
from edition.config import Config
from edition.errors import EditionError, Message
from edition.model.tei import XML_ID, XML_LANG, Element, iter_tei, make, ncname
from edition.model.xmlio import indent_blocks
from edition.readers.encode import encode_text, place_gaps
from edition.readers.header import TextInfo, text_header
from edition.readers.plaintext import Source, read_source
from edition.readers.structure import infer_kinds

__all__ = ["ConvertOptions", "Converted", "convert_source", "sidecar_path"]


@dataclass(frozen=True)
class ConvertOptions:
    encoding: str | None = None
    replace_invalid: bool = False
    french: bool = True


@dataclass
class Converted:
    """One text encoded: its TEI, what its header says, and counts of its annotations."""

    tree: etree._ElementTree
    info: TextInfo
    text_id: str
    source: Source
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.source.path.name


def sidecar_path(source: Path) -> Path:
    return source.with_suffix(".toml")


def convert_source(path: Path, config: Config, register: Register,
                   options: ConvertOptions = ConvertOptions(), text_id: str | None = None,
                   sidecar: Sidecar | None = None, finder: NameFinder | None = None,
                   texts: dict[str, str] | None = None) -> Converted:
    """Encode one source; every problem of the source and its sidecar comes in one error.
    ``texts``: the ids of the edition's texts and their file names (for E249)."""
    source = read_source(path, options.encoding, options.replace_invalid)
    problems: list[Message] = []
    if sidecar is None:
        sidecar, problems = read_sidecar(sidecar_path(path))
    text_id = text_id or ncname(source.stem)
    problems += apply_structure(source.blocks, sidecar)
    infer_kinds(source.blocks)
    spans = collect_spans(source.blocks, sidecar, register, config.resp, text_id,
                          finder or name_finder(register), options.french)
    problems += spans.messages
    problems += _check_meta(sidecar, register)
    problems += dangling_pointers(sidecar.pointers, known_ids(config, register))
    if any(p.is_error for p in problems):
        raise EditionError(sorted(problems))   # in file and line order, as an editor reads them
    converted = _assemble(source, sidecar, spans, config, register, text_id, problems)
    # A <ref target="#…"> of the prose can only be checked once the text has its ids (notes,
    # emendations, the register entries it copies): at the sidecar, not in the staging TEI.
    # edition.toml's prose is printed in every text's header, so it must point into each.
    ids = {e.get(XML_ID, "") for e in converted.tree.iter() if isinstance(e.tag, str)}
    others = {tid: name for tid, name in (texts or {}).items() if tid != text_id}
    wrong = dangling_targets([*sidecar.pointers, *config.pointers], ids, others)
    if wrong:
        raise EditionError(sorted(wrong))
    return converted


def known_ids(config: Config, register: Register) -> set[str]:
    """What a name in the editor's prose may point at: a register entry or an editor."""
    return {*register.entries, *(editor.id for editor in config.editor_list)}


def _check_meta(sidecar: Sidecar, register: Register) -> list[Message]:
    ref = sidecar.meta.author_ref
    if ref and register.get(ref) is None and sidecar.path is not None:
        line, col = sidecar.meta.places.get("author_ref", (1, 1))
        return [Message.at("E244", "error", sidecar.path, f"author_ref {ref!r} is not in the "
                           "registers", "add it to registers.toml or correct the id", line, col)]
    return []


def _assemble(source: Source, sidecar: Sidecar, spans: TextSpans, config: Config,
              register: Register, text_id: str, warnings: list[Message]) -> Converted:
    meta = sidecar.meta
    language = meta.language or config.language
    title_block = next((b for b in source.blocks if b.kind == "title"), None)
    supplied = None
    warnings = [*source.warnings, *warnings]
    if title_block is not None:
        title, is_supplied = " ".join(title_block.text.split()), False
    else:
        title, is_supplied = meta.title, True
        if not title:
            title = f"Untitled ({source.path.name})"
            warnings.append(Message.at(
                "W021", "warning", sidecar.path or source.path,
                f"{source.path.name} has no title and its sidecar supplies none",
                f'add [text] title = "…" to {sidecar_path(source.path).name}', 1, 1))
        # TEI P5 §11.3.1.1: a title the editor adds is <supplied>, attributed with @resp.
        supplied = make("supplied", title, reason="the source has no title", resp=f"#{config.resp}")
    block_spans = {i: (b.wraps, b.inserts) for i, b in spans.blocks.items()}
    layout = encode_text(source.blocks, block_spans, language, supplied, str(source.path),
                         config.resp)
    place_gaps(layout, source.blocks, source.gaps)
    if any(m.is_error for m in layout.warnings):
        raise EditionError(sorted(m for m in warnings + layout.warnings if m.is_error))
    warnings += layout.warnings
    _number(layout.text, text_id)
    author = meta.author
    if meta.author_ref and not author:
        entry = register.get(meta.author_ref)
        author = entry.name if entry else meta.author_ref
    mentioned = _mentioned(layout.text, meta.author_ref, register)
    info = TextInfo(
        file_name=source.path.name, size=source.size, sha256=source.sha256,
        encoding=source.codec, bom=source.bom, title=title, title_supplied=is_supplied, language=language,
        languages=_languages(layout.text, language), author=author, author_ref=meta.author_ref,
        author_cert=meta.author_cert, date=meta.date, date_cert=meta.date_cert, note=meta.note,
        sidecar_name=sidecar.path.name if sidecar.path else "",
        register_lists=register_lists(register, mentioned) if mentioned else [],
    )
    root = make("TEI", xml_id=text_id, xml_lang=language)
    root.append(text_header(info, config))
    indent_blocks(root)      # the header only: the text keeps the source's own white space
    root.append(layout.text)
    return Converted(root.getroottree(), info, text_id, source, dict(spans.counts), warnings)


def _number(text: Element, text_id: str) -> None:
    """Ids for notes and emendations in reading order; an emendation's reason points at it."""
    for number, note in enumerate(iter_tei(text, "note"), start=1):
        note.set("n", str(number))
        note.set("{http://www.w3.org/XML/1998/namespace}id", f"{text_id}-n{number}")
    for number, choice in enumerate(iter_tei(text, "choice"), start=1):
        choice.set("{http://www.w3.org/XML/1998/namespace}id", f"{text_id}-e{number}")
        reason = choice.getnext()
        if reason is not None and reason.get("type") == "emendation":
            reason.set("target", f"#{text_id}-e{number}")


def _mentioned(text: Element, author_ref: str, register: Register) -> set[str]:
    """The register entries the text points at, and those their descriptions point at in turn
    (a place described with a person's name brings the person, or the pointer would dangle)."""
    refs = {author_ref} if author_ref else set()
    for element in text.iter():
        ref = element.get("ref")
        if ref and ref.startswith("#"):
            refs.add(ref[1:])
    todo = list(refs)
    while todo:
        entry = register.get(todo.pop())
        for paragraph in entry.description if entry else []:
            for element in paragraph.iter():
                ref = element.get("ref") or ""
                for token in ref.split():
                    if token.startswith("#") and token[1:] not in refs and register.get(token[1:]):
                        refs.add(token[1:])
                        todo.append(token[1:])
    return refs


def _languages(text: Element, main: str) -> dict[str, int]:
    """Characters per language: those in ``foreign``/``@xml:lang`` spans, the rest the main one."""
    total = sum(len(t) for t in text.itertext())
    counts: dict[str, int] = {}
    for element in text.iter():
        lang = element.get(XML_LANG)
        if lang and element is not text:
            counts[lang] = counts.get(lang, 0) + sum(len(t) for t in element.itertext())
    counts[main] = max(total - sum(v for k, v in counts.items() if k != main), 1)
    return counts
