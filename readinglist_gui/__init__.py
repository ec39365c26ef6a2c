"""readinglist_gui: a desktop reading tracker for research papers."""

__version__ = "0.1.0"
