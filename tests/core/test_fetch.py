"""Whole fetch runs against the loopback arXiv: titles, details and PDFs land in a real library."""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from arxiv_catalog import DATA, ArxivCatalog
from http_server import LoopbackServer, Reply
from pdf_factory import text_pdf

from readinglist_gui.core import lookups, review
from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings
from readinglist_gui.core.arxiv_feed import ArxivEntry
from readinglist_gui.core.database import DATABASE_NAME, LibraryError
from readinglist_gui.core.fetch import fetch
from readinglist_gui.core.fetch_report import FetchProgress
from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.core.files import STALE_AFTER_S
from readinglist_gui.core.importers import read_path
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import LinkKind, LinkRecord, PaperRecord, RecordBatch, Status
from readinglist_gui.core.title_match import ACCEPT_SCORE, match_title, title_score

SCHEDULE = "TEST 101 — Weekly Readings"
MIXTRAL = "Mixtral of Experts (8\u00d77B)"
PDF_TYPE = {"Content-Type": "application/pdf"}


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[ArxivClient]:
    settings = ArxivSettings(
        base_url=server.base_url, delay=0, backoff=0.01, read_timeout=2, batch_size=2
    )
    with ArxivClient(settings) as running:
        yield running


@pytest.fixture
def pdf_bytes(tmp_path: Path) -> bytes:
    return text_pdf(tmp_path / "paper.pdf", pages=4).read_bytes()


def ids_by_title(library: Library) -> dict[str, int]:
    return {row.title: row.id for row in library.page(limit=1000).rows}


def recorded_pdfs(folder: Path) -> int:
    """Papers with a PDF, read straight from the file while another process writes to it."""
    with closing(sqlite3.connect(folder / DATABASE_NAME)) as raw:
        (count,) = raw.execute("SELECT count(*) FROM paper WHERE pdf_path IS NOT NULL").fetchone()
    return int(count)


def api_calls(server: LoopbackServer) -> int:
    return len(server.requests_to("/api/query"))


def test_details_fill_gaps_complete_cut_titles_and_spare_user_edits(
    library: Library, server: LoopbackServer, catalog: ArxivCatalog, client: ArxivClient
) -> None:
    report = library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(
                    title="DeepSeek-V2: A Strong, Economical…",
                    title_truncated=True,
                    arxiv_id="2405.04434",
                    status=Status.SKIMMED,
                ),
                PaperRecord(title="AdamW paper", arxiv_id="arXiv:1711.05101v1"),
                PaperRecord(arxiv_id="https://arxiv.org/abs/hep-th/9711200"),
                PaperRecord(title="Ghost", arxiv_id="2501.00001"),
            ]
        )
    )
    deepseek, adamw, maldacena, ghost = report.paper_ids
    library.update_fields(adamw, title="My AdamW", authors=["Me Myself"])

    summary = fetch(library, metadata=True, client=client)

    assert summary.metadata_filled == 3
    assert [(f.paper_id, f.stage, f.message) for f in summary.failures] == [
        (ghost, Stage.METADATA, "arXiv has no paper 2501.00001")
    ]
    assert api_calls(server) == 2
    first = library.paper(deepseek)
    assert first is not None
    assert first.title.endswith("Mixture-of-Experts Language Model")
    assert not first.title_truncated
    assert (first.authors, first.year, first.status) == (["DeepSeek-AI"], 2024, Status.SKIMMED)
    edited = library.paper(adamw)
    assert edited is not None
    assert (edited.title, edited.authors) == ("My AdamW", ["Me Myself"])
    assert edited.abstract.startswith("A test abstract about separating weight decay")
    assert edited.year == 2017
    old = library.paper(maldacena)
    assert old is not None
    assert old.title == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert (old.doi, old.venue) == ("10.1023/a:1026654312961", "Adv.Theor.Math.Phys.2:231-252,1998")
    info = lookups.arxiv_info(library, deepseek)
    assert info is not None
    assert (info.version, info.categories) == (5, ["cs.CL", "cs.AI"])

    again = fetch(library, metadata=True, client=client)
    assert (again.metadata_filled, again.failures, api_calls(server)) == (0, [], 2)
    chosen = fetch(library, paper_ids=[adamw], metadata=True, client=client)
    assert (chosen.metadata_filled, api_calls(server)) == (1, 3)


