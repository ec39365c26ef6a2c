"""Online jobs in the window: PDFs come down in the background against a loopback arXiv."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from http_server import LoopbackServer, Reply
from pdf_factory import text_pdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from readinglist_gui.core.fetch_stage import Stage
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import PaperRecord, RecordBatch
from readinglist_gui.ui.library_view.columns import PDF_STATE_ROLE
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.online_jobs import SNAPSHOT_INTERVAL, FetchRequest, JobProgress, OnlineJobs
from readinglist_gui.ui.pdf_badge import PdfState

WindowFactory = Callable[[Path], MainWindow]
PDF_TYPE = {"Content-Type": "application/pdf"}
IDS = ["2401.04088", "2309.06180", "2405.04434"]


pytestmark = pytest.mark.usefixtures("arxiv_env")


@pytest.fixture
def pdf_bytes(tmp_path: Path) -> bytes:
    return text_pdf(tmp_path / "paper.pdf", pages=3).read_bytes()


@pytest.fixture
def papers(library: Library) -> list[int]:
    report = library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}", arxiv_id=i) for i in IDS])
    )
    return list(report.paper_ids)


def pdf_state(window: MainWindow, paper_id: int) -> PdfState:
    row = window.model.row_of(paper_id)
    assert row is not None
    return window.model.index(row, 0).data(PDF_STATE_ROLE)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_download_job_attaches_the_pdfs_and_the_rows_show_them(
    qtbot: QtBot,
    library: Library,
    papers: list[int],
    server: LoopbackServer,
    pdf_bytes: bytes,
    open_window: WindowFactory,
) -> None:
    server.script(f"/pdf/{IDS[0]}", Reply(200, pdf_bytes, PDF_TYPE, hang=0.6))
    for arxiv_id in IDS[1:]:
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE))
    window = open_window(library.folder)
    assert server.seen == []
    assert all(pdf_state(window, pid) == PdfState.NONE for pid in papers)
    window.table.selectAll()

    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000) as finished:
        window.online_actions.download_pdfs()
        qtbot.waitUntil(lambda: pdf_state(window, papers[0]) == PdfState.DOWNLOADING, timeout=5000)
        assert window.online_actions.job_status.isVisible()
        assert window.online_actions.job_status.cancel_button.isVisible()
        assert "Downloading" in window.online_actions.job_status.label.text()

    summary = finished.args[1]
    assert (summary.pdfs_downloaded, summary.failures) == (3, [])
    for paper_id in papers:
        path = library.pdf_path(paper_id)
        assert path is not None and path.read_bytes() == pdf_bytes
    qtbot.waitUntil(
        lambda: all(pdf_state(window, pid) == PdfState.AVAILABLE for pid in papers), timeout=5000
    )
    assert "3 PDFs downloaded" in window.statusBar().currentMessage()
    assert not window.online_actions.job_status.isVisible()
    assert window.findChild(QMessageBox, "fetchReport") is None
    agents = {seen.headers.get("User-Agent", "") for seen in server.seen}
    assert all(agent.startswith("readinglist-gui/") for agent in agents)


def test_failures_are_summed_up_in_a_dialog(
    qtbot: QtBot,
    library: Library,
    papers: list[int],
    server: LoopbackServer,
    pdf_bytes: bytes,
    open_window: WindowFactory,
) -> None:
    server.script(
        f"/pdf/{IDS[0]}", Reply(200, b"<html>sign in</html>", {"Content-Type": "text/html"})
    )
    server.script(f"/pdf/{IDS[1]}", Reply(200, pdf_bytes, PDF_TYPE))
    window = open_window(library.folder)
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000):
        window.online_actions.download_pdfs(papers[:2])
    box = window.findChild(QMessageBox, "fetchReport")
    assert box is not None and box.isVisible()
    assert "1 paper could not be done" in box.text()
    assert f"Paper {IDS[0]}: " in box.detailedText()
    assert "web page" in box.detailedText()
    # The table takes the last download's change set after the job's finished signal.
    qtbot.waitUntil(lambda: pdf_state(window, papers[1]) == PdfState.AVAILABLE, timeout=5000)
    assert pdf_state(window, papers[0]) == PdfState.NONE


def test_cancel_stops_the_download_and_leaves_no_partial_file(
    qtbot: QtBot,
    library: Library,
    papers: list[int],
    server: LoopbackServer,
    pdf_bytes: bytes,
    open_window: WindowFactory,
) -> None:
    server.script(f"/pdf/{IDS[0]}", Reply(200, pdf_bytes, PDF_TYPE, hang=1.0))
    window = open_window(library.folder)
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000) as finished:
        window.online_actions.download_pdfs(papers[:1])
        qtbot.waitUntil(lambda: pdf_state(window, papers[0]) == PdfState.DOWNLOADING, timeout=5000)
        qtbot.mouseClick(window.online_actions.job_status.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args[1].cancelled
    assert finished.args[1].pdfs_downloaded == 0
    assert library.pdf_path(papers[0]) is None
    assert files_in(library.pdf_dir) == []
    assert pdf_state(window, papers[0]) == PdfState.NONE
    assert window.online_actions.jobs.is_idle()
    assert "cancelled" in window.statusBar().currentMessage()


def test_offline_shows_a_message_and_the_queue_waits_for_try_again(
    qtbot: QtBot,
    library: Library,
    papers: list[int],
    server: LoopbackServer,
    open_window: WindowFactory,
) -> None:
    server.close()
    window = open_window(library.folder)
    with qtbot.waitSignal(window.online_actions.jobs.offline, timeout=15000) as offline:
        window.online_actions.download_pdfs(papers[:1])
        window.online_actions.fetch_details(papers)
    assert offline.args[1].startswith("Could not connect to 127.0.0.1")
    status = window.online_actions.job_status
    assert status.label.text().startswith("Offline: Could not connect")
    assert status.retry_button.isVisible()
    assert window.online_actions.retry_action.isEnabled()
    assert [r.pdfs for r in window.online_actions.jobs.queued()] == [True, False]
    assert files_in(library.pdf_dir) == []

    with qtbot.waitSignal(window.online_actions.jobs.offline, timeout=15000):
        qtbot.mouseClick(status.retry_button, Qt.MouseButton.LeftButton)
    assert len(window.online_actions.jobs.queued()) == 2

    qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    assert window.online_actions.jobs.is_idle()
    assert not window.online_actions.jobs.is_waiting_offline()
    assert not status.isVisible()


def test_a_reading_list_s_pdfs_come_down_from_the_sidebar_action(
    qtbot: QtBot,
    filled: Library,
    server: LoopbackServer,
    pdf_bytes: bytes,
    open_window: WindowFactory,
) -> None:
    for arxiv_id in ("1706.03762", "2309.06180", "2405.04434"):
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE))
    window = open_window(filled.folder)
    course = next(info for info in filled.lists() if info.name == "LLM Course")
    serving = next(s for s in course.sections if s.heading.endswith("Serving"))
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000) as finished:
        window.sidebar.tree.onlineRequested.emit(Stage.PDFS, (course.id, serving.id))
    assert finished.args[0].label == "Downloading PDFs of “Week 1-2: Serving”"
    assert finished.args[1].pdfs_downloaded == 2
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000) as finished:
        window.sidebar.tree.onlineRequested.emit(Stage.PDFS, (course.id, None))
    assert finished.args[1].pdfs_downloaded == 1
    paths = [seen.path for seen in server.seen]
    assert sorted(paths[:2]) == ["/pdf/2309.06180", "/pdf/2405.04434"]
    assert paths[2:] == ["/pdf/1706.03762"]


def test_the_reader_s_download_button_fetches_the_pdf_and_shows_it(
    qtbot: QtBot,
    library: Library,
    papers: list[int],
    server: LoopbackServer,
    pdf_bytes: bytes,
    open_window: WindowFactory,
) -> None:
    server.script(f"/pdf/{IDS[1]}", Reply(200, pdf_bytes, PDF_TYPE))
    window = open_window(library.folder)
    window.open_paper(papers[1])
    reader = window.tabs.currentWidget()
    assert reader.pdf_stack.currentWidget() is reader.missing
    assert reader.missing.download_button.isEnabled()
    with qtbot.waitSignal(window.online_actions.jobs.finished, timeout=10000):
        qtbot.mouseClick(reader.missing.download_button, Qt.MouseButton.LeftButton)
        assert not reader.missing.download_button.isEnabled()
    assert reader.pdf_stack.currentWidget() is reader.pdf
    assert library.pdf_path(papers[1]) == library.pdf_dir / f"{IDS[1]}.pdf"


def test_no_request_is_made_when_the_window_opens_and_closes(
    library: Library, papers: list[int], server: LoopbackServer, open_window: WindowFactory
) -> None:
    window = open_window(library.folder)
    window.close()
    assert server.seen == []
    assert window.online_actions.jobs.is_idle()


def test_progress_reaches_the_gui_at_most_ten_times_a_second_and_ends_complete(
    qtbot: QtBot, library: Library, server: LoopbackServer, pdf_bytes: bytes
) -> None:
    ids = [f"2402.{10000 + n}" for n in range(24)]
    for arxiv_id in ids:
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf_bytes, PDF_TYPE, hang=0.05))
    library.import_batch(RecordBatch(papers=[PaperRecord(title=i, arxiv_id=i) for i in ids]))
    holder = QWidget()
    qtbot.addWidget(holder)
    jobs = OnlineJobs(library, holder)
    seen: list[tuple[float, JobProgress]] = []
    jobs.progressed.connect(lambda progress: seen.append((time.monotonic(), progress)))
    start = time.monotonic()
    with qtbot.waitSignal(jobs.finished, timeout=10000) as finished:
        jobs.submit(FetchRequest("Downloading", pdfs=True, query=PaperQuery()))
    elapsed = time.monotonic() - start
    jobs.shutdown()
    assert finished.args[1].pdfs_downloaded == len(ids)
    assert 1 <= len(seen) <= elapsed / SNAPSHOT_INTERVAL + 2
    # The last snapshot may come early: the job's end does not wait for the throttle.
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(seen[:-1])]
    assert all(gap >= SNAPSHOT_INTERVAL * 0.9 for gap in gaps)
    last = seen[-1][1]
    assert (last.done, last.total, last.downloading) == (len(ids), len(ids), {})
    reported = {pid for _, progress in seen for pid in progress.finished}
    assert reported <= set(library.ids())
    assert {progress.stage for _, progress in seen} == {"pdfs"}
