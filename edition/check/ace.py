"""Turn an EPUB into Ace by DAISY's findings: where Ace is, how it is run, what its report says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["ACE_INSTALL", "AceMissing", "ace_command", "ace_environment", "run_ace"]


ACE_INSTALL = ("install Ace with Debian's chromium: apt-get install chromium, then "
               "PUPPETEER_SKIP_DOWNLOAD=1 npm ci in tests/ace (or npm install -g "
               "@daisy/ace-cli@1.4.6), or name it in EDITION_ACE")


class AceMissing(Exception):
    """Ace, or the browser it drives, is not installed."""


def ace_command() -> list[str] | None:
    """Ace's command line: ``EDITION_ACE`` if set, else ``ace`` on the PATH, else the copy that
    the test set-up installs in ``tests/ace`` of a checkout."""
    named = os.environ.get("EDITION_ACE")
    if named:
        return [named] if Path(named).is_file() else None
    for name in ("ace-cli", "ace"):
        found = shutil.which(name)
        if found:
            return [found]
    local = Path(__file__).resolve().parents[2] / "tests" / "ace" / "node_modules" / ".bin" / "ace-cli"
    return [str(local)] if local.exists() else None


def browser() -> str | None:
    """The Chromium that Ace drives: Puppeteer's own download is never used (none is fetched)."""
    named = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if named:
        return named
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def ace_environment() -> dict[str, str]:
    chromium = browser()
    if chromium is None:
        raise AceMissing("no Chromium for Ace to drive")
    return {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}


def run_ace(epub: Path, timeout: float = 600) -> dict:
    """Ace's JSON report on ``epub`` (raises ``AceMissing`` when Ace or Chromium is not there,
    ``RuntimeError`` when Ace fails)."""
    command = ace_command()
    if command is None:
        raise AceMissing("Ace by DAISY is not installed")
    with tempfile.TemporaryDirectory(prefix="edition-ace-") as out:
        done = subprocess.run([*command, "--silent", "--force", "--outdir", out, str(epub)],
                              capture_output=True, text=True, env=ace_environment(),
                              timeout=timeout, check=False)
        report = Path(out) / "report.json"
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"Ace failed on {epub} (exit {done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-500:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def violations(report: dict) -> list[tuple[str, str, str, str]]:
    """Each violation of an Ace report: (impact, rule, file in the EPUB, description)."""
    found = []
    for subject in report.get("assertions", []):
        where = subject.get("earl:testSubject", {}).get("url", "")
        for assertion in subject.get("assertions", []):
            test, result = assertion.get("earl:test", {}), assertion.get("earl:result", {})
            if result.get("earl:outcome") == "pass":
                continue
            found.append((test.get("earl:impact", "serious"), test.get("dct:title", "?"), where,
                          " ".join(str(result.get("dct:description", "")).split())))
    return found