def test_a_course_schedule_resolves_exact_titles_and_queues_near_misses(
    library: Library, server: LoopbackServer, catalog: ArxivCatalog, client: ArxivClient
) -> None:
    library.import_batch(read_path(DATA / "schedule.txt"))
    titles = ids_by_title(library)
    progress: list[FetchProgress] = []

    summary = fetch(
        library,
        list_name=SCHEDULE,
        resolve_titles=True,
        metadata=True,
        progress=progress.append,
        client=client,
    )

    assert (summary.titles_matched, summary.titles_to_review, summary.titles_not_found) == (3, 2, 1)
    assert summary.failures == []
    assert summary.text().startswith("3 titles found on arXiv, 2 need review, 1 not found")
    found = {title: library.paper(i) for title, i in titles.items()}
    assert found["Old Optimizer, New Norm: An Anthology"].arxiv_id == "2409.20325"
    megablocks = found["MegaBlocks: Efficient Sparse Training with Mixture-of-Experts"]
    assert (megablocks.arxiv_id, megablocks.authors) == ("2211.15841", ["Trevor Gale"])
    assert (
        found[
            "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"
        ].year
        == 2024
    )
    assert found["Muon"].arxiv_id is None

    waiting = {item.title: item for item in review.pending(library)}
    assert set(waiting) == {
        MIXTRAL,
        "AdamW: Decoupled Weight Decay Regularization",
    }
    assert [c.arxiv_id for c in waiting[MIXTRAL].candidates] == ["2401.04088"]
    assert 60 <= waiting[MIXTRAL].candidates[0].score < ACCEPT_SCORE
    assert sorted(review.pending_ids(library)) == sorted(i.paper_id for i in waiting.values())
    assert {p.stage for p in progress} == {Stage.TITLES, Stage.METADATA}
    assert progress[-1].done == progress[-1].total

    mixtral = titles[MIXTRAL]
    review.choose(library, mixtral, "2401.04088")
    picked = library.paper(mixtral)
    assert picked is not None
    assert (picked.title, picked.arxiv_id, picked.year) == (
        MIXTRAL,
        "2401.04088",
        2024,
    )
    assert picked.authors[0] == "Albert Q. Jiang"
    review.mark_not_on_arxiv(library, titles["AdamW: Decoupled Weight Decay Regularization"])
    assert review.pending(library) == []

    calls = api_calls(server)
    rerun = fetch(library, list_name=SCHEDULE, resolve_titles=True, client=client)
    assert (rerun.titles_matched, rerun.titles_to_review, api_calls(server)) == (0, 0, calls)


def test_choosing_an_id_another_paper_has_is_refused(
    library: Library, catalog: ArxivCatalog, client: ArxivClient
) -> None:
    first, second = library.import_batch(
        RecordBatch(
            papers=[PaperRecord(title="Mixtral", arxiv_id="2401.04088"), PaperRecord(title="Mix")]
        )
    ).paper_ids
    with pytest.raises(LibraryError, match=f"already belongs to paper {first}"):
        review.choose(library, second, "2401.04088")
    with pytest.raises(LibraryError, match="not an arXiv id"):
        review.choose(library, second, "banana")


