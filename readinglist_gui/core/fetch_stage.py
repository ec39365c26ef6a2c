"""The stages of a fetch run, defined once for the command line, the GUI and the run itself.

A module of its own, importing nothing, so that menus can name the stages at
start-up without loading the network code behind them (``core.fetch``
re-exports ``Stage``).
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """In the order a run does them: a title found on arXiv gets its details and PDF too."""

    TITLES = "titles"
    METADATA = "metadata"
    PDFS = "pdfs"
