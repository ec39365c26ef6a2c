"""Reader benchmarks: ``QT_QPA_PLATFORM=offscreen python -m bench.reader``.

Each question is answered beside its own baseline measured in the same run:

- opening a paper as the user counts it: ``MainWindow.open_paper(id)`` (what
  a double-click in the table calls) to the reader's first page painted, for
  each paper of a varied set (``reader_corpus``), against raw PyMuPDF opening
  the file and rendering page 1 at 144 dpi in the same process. The first
  paper opened after start-up is measured in fresh processes, one per paper,
  after the window has been idle for ``IDLE_MS`` as a user's window would be;
- scrolling: the longest stall of the GUI event loop while the view scrolls
  continuously, found with a 1 ms heartbeat timer;
- memory: the page cache's peak size against its budget on a 500-page PDF.
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
from pathlib import Path

import pymupdf
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from readinglist_gui.core.pdf import open_pdf
from readinglist_gui.ui.reader.pdf_view import PdfView

VIEW_SIZE = (900, 1100)
IDLE_MS = 3000
"""How long the window sits idle after start-up before the first paper is opened."""
RAW_SCALE = 2.0
"""144 dpi: the raw baseline renders page 1 at this scale."""


def paper_pdf(path: Path, pages: int) -> Path:
    """A text-heavy paper-like PDF: two columns of small type on every page."""
    document = pymupdf.open()
    words = [
        "attention",
        "weights",
        "over",
        "blocks",
        "of",
        "the",
        "key",
        "value",
        "cache",
        "reduce",
        "memory",
        "waste",
    ]
    for number in range(pages):
        page = document.new_page()
        page.insert_text((56, 60), f"Section {number + 1}: results and discussion", fontsize=14)
        for x in (56, 310):
            for row in range(78):
                start = (number + row) % len(words)
                text = " ".join((words * 2)[start : start + 7])
                page.insert_text((x, 84 + row * 9), text, fontsize=8)
        page.draw_rect(pymupdf.Rect(320, 600, 530, 760), color=(0.2, 0.3, 0.8), width=1.5)
    document.save(path, deflate=True)
    document.close()
    return path


def wait(signal, timeout_ms: int = 10_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def new_view() -> PdfView:
    view = PdfView()
    view.resize(*VIEW_SIZE)
    view.show()
    QApplication.processEvents()
    return view


def first_page(path: Path, repeat: int) -> dict:
    """Each open gets a fresh view, as each opened paper gets a fresh reader tab."""
    opened = []
    scale = 1.0
    for _ in range(repeat):
        view = new_view()
        view.set_zoom(1.0)
        scale = view.render_scale()
        started = time.perf_counter()
        view.open(path)
        wait(view.page_rendered)
        opened.append((time.perf_counter() - started) * 1000)
        view.shutdown()
        view.deleteLater()
    raw = []
    for _ in range(repeat):
        started = time.perf_counter()
        document = pymupdf.open(path)
        document[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale))
        raw.append((time.perf_counter() - started) * 1000)
        document.close()
    view_ms, raw_ms = statistics.median(opened), statistics.median(raw)
    return {
        "view_ms": round(view_ms, 1),
        "raw_pymupdf_ms": round(raw_ms, 1),
        "limit_ms": round(2 * raw_ms + 20, 1),
        "ok": view_ms <= 2 * raw_ms + 20,
    }


def raw_open_ms(path: Path) -> float:
    """Raw PyMuPDF: open the file and render page 1 at 144 dpi."""
    started = time.perf_counter()
    document = pymupdf.open(path)
    document[0].get_pixmap(matrix=pymupdf.Matrix(RAW_SCALE, RAW_SCALE))
    document.close()
    return (time.perf_counter() - started) * 1000


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def window_opens(library_dir: Path, papers: dict[str, int], rounds: int, gap_ms: int) -> dict:
    """In this (fresh) process: start the window, let it idle, then open each paper ``rounds``
    times from the library tab, closing its tab after; raw PyMuPDF beside each open."""
    from PySide6.QtCore import QSettings

    from readinglist_gui.app import create_main_window

    settings = QSettings(str(library_dir.parent / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = create_main_window(library_dir, settings=settings)
    window.resize(1320, 820)
    window.show()
    deadline = time.monotonic() + 30
    while not window.is_settled() and time.monotonic() < deadline:
        pause(10)
    pause(IDLE_MS)
    paths = {name: window.library.pdf_path(paper_id) for name, paper_id in papers.items()}
    found: dict[str, dict[str, list[float]]] = {
        name: {"open_ms": [], "call_ms": [], "raw_ms": []} for name in papers
    }
    for _ in range(rounds):
        for name, paper_id in papers.items():
            window.tabs.show_library()
            pause(gap_ms)
            started = time.perf_counter()
            window.open_paper(paper_id)
            returned = time.perf_counter()
            reader = window.tabs.currentWidget()
            wait(reader.view.page_rendered)
            painted = time.perf_counter()
            found[name]["open_ms"].append((painted - started) * 1000)
            found[name]["call_ms"].append((returned - started) * 1000)
            path = paths[name]
            assert path is not None
            found[name]["raw_ms"].append(raw_open_ms(path))
            window.tabs.close_tab(window.tabs.indexOf(reader))
    window.close()
    window.library.close()
    return found


def _child_main(arguments: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    papers = json.loads(arguments.papers)
    found = window_opens(Path(arguments.library), papers, arguments.rounds, arguments.gap_ms)
    print(json.dumps(found))
    app.processEvents()
    return 0


def _run_child(library_dir: Path, papers: dict[str, int], rounds: int, gap_ms: int) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    command = [
        sys.executable,
        "-m",
        "bench.reader",
        "--child",
        "--library",
        str(library_dir),
        "--papers",
        json.dumps(papers),
        "--rounds",
        str(rounds),
        "--gap-ms",
        str(gap_ms),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"bench.reader child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _summary(open_ms: list[float], raw_ms: list[float]) -> dict:
    opened, raw = statistics.median(open_ms), statistics.median(raw_ms)
    limit = 2 * raw + 20
    return {
        "open_ms": round(opened, 1),
        "open_max_ms": round(max(open_ms), 1),
        "raw_pymupdf_ms": round(raw, 1),
        "limit_ms": round(limit, 1),
        "ratio_to_raw": round(opened / raw, 2),
        "ok": opened <= limit,
    }


def opening_papers(workdir: Path, rounds: int, starts: int) -> dict:
    """``open_paper`` to the first page painted, per paper, warm and first after start-up."""
    from bench.reader_corpus import build_library

    library, papers, _paths = build_library(workdir)
    library_dir = library.folder
    library.close()
    warm = _run_child(library_dir, papers, rounds, gap_ms=500)
    result: dict = {"papers": {}, "first_after_start": {}}
    for name in papers:
        runs = warm[name]
        result["papers"][name] = {
            **_summary(runs["open_ms"], runs["raw_ms"]),
            "open_paper_call_ms": round(statistics.median(runs["call_ms"]), 1),
        }
    for name, paper_id in papers.items():
        opens: list[float] = []
        raws: list[float] = []
        for _ in range(starts):
            first = _run_child(library_dir, {name: paper_id}, 1, gap_ms=0)[name]
            opens += first["open_ms"]
            raws += first["raw_ms"]
        result["first_after_start"][name] = _summary(opens, raws)
    return result


def render_times(path: Path) -> dict:
    result = {}
    with open_pdf(path) as document:
        for scale in (1.0, 2.0):
            samples = []
            for page in range(10):
                started = time.perf_counter()
                document.render(page, scale)
                samples.append((time.perf_counter() - started) * 1000)
            result[f"render_{round(scale * 100)}pct_ms"] = round(statistics.median(samples), 1)
    return result


def scrolling(path: Path, seconds: float, step: int, zoom: float = 1.0) -> dict:
    """Scroll by ``step`` pixels every frame and record the longest gap between heartbeats."""
    view = new_view()
    view.set_zoom(zoom)
    view.open(path)
    wait(view.page_rendered)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    def frame() -> None:
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + step)

    heartbeat = QTimer()
    heartbeat.setTimerType(heartbeat.timerType().PreciseTimer)
    heartbeat.timeout.connect(beat)
    frames = QTimer()
    frames.timeout.connect(frame)
    loop = QEventLoop()
    heartbeat.start(1)
    frames.start(16)
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    last[0] = time.perf_counter()
    loop.exec()
    heartbeat.stop()
    frames.stop()
    reached = view.current_page
    view.shutdown()
    view.deleteLater()
    ordered = sorted(gaps)
    return {
        "longest_stall_ms": round(ordered[-1], 1),
        "p99_gap_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
        "pages_scrolled": reached,
        "ok": ordered[-1] <= 16,
    }


def cache_bound(path: Path, pages: int) -> dict:
    view = new_view()
    view.set_zoom(1.5)
    view.open(path)
    wait(view.page_rendered)
    peak = 0
    for page in range(0, pages, 2):
        view.go_to_page(page)
        wait(view.page_rendered, 2000)
        peak = max(peak, view.cache.size_in_bytes)
    budget = view.cache.budget
    view.shutdown()
    view.deleteLater()
    return {
        "peak_mb": round(peak / 2**20, 1),
        "budget_mb": round(budget / 2**20, 1),
        "ok": peak <= budget,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--big-pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7, help="opens of each paper")
    parser.add_argument("--starts", type=int, default=3, help="fresh starts per paper")
    parser.add_argument("--only-open", action="store_true", help="only the open figures")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    parser.add_argument("--papers", help=argparse.SUPPRESS)
    parser.add_argument("--gap-ms", type=int, default=500, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        return _child_main(arguments)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        results = {"open_paper": opening_papers(Path(folder), arguments.rounds, arguments.starts)}
        if not arguments.only_open:
            thirty = paper_pdf(Path(folder) / "thirty.pdf", 30)
            big = paper_pdf(Path(folder) / "big.pdf", arguments.big_pages)
            results |= {
                "view_only_first_page": first_page(thirty, arguments.repeat),
                "render": render_times(thirty),
                "scrolling_first_run": scrolling(thirty, seconds=1.0, step=60),
                "scrolling": scrolling(thirty, seconds=3.0, step=60),
                "scrolling_200pct": scrolling(thirty, seconds=3.0, step=120, zoom=2.0),
                "cache_500_pages": cache_bound(big, arguments.big_pages),
            }
    print(json.dumps(results, indent=2))
    app.processEvents()
    opened = results["open_paper"]
    checked = [*opened["papers"].values(), *opened["first_after_start"].values()]
    for name in ("scrolling", "scrolling_200pct", "cache_500_pages"):
        if name in results:
            checked.append(results[name])
    return 0 if all(part["ok"] for part in checked) else 1


if __name__ == "__main__":
    raise SystemExit(main())
