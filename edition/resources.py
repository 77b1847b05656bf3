"""Turn resource names into files: the stylesheets and the typefaces installed with the project.

Renderers read only these files and the edition's own folder; nothing from the machine's fonts
is needed for the book typeface (the fallback typefaces for other scripts are named in the
README's set-up).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CACHE_ENV", "Font", "book_fonts", "styles_dir", "stylesheet", "user_cache_dir"]

PACKAGE = Path(__file__).resolve().parent
CACHE_ENV = "EDITION_CACHE_DIR"    # the user's cache of derived resources (else $XDG_CACHE_HOME/edition)


def user_cache_dir(kind: str) -> Path:
    """Where what is derived from the installed resources alone (parsed hyphenation patterns,
    static font faces) is kept between runs, under ``kind``: never anything of an edition."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / kind
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "edition" / kind


def styles_dir() -> Path:
    """``styles/`` of the repository, or its copy inside an installed wheel (``edition/_styles``)."""
    installed = PACKAGE / "_styles"
    return installed if installed.is_dir() else PACKAGE.parent / "styles"


def stylesheet(name: str) -> Path:
    return styles_dir() / name


@dataclass(frozen=True)
class Font:
    family: str
    style: str       # normal | italic
    weights: str     # the variable font's range, e.g. "400 800"
    path: Path


def book_fonts() -> list[Font]:
    """EB Garamond (SIL Open Font License), from the ``fontpkg-eb-garamond`` package: a variable
    font, roman and italic, weights 400–800, with small capitals, old-style figures, Greek and
    Cyrillic."""
    spec = importlib.util.find_spec("fontpkg_eb_garamond")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the package fontpkg-eb-garamond is not installed "
                                "(pip install -e . installs it)")
    files = Path(spec.origin).parent / "files"
    return [
        Font("EB Garamond", "normal", "400 800", files / "EBGaramond[wght].ttf"),
        Font("EB Garamond", "italic", "400 800", files / "EBGaramond-Italic[wght].ttf"),
    ]
