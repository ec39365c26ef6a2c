"""The hits of one search, kept in document order while they stream in out of order.

The render thread searches from the reader's page onwards and wraps around, so
hits arrive page by page in that order; next and previous must still walk the
document top to bottom. Each search has a generation number so hits of a
search the reader has already replaced are recognised and dropped.
"""

from __future__ import annotations

import bisect

from readinglist_gui.core.pdf import Rect


class FindResults:
    def __init__(self) -> None:
        self.generation = 0
        self.finished = True
        self._hits: list[tuple[int, float, float, Rect]] = []  # page, top, left, box
        self._current = -1

    def restart(self, searching: bool) -> int:
        """Forget the old hits; return the generation of the new search."""
        self.generation += 1
        self.finished = not searching
        self._hits.clear()
        self._current = -1
        return self.generation

    def add(self, page: int, boxes: list[Rect]) -> bool:
        """Add the hits of one page; True if they brought the first current hit."""
        chosen = self._hits[self._current] if self._current >= 0 else None
        for box in boxes:
            bisect.insort(self._hits, (page, box[1], box[0], box))
        if chosen is None:
            self._current = bisect.bisect_left(self._hits, (page,))
            return True
        self._current = self._hits.index(chosen)
        return False

    def step(self, delta: int) -> bool:
        """Move the current hit, wrapping around; False when there is nothing to move to."""
        if not self._hits:
            return False
        self._current = (self._current + delta) % len(self._hits)
        return True

    @property
    def total(self) -> int:
        return len(self._hits)

    @property
    def index(self) -> int:
        """Zero-based position of the current hit, -1 when there is none."""
        return self._current

    @property
    def current(self) -> tuple[int, Rect] | None:
        if self._current < 0:
            return None
        page, _, _, box = self._hits[self._current]
        return page, box

    def all(self) -> list[tuple[int, Rect]]:
        return [(page, box) for page, _, _, box in self._hits]

    def on_page(self, page: int) -> list[tuple[Rect, bool]]:
        """The boxes on one page, each with whether it is the current hit."""
        found = []
        for index in range(bisect.bisect_left(self._hits, (page,)), len(self._hits)):
            hit_page, _, _, box = self._hits[index]
            if hit_page != page:
                break
            found.append((box, index == self._current))
        return found
