"""Reader benchmarks: ``QT_QPA_PLATFORM=offscreen python -m bench.reader``.

Three questions from the reader issue, each answered beside its own baseline
measured in the same run:

- first page: ``PdfView.open`` → ``page_rendered`` against raw PyMuPDF opening
  the file and rendering that page at the same scale (median of 10 opens);
- scrolling: the longest stall of the GUI event loop while the view scrolls
  continuously, found with a 1 ms heartbeat timer;
- memory: the page cache's peak size against its budget on a 500-page PDF.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    arguments = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        thirty = paper_pdf(Path(folder) / "thirty.pdf", 30)
        big = paper_pdf(Path(folder) / "big.pdf", arguments.big_pages)
        results = {
            "first_page": first_page(thirty, arguments.repeat),
            "render": render_times(thirty),
            "scrolling_first_run": scrolling(thirty, seconds=1.0, step=60),
            "scrolling": scrolling(thirty, seconds=3.0, step=60),
            "scrolling_200pct": scrolling(thirty, seconds=3.0, step=120, zoom=2.0),
            "cache_500_pages": cache_bound(big, arguments.big_pages),
        }
    print(json.dumps(results, indent=2))
    app.processEvents()
    names = ("first_page", "scrolling", "scrolling_200pct", "cache_500_pages")
    checked = (results[name] for name in names)
    return 0 if all(part["ok"] for part in checked) else 1


if __name__ == "__main__":
    raise SystemExit(main())
