"""Plain text from anywhere: converted losslessly into valid TEI, or refused with one clear message.

Every file in ``tests/data/hostile/text/`` is one case, named by what it exercises. A converted
case must give TEI that is valid (the edition's schema and rules; tei_all with Jing) and whose
diplomatic reading is the source's text character for character (line endings, blank lines and
indentation included), and ``extract`` gives back the file's bytes: no normalisation, no space
changed, nothing lost. A refused case must give exit code 1 and exactly
one error naming the file, the place (line:column, or the byte offset in the text) and a hint;
never a traceback, and no output file. The big inputs are generated at test time.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from edition.model.reading import diplomatic_reading, texts_of
from edition.model.tei import NS
from edition.model.xmlio import read_xml
from edition.validate import validate_paths
from tests.conftest import DATA, SEEDS
from tests.hostile import blocks_of_source
from tests.tools import jing, tei_all_path

HOSTILE = DATA / "hostile" / "text"
runner = CliRunner()
NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")

# file → (options, how Python decodes it independently of edition)
CONVERTED: dict[str, tuple[list[str], str]] = {
    "encoding-utf8.txt": ([], "utf-8"),
    "encoding-utf8-bom.txt": ([], "utf-8-sig"),
    "encoding-utf16le-bom.txt": ([], "utf-16"),
    "encoding-utf16be-bom.txt": ([], "utf-16"),
    "encoding-utf32le-bom.txt": ([], "utf-32"),
    "legacy-latin1.txt": (["--encoding", "latin-1"], "latin-1"),
    "legacy-cp1252-smart-quotes.txt": (["--encoding", "cp1252"], "cp1252"),
    "legacy-koi8r-cyrillic.txt": (["--encoding", "koi8-r"], "koi8-r"),
    "encoding-utf16le-without-bom.txt": (["--encoding", "utf-16-le"], "utf-16-le"),
    "control-del-and-c1-kept.txt": ([], "utf-8"),
    "markup-lookalikes.txt": ([], "utf-8"),
    "line-endings-lf.txt": ([], "utf-8"),
    "line-endings-crlf.txt": ([], "utf-8"),
    "line-endings-cr.txt": ([], "utf-8"),
    "line-endings-mixed.txt": ([], "utf-8"),
    "line-endings-none-at-end.txt": ([], "utf-8"),
    "spaces-tabs-and-unicode.txt": ([], "utf-8"),
    "blank-line-runs.txt": ([], "utf-8"),
    "script-right-to-left.txt": ([], "utf-8"),
    "script-combining-characters.txt": ([], "utf-8"),
    "script-outside-bmp.txt": ([], "utf-8"),
    "unicode-no-normalisation.txt": ([], "utf-8"),
    "single-word.txt": ([], "utf-8"),
    "single-heading.txt": ([], "utf-8"),
    "name with spaces.txt": ([], "utf-8"),
    "Ærø ünïcödé naïve.txt": ([], "utf-8"),
    "1871 leading digit.txt": ([], "utf-8"),
    "2021.txt": ([], "utf-8"),
    "dots.and-hyphens_under.txt": ([], "utf-8"),
}

# file (and options) → (code, what the message says, line, col); 0:0 where the problem is the
# whole file (or an option), not a place in it.
REFUSED: dict[tuple[str, ...], tuple[str, str, int, int]] = {
    ("legacy-latin1.txt",): ("E011", "byte 0xE9 at offset 3, line 1, column 4", 1, 4),
    ("legacy-cp1252-smart-quotes.txt",): ("E011", "byte 0x93 at offset 0", 1, 1),
    ("legacy-koi8r-cyrillic.txt",): ("E011", "byte 0xE4 at offset 0", 1, 1),
    ("invalid-utf8-continuation-byte.txt",): ("E011", "byte 0xC3 at offset 32", 3, 12),
    ("invalid-utf8-overlong-slash.txt",): ("E011", "byte 0xC0 at offset 18", 1, 19),
    ("invalid-utf8-encoded-surrogate.txt",): ("E011", "byte 0xED at offset 17", 1, 18),
    ("invalid-utf8-truncated-at-end.txt",): ("E011", "byte 0xE2 at offset 31", 1, 32),
    ("invalid-utf8-stray-latin1-byte.txt",): ("E011", "byte 0xE9 at offset 42", 1, 41),
    ("binary-png-signature.txt",): ("E011", "byte 0x89 at offset 0", 1, 1),
    ("encoding-utf16le-without-bom.txt",): ("E015", "UTF-16 without a byte-order mark", 0, 0),
    ("control-nul.txt",): ("E012", "U+0000 at line 2, column 7", 2, 7),
    ("control-escape-ansi.txt",): ("E012", "U+001B at line 1, column 10", 1, 10),
    ("control-form-feed.txt",): ("E012", "U+000C at line 2, column 1", 2, 1),
    ("control-vertical-tab.txt",): ("E012", "U+000B at line 1, column 7", 1, 7),
    ("control-noncharacter-fffe.txt",): ("E012", "U+FFFE at line 1, column 18", 1, 18),
    ("control-noncharacter-ffff.txt",): ("E012", "U+FFFF at line 1, column 18", 1, 18),
    ("binary-ascii-with-nul.txt",): ("E012", "U+0000 at line 1, column 1", 1, 1),
    ("empty.txt",): ("E014", "the source is empty", 0, 0),
    ("blank-white-space-only.txt",): ("E014", "blank (only white space)", 0, 0),
    ("blank-bom-only.txt",): ("E014", "blank (only white space)", 0, 0),
    ("encoding-utf8-bom.txt", "--encoding", "cp1252"): ("E016", "UTF-8 byte-order mark", 0, 0),
    ("encoding-utf16le-bom.txt", "--encoding", "utf-8"): ("E016", "UTF-16-LE byte-order mark", 0, 0),
    ("encoding-utf8.txt", "--encoding", "no-such-codec"): ("E013", "unknown encoding", 0, 0),
}


def reading_of(tei: Path) -> str:
    [(_, text)] = texts_of(read_xml(tei))
    return diplomatic_reading(text)


def extracted_bytes(tei: Path) -> bytes:
    result = runner.invoke(app, ["extract", str(tei)])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def convert(name: str, options: list[str], out: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["-q", "convert", str(HOSTILE / name), *options, "-o", str(out)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_each_convertible_case_gives_valid_tei_with_exactly_the_source_text(
        name: str, tmp_path: Path) -> None:
    options, codec = CONVERTED[name]
    out = tmp_path / "out.xml"
    code, _, stderr = convert(name, options, out)
    assert code == 0, stderr
    assert "Traceback" not in stderr and ": error:" not in stderr
    assert [f for f in validate_paths([out]) if f.is_error] == []
    data = (HOSTILE / name).read_bytes()
    source = data.decode(codec)
    assert blocks_of_source(reading_of(out)) == blocks_of_source(source)
    assert reading_of(out) == source.removeprefix("\ufeff")
    assert extracted_bytes(out) == data


def test_every_converted_case_is_valid_tei_all_with_jing(tmp_path: Path) -> None:
    outputs = []
    for name, (options, _) in sorted(CONVERTED.items()):
        out = tmp_path / f"{len(outputs):02d}.xml"
        assert convert(name, options, out)[0] == 0, name
        outputs.append(out)
    result = jing(tei_all_path(), *outputs)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted(REFUSED), ids=" ".join)
def test_each_refused_case_has_one_clear_message_and_writes_nothing(
        case: tuple[str, ...], tmp_path: Path) -> None:
    name, *options = case
    code, text, line, col = REFUSED[case]
    out = tmp_path / "out.xml"
    exit_code, stdout, stderr = convert(name, options, out)
    assert exit_code == 1
    assert "Traceback" not in stderr and stdout == ""
    assert stderr.count(": error: ") == 1
    assert f"{HOSTILE / name}:{line}:{col}: error: {code}: " in stderr
    assert text in stderr and "\n    hint: " in stderr
    assert not out.exists()


def test_markup_in_the_source_stays_text(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    assert convert("markup-lookalikes.txt", [], out)[0] == 0
    tree = read_xml(out)
    assert tree.docinfo.internalDTD is None
    body = tree.getroot().find(".//tei:body", NS)
    assert all(isinstance(node.tag, str) for node in body.iter())   # no comment, no PI
    assert {node.tag.split("}")[1] for node in body.iter()} <= {     # the converter's own only
        "body", "div", "head", "p", "supplied", "date", "foreign", "fw", "closer", "salute",
        "signed", "dateline", "byline"}
    assert not body.xpath(".//*[@xml:id]")
    assert "<b>bold</b> claim &amp; an &xxe; entity" in "".join(body.itertext())
    assert "root:" not in out.read_text(encoding="utf-8")


def test_no_unicode_normalisation_and_every_space_kept(tmp_path: Path) -> None:
    for name in ("unicode-no-normalisation.txt", "spaces-tabs-and-unicode.txt"):
        out = tmp_path / "out.xml"
        assert convert(name, [], out)[0] == 0
        text = "".join(read_xml(out).getroot().find(".//tei:body", NS).itertext())
        source = (HOSTILE / name).read_text(encoding="utf-8")
        for kept in ("\u212b", "e\u0301", "cafe\u0301", "A\u030a", "ﬁ", "ｆｕｌｌｗｉｄｔｈ", "\u00a0",
                     "\u202f", "\u2003", "\u3000", "\u200b", "\u200d", "\u2060", "\u2028", "\u0085"):
            assert text.count(kept) == source.count(kept), repr(kept)


@pytest.mark.parametrize(("name", "ident"), [
    ("name with spaces.txt", "name_with_spaces"),
    ("Ærø ünïcödé naïve.txt", "Ærø_ünïcödé_naïve"),
    ("1871 leading digit.txt", "t1871_leading_digit"),
    ("2021.txt", "t2021"),
    ("dots.and-hyphens_under.txt", "dots.and-hyphens_under"),
])
def test_file_names_give_valid_ids_and_are_recorded_exactly(name: str, ident: str,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    assert convert(name, [], out)[0] == 0
    root = read_xml(out).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}id") == ident
    assert NCNAME.match(ident)
    assert root.findtext(".//tei:idno[@type='filename']", namespaces=NS) == name


@pytest.mark.parametrize("raw", [b"caf\xe9 latin-1 name.txt", b"bell\x07.txt", b"esc\x1b[31m.txt"])
def test_a_file_name_xml_cannot_hold_is_refused_clearly(raw: bytes, tmp_path: Path) -> None:
    path = Path(os.fsdecode(tmp_path / "seeds")) / os.fsdecode(raw)
    path.parent.mkdir()
    path.write_bytes(b"Some text.\n")
    result = runner.invoke(app, ["build", "--seeds", str(path.parent), "--out",
                                 str(tmp_path / "build"), "--no-pdf", "--no-epub"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert ": error: E017: the file name cannot be recorded in XML" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr  # shown as escapes
    assert not (tmp_path / "build").exists()


def test_a_valid_utf8_file_read_with_a_legacy_encoding_is_converted_with_a_warning(
        tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    code, _, stderr = convert("encoding-utf8.txt", ["--encoding", "latin-1"], out)
    assert code == 0
    assert ": warning: W013: the file is valid UTF-8, but is read as latin-1" in stderr


@pytest.mark.parametrize(("name", "places"), [
    ("control-nul.txt", [(2, 7, "U+0000")]),
    ("control-escape-ansi.txt", [(1, 10, "U+001B"), (1, 18, "U+001B")]),
    ("control-form-feed.txt", [(2, 1, "U+000C")]),
    ("control-noncharacter-fffe.txt", [(1, 18, "U+FFFE")]),
])
def test_characters_xml_cannot_hold_are_replaced_only_when_asked_with_a_warning_each(
        name: str, places: list[tuple[int, int, str]], tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    code, _, stderr = convert(name, ["--replace-invalid"], out)
    assert code == 0
    for line, col, point in places:
        assert f"{HOSTILE / name}:{line}:{col}: warning: W012: {point} replaced by U+FFFD" in stderr
    assert stderr.count("W012") == len(places)
    source = (HOSTILE / name).read_bytes().decode("utf-8", "surrogatepass")
    replaced = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", source)
    assert reading_of(out) == replaced
    # The replaced characters are not the source's: extract says so rather than give other bytes.
    refused = runner.invoke(app, ["extract", str(out)])
    assert refused.exit_code == 1 and ": error: E107:" in refused.stderr
    assert refused.stdout_bytes == b""


def test_a_build_of_the_whole_hostile_folder_reports_every_refused_file_in_one_run(
        tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--seeds", str(HOSTILE), "--out", str(tmp_path / "b"),
                                 "--no-pdf", "--no-epub"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    refused = {case[0] for case in REFUSED if len(case) == 1}
    for name in refused:
        assert f"{HOSTILE / name}:" in result.stderr, name
    assert not (tmp_path / "b").exists()


# The big inputs, generated at test time ----------------------------------------------------------

def seed_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def test_a_multi_megabyte_single_line_converts_losslessly(tmp_path: Path) -> None:
    line = " ".join(seed_text().split())
    line = (line + " ") * (3_000_000 // len(line) + 1)
    source = tmp_path / "one-line.txt"
    source.write_text(line.strip() + "\n", encoding="utf-8")
    out = tmp_path / "one-line.xml"
    result = runner.invoke(app, ["-q", "convert", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert reading_of(out) == line.strip() + "\n"
    assert extracted_bytes(out) == source.read_bytes()


@pytest.mark.slow
def test_a_line_over_the_parser_limit_builds_and_validate_names_the_limit(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    words = ("the words of one very long line " * 400_000).strip()  # 12.8 MB, one line
    (seeds / "long.txt").write_text(words + "\n", encoding="utf-8")
    built = runner.invoke(app, ["-q", "build", "--seeds", str(seeds), "--out",
                                str(tmp_path / "build"), "--no-pdf", "--no-epub"])
    assert built.exit_code == 0, built.stderr
    tei = tmp_path / "build" / "tei" / "long.xml"
    assert reading_trusted(tei) == words + "\n"
    # Read as XML from anywhere, the file meets libxml2's limit: said clearly, not a traceback.
    checked = runner.invoke(app, ["validate", str(tei)])
    assert checked.exit_code == 1 and "Traceback" not in checked.stderr
    assert ": error: E105: a text node, name or attribute is larger than" in checked.stderr


def reading_trusted(tei: Path) -> str:
    from edition.model.xmlio import parse_xml

    [(_, text)] = texts_of(parse_xml(tei.read_bytes(), tei, trusted=True))
    return diplomatic_reading(text)


@pytest.mark.slow
def test_a_long_line_full_of_dates_and_french_converts_in_linear_time(tmp_path: Path) -> None:
    """Every date and French phrase of one block is a span checked against its neighbours: the
    cost per span must not grow with the number of spans (it did, three times over)."""
    times = []
    for copies in (5_000, 20_000):
        path = tmp_path / f"dates-{copies}.txt"
        path.write_text(("Vive la Commune du 18 mars 1871 " * copies).strip(), encoding="utf-8")
        times.append(measure(path)[0])
    assert times[1] / times[0] < 8, times      # 4 times the text; quadratic gave 16 and more


CONVERT_AND_MEASURE = """
import resource, sys, time
from pathlib import Path
from edition.build import convert_file
from edition.convert import ConvertOptions
from edition.validate import validate_tree
start = time.perf_counter()
converted = convert_file(Path(sys.argv[1]), ConvertOptions())
assert not [f for f in validate_tree(converted.tree, sys.argv[1]) if f.is_error]
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def measure(path: Path) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-c", CONVERT_AND_MEASURE, str(path)],
                          capture_output=True, text=True, check=True, timeout=600)
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak)


