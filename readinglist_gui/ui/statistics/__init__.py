"""The Statistics view: weekly charts of reading, drawn with QPainter (see ``statistics_view``)."""

from readinglist_gui.ui.statistics.statistics_view import StatisticsView

__all__ = ["StatisticsView"]
