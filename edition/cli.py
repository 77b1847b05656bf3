"""Turn command lines into calls to the library, and its errors into messages and exit codes.

Exit codes: 0 success; 1 invalid input or a failed check; 2 a usage error; 130 interrupted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from edition import __version__
from edition.errors import EditionError, Message, UsageError, format_message

app = typer.Typer(
    name="edition",
    help="Plain-text sources to a TEI P5 edition, validated, rendered to PDF and EPUB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
STATE = {"debug": False, "quiet": False, "verbose": False}
F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    text = "text"
    json = "json"


SHOWN_PER_CODE = 5  # more of the same warning would drown the rest; errors are all shown
# Control characters and undecodable bytes (lone surrogates from os.fsdecode) in a file name or
# in text quoted from a document: printed raw they would break the one-line format, garble the
# terminal, or fail to encode at all.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def escape(text: str) -> str:
    """``text`` with what cannot be shown as is written as an escape (an undecodable byte of a
    file name as ``\\xe9``, a control character as ``\\u001b``)."""
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}"
                           if 0xDC80 <= ord(m.group()) <= 0xDCFF
                           else f"\\u{ord(m.group()):04x}", text)


def printable(message: Message) -> Message:
    """The message with its path and text safe to print."""
    return dataclasses.replace(message, path=escape(message.path), text=escape(message.text))


def report(messages: list[Message]) -> None:
    """Print every error; of each warning code, the first few and a count of the rest."""
    seen: dict[str, int] = {}
    for message in messages:
        seen[message.code] = seen.get(message.code, 0) + 1
        if message.is_error or seen[message.code] <= SHOWN_PER_CODE or STATE["verbose"]:
            typer.echo(format_message(printable(message)), err=True)
    for code, count in seen.items():
        hidden = count - SHOWN_PER_CODE
        if hidden > 0 and not STATE["verbose"] and not any(
                m.is_error for m in messages if m.code == code):
            typer.echo(f"edition: … and {hidden} more {code} warnings (--verbose shows them all)",
                       err=True)


def progress(message: str) -> None:
    if not STATE["quiet"]:
        typer.echo(f"edition: {escape(message)}", err=True)


def handles_errors(command: F) -> F:
    """A user's mistake becomes its messages and exit code 1; --debug shows the traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except EditionError as error:
            if STATE["debug"]:
                raise
            report(error.messages)
            raise typer.Exit(2 if isinstance(error, UsageError) else 1) from None
        except KeyboardInterrupt:
            typer.echo("edition: interrupted; nothing was written", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as error:
            # The machine refused (permissions, a full disk, a missing folder): not a bug.
            if STATE["debug"]:
                raise
            report([Message.at("E004", "error", str(error.filename or "edition"),
                               f"cannot read or write: {error.strerror or error}",
                               "check that the folder exists, that you may write to it and "
                               "that the disk has room")])
            raise typer.Exit(1) from None
        except Exception as error:
            if STATE["debug"]:
                raise
            typer.echo(f"edition: error: E900: internal error: {type(error).__name__}: {error}\n"
                       "    hint: this is a bug in edition; run again with --debug and report "
                       "the traceback", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"edition {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Every warning, not a summary.")] = False,
) -> None:
    """edition: plain-text sources to a validated TEI P5 edition, PDF and EPUB."""
    STATE["debug"], STATE["quiet"], STATE["verbose"] = debug, quiet, verbose


