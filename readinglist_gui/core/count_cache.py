"""Sidebar counts for the views people click most, kept until the next commit.

With no filter, or only a status, the counts cover most of the library and
cost tens of milliseconds at 100k papers; they only change when something is
written, so they are remembered per data version and recomputed after it moves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class CountCache:
    def __init__(self, version: Callable[[], int]) -> None:
        self._version = version
        self._lock = threading.Lock()
        self._seen: int | None = None
        self._entries: dict[Hashable, object] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = self._version()
        with self._lock:
            if version != self._seen:
                self._entries.clear()
                self._seen = version
            if key in self._entries:
                return self._entries[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if self._seen == version:
                self._entries[key] = value
        return value
