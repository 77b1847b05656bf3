"""The bundled edition built end to end: valid against tei_all, lossless, documented, stable."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from lxml import etree

from edition.build import BuildOptions, BuildResult, build_edition
from edition.errors import EditionError
from edition.model.reading import reading_words, texts_of
from edition.model.tei import NS
from edition.model.xmlio import read_xml
from tests.conftest import SEEDS
from tests.tools import REPO, jing, tei_all_path

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def written_xml(result: BuildResult) -> list[Path]:
    return [p for p in result.written if p.suffix == ".xml"]


def test_build_writes_a_tei_per_seed_and_the_corpus(built_tei: BuildResult) -> None:
    names = sorted(p.name for p in written_xml(built_tei))
    stems = sorted(f"{p.stem}.xml" for p in SEEDS.glob("*.txt"))
    assert names == sorted([*stems, "edition.xml"])
    assert all(p.is_file() and p.stat().st_size > 0 for p in written_xml(built_tei))


def test_everything_built_is_valid_against_tei_all_with_jing(built_tei: BuildResult) -> None:
    result = jing(tei_all_path(), *written_xml(built_tei))
    assert result.returncode == 0, result.stdout + result.stderr


def test_everything_built_is_valid_against_the_edition_schema_with_jing(built_tei: BuildResult) -> None:
    schema = REPO / "edition" / "schema" / "edition.rng"
    result = jing(schema, *written_xml(built_tei))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_diplomatic_reading_equals_the_seed_word_for_word(built_tei: BuildResult, seed: Path) -> None:
    tree = read_xml(built_tei.out / "tei" / f"{seed.stem}.xml")
    [(_, text)] = texts_of(tree)
    assert reading_words(text) == seed.read_text(encoding="utf-8").split()


def test_the_corpus_holds_every_text_with_the_same_reading(built_tei: BuildResult) -> None:
    corpus = read_xml(built_tei.out / "edition.xml")
    texts = texts_of(corpus)
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(texts) == len(seeds)
    for (_, text), seed in zip(texts, seeds, strict=True):
        assert reading_words(text) == seed.read_text(encoding="utf-8").split()


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_each_header_records_the_seed_file_size_and_sha256(built_tei: BuildResult, seed: Path) -> None:
    tree = read_xml(built_tei.out / "tei" / f"{seed.stem}.xml")
    bibl = tree.find(".//tei:sourceDesc/tei:bibl", NS)
    data = seed.read_bytes()
    assert bibl.findtext("tei:idno[@type='filename']", namespaces=NS) == seed.name
    assert bibl.findtext("tei:idno[@type='sha256']", namespaces=NS) == hashlib.sha256(data).hexdigest()
    assert bibl.find("tei:extent/tei:measure", NS).get("quantity") == str(len(data))


def test_the_seeds_are_byte_identical_to_the_shared_sources() -> None:
    # On a clone without ../shared the names are still checked; the bytes, where it exists.
    shared = sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    for source in shared:
        assert (SEEDS / source.name).read_bytes() == source.read_bytes()
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == [
        "000_ab6ed97fd8b32fba.txt", "001_f0442ab00f886287.txt", "003_8d26f39cb9f4242f.txt"]


def test_the_texts_carry_the_editorial_layer(built_tei: BuildResult) -> None:
    corpus = read_xml(built_tei.out / "edition.xml")

    def count(xpath: str) -> int:
        return int(corpus.xpath(f"count({xpath})", namespaces=NS))

    assert count("//tei:text//tei:persName[@ref]") >= 4
    assert count("//tei:text//tei:placeName[@ref]") >= 10
    assert count("//tei:text//tei:orgName[@ref]") >= 3
    assert count("//tei:text//tei:name[@type='event'][@ref]") >= 5
    assert count("//tei:text//tei:date[@when]") >= 8
    assert count("//tei:text//tei:note[@resp]") >= 10
    assert count("//tei:text//tei:choice[tei:sic][tei:corr]") >= 1
    assert count("//tei:text//tei:foreign[@xml:lang='fr']") >= 2


def test_the_corpus_header_has_registers_introduction_and_the_gap(built_tei: BuildResult) -> None:
    corpus = read_xml(built_tei.out / "edition.xml")
    header = corpus.getroot().find("tei:teiHeader", NS)
    for register in ("listPerson", "listPlace", "listOrg", "listEvent"):
        assert header.find(f".//tei:sourceDesc/tei:{register}", NS) is not None, register
    intro = header.find(".//tei:encodingDesc/tei:projectDesc", NS)
    assert intro is not None and len(" ".join(intro.itertext()).split()) >= 300
    gap = header.find(".//tei:notesStmt/tei:note[@type='gap']", NS)
    assert gap is not None and gap.get("n") == "002"


def test_two_builds_give_byte_identical_tei(tmp_path: Path, built_tei: BuildResult) -> None:
    again = build_edition(built_tei.out.parent / "seeds", tmp_path / "again", BuildOptions())
    for first in written_xml(built_tei):
        second = again.out / first.relative_to(built_tei.out)
        assert first.read_bytes() == second.read_bytes(), first.name


def test_a_bad_sidecar_fails_the_build_and_writes_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    sidecar = seeds_copy / "003_8d26f39cb9f4242f.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") +
                       '\n[[note]]\nanchor = "Montreal Heights"\ntext = "not in 003"\n', "utf-8")
    with pytest.raises(EditionError) as raised:
        build_edition(seeds_copy, out, BuildOptions())
    [message] = [m for m in raised.value.messages if m.code == "E241"]
    assert message.path.endswith("003_8d26f39cb9f4242f.toml")
    assert message.line == len(sidecar.read_text(encoding="utf-8").splitlines()) - 2
    assert not out.exists()


def test_a_failed_build_leaves_the_previous_build_whole(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (seeds_copy / "registers.toml").write_text("[[person]]\nid = 'x'\n", "utf-8")
    with pytest.raises(EditionError):
        build_edition(seeds_copy, out, BuildOptions())
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_any_folder_of_plain_text_builds_without_sidecars(tmp_path: Path) -> None:
    seeds = tmp_path / "texts"
    seeds.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    result = build_edition(seeds, tmp_path / "out", BuildOptions())
    assert len(result.texts) == 3
    assert {m.code for m in result.warnings} >= {"W021"}  # untitled texts are reported
    corpus = etree.parse(str(tmp_path / "out" / "edition.xml"))
    assert corpus.getroot().tag.endswith("teiCorpus")


def test_builds_in_separate_processes_are_byte_identical(tmp_path: Path) -> None:
    """Nothing in the output may follow Python's per-process string hashing (set order)."""
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"build-{seed}"
        subprocess.run([sys.executable, "-m", "edition", "-q", "build", "--seeds", str(SEEDS),
                        "--out", str(out), "--no-pdf", "--no-epub"], check=True,
                       capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*.xml")})
    assert outs[0] == outs[1]