@app.command()
@handles_errors
def build(
    seeds: Annotated[Path, typer.Option(help="Folder of .txt sources and their sidecars.")] = Path("seeds"),
    out: Annotated[Path, typer.Option(help="Output folder (replaced whole on success).")] = Path("build"),
    pdf: Annotated[bool, typer.Option(help="Render build/edition.pdf.")] = True,
    epub: Annotated[bool, typer.Option(help="Render build/edition.epub.")] = True,
    site: Annotated[bool, typer.Option(help="Write the web edition, build/site/.")] = True,
    schema: Annotated[Path | None, typer.Option(help="Validate against this RELAX NG schema.")] = None,
    variant: Annotated[str | None, typer.Option(help="PDF variant (default pdf/a-3a).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Processes for the per-text stages and the PDF's runs "
                                           "(0: one per core).")] = 0,
    cache: Annotated[bool, typer.Option(help="Reuse what the last build made from the same inputs.")] = True,
    watch: Annotated[bool, typer.Option(help="Rebuild whenever a file in the seeds folder changes.")] = False,
    check_after: Annotated[bool, typer.Option(
        "--check", help="Then check the whole build as edition check does.")] = False,
    level: Annotated[str, typer.Option(
        help="The transcription level a choice shows: norm (default), dipl, facs, or a level the "
        "document names (seg @type).")] = "norm",
) -> None:
    """Build the edition: TEI per text, build/edition.xml, validated; then the PDF and EPUB."""
    from edition.build import BuildOptions

    formats = tuple(f for f, on in (("pdf", pdf), ("epub", epub), ("site", site))
                    if on and _available(f))
    options = BuildOptions(schema=schema, formats=formats, pdf_variant=variant, jobs=jobs,
                           cache=cache, level=level)
    if watch:
        from edition.watch import watch_and_build

        watch_and_build(seeds, out, options, progress, report)
        return
    _build_once(seeds, out, options)
    if check_after:
        _check([out], Format.text, ace=True)


def _build_once(seeds: Path, out: Path, options: Any) -> None:
    from edition.build import build_edition

    result = build_edition(seeds, out, options, progress)
    report(result.warnings)
    if not result.up_to_date:
        laps = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
        progress(f"wrote {len(result.written)} files to {out}/ ({laps})")


def _available(fmt: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"edition.writers.{fmt}") is not None


@app.command()
@handles_errors
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="A build folder, or TEI, EPUB and PDF files (default: build).")] = None,
    format: Annotated[Format, typer.Option(help="text or json.")] = Format.text,
    ace: Annotated[bool, typer.Option(help="Run Ace by DAISY on the EPUBs (when installed).")] = True,
) -> None:
    """Check the whole chain: TEI validation, EPUBCheck, Ace, the PDF/UA-1 and PDF/A-3a rules;
    exit 1 on any error."""
    _check(paths or [Path("build")], format, ace)


def _check(paths: list[Path], format: Format, ace: bool) -> None:
    from edition.check import check_paths, find_targets

    targets, _ = find_targets(paths)
    findings = check_paths(paths, ace=ace)
    errors = sum(f.is_error for f in findings)
    summary = {"tei": len(targets.tei), "epub": len(targets.epub), "pdf": len(targets.pdf),
               "errors": errors, "warnings": len(findings) - errors}
    if format is Format.json:
        typer.echo(json.dumps({"checked": summary, "findings": [printable(f).as_dict()
                                                                for f in findings]},
                              indent=2, ensure_ascii=False))
    else:
        report(findings)
        progress(f"checked {summary['tei']} TEI, {summary['epub']} EPUB and {summary['pdf']} PDF "
                 f"files: {errors} errors, {summary['warnings']} warnings")
    if errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def convert(
    seed: Annotated[Path, typer.Argument(help="A plain-text source (.txt).")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here instead of stdout.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Decode with this encoding (e.g. cp1252).")] = None,
    replace_invalid: Annotated[bool, typer.Option(
        help="Replace characters XML cannot hold with U+FFFD (with a warning).")] = False,
) -> None:
    """Convert one source to TEI, with its sidecar and the registers of its folder."""
    from edition.build import convert_file
    from edition.convert import ConvertOptions
    from edition.model.xmlio import serialize, write_atomic
    from edition.validate import validate_tree

    if output is not None and output.exists() and output.resolve() == seed.resolve():
        raise EditionError.single("E005", output, "the output is the source itself; writing it "
                                  "would replace the source", "write to another file, e.g. -o "
                                  f"{seed.with_suffix('.xml').name}")
    converted = convert_file(seed, ConvertOptions(encoding, replace_invalid))
    findings = validate_tree(converted.tree, output or seed.with_suffix(".xml"))
    if any(f.is_error for f in findings):
        raise EditionError(findings)
    report(converted.warnings + findings)
    data = serialize(converted.tree)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomic(output, data)


@app.command()
@handles_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="TEI files, or folders of them.")],
    schema: Annotated[Path | None, typer.Option(
        help="A RELAX NG schema (.rng) instead of the edition's.")] = None,
    rules: Annotated[bool | None, typer.Option(
        "--rules/--no-rules", help="Also run the edition's rules (Schematron and Python checks); "
        "the default: with the edition's schema, not with --schema.")] = None,
    format: Annotated[Format, typer.Option(help="text or json.")] = Format.text,
) -> None:
    """Validate TEI: exit 0 if valid, 1 if not (each finding as path:line:col)."""
    from edition.validate import validate_paths

    # --schema X asks whether the document is valid against X: our rules are an edition's
    # house rules, not X's, and would fail documents that X accepts.
    findings = validate_paths(paths, schema, schema is None if rules is None else rules)
    if format is Format.json:
        typer.echo(json.dumps([printable(f).as_dict() for f in findings], indent=2,
                              ensure_ascii=False))
    else:
        report(findings)
    if any(f.is_error for f in findings):
        raise typer.Exit(1)


