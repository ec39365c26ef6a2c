"""The "Needs review" queue: title-only papers with arXiv candidates the app would not pick alone.

The user settles each one by choosing a candidate or saying the paper is not
on arXiv; either way the candidates go, and a paper marked "not on arXiv" is
never searched again. Functions take a :class:`Library`; each change is one
op run by its writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.identity import normalize_arxiv_id
from readinglist_gui.core.library import Library
from readinglist_gui.core.models import Paper, ReviewCandidate
from readinglist_gui.core.title_match import Candidate
from readinglist_gui.core.writes.online import (
    AttachArxivId,
    ChooseCandidate,
    MarkNotOnArxiv,
    SaveCandidates,
)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    paper_id: int
    title: str
    candidates: list[Candidate]


def save_candidates(library: Library, paper_id: int, candidates: Sequence[Candidate]) -> None:
    """Replace the paper's candidates (an empty list takes it out of the queue)."""
    library.write(SaveCandidates(paper_id, tuple(candidates)))


def pending_ids(library: Library) -> list[int]:
    """Papers waiting for the user, for the sidebar view (``PaperQuery(ids=...)``) and its count."""
    with library.engine.connect() as conn:
        return list(
            conn.execute(
                select(ReviewCandidate.paper_id).distinct().order_by(ReviewCandidate.paper_id)
            ).scalars()
        )


def pending(library: Library, paper_ids: Sequence[int] | None = None) -> list[ReviewItem]:
    """Each waiting paper with its candidates, best first."""
    statement = (
        select(ReviewCandidate, Paper.title.label("paper_title"))
        .join(Paper, Paper.id == ReviewCandidate.paper_id)
        .order_by(ReviewCandidate.paper_id, ReviewCandidate.rank)
    )
    if paper_ids is not None:
        statement = statement.where(ReviewCandidate.paper_id.in_(list(paper_ids)))
    items: dict[int, ReviewItem] = {}
    with library.engine.connect() as conn:
        for row in conn.execute(statement):
            item = items.setdefault(row.paper_id, ReviewItem(row.paper_id, row.paper_title, []))
            item.candidates.append(
                Candidate(row.arxiv_id, row.title, tuple(row.authors), row.year, row.score)
            )
    return list(items.values())


def choose(library: Library, paper_id: int, arxiv_id: str) -> None:
    """The user's pick: the paper takes the arXiv id, and the candidate's authors and year.

    One write: either all of it happens or, when another paper of the library
    already has that id, none of it (``LibraryError``).
    """
    canonical = normalize_arxiv_id(arxiv_id)
    if canonical is None:
        raise LibraryError(f"{arxiv_id!r} is not an arXiv id")
    library.write(ChooseCandidate(paper_id, canonical))


def mark_not_on_arxiv(library: Library, paper_id: int) -> None:
    """Settle the paper as "not on arXiv": no candidates, no further searches."""
    library.write(MarkNotOnArxiv(paper_id))


def attach_arxiv_id(library: Library, paper_id: int, arxiv_id: str) -> int | None:
    """Give a paper without an arXiv id this one; returns the id of a paper that has it already."""
    return library.write(AttachArxivId(paper_id, arxiv_id)).value
