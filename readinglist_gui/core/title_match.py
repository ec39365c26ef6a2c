"""Deciding whether an arXiv search hit is the paper a list names only by its title.

Course schedules and slides cite papers by title, often with a nickname or an
aside added (``Mixtral of Experts (8x7B)``, ``AdamW: Decoupled …``). Accepting a
wrong paper silently would attach someone else's PDF and abstract, so only a
near-identical, unambiguous title is accepted; anything merely close goes to
the user as candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readinglist_gui.core.identity import is_truncated_title, title_key

if TYPE_CHECKING:
    from readinglist_gui.core.arxiv_feed import ArxivEntry

ACCEPT_SCORE = 95.0
"""At or above: the same title up to a typo or two (scores run 0 to 100)."""
REVIEW_SCORE = 60.0
"""Below this a hit shares some words at most and is not worth the user's time."""
MIN_PREFIX = 25
"""A truncated title shorter than this (as a key) names too little to accept alone."""
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    score: float


@dataclass(frozen=True, slots=True)
class TitleMatch:
    accepted: ArxivEntry | None
    candidates: list[Candidate]
    """Best first; what the user chooses among when nothing was accepted."""

    @property
    def needs_review(self) -> bool:
        return self.accepted is None and bool(self.candidates)


def title_score(wanted: str, found: str) -> float:
    """Similarity of two titles after the library's own normalisation, 0 to 100.

    A truncated title is compared with the same-length start of the other,
    since the cut-off end says nothing.
    """
    # Loaded on first use: the window reads the review queue, which names this
    # module's types, while starting up, and matching happens only online.
    from rapidfuzz.fuzz import ratio

    wanted_key, found_key = title_key(wanted), title_key(found)
    if not wanted_key or not found_key:
        return 0.0
    if is_truncated_title(wanted):
        found_key = found_key[: len(wanted_key)]
    return ratio(wanted_key, found_key)


def match_title(title: str, entries: Sequence[ArxivEntry]) -> TitleMatch:
    """Accept the one hit that is clearly the title's paper; otherwise list the close ones."""
    scored: dict[str, tuple[float, ArxivEntry]] = {}
    for entry in entries:
        score = title_score(title, entry.title)
        if score > scored.get(entry.arxiv_id, (-1.0, entry))[0]:
            scored[entry.arxiv_id] = (score, entry)
    ranked = sorted(scored.values(), key=lambda pair: pair[0], reverse=True)
    close = [(score, entry) for score, entry in ranked if score >= REVIEW_SCORE]
    confident = [entry for score, entry in close if score >= ACCEPT_SCORE]
    short_prefix = is_truncated_title(title) and len(title_key(title)) < MIN_PREFIX
    if len(confident) == 1 and not short_prefix:
        return TitleMatch(confident[0], [])
    candidates = [
        Candidate(entry.arxiv_id, entry.title, entry.authors, entry.year, round(score, 1))
        for score, entry in close[:MAX_CANDIDATES]
    ]
    return TitleMatch(None, candidates)
