"""One fetch run: find title-only papers on arXiv, fill in details, bring PDFs down.

The command line and the GUI's background jobs both call :func:`fetch`, so the
rules of what is looked up, what is written and what counts as a failure are
the same everywhere. It runs synchronously in the caller's thread, reports
through a callback and stops at the next safe point when ``cancelled()`` turns
true. Every write goes through the library (whose merge rules only fill gaps
and never touch what the user edited), one short transaction at a time, so the
GUI can keep reading while a long run goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from readinglist_gui.core import attachments, lookups, review
from readinglist_gui.core.arxiv import ArxivClient, CancelledError, NetworkError
from readinglist_gui.core.arxiv_feed import ArxivEntry
from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.downloads import DownloadedPdf, download_pdf, keep_pdfs, pdf_stem
from readinglist_gui.core.fetch_report import (
    Failure,
    FetchProgress,
    FetchSummary,
    ProgressCallback,
)
from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.core.files import sweep_leftovers
from readinglist_gui.core.library import Library
from readinglist_gui.core.links import safe_url
from readinglist_gui.core.merge import chunks
from readinglist_gui.core.models import ArxivDetails, Link, Paper, ReviewCandidate
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import LinkKind, RecordBatch
from readinglist_gui.core.title_match import match_title

PARALLEL_DOWNLOADS = 4
WRITE_EVERY = 0.5
"""Seconds between the batches that put finished downloads in place and attach them.

