"""edition: plain-text sources to a validated TEI P5 edition, rendered to PDF and EPUB."""

__version__ = "0.1.0"
__all__ = ["__version__"]