@app.command()
@handles_errors
def extract(
    tei: Annotated[Path, typer.Argument(help="A TEI document or teiCorpus.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the sources into this folder, each under its file name.")] = None,
    reading: Annotated[bool, typer.Option(
        "--reading", help="Print the diplomatic reading as text, not the source's bytes.")] = False,
) -> None:
    """Give back each source byte for byte (checked against its SHA-256), or its reading."""
    from edition.model.reading import diplomatic_reading, source_bytes, texts_of
    from edition.model.xmlio import read_xml, write_atomic

    texts = texts_of(read_xml(tei))
    if not texts:
        raise EditionError.single("E106", tei, "no TEI <text> in this document: there is "
                                  "nothing to extract", "give a TEI document or teiCorpus (in the "
                                  "namespace http://www.tei-c.org/ns/1.0)", 1, 1)
    sources = [None if reading else source_bytes(text, tei) for _, text in texts]
    if output is not None:
        for number, ((text_id, text), found) in enumerate(zip(texts, sources, strict=True), 1):
            name, data = found or (f"{text_id or number}.txt",
                                   diplomatic_reading(text).encode("utf-8"))
            write_atomic(output / Path(name).name, data)
        return
    if len(texts) == 1 and sources[0] is not None:
        stream = typer.get_binary_stream("stdout")
        stream.write(sources[0][1])
        stream.flush()
        return
    typer.echo("\n\n".join(diplomatic_reading(text) for _, text in texts))


@app.command()
@handles_errors
def stats(
    tei: Annotated[Path, typer.Argument(help="A TEI document or teiCorpus.")] = Path("build/edition.xml"),
) -> None:
    """Print the apparatus per text (notes, emendations, names, dates) as a Markdown table."""
    from edition.model.apparatus import count_apparatus, markdown_table
    from edition.model.xmlio import read_xml

    typer.echo(markdown_table(count_apparatus(read_xml(tei))))


@app.command()
@handles_errors
def pdf(
    tei: Annotated[Path, typer.Argument(help="A TEI document or teiCorpus.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The PDF to write (default: next to the TEI, with .pdf).")] = None,
    variant: Annotated[str | None, typer.Option(
        help="PDF variant: pdf/a-3a (default), pdf/ua-1, pdf/a-2b…, or none.")] = None,
    page_size: Annotated[str | None, typer.Option(
        help='Page size as CSS: "A4", "6in 9in" (default 148mm 210mm).')] = None,
    margins: Annotated[str | None, typer.Option(
        help='Margins as CSS: top, outside, bottom, inside (default "17mm 20mm 22mm 16mm").')] = None,
    level: Annotated[str, typer.Option(
        help="The transcription level a choice shows: norm (default), dipl, facs, or a level the "
        "document names (seg @type).")] = "norm",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
        help="Processes laying out a long book's runs of texts (0: one per core, 1: this one); "
             "the PDF is the same for every value.")] = 0,
) -> None:
    """Render a TEI document or corpus as a printable book (PDF/A-3a, the TEI embedded)."""
    from edition.model.xmlio import read_xml
    from edition.page import check_page
    from edition.writers.pdf import PageSetup, PdfWriter

    check_page(page_size, margins)   # before any work: a usage error, exit 2
    target = output or tei.with_suffix(".pdf")
    if target.resolve() == tei.resolve():
        raise EditionError.single("E405", target, "the output is the TEI itself",
                                  "write to another file, e.g. -o " + tei.with_suffix(".pdf").name)
    writer = PdfWriter(PageSetup(size=page_size, margins=margins), jobs=jobs)
    report(writer.write(_at_level(writer, read_xml(tei), tei, level), target, base=tei, variant=variant))
    progress(f"wrote {target}")


