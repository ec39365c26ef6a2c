"""Highlights as the reader, the exporters and the PDF code read them, and when two are one.

A highlight is a passage of a paper's PDF: the page, the marked lines as
rectangles in the page's coordinates, the text they cover, a colour and an
optional comment. The same passage can reach the library more than once (the
same PDF attached again, an export imported back, a copy of the PDF with our
highlights written into it), so "is this one already here?" has one answer,
``same_place``: the same page and the same lines, give or take rounding.
"""

from __future__ import annotations

import colorsys
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import Highlight as HighlightRow
from readinglist_gui.core.models import table_of
from readinglist_gui.core.records import HighlightColor, HighlightRecord, Rect

HIGHLIGHT = table_of(HighlightRow)
COLORS: dict[HighlightColor, tuple[float, float, float]] = {
    HighlightColor.YELLOW: (1.0, 0.85, 0.2),
    HighlightColor.GREEN: (0.55, 0.87, 0.4),
    HighlightColor.BLUE: (0.45, 0.72, 1.0),
    HighlightColor.PINK: (1.0, 0.55, 0.75),
}
"""Each colour as RGB from 0 to 1: drawn in the reader, written into PDF annotations."""
TOLERANCE = 1.0
"""Points by which a rectangle's edges may differ and still mark the same line: a PDF
stores annotation corners with less precision than we keep."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A stored highlight, with its id and paper."""

    id: int
    paper_id: int
    page: int
    text: str
    rects: tuple[Rect, ...]
    color: HighlightColor
    comment: str
    created: dt.datetime

    @property
    def top(self) -> float:
        """Where the passage starts on its page, in points from the top."""
        return min((rect[1] for rect in self.rects), default=0.0)

    def record(self) -> HighlightRecord:
        return HighlightRecord(
            self.page, self.text, self.rects, self.color, self.comment, self.created
        )


def nearest_color(rgb: Sequence[float] | None) -> HighlightColor:
    """Which of the four colours an annotation's colour (RGB, 0 to 1) is closest to in hue:
    a red underline is pink here, an orange mark yellow; greys and whites are yellow."""
    if not rgb or len(rgb) != 3:
        return HighlightColor.YELLOW
    hue, saturation, _ = colorsys.rgb_to_hsv(*rgb)
    if saturation < 0.15:
        return HighlightColor.YELLOW

    def distance(color: HighlightColor) -> float:
        other = colorsys.rgb_to_hsv(*COLORS[color])[0]
        turn = abs(hue - other) % 1.0
        return min(turn, 1.0 - turn)

    return min(COLORS, key=distance)


def same_place(page: int, rects: Sequence[Rect], other_page: int, other: Sequence[Rect]) -> bool:
    """Whether two highlights mark the same lines of the same page."""
    if page != other_page or len(rects) != len(other):
        return False
    return all(
        abs(a - b) <= TOLERANCE
        for mine, theirs in zip(sorted(rects), sorted(other), strict=True)
        for a, b in zip(mine, theirs, strict=True)
    )


def _highlight(row: object) -> Highlight:
    r = row._mapping  # type: ignore[attr-defined]
    return Highlight(
        r["id"],
        r["paper_id"],
        r["page"],
        r["text"],
        r["rects"],
        HighlightColor.named(r["color"]),
        r["comment"],
        r["created_at"],
    )


def of_paper(conn: Connection, paper_id: int) -> list[Highlight]:
    """A paper's highlights in reading order: by page, then from the top of the page."""
    rows = conn.execute(select(HIGHLIGHT).where(HIGHLIGHT.c.paper_id == paper_id))
    return sorted(map(_highlight, rows), key=lambda h: (h.page, h.top, h.id))


def of_papers(conn: Connection, paper_ids: Iterable[int]) -> dict[int, list[Highlight]]:
    """Highlights of many papers (an export), each paper's in reading order."""
    found: dict[int, list[Highlight]] = {}
    for chunk in chunks(sorted(set(paper_ids))):
        for row in conn.execute(select(HIGHLIGHT).where(HIGHLIGHT.c.paper_id.in_(chunk))):
            highlight = _highlight(row)
            found.setdefault(highlight.paper_id, []).append(highlight)
    for highlights in found.values():
        highlights.sort(key=lambda h: (h.page, h.top, h.id))
    return found


def quote(text: str) -> str:
    """A highlight's text as one paragraph: the PDF's line breaks are only layout."""
    return " ".join(text.split())
