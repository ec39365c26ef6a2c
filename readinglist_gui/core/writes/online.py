"""What arXiv look-ups write: details, checked marks, downloaded PDFs and review choices.

None of these are undoable edits: they record facts learnt online. Choosing a
review candidate is one op, so the paper never ends up with the arXiv id but
without the candidate's details, or out of the queue but unmatched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlalchemy.dialects.sqlite import insert

from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.models import ArxivDetails, PdfFile, ReviewCandidate, table_of, utcnow
from readinglist_gui.core.records import PaperRecord, RecordBatch
from readinglist_gui.core.title_match import Candidate
from readinglist_gui.core.writes.changes import Aspect, Scope
from readinglist_gui.core.writes.importing import ImportPapers
from readinglist_gui.core.writes.rows import PAPER
from readinglist_gui.core.writes.writer import Tx

if TYPE_CHECKING:
    from readinglist_gui.core.arxiv_feed import ArxivEntry

CANDIDATE = table_of(ReviewCandidate)
PDF_FILE = table_of(PdfFile)


def upsert_details(conn: Connection, paper_id: int, **values: object) -> None:
    """Set some arXiv details of a paper, creating its row on first use."""
    row = {"categories": [], "not_on_arxiv": False, **values}
    statement = insert(ArxivDetails).values(paper_id=paper_id, **row)
    conn.execute(statement.on_conflict_do_update(index_elements=["paper_id"], set_=values))


@dataclass(frozen=True, slots=True)
class RecordDetails:
    """Keep the latest version and categories arXiv reported, for each (paper id, entry)."""

    found: tuple[tuple[int, ArxivEntry], ...]
    label: str = "Record arXiv details"

    def apply(self, tx: Tx) -> None:
        now = utcnow()
        for paper_id, entry in self.found:
            upsert_details(
                tx.conn,
                paper_id,
                version=entry.version,
                categories=list(entry.categories),
                checked_at=now,
            )
        tx.record.changed([paper_id for paper_id, _ in self.found], Aspect.ONLINE)


@dataclass(frozen=True, slots=True)
class MarkChecked:
    """Remember a look-up that found nothing, so a routine fetch does not repeat it."""

    paper_ids: tuple[int, ...]
    label: str = "Record a look-up"

    def apply(self, tx: Tx) -> None:
        now = utcnow()
        for paper_id in self.paper_ids:
            upsert_details(tx.conn, paper_id, checked_at=now)
        tx.record.changed(self.paper_ids, Aspect.ONLINE)


@dataclass(frozen=True, slots=True)
class AttachPdfs:
    """Point papers at downloaded PDFs and keep their checksums, all in one transaction.

    Each item is (paper id, path relative to the library folder, sha256, size,
    source URL). Three statements, each run for many rows at once, keep a
    200-PDF run from spending its time building statements while the GUI waits
    for the interpreter. Returns the ids of papers that still exist and now
    have their PDF.
    """

    downloads: tuple[tuple[int, str, str, int, str], ...]
    label: str = "Attach downloaded PDFs"

    def apply(self, tx: Tx) -> set[int]:
        if not self.downloads:
            return set()
        now = utcnow()
        # The write comes first, so the check after it sees no deletion sneak in between.
        tx.conn.execute(
            update(PAPER)
            .where(PAPER.c.id == bindparam("paper_id"))
            .values(pdf_path=bindparam("new_path")),
            [{"paper_id": item[0], "new_path": item[1]} for item in self.downloads],
        )
        asked = [item[0] for item in self.downloads]
        attached = set(tx.conn.execute(select(PAPER.c.id).where(PAPER.c.id.in_(asked))).scalars())
        rows = [
            {
                "paper_id": paper_id,
                "path": path,
                "sha256": sha256,
                "size": size,
                "source_url": url,
                "downloaded_at": now,
            }
            for paper_id, path, sha256, size, url in self.downloads
            if paper_id in attached
        ]
        if rows:
            statement = insert(PDF_FILE)
            columns = ("path", "sha256", "size", "source_url", "downloaded_at")
            upsert = statement.on_conflict_do_update(
                index_elements=["paper_id"],
                set_={name: statement.excluded[name] for name in columns},
            )
            tx.conn.execute(upsert, rows)
        tx.record.changed(attached, Aspect.FILE)
        return attached


@dataclass(frozen=True, slots=True)
class SaveCandidates:
    """Replace the paper's candidates (an empty list takes it out of the review queue)."""

    paper_id: int
    candidates: tuple[Candidate, ...]
    label: str = "Save review candidates"

    def apply(self, tx: Tx) -> None:
        save_candidates(tx, self.paper_id, self.candidates)


