"""Turn what went wrong into messages a user can act on: code, place, reason and hint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["EditionError", "Message", "UsageError", "format_message", "has_errors"]

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Message:
    """One finding, printed as ``path:line:col: severity: code: text`` with a hint below it."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    text: str
    hint: str = field(default="", compare=False)

    @classmethod
    def at(
        cls,
        code: str,
        severity: str,
        path: Path | str,
        text: str,
        hint: str = "",
        line: int = 0,
        col: int = 0,
    ) -> Message:
        assert severity in SEVERITIES, severity
        return cls(str(path), line or 0, col or 0, severity, code, text, hint)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return format_message(self)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.text,
            "hint": self.hint,
        }


def format_message(message: Message) -> str:
    where = f"{message.path}:{message.line}:{message.col}"
    text = f"{where}: {message.severity}: {message.code}: {message.text}"
    if message.hint:
        text += f"\n    hint: {message.hint}"
    return text


def has_errors(messages: Iterable[Message]) -> bool:
    return any(m.is_error for m in messages)


class EditionError(Exception):
    """A user's input cannot be processed; carries every message found, not only the first."""

    def __init__(self, messages: Message | Iterable[Message]) -> None:
        self.messages = [messages] if isinstance(messages, Message) else list(messages)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(format_message(m) for m in self.messages)

    @classmethod
    def single(
        cls,
        code: str,
        path: Path | str,
        text: str,
        hint: str = "",
        line: int = 0,
        col: int = 0,
    ) -> EditionError:
        return cls(Message.at(code, "error", path, text, hint, line, col))


class UsageError(EditionError):
    """An option that cannot be used as given: reported like any error, with exit code 2."""
