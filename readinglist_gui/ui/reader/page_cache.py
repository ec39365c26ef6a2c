"""Rendered pages kept in memory up to a byte budget, least recently used dropped first.

A 500-page paper at 200 % on a HiDPI screen would need gigabytes if every page
stayed rendered; the budget keeps memory flat however far the reader scrolls.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

DEFAULT_BUDGET = 192 * 1024 * 1024

Key = tuple[int, float]  # (page, scale)


class PageCache:
    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._images: OrderedDict[Key, QImage] = OrderedDict()
        self._bytes = 0

    @property
    def size_in_bytes(self) -> int:
        return self._bytes

    def __contains__(self, key: Key) -> bool:
        return key in self._images

    def __len__(self) -> int:
        return len(self._images)

    def get(self, key: Key) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_for_page(self, page: int) -> QImage | None:
        """Some rendering of ``page`` at any scale: a blurry stand-in beats a blank page."""
        for (cached_page, _), image in reversed(self._images.items()):
            if cached_page == page:
                return image
        return None

    def put(
        self, key: Key, image: QImage, keep: set[Key] | frozenset[Key] = frozenset()
    ) -> list[Key]:
        """Store an image and evict to the budget, sparing ``keep``; return the evicted keys."""
        if key in self._images:
            self._bytes -= self._images.pop(key).sizeInBytes()
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        evicted = []
        for old in list(self._images):
            if self._bytes <= self.budget:
                break
            if old in keep or old == key:
                continue
            self._bytes -= self._images.pop(old).sizeInBytes()
            evicted.append(old)
        return evicted

    def discard_page(self, page: int) -> list[Key]:
        """Forget every rendering of ``page`` (its size turned out different); the keys dropped."""
        dropped = [key for key in self._images if key[0] == page]
        for key in dropped:
            self._bytes -= self._images.pop(key).sizeInBytes()
        return dropped

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0
