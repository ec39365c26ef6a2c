"""How a reading status looks: a small coloured chip, the same in the table and the details pane."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from readinglist_gui.core.records import Status

_LIGHT = {
    Status.UNREAD: (QColor("#e4e6ea"), QColor("#4a4f57")),
    Status.SKIMMED: (QColor("#fbe7b5"), QColor("#7a5200")),
    Status.NOTED: (QColor("#cdeed6"), QColor("#1d6b37")),
}
_DARK = {
    Status.UNREAD: (QColor("#3a3e45"), QColor("#c9ced6")),
    Status.SKIMMED: (QColor("#5a4718"), QColor("#ffd97a")),
    Status.NOTED: (QColor("#1f4d30"), QColor("#9be3b2")),
}

LABELS = {Status.UNREAD: "Unread", Status.SKIMMED: "Skimmed", Status.NOTED: "Noted"}


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark, so colours can follow the system theme."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def chip_colors(status: Status, palette: QPalette) -> tuple[QColor, QColor]:
    """(fill, text) for ``status`` under ``palette``."""
    return (_DARK if is_dark(palette) else _LIGHT)[status]


class StatusChipDelegate(QStyledItemDelegate):
    """Paints the status column as a rounded chip instead of plain text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if not value:
            super().paint(painter, option, index)
            return
        status = Status(value)
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)

        fill, ink = chip_colors(status, option.palette)
        label = LABELS[status]
        metrics = QFontMetrics(option.font)
        height = min(option.rect.height() - 6, metrics.height() + 4)
        width = metrics.horizontalAdvance(label) + 16
        rect = QRectF(
            option.rect.left() + 6,
            option.rect.top() + (option.rect.height() - height) / 2,
            min(width, option.rect.width() - 12),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(ink)
        painter.setFont(option.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(metrics.horizontalAdvance(LABELS[Status.SKIMMED]) + 30, metrics.height() + 10)
