"""``readinglist-gui --self-check``: prove a build works without touching the user's data.

Packaged apps are easy to ship broken (a missing Qt plugin, migrations left
out of the bundle); this opens a throwaway library, builds the main window,
lets it load, and exits 0 only if all of that worked.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from readinglist_gui.app import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="readinglist-self-check-") as tmp:
        folder = Path(tmp)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(folder / "library", settings=settings)
        window.show()
        QTimer.singleShot(500, app.quit)
        app.exec()
        grabbed = not window.grab().isNull()
        window.close()
        window.library.close()
    print("self-check passed" if grabbed else "self-check failed: the window did not draw")
    return 0 if grabbed else 1
