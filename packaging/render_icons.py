"""Render the app icon's SVG into the PNG sizes desktops and the hicolor theme look up.

Run after changing ``resources/icons/app.svg``; the PNGs are committed so that
building a package needs no SVG renderer. PyMuPDF (already a dependency)
rasterises the SVG, so the PNGs match what the app itself would draw.

    python packaging/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "app.svg"
THEME = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "io.github.readinglist_gui.ReadingList"


def render(source: Path = SOURCE, theme: Path = THEME) -> list[Path]:
    written = []
    with pymupdf.open(source) as document:
        page = document[0]
        for size in SIZES:
            scale = size / max(page.rect.width, page.rect.height)
            pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=True)
            target = theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            pixmap.save(target)
            written.append(target)
    scalable = theme / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(source.read_bytes())
    return [*written, scalable]


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
    sys.exit(0)
