"""The reader: a PDF view and Markdown notes side by side, one tab per paper.

``ReaderTab`` is loaded on first use: it brings PyMuPDF, which the window's
start-up never needs (``ReaderTabs`` imports it in the background once the
window is idle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist_gui.ui.reader.reader_tab import ReaderTab

__all__ = ["ReaderTab"]


def __getattr__(name: str) -> Any:
    if name == "ReaderTab":
        from readinglist_gui.ui.reader.reader_tab import ReaderTab

        return ReaderTab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
