"""The sidebar: the library tree and the tags, where the user narrows the library."""

from readinglist_gui.ui.sidebar.sidebar import Sidebar

__all__ = ["Sidebar"]
