"""How sidebar rows carry their data, and the delegate that draws their counts.

Rows of the library tree and of the tag list keep what they stand for and
what they count in item data roles; ``CountDelegate`` draws the count (or a
reading list's progress) right-aligned and muted beside the label.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
"""What a library tree row is: all papers, a status, a list, a section, the review queue."""
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11
"""What the row stands for: a status, a list id, (list id, section id), a tag name."""
COUNT_ROLE = Qt.ItemDataRole.UserRole + 12
"""Text drawn right-aligned and muted: a count, or progress such as ``4/7 read``."""
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 13
"""A muted second line: a dated section's date and progress."""
ICON_ROLE = Qt.ItemDataRole.UserRole + 14
"""The themed icon's name, so a theme switch can redraw it."""


class CountDelegate(QStyledItemDelegate):
    """Draws the label with its ``COUNT_ROLE`` text right-aligned in a quieter colour,
    and a ``SUBTITLE_ROLE`` line (a section's date and progress) below it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE) or ""
        subtitle = index.data(SUBTITLE_ROLE) or ""
        if not count and not subtitle:
            super().paint(painter, option, index)
            return
        metrics = QFontMetrics(option.font)
        room = metrics.horizontalAdvance(count) + 12 if count else 0
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text = item.text
        item.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, option.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, option.widget)
        ink = _ink(option, index)
        muted = QColor(ink)
        muted.setAlphaF(0.6)
        line = QRect(text_rect)
        if subtitle:
            line.setHeight(text_rect.height() // 2)
        label_rect = QRect(line)
        label_rect.setRight(line.right() - room)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(item.font)
        painter.setPen(ink)
        painter.drawText(
            label_rect,
            left,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, label_rect.width()),
        )
        painter.setPen(muted)
        if count:
            count_rect = QRect(line)
            count_rect.setLeft(line.right() - room)
            count_rect.setRight(line.right() - 4)
            painter.drawText(
                count_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count
            )
        if subtitle:
            below = QRect(text_rect)
            below.setTop(line.bottom())
            elided = metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, below.width() - 4)
            painter.drawText(below, left, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        line = QFontMetrics(option.font).height()
        lines = 2 if index.data(SUBTITLE_ROLE) else 1
        return QSize(size.width(), max(size.height(), line * lines + 8))


def _ink(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QColor:
    """The text colour the style would use, or the item's own foreground when not selected."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    group = (
        QPalette.ColorGroup.Normal
        if option.state & QStyle.StateFlag.State_Enabled
        else QPalette.ColorGroup.Disabled
    )
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
    if isinstance(foreground, QColor) and not selected:
        return foreground
    return option.palette.color(group, role)
