"""The reader: a PDF view and Markdown notes side by side, one tab per paper."""

from readinglist_gui.ui.reader.reader_tab import ReaderTab

__all__ = ["ReaderTab"]
