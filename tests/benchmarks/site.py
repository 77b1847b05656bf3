"""Turn corpora of 100 and 1000 texts into the web edition's figures, beside the EPUB stage's.

    python -m tests.benchmarks.site [--sizes 100,1000] [--runs 1]

For each corpus (``corpora.make_corpus``: texts made by ../shared/bench/make_corpus.py) the
collected edition is built once (TEI only), then, each stage in a fresh process as a user runs it:

- ``edition epub`` (without a page list: no PDF is laid out) and ``edition site``: wall time and
  peak memory of the process tree (Pagefind included in the site's);
- Pagefind alone, on the site's pages: its wall time and peak memory;
- the site's size, its search index's size (the index, fragments and filters, not the UI), and
  the number of its files;
- in Debian's Chromium (Playwright), the bytes the browser loads for the search page, and then
  for one query (a word of the first text), by what they are: the index is sharded, so a query
  fetches only the chunks of its words and the fragments of the results it shows.

The load average is printed before and after: the machine may be shared. Figures are printed,
never asserted: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .corpora import OUT_DIR, make_corpus
from .reference import Sample, format_seconds, format_size, measure

WORK = OUT_DIR / "site"
PYTHON = sys.executable


def edition(*args: str) -> list[str]:
    return [PYTHON, "-m", "edition", *args]


def best(samples: Sequence[Sample]) -> Sample:
    """The fastest run (the least disturbed by the other users of the machine), its memory."""
    return min(samples, key=lambda s: s.seconds)


def folder_size(folder: Path, under: str = "") -> tuple[int, int]:
    """(bytes, files) of ``folder`` (only ``under`` it, when given)."""
    files = [p for p in (folder / under).rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def index_size(site: Path) -> tuple[int, int]:
    """The search index proper: word chunks, fragments, filters and metadata (not the UI)."""
    index = site / "pagefind"
    files = [p for p in index.rglob("*") if p.is_file() and
             (p.suffix in (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta") or
              p.name.startswith("wasm."))]
    return sum(p.stat().st_size for p in files), len(files)


def pagefind_alone(site: Path, runs: int) -> Sample:
    """Pagefind on a copy of the site's pages (its index removed), as the site writer runs it."""
    from edition.writers.site.search import pagefind_command

    command = pagefind_command()
    assert command is not None, "pip install 'pagefind[bin]'"
    copy = site.parent / f"{site.name}-pages"
    samples = []
    for _ in range(runs):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        samples.append(measure([*command, "--site", str(copy), "--output-subdir", "pagefind",
                                "--force-language", "en", "--quiet"], copy))
    shutil.rmtree(copy, ignore_errors=True)
    return best(samples)


def query_word(site: Path) -> str:
    from lxml import html

    text = next(p for p in sorted(site.glob("s-*.html")))
    main = html.fromstring(text.read_bytes()).get_element_by_id("main")
    words = re.findall(r"[^\W\d_]{6,}", " ".join(p.text_content() for p in main.iter("p")))
    return words[0] if words else "the"


def browser_bytes(site: Path, word: str) -> dict[str, dict[str, int]]:
    """Bytes the browser receives: opening the search page, then one query (by kind of file)."""
    from playwright.sync_api import sync_playwright

    from edition.writers.site.serve import make_server

    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    phases: dict[str, dict[str, int]] = {"page": {}, "query": {}}
    phase = "page"

    def record(response: object) -> None:
        body = response.body()  # type: ignore[attr-defined]
        path = response.url.split("?")[0]  # type: ignore[attr-defined]
        kind = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "other"
        phases[phase][kind] = phases[phase].get(kind, 0) + len(body)

    try:
        with sync_playwright() as playwright:
            chromium = shutil.which("chromium") or "/usr/bin/chromium"
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", record)
            page.goto(f"{base}/search.html", wait_until="networkidle")
            phase = "query"
            page.locator("#search input").first.fill(word)
            page.locator(".pagefind-ui__result").first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return phases


def measure_corpus(size: int, runs: int) -> dict[str, object]:
    from edition.build import BuildOptions, build_edition

    seeds = make_corpus(size)
    work = WORK / str(size)
    work.mkdir(parents=True, exist_ok=True)
    build_edition(seeds, work / "build", BuildOptions(formats=()))   # kept: not measured here
    tei = work / "build" / "edition.xml"
    site, epub = work / "site", work / "edition.epub"
    epubs, sites = [], []
    for _ in range(runs):
        epub.unlink(missing_ok=True)
        epubs.append(measure(edition("epub", str(tei), "-o", str(epub), "--no-page-list"), work))
        shutil.rmtree(site, ignore_errors=True)
        sites.append(measure(edition("site", str(tei), "-o", str(site)), work))
    word = query_word(site)
    return {"texts": size, "tei": tei.stat().st_size, "epub": best(epubs), "epub_size": epub.stat().st_size,
            "site": best(sites), "pagefind": pagefind_alone(site, runs),
            "site_size": folder_size(site), "index_size": index_size(site), "word": word,
            "bytes": browser_bytes(site, word)}


def report(rows: Sequence[dict]) -> str:
    lines = ["| texts | TEI | EPUB stage | site stage (with Pagefind) | Pagefind alone | "
             "EPUB | site (files) | search index (files) |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, s, p = r["epub"], r["site"], r["pagefind"]
        lines.append(
            f"| {r['texts']} | {format_size(r['tei'])} | {format_seconds(e.seconds)}, "
            f"{e.peak_rss / 1e6:.0f} MB | {format_seconds(s.seconds)}, {s.peak_rss / 1e6:.0f} MB | "
            f"{format_seconds(p.seconds)}, {p.peak_rss / 1e6:.0f} MB | {format_size(r['epub_size'])} | "
            f"{format_size(r['site_size'][0])} ({r['site_size'][1]}) | "
            f"{format_size(r['index_size'][0])} ({r['index_size'][1]}) |")
    lines += ["", "Bytes the browser loads (search page, then one query), by kind of file:"]
    for r in rows:
        for phase, kinds in r["bytes"].items():
            total = sum(kinds.values())
            detail = ", ".join(f"{k} {format_size(v)}" for k, v in sorted(kinds.items()))
            what = "search page" if phase == "page" else f"query {r['word']!r}"
            lines.append(f"- {r['texts']} texts, {what}: {format_size(total)} ({detail})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="runs of each stage (the fastest is shown)")
    args = parser.parse_args(argv)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"load average before {size} texts: {os.getloadavg()}", flush=True)
        rows.append(measure_corpus(size, args.runs))
        print(f"load average after {size} texts: {os.getloadavg()}", flush=True)
    print(report(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
