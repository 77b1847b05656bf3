"""Turn a site folder into a local web server: 127.0.0.1 only, nothing served from outside it."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

__all__ = ["SiteHandler", "make_server"]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder; a path that leads out of it (``..``, a link) is refused (404)."""

    extensions_map = {  # noqa: RUF012 (the base class declares it so)**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".xml": "application/xml",
                      ".epub": "application/epub+zip", ".pf_meta": "application/octet-stream"}

    def translate_path(self, path: str) -> str:
        translated = Path(super().translate_path(path)).resolve()
        root = Path(self.directory).resolve()
        if translated != root and root not in translated.parents:
            return str(root / ".edition-refused" / "outside")   # no such file: 404
        return str(translated)

    def log_message(self, format: str, *args: object) -> None:
        pass                                  # the CLI says where it serves; no line per request


def make_server(folder: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A server of ``folder`` on 127.0.0.1:``port`` (0: any free port); call serve_forever()."""
    handler = functools.partial(SiteHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
