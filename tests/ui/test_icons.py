"""Line icons are drawn from their SVG at each size asked for, in the palette's ink."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QIcon, QImage, QPainter
from PySide6.QtWidgets import QApplication

from readinglist_gui.ui.icons import ICON_DIR, app_icon, icon


def opaque_pixels(image: QImage) -> int:
    return sum(
        image.pixelColor(x, y).alpha() > 128
        for x in range(image.width())
        for y in range(image.height())
    )


def test_every_line_icon_draws_crisply_at_any_size_and_scale(qapp: QApplication) -> None:
    for path in sorted(ICON_DIR.glob("*.svg")):
        if path.stem == "app":
            continue
        drawn = icon(path.stem)
        for size in (16, 24, 40):
            pixmap = drawn.pixmap(QSize(size, size))
            assert (pixmap.width(), pixmap.height()) == (size, size), path.stem
            assert opaque_pixels(pixmap.toImage()) > 0, path.stem
        sharp = drawn.pixmap(QSize(24, 24), 2.0)
        assert (sharp.width(), sharp.height()) == (48, 48), path.stem
        assert sharp.devicePixelRatio() == 2.0


def test_a_disabled_icon_is_drawn_differently(qapp: QApplication) -> None:
    drawn = icon("import")
    normal = drawn.pixmap(QSize(24, 24)).toImage()
    disabled = drawn.pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage()
    assert disabled.size() == normal.size()
    assert disabled != normal


def test_the_app_icon_draws_at_window_manager_sizes(qapp: QApplication) -> None:
    drawn = app_icon()
    for size in (32, 256):
        pixmap = drawn.pixmap(QSize(size, size))
        assert (pixmap.width(), pixmap.height()) == (size, size)
        assert opaque_pixels(pixmap.toImage()) > size * size // 4


def test_an_icon_painted_on_a_high_density_device_uses_every_device_pixel(
    qapp: QApplication,
) -> None:
    """Item views and line edits paint icons: at twice the density, a 16-point icon is
    drawn from its 32-pixel rendering, not a 16-pixel one blown up."""
    drawn = icon("import")
    canvas = QImage(32, 32, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.setDevicePixelRatio(2.0)
    canvas.fill(0)
    painter = QPainter(canvas)
    drawn.paint(painter, QRect(0, 0, 16, 16))
    painter.end()
    sharp = drawn.pixmap(QSize(32, 32)).toImage()
    sharp = sharp.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    canvas.setDevicePixelRatio(1.0)
    assert canvas == sharp