def test_pdfs_come_down_for_arxiv_ids_and_direct_links(
    library: Library,
    server: LoopbackServer,
    catalog: ArxivCatalog,
    client: ArxivClient,
    pdf_bytes: bytes,
) -> None:
    server.script("/pdf/2401.04088", Reply(200, pdf_bytes, PDF_TYPE))
    server.script("/pdf/hep-th/9711200", Reply(302, b"", {"Location": "/pdf/hep-th/9711200v3"}))
    server.script("/pdf/hep-th/9711200v3", Reply(200, pdf_bytes, PDF_TYPE))
    server.script("/files/report.pdf", Reply(200, pdf_bytes, PDF_TYPE))
    mixtral, maldacena, report, nothing = library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="Mixtral of Experts", arxiv_id="2401.04088"),
                PaperRecord(title="Large N", arxiv_id="hep-th/9711200"),
                PaperRecord(
                    title="A Report",
                    links=[LinkRecord(server.url("/files/report.pdf"), LinkKind.PDF)],
                ),
                PaperRecord(title="A Book"),
            ]
        )
    ).paper_ids
    bytes_seen: list[int] = []

    summary = fetch(
        library,
        pdfs=True,
        client=client,
        progress=lambda p: bytes_seen.append(p.received) if p.stage is Stage.PDFS else None,
    )

    assert (summary.pdfs_downloaded, summary.pdfs_without_source, summary.failures) == (3, 1, [])
    assert summary.pdf_bytes == 3 * len(pdf_bytes)
    assert max(bytes_seen) == len(pdf_bytes)
    expected = {
        mixtral: "pdfs/2401.04088.pdf",
        maldacena: "pdfs/hep-th_9711200.pdf",
        report: f"pdfs/paper-{report}.pdf",
    }
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    for paper_id, relative in expected.items():
        detail = library.paper(paper_id)
        assert detail is not None
        assert detail.pdf_path == library.folder / relative
        assert detail.pdf_path.read_bytes() == pdf_bytes
        assert lookups.pdf_sha256(library, paper_id) == digest
    assert library.pdf_path(nothing) is None
    assert sorted(p.name for p in library.pdf_dir.iterdir()) == sorted(
        Path(r).name for r in expected.values()
    )
    assert fetch(library, pdfs=True, client=client).pdfs_downloaded == 0


def test_a_cut_download_is_reported_leaves_nothing_and_the_next_run_gets_it(
    library: Library, server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes
) -> None:
    server.script(
        "/pdf/2401.04088",
        Reply(200, pdf_bytes, PDF_TYPE, cut_after=len(pdf_bytes) // 3),
        Reply(200, pdf_bytes, PDF_TYPE),
    )
    paper = library.add_paper(PaperRecord(title="Mixtral of Experts", arxiv_id="2401.04088"))

    first = fetch(library, pdfs=True, client=client)
    assert first.pdfs_downloaded == 0
    (failure,) = first.failures
    assert (failure.paper_id, failure.stage) == (paper, Stage.PDFS)
    assert "cut off" in failure.message
    assert library.pdf_path(paper) is None
    assert list(library.pdf_dir.iterdir()) == []

    second = fetch(library, pdfs=True, client=client)
    assert (second.pdfs_downloaded, second.failures) == (1, [])
    assert library.pdf_path(paper) == library.pdf_dir / "2401.04088.pdf"


def test_a_web_page_instead_of_the_pdf_fails_only_that_paper(
    library: Library, server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes
) -> None:
    server.script(
        "/pdf/2401.04088", Reply(200, b"<html>login</html>", {"Content-Type": "text/html"})
    )
    server.script("/pdf/2309.06180", Reply(200, pdf_bytes, PDF_TYPE))
    library.import_batch(
        RecordBatch(
            papers=[
                PaperRecord(title="Mixtral", arxiv_id="2401.04088"),
                PaperRecord(title="Paged", arxiv_id="2309.06180"),
            ]
        )
    )
    summary = fetch(library, pdfs=True, client=client)
    assert summary.pdfs_downloaded == 1
    assert ["web page instead of a PDF" in f.message for f in summary.failures] == [True]


def test_no_connection_stops_the_run_with_a_message_and_changes_nothing(
    library: Library, server: LoopbackServer
) -> None:
    paper = library.add_paper(PaperRecord(title="Mixtral", arxiv_id="2401.04088"))
    closed = server.base_url
    server.close()
    with ArxivClient(ArxivSettings(base_url=closed, delay=0, retries=1, backoff=0.01)) as client:
        summary = fetch(library, metadata=True, pdfs=True, resolve_titles=True, client=client)
    assert summary.offline.startswith("Could not connect to 127.0.0.1")
    assert summary.failures == []
    assert "stopped: Could not connect" in summary.text()
    assert library.paper(paper).authors == []


def test_arxiv_going_away_during_downloads_stops_the_run_as_offline(
    library: Library, server: LoopbackServer
) -> None:
    ids = [f"2401.{10000 + n}" for n in range(6)]
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}", arxiv_id=i) for i in ids])
    )
    closed = server.base_url
    server.close()
    with ArxivClient(ArxivSettings(base_url=closed, delay=0, retries=1, backoff=0.01)) as client:
        summary = fetch(library, pdfs=True, client=client)
    assert summary.offline.startswith("Could not connect to 127.0.0.1")
    assert (summary.cancelled, summary.failures, summary.pdfs_downloaded) == (False, [], 0)
    assert not library.pdf_dir.exists() or list(library.pdf_dir.iterdir()) == []


