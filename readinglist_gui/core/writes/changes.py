"""What a write changed: the one answer every view and every listener reads.

Each write says which papers it added, removed or changed, and for a changed
paper which aspects of it; library-wide changes (the set of tags, the shape of
reading lists, the review queue) are named apart. A view asks "does this
concern me?" and redoes only that: the table repaints rows, the sidebar
recounts only when a status, a tag or a list moved, a reader tab reloads only
its own paper. (Anki's ``OpChanges`` is the model, made finer: ids, not only
booleans.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntFlag
from types import MappingProxyType


class Aspect(IntFlag):
    """What about a paper changed."""

    STATUS = 1
    """Its progress: status, the by-hand flag."""
    TAGS = 2
    """Which tags it carries."""
    LISTS = 4
    """Its places in reading lists."""
    METADATA = 8
    """Title, authors, year, venue, abstract, identifiers, links."""
    NOTE = 16
    FILE = 32
    """Its PDF."""
    READER = 64
    """Where the reader is in it: last page, pages seen, zoom."""
    ONLINE = 128
    """What arXiv look-ups learnt about it: versions, candidates awaiting review."""
    FULLTEXT = 256
    """The text of its PDF in the full-text index: read, replaced or dropped."""
    GROUP = 512
    """What the other members of its reading group did with it: statuses, shared notes."""
    HIGHLIGHTS = 1024
    """Passages highlighted in its PDF: added, recoloured, commented on or deleted."""

    @classmethod
    def every(cls) -> Aspect:
        flags = cls(0)
        for member in cls:
            flags |= member
        return flags


class Scope(IntFlag):
    """Library-wide changes beyond any one paper."""

    TAGS = 1
    """A tag was made, renamed, merged, recoloured or left with no papers."""
    LISTS = 2
    """A reading list or its sections were made, replaced or removed."""
    REVIEW = 4
    """The queue of papers awaiting review changed."""


NOTHING = Scope(0)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The outcome of one write (or of several, merged with ``|``)."""

    papers: Mapping[int, Aspect] = field(default_factory=dict)
    """Every paper the write touched, added ones included, with what changed about it."""
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    scope: Scope = NOTHING
    everything: bool = False
    """The extent is unknown (say, another program rewrote much of the library): redo all."""
    origin: object = None
    """Who asked for the write, so that a view can skip the echo of its own change."""

    @classmethod
    def unknown(cls, origin: object = None) -> ChangeSet:
        return cls(everything=True, origin=origin)

    def __bool__(self) -> bool:
        return bool(self.everything or self.papers or self.removed or self.scope)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        papers = dict(self.papers)
        for paper_id, aspects in other.papers.items():
            papers[paper_id] = papers.get(paper_id, Aspect(0)) | aspects
        removed = self.removed | other.removed
        return ChangeSet(
            papers=MappingProxyType({k: v for k, v in papers.items() if k not in other.removed}),
            added=(self.added | other.added) - other.removed,
            removed=removed - other.added,
            scope=self.scope | other.scope,
            everything=self.everything or other.everything,
            origin=self.origin if self.origin is other.origin else None,
        )

    @property
    def aspects(self) -> Aspect:
        """Every aspect changed on any paper."""
        if self.everything:
            return Aspect.every()
        found = Aspect(0)
        for aspects in self.papers.values():
            found |= aspects
        return found

    def touches(self, aspects: Aspect, scope: Scope = NOTHING) -> bool:
        """Whether anything shown by a view of ``aspects`` (and ``scope``) may differ now.

        Papers coming or going change every count and every list, whatever the
        view shows.
        """
        return bool(
            self.everything
            or self.added
            or self.removed
            or self.scope & scope
            or self.aspects & aspects
        )

    def ids(self, aspects: Aspect | None = None) -> frozenset[int]:
        """The papers with any of ``aspects`` changed (any change at all by default)."""
        if aspects is None:
            return frozenset(self.papers)
        return frozenset(i for i, changed in self.papers.items() if changed & aspects)

    def of(self, paper_id: int) -> Aspect:
        """What changed about one paper (everything, if the extent is unknown)."""
        if self.everything or paper_id in self.removed:
            return Aspect.every()
        return self.papers.get(paper_id, Aspect(0))


@dataclass(slots=True)
class ChangeRecorder:
    """Collects what a write does while it runs; the writer freezes it at commit."""

    papers: dict[int, Aspect] = field(default_factory=dict)
    added: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    scope: Scope = NOTHING
    labelled: set[int] = field(default_factory=set)
    """Papers whose table labels the write itself left right (new papers inserted with
    them): the upkeep skips them. Not part of the change set."""

    def changed(self, ids: Iterable[int], aspects: Aspect) -> None:
        for paper_id in ids:
            self.papers[paper_id] = self.papers.get(paper_id, Aspect(0)) | aspects

    def add(self, ids: Iterable[int]) -> None:
        fresh = set(ids)
        self.added |= fresh
        self.removed -= fresh
        self.changed(fresh, Aspect.every())

    def remove(self, ids: Iterable[int]) -> None:
        gone = set(ids)
        self.removed |= gone
        self.added -= gone
        for paper_id in gone:
            self.papers.pop(paper_id, None)

    def library(self, scope: Scope) -> None:
        self.scope |= scope

    def freeze(self, origin: object = None) -> ChangeSet:
        return ChangeSet(
            papers=MappingProxyType(dict(self.papers)),
            added=frozenset(self.added),
            removed=frozenset(self.removed),
            scope=self.scope,
            origin=origin,
        )
