"""Stands in for the desktop's browser through Qt's own URL handler hook."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Slot


class UrlCatcher(QObject):
    """Register with ``QDesktopServices.setUrlHandler``; every opened URL lands in ``urls``."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())
