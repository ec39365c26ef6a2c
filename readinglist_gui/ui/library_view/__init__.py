"""The library view: the query on screen, the paper table showing it, and its counts."""

from readinglist_gui.ui.library_view.library_view import LibraryView

__all__ = ["LibraryView"]