@pytest.mark.slow
def test_tens_of_megabytes_convert_in_linear_time_and_memory(tmp_path: Path) -> None:
    text = seed_text()
    sizes = {}
    for name, copies in (("small", 200), ("large", 2000)):     # about 2.3 MB and 23 MB
        path = tmp_path / f"{name}.txt"
        path.write_text("\n\n".join([text] * copies), encoding="utf-8")
        sizes[name] = path.stat().st_size
    small_time, small_peak = measure(tmp_path / "small.txt")
    start = time.perf_counter()
    large_time, large_peak = measure(tmp_path / "large.txt")
    assert time.perf_counter() - start < 300
    ratio = sizes["large"] / sizes["small"]                     # 10
    # Linear growth gives about 10; quadratic growth (the old validation rules) gave over 100.
    assert large_time / small_time < 2.5 * ratio, (small_time, large_time)
    # Memory: a fixed base (Python, lxml, the schemas) and a cost per byte of text.
    per_byte = (large_peak - small_peak) / (sizes["large"] - sizes["small"])
    assert per_byte < 40, per_byte
    assert large_peak < small_peak + 40 * sizes["large"]


def test_the_sample_files_are_what_their_names_say() -> None:
    assert (HOSTILE / "encoding-utf8-bom.txt").read_bytes().startswith(codecs.BOM_UTF8)
    assert (HOSTILE / "encoding-utf16le-bom.txt").read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert (HOSTILE / "empty.txt").read_bytes() == b""
    assert b"\r\n" in (HOSTILE / "line-endings-crlf.txt").read_bytes()
    assert b"\n" not in (HOSTILE / "line-endings-cr.txt").read_bytes()
