"""The sidebar: the library tree and the tags, and the filters they select."""

from readinglist_gui.ui.sidebar.filters import SidebarFilters
from readinglist_gui.ui.sidebar.sidebar import Sidebar

__all__ = ["Sidebar", "SidebarFilters"]
