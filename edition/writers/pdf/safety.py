"""Turn WeasyPrint's fetches and warnings into safe reads inside the edition and our messages."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from edition.errors import Message

__all__ = ["ASSET_SCHEME", "LOGGER_NAME", "SafeFetcher", "asset_url", "renderer_messages"]


LOGGER_NAME = "weasyprint"

# Images reach WeasyPrint under a name of their own, not their absolute ``file:`` URL: WeasyPrint
# names an image in the PDF by the MD5 of its URL, so an absolute path would make the PDF's bytes
# depend on where the edition's folder is.
ASSET_SCHEME = "edition-asset"


def asset_url(href: str) -> str:
    """The location-independent URL of an image of the book (its ``href`` inside the book)."""
    return f"{ASSET_SCHEME}:{href}"


# ---------------------------------------------------------------------- safety
class SafeFetcher(URLFetcher):
    """Fetch only files inside the allowed folders, and ``data:`` URLs; refuse everything else.

    WeasyPrint turns a refusal into a missing resource; the refusals become warnings.
    """

    def __init__(self, roots: Sequence[Path], assets: Mapping[str, Path] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.assets = dict(assets or {})   # asset_url(href) -> a file found inside the edition
        self.refused: list[str] = []
        self.memory: dict[str, bytes] = {}   # files made in this process (the cut faces)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url in self.memory:
            return URLFetcherResponse(url, body=self.memory[url], headers={"Content-Type": "font/ttf"})
        if url in self.assets:
            return self._read(url, self.assets[url])
        parsed = urlparse(url)
        scheme = parsed.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parsed.netloc in ("", "localhost"):
            path = Path(url2pathname(unquote(parsed.path))).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return self._read(path.as_uri(), path)
        if url not in self.refused:
            self.refused.append(url)
        raise ValueError(f"{url} is outside the edition; not fetched")

    def _read(self, url: str, path: Path) -> URLFetcherResponse:
        path = path.resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"{url} is outside the edition; not fetched")
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media})

    def messages(self, base: Path | None) -> list[Message]:
        return [Message.at("W301", "warning", str(base or "<tei>"),
                           f"{url!r} is outside the edition's folder; not fetched",
                           "put the file in the document's folder and refer to it by a relative path")
                for url in self.refused]


@contextmanager
def renderer_messages(base: Path | None) -> Iterator[list[Message]]:
    """WeasyPrint's warnings (a property it ignores, a font it cannot load) as our messages."""
    collected: list[Message] = []
    seen: set[str] = set()

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage()
            if text in seen or "outside the edition" in text:
                return
            seen.add(text)
            collected.append(Message.at("W302", "warning", str(base or "<tei>"),
                                        f"renderer: {text}",
                                        "the PDF is written; tell the edition developers"))

    logger = logging.getLogger(LOGGER_NAME)
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    saved = logger.propagate
    logger.propagate = False
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
