"""The full-text part of the window: background indexing and the "Text of PDFs" search."""

from readinglist_gui.ui.fulltext.fulltext_ui import FulltextUi

__all__ = ["FulltextUi"]
