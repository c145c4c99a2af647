"""News wiki generator: raw news dumps to a cited MkDocs Material site."""

__version__ = "0.1.0"
