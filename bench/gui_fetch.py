"""Downloads through the GUI: ``QT_QPA_PLATFORM=offscreen python -m bench.gui_fetch``.

The online-jobs issue asks two things of a 200-PDF download run against a
loopback arXiv with no pause between requests: the window stays responsive
(no event-loop stall over 50 ms, found with a 1 ms heartbeat timer while the
job runs in the real main window) and the run takes at most 1.5 times what
plain ``requests`` takes for the same files in the same run. The baseline
downloads with as many threads as ``core.fetch`` uses and writes each file,
but does none of the checks (header, PyMuPDF open, flush to disk, checksum,
database).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import requests
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings
from readinglist_gui.core.fetch import PARALLEL_DOWNLOADS, fetch
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch

TESTS = Path(__file__).resolve().parents[1] / "tests"
RESULTS = Path(__file__).parent / "results"
STALL_TARGET_MS = 50.0
RATIO_TARGET = 1.5


def small_pdf(number: int) -> bytes:
    """A two-page PDF of a few kilobytes, different for every paper."""
    document = pymupdf.open()
    for page_number in range(2):
        page = document.new_page()
        page.insert_text((72, 72), f"Paper {number}, page {page_number + 1}", fontsize=16)
        page.insert_text((72, 110), "Sparse experts route each token to two of eight.", fontsize=11)
    data = document.tobytes(deflate=True)
    document.close()
    return data


def arxiv_ids(count: int) -> list[str]:
    return [f"2401.{10000 + n}" for n in range(count)]


def serve(count: int) -> None:
    """The child process: the tests' loopback server with ``count`` PDFs, until stdin closes.

    A process of its own, as arXiv would be, so its threads do not compete
    with the app's for the interpreter lock and skew either measurement.
    """
    sys.path.insert(0, str(TESTS))
    from http_server import LoopbackServer, Reply

    server = LoopbackServer()
    size = 0
    for number, arxiv_id in enumerate(arxiv_ids(count)):
        body = small_pdf(number)
        size += len(body)
        server.script(f"/pdf/{arxiv_id}", Reply(200, body, {"Content-Type": "application/pdf"}))
    print(server.base_url, size, flush=True)
    sys.stdin.read()
    server.close()


def start_server(count: int) -> tuple[subprocess.Popen[str], str, int]:
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.gui_fetch", "--serve", str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    base_url, size = child.stdout.readline().split()
    return child, base_url, int(size)


def new_library(folder: Path, count: int) -> Path:
    library = Library.open(folder)
    library.import_batch(
        RecordBatch(papers=[PaperRecord(title=f"Paper {i}", arxiv_id=i) for i in arxiv_ids(count)])
    )
    library.close()
    return folder


def core_fetch(library_dir: Path) -> float:
    """Seconds for ``core.fetch`` alone, no window: the checks and writes every download gets."""
    library = Library.open(library_dir)
    start = time.perf_counter()
    with ArxivClient(ArxivSettings.from_env()) as client:
        summary = fetch(library, pdfs=True, client=client)
    elapsed = time.perf_counter() - start
    library.close()
    assert not summary.failures, summary.failures
    return elapsed


def plain_requests(base_url: str, count: int, folder: Path) -> float:
    """Seconds for ``requests`` to bring the same files to disk, with ``fetch``'s thread count."""
    folder.mkdir(parents=True)
    session = requests.Session()

    def one(arxiv_id: str) -> None:
        response = session.get(f"{base_url}/pdf/{arxiv_id}", timeout=30)
        response.raise_for_status()
        (folder / f"{arxiv_id}.pdf").write_bytes(response.content)

    start = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL_DOWNLOADS) as pool:
        list(pool.map(one, arxiv_ids(count)))
    elapsed = time.perf_counter() - start
    session.close()
    return elapsed