def test_a_paced_run_starts_one_download_per_delay(
    library: Library, server: LoopbackServer, pdf_bytes: bytes
) -> None:
    """arXiv's terms: with a pause set, requests start that far apart, however many PDFs wait."""
    ids = [f"2401.{10000 + n}" for n in range(4)]
    started: list[float] = []

    def serve(_query: dict[str, list[str]]) -> Reply:
        started.append(time.monotonic())
        return Reply(200, pdf_bytes, PDF_TYPE)

    for arxiv_id in ids:
        server.handle(f"/pdf/{arxiv_id}", serve)
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}", arxiv_id=i) for i in ids])
    )
    settings = ArxivSettings(base_url=server.base_url, delay=0.15, read_timeout=2)
    with ArxivClient(settings) as client:
        summary = fetch(library, pdfs=True, client=client)
    assert (summary.pdfs_downloaded, summary.failures) == (len(ids), [])
    gaps = [later - earlier for earlier, later in itertools.pairwise(started)]
    assert len(gaps) == len(ids) - 1
    assert min(gaps) >= 0.15 - 0.02


def test_cancelling_stops_at_the_next_step(
    library: Library, server: LoopbackServer, catalog: ArxivCatalog, client: ArxivClient
) -> None:
    library.import_batch(read_path(DATA / "schedule.txt"))
    seen: list[FetchProgress] = []
    summary = fetch(
        library,
        resolve_titles=True,
        progress=seen.append,
        cancelled=lambda: len(seen) >= 2,
        client=client,
    )
    assert summary.cancelled
    assert summary.titles_matched + summary.titles_to_review + summary.titles_not_found == 1
    assert api_calls(server) == 1


def test_an_unknown_list_is_an_error(library: Library, client: ArxivClient) -> None:
    with pytest.raises(LibraryError, match="no reading list named 'Nope'"):
        fetch(library, list_name="Nope", metadata=True, client=client)


def _entry(arxiv_id: str, title: str) -> ArxivEntry:
    return ArxivEntry(arxiv_id, 1, title, ("A. Author",), "", None)


def test_title_matching_accepts_only_clear_single_matches() -> None:
    exact = _entry("2401.04088", "Mixtral of Experts")
    assert match_title("Mixtral  of  experts.", [exact]).accepted == exact
    twin = _entry("2401.99999", "Mixtral of Experts")
    assert match_title("Mixtral of Experts", [exact, twin]).needs_review
    near = match_title(MIXTRAL, [exact])
    assert near.accepted is None and near.needs_review
    unrelated = match_title("Mixtral of Experts", [_entry("2101.00001", "Sparse Kernels")])
    assert (unrelated.accepted, unrelated.candidates) == (None, [])
    long_title = _entry(
        "2309.06180", "Efficient Memory Management for Large Language Model Serving"
    )
    assert match_title("Efficient Memory Management for Large Lang…", [long_title]).accepted
    assert match_title("Efficient Mem…", [long_title]).needs_review
    assert title_score("", "anything") == 0


