"""What the user is looking at, as a value: a filter and an order.

``PaperQuery`` is immutable so views can compare, store and undo it; the
search engine (``core.search``) answers it, the same way for the GUI, the
command line and the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from readinglist_gui.core.records import Status


class SortKey(StrEnum):
    TITLE = "title"
    AUTHORS = "authors"
    YEAR = "year"
    STATUS = "status"
    TAGS = "tags"
    PLACE = "place"
    ADDED = "added"
    POSITION = "position"


@dataclass(frozen=True, slots=True)
class PaperQuery:
    """A filter and an order; empty fields mean "no restriction"."""

    text: str = ""
    tags: tuple[str, ...] = ()
    tag_mode: Literal["all", "any"] = "all"
    statuses: frozenset[Status] = field(default_factory=frozenset)
    list_id: int | None = None
    section_id: int | None = None
    sort: SortKey = SortKey.ADDED
    descending: bool = True
    ids: tuple[int, ...] | None = None


def tag_keys(names: tuple[str, ...]) -> list[str]:
    return [name.strip().casefold() for name in names if name.strip()]