class Heartbeat:
    """A 1 ms timer; the longest gap between its ticks is the longest stall of the loop."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def gui_run(library_dir: Path, settings_path: Path, screenshot: Path | None) -> dict:
    """Download every paper's PDF through the main window's job runner; time it and its stalls."""
    from readinglist_gui.app import create_main_window

    window = create_main_window(
        library_dir, settings=QSettings(str(settings_path), QSettings.Format.IniFormat)
    )
    window.resize(1320, 820)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    while not window.is_settled():
        QApplication.processEvents()
    window.table.selectAll()
    QApplication.processEvents()

    summaries: list[object] = []
    done = QEventLoop()

    def finished(_request: object, summary: object) -> None:
        summaries.append(summary)
        done.quit()

    def grab(progress: object) -> None:
        if screenshot is not None and getattr(progress, "downloading", None):
            window.grab().save(str(screenshot))
            window.online_actions.jobs.progressed.disconnect(grab)

    window.online_actions.jobs.finished.connect(finished)
    if screenshot is not None:
        window.online_actions.jobs.progressed.connect(grab)
    heartbeat = Heartbeat()
    heartbeat.start()
    start = time.perf_counter()
    window.online_actions.download_pdfs()
    QTimer.singleShot(120_000, done.quit)
    done.exec()
    elapsed = time.perf_counter() - start
    stall = heartbeat.stop()
    (summary,) = summaries
    result = {
        "seconds": elapsed,
        "stall_ms": stall,
        "downloaded": summary.pdfs_downloaded,  # type: ignore[attr-defined]
        "failures": len(summary.failures),  # type: ignore[attr-defined]
    }
    window.close()
    window.library.close()
    return result


def run(count: int, repeat: int, screenshot: Path | None) -> dict:
    server, base_url, total_bytes = start_server(count)
    os.environ["READINGLIST_ARXIV_URL"] = base_url
    os.environ["READINGLIST_ARXIV_DELAY"] = "0"
    rounds = []
    try:
        if screenshot is not None:
            # Grabbing the window stalls it, so the picture comes from a run of its own.
            with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as scratch:
                work = Path(scratch)
                gui_run(new_library(work / "library", count), work / "settings.ini", screenshot)
        for _round in range(repeat):
            with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as scratch:
                work = Path(scratch)
                baseline = plain_requests(base_url, count, work / "plain")
                core = core_fetch(new_library(work / "core", count))
                gui = gui_run(new_library(work / "library", count), work / "settings.ini", None)
                rounds.append({"requests_seconds": baseline, "core_seconds": core, **gui})
    finally:
        server.communicate("")
    gui_seconds = statistics.median(r["seconds"] for r in rounds)
    plain_seconds = statistics.median(r["requests_seconds"] for r in rounds)
    core_seconds = statistics.median(r["core_seconds"] for r in rounds)
    stall = max(r["stall_ms"] for r in rounds)
    median_stall = statistics.median(r["stall_ms"] for r in rounds)
    return {
        "pdfs": count,
        "bytes": total_bytes,
        "rounds": rounds,
        "gui_seconds": gui_seconds,
        "requests_seconds": plain_seconds,
        "core_seconds": core_seconds,
        "ratio": gui_seconds / plain_seconds,
        "longest_stall_ms": stall,
        "median_stall_ms": median_stall,
        "stall_ok": stall <= STALL_TARGET_MS,
        "ratio_ok": gui_seconds / plain_seconds <= RATIO_TARGET,
        "all_downloaded": all(r["downloaded"] == count and not r["failures"] for r in rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="save the window during the first run")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("readinglist-gui-bench")
    result = run(args.pdfs, args.repeat, args.screenshot)
    print(f"{args.pdfs} PDFs ({result['bytes'] / 1024:.0f} KB) from a loopback server, delay 0")
    print(f"{'':28}{'median':>10}{'target':>14}{'ok':>6}")
    print(
        f"{'plain requests (4 threads)':28}{result['requests_seconds'] * 1000:>8.0f}ms"
        f"{'':>14}{'':>6}"
    )
    print(
        f"{'core.fetch, no window':28}{result['core_seconds'] * 1000:>8.0f}ms{'':>14}{'':>6}"
        f"   ({result['core_seconds'] / result['requests_seconds']:.2f}x plain)"
    )
    print(
        f"{'GUI job runner':28}{result['gui_seconds'] * 1000:>8.0f}ms"
        f"{f'≤ {RATIO_TARGET}x plain':>14}{'yes' if result['ratio_ok'] else 'NO':>6}"
        f"   ({result['ratio']:.2f}x)"
    )
    print(
        f"{'longest event-loop stall':28}{result['longest_stall_ms']:>8.1f}ms"
        f"{f'≤ {STALL_TARGET_MS:.0f} ms':>14}{'yes' if result['stall_ok'] else 'NO':>6}"
        f"   (worst of {len(result['rounds'])} runs; median {result['median_stall_ms']:.1f} ms)"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gui_fetch.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