def test_cancelling_downloads_keeps_finished_pdfs_and_no_partial_files(
    library: Library, server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes
) -> None:
    ids = [f"2401.{10000 + n}" for n in range(12)]
    for arxiv_id in ids:
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE))
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}", arxiv_id=i) for i in ids])
    )
    finished: list[FetchProgress] = []

    def note(update: FetchProgress) -> None:
        if update.stage is Stage.PDFS and update.message == "" and update.done:
            finished.append(update)

    summary = fetch(
        library, pdfs=True, progress=note, cancelled=lambda: len(finished) >= 2, client=client
    )

    assert summary.cancelled
    assert 2 <= summary.pdfs_downloaded < len(ids)
    on_disk = sorted(p.name for p in library.pdf_dir.iterdir())
    attached = sorted(
        library.pdf_path(row.id).name for row in library.page(limit=100).rows if row.has_pdf
    )
    assert on_disk == attached
    assert len(attached) == summary.pdfs_downloaded


def test_a_run_killed_midway_leaves_only_whole_pdfs_and_records_only_those(
    tmp_path: Path, server: LoopbackServer, pdf_bytes: bytes
) -> None:
    quick = [f"2401.{10000 + n}" for n in range(8)]
    stuck = [f"2401.{20000 + n}" for n in range(8)]
    for arxiv_id in quick:
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE))
    for arxiv_id in stuck:
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE, hang=60))
    folder = tmp_path / "library"
    library = Library.open(folder)
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=i, arxiv_id=i) for i in quick + stuck])
    )
    library.close()
    env = {
        **os.environ,
        "READINGLIST_HOME": str(folder),
        "READINGLIST_ARXIV_URL": server.base_url,
        "READINGLIST_ARXIV_DELAY": "0",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "readinglist_gui", "fetch", "--pdfs"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while recorded_pdfs(folder) < len(quick):
            assert time.monotonic() < deadline, "the quick downloads were never recorded"
            time.sleep(0.05)
        assert child.poll() is None, "the run ended before it could be killed midway"
    finally:
        child.kill()
        child.wait()

    library = Library.open(folder)
    try:
        recorded = {row.title: library.pdf_path(row.id) for row in library.page(limit=100).rows}
        kept = {title: path for title, path in recorded.items() if path is not None}
        assert sorted(kept) == quick
        for title, path in kept.items():
            assert path is not None and path.read_bytes() == pdf_bytes
            paper_id = ids_by_title(library)[title]
            assert lookups.pdf_sha256(library, paper_id) == hashlib.sha256(pdf_bytes).hexdigest()
        assert sorted(p.name for p in library.pdf_dir.iterdir()) == [f"{i}.pdf" for i in quick]
    finally:
        library.close()


def test_deleting_a_paper_takes_its_review_candidates_and_details_along(
    library: Library, catalog: ArxivCatalog, client: ArxivClient
) -> None:
    paper = library.add_paper(PaperRecord(title=MIXTRAL))
    fetch(library, resolve_titles=True, client=client)
    assert review.pending_ids(library) == [paper]
    assert lookups.arxiv_info(library, paper) is not None
    library.delete_papers([paper])
    assert review.pending_ids(library) == []
    assert lookups.arxiv_info(library, paper) is None


def test_a_download_run_sweeps_what_killed_runs_left_behind(
    library: Library, server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes
) -> None:
    server.script("/pdf/2401.04088", Reply(200, pdf_bytes, PDF_TYPE))
    library.add_paper(PaperRecord(title="Mixtral of Experts", arxiv_id="2401.04088"))
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    orphan = library.pdf_dir / ".2310.06825.pdf.0123456789ab.part"
    orphan.write_bytes(b"%PDF-1.7 cut short by a kill")
    long_ago = time.time() - STALE_AFTER_S - 60
    os.utime(orphan, (long_ago, long_ago))
    running = library.pdf_dir / ".2310.06826.pdf.ba9876543210.part"
    running.write_bytes(b"%PDF-1.7 another process is still writing this")

    assert fetch(library, pdfs=True, client=client).pdfs_downloaded == 1
    assert sorted(p.name for p in library.pdf_dir.iterdir()) == [running.name, "2401.04088.pdf"]
