"""Selecting text with the mouse: from the word pressed to the word under the pointer.

Kept apart from the view because it is plain geometry over a page's words and
deserves to be read (and reasoned about) without the painting around it. Words
arrive from the render thread a moment after the press, so a drag is remembered
in page coordinates and turned into words whenever they are there.
"""

from __future__ import annotations

from collections import OrderedDict

from readinglist_gui.core.pdf import Rect, Word

KEPT_PAGES = 8  # pages whose words stay in memory


class TextSelection:
    def __init__(self) -> None:
        self._words: OrderedDict[int, list[Word]] = OrderedDict()
        self._drag: tuple[int, tuple[float, float], tuple[float, float]] | None = None
        self._chosen: tuple[int, int, int] | None = None  # page, anchor word, end word

    def clear(self) -> None:
        """Forget the selection and the drag, keeping the words already read."""
        self._drag = None
        self._chosen = None

    def reset(self) -> None:
        """A different document: forget everything."""
        self.clear()
        self._words.clear()

    def has_words(self, page: int) -> bool:
        return page in self._words

    def add_words(self, page: int, words: list[Word]) -> None:
        self._words[page] = words
        while len(self._words) > KEPT_PAGES:
            oldest = next(iter(self._words))
            if self._chosen and self._chosen[0] == oldest:
                self._chosen = None
            del self._words[oldest]
        self._follow_drag()

    @property
    def page(self) -> int | None:
        return self._chosen[0] if self._chosen else None

    def press(self, page: int, x: float, y: float) -> None:
        self._chosen = None
        self._drag = (page, (x, y), (x, y))
        self._follow_drag()

    def drag_to(self, x: float, y: float) -> None:
        if self._drag is not None:
            page, start, _ = self._drag
            self._drag = (page, start, (x, y))
            self._follow_drag()

    @property
    def dragging_page(self) -> int | None:
        return self._drag[0] if self._drag else None

    def select_word_at(self, page: int, x: float, y: float) -> None:
        index = self._word_at(page, x, y)
        if index is not None:
            self._chosen = (page, index, index)

    def boxes(self) -> list[Rect]:
        return [word.rect for word in self._selected()]

    def line_boxes(self) -> list[Rect]:
        """One rectangle per line of the selection: what a highlight marks, as a PDF
        reader's highlight annotation marks it (one quadrilateral per line)."""
        lines: list[tuple[tuple[int, int], Rect]] = []
        for word in self._selected():
            key = (word.block, word.line)
            if lines and lines[-1][0] == key:
                x0, y0, x1, y1 = lines[-1][1]
                a0, b0, a1, b1 = word.rect
                lines[-1] = (key, (min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1)))
            else:
                lines.append((key, word.rect))
        return [rect for _, rect in lines]

    def text(self) -> str:
        """The selected words, a space within a line and a line break between lines."""
        pieces: list[str] = []
        previous = None
        for word in self._selected():
            if previous is not None:
                pieces.append(" " if (word.block, word.line) == previous else "\n")
            pieces.append(word.text)
            previous = (word.block, word.line)
        return "".join(pieces)

    def _follow_drag(self) -> None:
        if self._drag is None:
            return
        page, start, end = self._drag
        anchor, last = self._word_at(page, *start), self._word_at(page, *end)
        if anchor is not None and last is not None:
            self._chosen = (page, anchor, last)

    def _word_at(self, page: int, x: float, y: float) -> int | None:
        """The word under the point, or failing that the nearest, so drags past text still work."""
        words = self._words.get(page)
        if not words:
            return None

        def distance(index: int) -> float:
            x0, y0, x1, y1 = words[index].rect
            dx = max(x0 - x, 0.0, x - x1)
            dy = max(y0 - y, 0.0, y - y1)
            return dy * 4 + dx  # the right line matters more than the right column

        return min(range(len(words)), key=distance)

    def _selected(self) -> list[Word]:
        if self._chosen is None:
            return []
        page, anchor, end = self._chosen
        low, high = sorted((anchor, end))
        return self._words.get(page, [])[low : high + 1]