@app.command()
@handles_errors
def epub(
    tei: Annotated[Path, typer.Argument(help="A TEI document or teiCorpus.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The EPUB to write (default: next to the TEI, with .epub).")] = None,
    page_list: Annotated[bool | None, typer.Option(
        "--page-list/--no-page-list", help="Mark where the pages of the printed edition begin "
        "(default: for books of up to about 170 printed pages, which lay out in seconds).")] = None,
    certified_by: Annotated[str, typer.Option(
        help="Who evaluated the book's accessibility (a11y:certifiedBy); none by default.")] = "",
    level: Annotated[str, typer.Option(
        help="The transcription level a choice shows: norm (default), dipl, facs, or a level the "
        "document names (seg @type).")] = "norm",
) -> None:
    """Render a TEI document or corpus as an EPUB 3 (EPUBCheck-clean, byte-reproducible)."""
    from edition.model.xmlio import read_xml
    from edition.writers.epub import EpubWriter

    target = output or tei.with_suffix(".epub")
    if target.resolve() == tei.resolve():
        raise EditionError.single("E601", target, "the output is the TEI itself",
                                  "write to another file, e.g. -o " + tei.with_suffix(".epub").name)
    writer = EpubWriter(page_list, certified_by)
    report(writer.write(_at_level(writer, read_xml(tei), tei, level), target, base=tei))
    progress(f"wrote {target}")


@app.command()
@handles_errors
def site(
    tei: Annotated[Path, typer.Argument(help="A TEI document or teiCorpus.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The site's folder (default: beside the TEI, named NAME-site).")] = None,
    level: Annotated[str, typer.Option(
        help="The transcription level a choice shows: norm (default), dipl, facs, or a level the "
        "document names (seg @type).")] = "norm",
) -> None:
    """Write a static web edition of a TEI document or corpus: pages, registers, search."""
    from edition.model.xmlio import read_xml
    from edition.writers.site import SiteWriter

    target = output or tei.with_name(f"{tei.stem}-site")
    # What the site offers for download: the TEI itself, and a PDF and an EPUB beside it.
    files = {f"tei/{tei.name}": tei}
    files.update({f"downloads/{tei.stem}{s}": tei.with_suffix(s) for s in (".pdf", ".epub")
                  if tei.with_suffix(s).is_file()})
    writer = SiteWriter(files)
    report(writer.write(_at_level(writer, read_xml(tei), tei, level), target, base=tei))
    progress(f"wrote {target}/")


def _at_level(writer: Any, tree: Any, tei: Path, level: str) -> Any:
    """The tree, once ``level`` is known to be one of its transcription levels (else E112)."""
    from edition.writers import check_level

    check_level(tree.getroot(), level, tei)
    writer.level = level
    return tree


@app.command()
@handles_errors
def serve(
    folder: Annotated[Path, typer.Argument(help="The site's folder.")] = Path("build/site"),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free one).")] = 8000,
) -> None:
    """Serve a web edition on http://127.0.0.1:PORT/ to look at it (Ctrl-C stops)."""
    from edition.writers.site.serve import make_server

    if not (folder / "index.html").is_file():
        raise EditionError.single("E804", folder, "no web edition here (no index.html)",
                                  "run `edition build` (it writes build/site/) or `edition site TEI.xml`")
    try:
        server = make_server(folder, port)
    except OSError as error:
        raise EditionError.single("E805", folder, f"cannot serve on 127.0.0.1:{port}: "
                                  f"{error.strerror}", "choose another --port") from None
    progress(f"serving {folder}/ on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code instead of exiting (for tests and embedding)."""
    try:
        app(args=argv, prog_name="edition")
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