The thread running :func:`fetch` sleeps that long between them rather than
waking for every file, so with no pause between requests it does not compete
with the download threads (and the GUI thread) for the interpreter lock, and
one flush to disk serves a whole batch.
"""


def fetch(
    library: Library,
    *,
    list_name: str | None = None,
    paper_ids: Sequence[int] | None = None,
    pdfs: bool = False,
    metadata: bool = False,
    resolve_titles: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    client: ArxivClient | None = None,
) -> FetchSummary:
    """Run the asked stages over the papers of a list, a selection, or the whole library.

    Stages run in the order titles, details, PDFs, so a title found on arXiv
    gets its details and PDF in the same run. ``paper_ids`` (a selection) also
    redoes look-ups done before; otherwise papers already checked are skipped.
    Raises :class:`LibraryError` for an unknown list name; network trouble is
    reported in the summary, never raised. ``client`` defaults to one built
    from :meth:`ArxivSettings.from_env` (which raises ``ValueError`` for a
    malformed ``READINGLIST_ARXIV_*`` variable); a caller that owns a client
    keeps it open across runs and closes it itself.
    """
    ids = _selection(library, list_name, paper_ids)
    own_client = client is None
    run = _Run(
        library,
        client or ArxivClient(),
        progress or (lambda _progress: None),
        cancelled or (lambda: False),
        explicit=paper_ids is not None,
    )
    try:
        papers = _load(library, ids)
        if resolve_titles:
            run.resolve_titles(papers)
        if metadata:
            run.fill_metadata(papers)
        if pdfs:
            run.download_pdfs(papers)
    except CancelledError:
        run.summary.cancelled = True
    except _Offline as stop:
        run.summary.offline = str(stop)
    finally:
        if own_client:
            run.client.close()
    return run.summary


@dataclass(slots=True)
class _Paper:
    id: int
    title: str
    arxiv_id: str | None
    pdf_path: str | None
    pdf_link: str | None = None
    checked: bool = False
    not_on_arxiv: bool = False
    in_review: bool = False
    filled: bool = False


class _Offline(Exception):
    """arXiv itself cannot be reached: every further request would fail the same way."""


class _Run:
    """The state of one fetch: its client, callbacks, tally and the papers' progress."""

    def __init__(
        self,
        library: Library,
        client: ArxivClient,
        progress: ProgressCallback,
        cancelled: Callable[[], bool],
        explicit: bool,
    ) -> None:
        self.library = library
        self.client = client
        self._report = progress
        self._lock = threading.Lock()
        """Serialises progress reports, which download threads send too."""
        self.cancelled = cancelled
        self.explicit = explicit
        self.summary = FetchSummary()
        self._completed = 0
        self._halt = threading.Event()
        self.arxiv_host = urlsplit(client.settings.base_url).netloc.lower()

    def progress(self, update: FetchProgress) -> None:
        with self._lock:
            self._report(update)

    def _step(self) -> None:
        if self.cancelled():
            raise CancelledError

    def _is_offline(self, error: NetworkError, url: str = "") -> bool:
        """Whether ``error`` means arXiv itself is out of reach, not just one link."""
        host = urlsplit(url or self.client.settings.base_url).netloc.lower()
        return error.offline and host == self.arxiv_host

    def _fail(self, paper: _Paper, stage: Stage, error: NetworkError, url: str = "") -> None:
        if self._is_offline(error, url):
            raise _Offline(f"{error}; nothing more was asked, try again when online")
        self.summary.failures.append(Failure(paper.id, stage, str(error)))

    def resolve_titles(self, papers: list[_Paper]) -> None:
        todo = [
            p
            for p in papers
            if p.arxiv_id is None
            and p.title.strip()
            and not p.not_on_arxiv
            and not p.in_review
            and (self.explicit or not p.checked)
        ]
        for done, paper in enumerate(todo):
            self._step()
            self.progress(
                FetchProgress(Stage.TITLES, done, len(todo), paper.id, f"Searching “{paper.title}”")
            )
            try:
                hits = self.client.search_title(paper.title, cancelled=self.cancelled)
            except NetworkError as error:
                self._fail(paper, Stage.TITLES, error)
                continue
            match = match_title(paper.title, hits)
            if match.accepted is not None:
                self._accept(paper, match.accepted)
            elif match.candidates:
                review.save_candidates(self.library, paper.id, match.candidates)
                lookups.mark_checked(self.library, [paper.id])
                self.summary.titles_to_review += 1
            else:
                lookups.mark_checked(self.library, [paper.id])
                self.summary.titles_not_found += 1
        self.progress(FetchProgress(Stage.TITLES, len(todo), len(todo)))

    def _accept(self, paper: _Paper, entry: ArxivEntry) -> None:
        owner = review.attach_arxiv_id(self.library, paper.id, entry.arxiv_id)
        if owner is not None:
            message = f"this is arXiv {entry.arxiv_id}, already in the library as paper {owner}"
            self.summary.failures.append(Failure(paper.id, Stage.TITLES, message))
            lookups.mark_checked(self.library, [paper.id])
            return
        self._store([(paper.id, entry)])
        paper.arxiv_id, paper.filled = entry.arxiv_id, True
        self.summary.titles_matched += 1

    def _store(self, found: list[tuple[int, ArxivEntry]]) -> None:
        self.library.import_batch(RecordBatch(papers=[entry.record() for _, entry in found]))
        lookups.record_details(self.library, found)

    def fill_metadata(self, papers: list[_Paper]) -> None:
        todo = [
            p for p in papers if p.arxiv_id and not p.filled and (self.explicit or not p.checked)
        ]
        size = max(1, self.client.settings.batch_size)
        for start in range(0, len(todo), size):
            self._step()
            batch = todo[start : start + size]
            self.progress(
                FetchProgress(
                    Stage.METADATA,
                    start,
                    len(todo),
                    None,
                    f"Fetching details of {len(batch)} papers",
                )
            )
            try:
                entries: dict[str, ArxivEntry] = {}
                for _asked, found in self.client.metadata(
                    [p.arxiv_id for p in batch if p.arxiv_id], cancelled=self.cancelled
                ):
                    entries.update(found)
            except NetworkError as error:
                for paper in batch:
                    self._fail(paper, Stage.METADATA, error)
                continue
            still_here = set(_existing(self.library, [p.id for p in batch]))
            found_pairs, unknown = [], []
            for paper in batch:
                entry = entries.get(paper.arxiv_id or "")
                if paper.id not in still_here:
                    continue
                if entry is None:
                    message = f"arXiv has no paper {paper.arxiv_id}"
                    self.summary.failures.append(Failure(paper.id, Stage.METADATA, message))
                    unknown.append(paper.id)
                    continue
                found_pairs.append((paper.id, entry))
                paper.filled = True
            if found_pairs:
                self._store(found_pairs)
            lookups.mark_checked(self.library, unknown)
            self.summary.metadata_filled += len(found_pairs)
        self.progress(FetchProgress(Stage.METADATA, len(todo), len(todo)))

    def download_pdfs(self, papers: list[_Paper]) -> None:
        """Download in worker threads, attach from this one in a few short transactions.

        arXiv, paced, gets one connection at a time as its terms ask; a mirror
        or test server with no pause gets a few at once, so the checks of one
        file overlap the transfer of the next. Files reach the disk and their
        names a batch at a time, in :meth:`_attach`. Temporary files that a
        killed run left behind are swept first.
        """
        sweep_leftovers(self.library.pdf_dir)
        missing = [
            p for p in papers if not p.pdf_path or not (self.library.folder / p.pdf_path).is_file()
        ]
        todo = [p for p in missing if p.arxiv_id or p.pdf_link]
        self.summary.pdfs_without_source += len(missing) - len(todo)
        workers = 1 if self.client.settings.delay > 0 else PARALLEL_DOWNLOADS
        pool = ThreadPoolExecutor(workers, thread_name_prefix="readinglist-pdf")
        jobs: dict[Future[DownloadedPdf], _Paper] = {}
        pending: set[Future[DownloadedPdf]] = set()
        try:
            jobs = {pool.submit(self._download, paper, len(todo)): paper for paper in todo}
            pending = set(jobs)
            while pending:
                done, pending = wait(pending, timeout=WRITE_EVERY)
                self._settle(done, jobs)
        finally:
            self._halt.set()
            pool.shutdown(wait=True, cancel_futures=True)
            # Downloads that finished while the run was stopping are whole: keep them.
            self._attach(
                [
                    (jobs[job], job.result())
                    for job in pending
                    if not job.cancelled() and job.exception() is None
                ]
            )
        self.progress(FetchProgress(Stage.PDFS, len(todo), len(todo)))

    def _settle(
        self, done: set[Future[DownloadedPdf]], jobs: dict[Future[DownloadedPdf], _Paper]
    ) -> None:
        """Attach the downloads that ended well and note the failures; then stop if one says so."""
        finished: list[tuple[_Paper, DownloadedPdf]] = []
        stop: BaseException | None = None
        for job in done:
            paper, error = jobs[job], job.exception()
            if error is None:
                finished.append((paper, job.result()))
            elif isinstance(error, NetworkError):
                try:
                    self._fail(paper, Stage.PDFS, error, self._pdf_url(paper))
                except _Offline as offline:
                    stop = offline
            else:
                stop = stop or error
        self._attach(finished)
        if stop is not None:
            raise stop

    def _pdf_url(self, paper: _Paper) -> str:
        if paper.arxiv_id:
            return self.client.settings.pdf_url(paper.arxiv_id)
        return paper.pdf_link or ""

    def _download(self, paper: _Paper, total: int) -> DownloadedPdf:
        """One PDF, in a worker thread: touches the network and the disk, never the database.

        It reports its own end, so the GUI hears of each file as it lands
        rather than when the next batch is attached.
        """
        url = self._pdf_url(paper)
        message = f"Downloading {paper.arxiv_id or paper.title or url}"

        def report(received: int, expected: int | None) -> None:
            self.progress(
                FetchProgress(
                    Stage.PDFS, self._completed, total, paper.id, message, received, expected
                )
            )

        report(0, None)
        try:
            result = download_pdf(
                self.client,
                url,
                self.library.pdf_dir,
                pdf_stem(paper.arxiv_id, paper.id),
                progress=report,
                cancelled=lambda: self._halt.is_set() or self.cancelled(),
            )
        except NetworkError:
            self._count_finished(paper, total)
            raise
        self._count_finished(paper, total)
        return result

    def _count_finished(self, paper: _Paper, total: int) -> None:
        with self._lock:
            self._completed += 1
            self._report(FetchProgress(Stage.PDFS, self._completed, total, paper.id))

    def _attach(self, finished: list[tuple[_Paper, DownloadedPdf]]) -> None:
        """Put a batch of downloads in place with one flush to disk, then record them.

        The files are whole and on disk before the transaction that points
        the papers at them, so the database never names a file a crash lost.
        """
        if not finished:
            return
        keep_pdfs([result for _paper, result in finished])
        folder = self.library.folder
        attached = lookups.attach_pdfs(
            self.library,
            [
                (
                    paper.id,
                    result.path.relative_to(folder).as_posix(),
                    result.sha256,
                    result.size,
                    self._pdf_url(paper),
                )
                for paper, result in finished
            ],
        )
        for paper, result in finished:
            if paper.id not in attached:
                result.path.unlink(missing_ok=True)
                continue
            self.summary.pdfs_downloaded += 1
            self.summary.pdf_bytes += result.size
        kept = [(paper.id, result.path) for paper, result in finished if paper.id in attached]
        attachments.import_file_highlights(self.library, kept)


