"""The app side of reading groups: background sync, its indicator, the menu, "read by"."""

from readinglist_gui.ui.group.group_ui import GroupUi

__all__ = ["GroupUi"]
