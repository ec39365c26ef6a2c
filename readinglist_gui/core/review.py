"""The "Needs review" queue: title-only papers with arXiv candidates the app would not pick alone.

The user settles each one by choosing a candidate or saying the paper is not
on arXiv; either way the candidates go, and a paper marked "not on arXiv" is
never searched again. Functions take a :class:`Library` and write in one
transaction each, like the library's own methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.identity import normalize_arxiv_id
from readinglist_gui.core.library import Library
from readinglist_gui.core.lookups import upsert_details
from readinglist_gui.core.models import Paper, ReviewCandidate, utcnow
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.core.title_match import Candidate


@dataclass(frozen=True, slots=True)
class ReviewItem:
    paper_id: int
    title: str
    candidates: list[Candidate]


def save_candidates(library: Library, paper_id: int, candidates: Sequence[Candidate]) -> None:
    """Replace the paper's candidates (an empty list takes it out of the queue)."""
    with library.engine.begin() as conn:
        conn.execute(delete(ReviewCandidate).where(ReviewCandidate.paper_id == paper_id))
        if candidates:
            conn.execute(
                ReviewCandidate.__table__.insert(),
                [
                    {
                        "paper_id": paper_id,
                        "rank": rank,
                        "arxiv_id": c.arxiv_id,
                        "title": c.title,
                        "authors": list(c.authors),
                        "year": c.year,
                        "score": c.score,
                    }
                    for rank, c in enumerate(candidates)
                ],
            )


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

    Raises :class:`LibraryError` when another paper of the library already has
    that id, since two rows for one paper must be merged by the user, not here.
    """
    canonical = normalize_arxiv_id(arxiv_id)
    if canonical is None:
        raise LibraryError(f"{arxiv_id!r} is not an arXiv id")
    with library.engine.connect() as conn:
        chosen = conn.execute(
            select(ReviewCandidate).where(
                ReviewCandidate.paper_id == paper_id, ReviewCandidate.arxiv_id == canonical
            )
        ).first()
    owner = attach_arxiv_id(library, paper_id, canonical)
    if owner is not None:
        raise LibraryError(f"arXiv {canonical} already belongs to paper {owner} in this library")
    save_candidates(library, paper_id, [])
    if chosen is not None:
        library.add_paper(
            PaperRecord(arxiv_id=canonical, authors=list(chosen.authors), year=chosen.year)
        )


def mark_not_on_arxiv(library: Library, paper_id: int) -> None:
    """Settle the paper as "not on arXiv": no candidates, no further searches."""
    with library.engine.begin() as conn:
        conn.execute(delete(ReviewCandidate).where(ReviewCandidate.paper_id == paper_id))
        upsert_details(conn, paper_id, not_on_arxiv=True, checked_at=utcnow())


def attach_arxiv_id(library: Library, paper_id: int, arxiv_id: str) -> int | None:
    """Give a paper without an arXiv id this one; returns the id of a paper that has it already.

    Written directly rather than through ``update_fields`` because a match is
    not a hand edit: the field stays open to later corrections by the user.
    """
    with library.engine.begin() as conn:
        owner = conn.execute(select(Paper.id).where(Paper.arxiv_id == arxiv_id)).scalar()
        if owner is not None and owner != paper_id:
            return owner
        changed = conn.execute(
            update(Paper)
            .where(Paper.id == paper_id, Paper.arxiv_id.is_(None))
            .values(arxiv_id=arxiv_id, updated_at=utcnow())
        ).rowcount
        if not changed and owner is None:
            current = conn.execute(select(Paper.arxiv_id).where(Paper.id == paper_id)).scalar()
            if current is None:
                raise LibraryError(f"no paper with id {paper_id}")
            raise LibraryError(f"paper {paper_id} already has arXiv id {current}")
        upsert_details(conn, paper_id, not_on_arxiv=False)
    return None
