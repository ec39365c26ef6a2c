"""The Markdown editor's colours follow the palette, so notes stay legible in dark mode."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from readinglist_gui.ui.reader.notes_editor import NOTE_MARGIN, NotesEditor, NotesPane


def heading_ink(editor: NotesEditor) -> QColor:
    formats = editor.document().firstBlock().layout().formats()
    return formats[0].format.foreground().color()


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette_with_base(color: str) -> QPalette:
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor(color))
    return palette


def test_headings_stay_readable_when_the_palette_turns_dark(qapp: object, qtbot: QtBot) -> None:
    editor = NotesEditor()
    qtbot.addWidget(editor)
    editor.setPalette(palette_with_base("#ffffff"))
    editor.set_note("# Take-aways\nplain text")
    light = heading_ink(editor)
    assert contrast(light, QColor("#ffffff")) >= 4.5

    editor.setPalette(palette_with_base("#1e1e1e"))
    dark = heading_ink(editor)
    assert dark != light
    assert contrast(dark, QColor("#1e1e1e")) >= 4.5


def test_notes_keep_a_margin_when_rendered(qapp: object, qtbot: QtBot) -> None:
    pane = NotesPane()
    qtbot.addWidget(pane)
    pane.preview.set_markdown("# Heading\n\nText")
    assert pane.preview.document().documentMargin() == NOTE_MARGIN
    assert pane.editor.document().documentMargin() == NOTE_MARGIN