@dataclass(frozen=True, slots=True)
class MarkNotOnArxiv:
    """Settle the paper as "not on arXiv": no candidates, no further searches."""

    paper_id: int
    label: str = "Mark not on arXiv"

    def apply(self, tx: Tx) -> None:
        save_candidates(tx, self.paper_id, ())
        upsert_details(tx.conn, self.paper_id, not_on_arxiv=True, checked_at=utcnow())


@dataclass(frozen=True, slots=True)
class AttachArxivId:
    """Give a paper without an arXiv id this one; returns the id of a paper that has it already.

    Not a hand edit: the field stays open to later corrections by the user.
    """

    paper_id: int
    arxiv_id: str
    label: str = "Match on arXiv"

    def apply(self, tx: Tx) -> int | None:
        return attach_arxiv_id(tx, self.paper_id, self.arxiv_id)


@dataclass(frozen=True, slots=True)
class ChooseCandidate:
    """The user's pick: the paper takes the arXiv id, and the candidate's authors and year.

    Raises ``LibraryError`` when another paper of the library already has that
    id (two rows for one paper are for the user to merge), and then changes nothing.
    """

    paper_id: int
    arxiv_id: str
    label: str = "Choose a match"

    def apply(self, tx: Tx) -> None:
        chosen = tx.conn.execute(
            select(CANDIDATE.c.authors, CANDIDATE.c.year).where(
                CANDIDATE.c.paper_id == self.paper_id, CANDIDATE.c.arxiv_id == self.arxiv_id
            )
        ).first()
        owner = attach_arxiv_id(tx, self.paper_id, self.arxiv_id)
        if owner is not None:
            raise LibraryError(
                f"arXiv {self.arxiv_id} already belongs to paper {owner} in this library"
            )
        save_candidates(tx, self.paper_id, ())
        if chosen is not None:
            record = PaperRecord(arxiv_id=self.arxiv_id, authors=list(chosen[0]), year=chosen[1])
            ImportPapers(RecordBatch(papers=[record])).apply(tx)


def save_candidates(tx: Tx, paper_id: int, candidates: Sequence[Candidate]) -> None:
    tx.conn.execute(delete(CANDIDATE).where(CANDIDATE.c.paper_id == paper_id))
    if candidates:
        tx.conn.execute(
            insert(CANDIDATE),
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
    tx.record.changed([paper_id], Aspect.ONLINE)
    tx.record.library(Scope.REVIEW)


def attach_arxiv_id(tx: Tx, paper_id: int, arxiv_id: str) -> int | None:
    owner: int | None = tx.conn.execute(
        select(PAPER.c.id).where(PAPER.c.arxiv_id == arxiv_id)
    ).scalar()
    if owner is not None and owner != paper_id:
        return owner
    changed = tx.conn.execute(
        update(PAPER)
        .where(PAPER.c.id == paper_id, PAPER.c.arxiv_id.is_(None))
        .values(arxiv_id=arxiv_id, updated_at=utcnow())
    ).rowcount
    if not changed and owner is None:
        current = tx.conn.execute(select(PAPER.c.arxiv_id).where(PAPER.c.id == paper_id)).scalar()
        if current is None:
            raise LibraryError(f"no paper with id {paper_id}")
        raise LibraryError(f"paper {paper_id} already has arXiv id {current}")
    upsert_details(tx.conn, paper_id, not_on_arxiv=False)
    tx.record.changed([paper_id], Aspect.METADATA)
    return None