def _selection(
    library: Library, list_name: str | None, paper_ids: Sequence[int] | None
) -> list[int]:
    if list_name is None:
        everything = PaperQuery(sort=SortKey.ADDED, descending=False)
        ids = library.ids(everything) if paper_ids is None else list(paper_ids)
        return list(dict.fromkeys(ids))
    found = library.find_list(list_name)
    if found is None:
        raise LibraryError(f"no reading list named {list_name!r}")
    in_list = library.ids(PaperQuery(list_id=found.id, sort=SortKey.POSITION, descending=False))
    if paper_ids is None:
        return in_list
    wanted = set(paper_ids)
    return [i for i in in_list if i in wanted]


def _existing(library: Library, ids: Sequence[int]) -> list[int]:
    with library.engine.connect() as conn:
        return list(conn.execute(select(Paper.id).where(Paper.id.in_(list(ids)))).scalars())


def _load(library: Library, ids: Sequence[int]) -> list[_Paper]:
    """What each stage needs to know of the papers, in a few queries for any number of them."""
    papers: dict[int, _Paper] = {}
    with library.engine.connect() as conn:
        for chunk in chunks(list(ids)):
            for row in conn.execute(
                select(
                    Paper.id,
                    Paper.title,
                    Paper.arxiv_id,
                    Paper.pdf_path,
                    ArxivDetails.checked_at,
                    ArxivDetails.not_on_arxiv,
                )
                .outerjoin(ArxivDetails, ArxivDetails.paper_id == Paper.id)
                .where(Paper.id.in_(chunk))
            ):
                papers[row.id] = _Paper(
                    id=row.id,
                    title=row.title,
                    arxiv_id=row.arxiv_id,
                    pdf_path=row.pdf_path,
                    checked=row.checked_at is not None,
                    not_on_arxiv=bool(row.not_on_arxiv),
                )
            for paper_id, url in conn.execute(
                select(Link.paper_id, Link.url)
                .where(Link.paper_id.in_(chunk), Link.kind == LinkKind.PDF.value)
                .order_by(Link.id)
            ):
                paper = papers[paper_id]
                if paper.pdf_link is None:
                    paper.pdf_link = safe_url(url)
            for paper_id in conn.execute(
                select(ReviewCandidate.paper_id).where(ReviewCandidate.paper_id.in_(chunk))
            ).scalars():
                papers[paper_id].in_review = True
    return [papers[i] for i in ids if i in papers]
