"""GUI benchmark on a 100k-paper library: ``QT_QPA_PLATFORM=offscreen python -m bench.gui``.

Each figure has its yardstick from the same run:

- start-up: process start to a populated main window, against a bare script
  that imports PySide6 and SQLAlchemy's ORM and shows an empty table window.
  The app's child holds the garbage collector as the command line does
  (``collector_hold``); the bare script is timed both as written and with
  its collector disabled too, so the share the hold wins is visible;
- typing: a key in the search box to the updated table and sidebar counts
  (debounce included), with a 2 ms heartbeat timer recording the longest
  stall of the GUI thread meanwhile;
- clicks: a tag or a status to the updated table and counts;
- peak memory of the process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"

WINDOW_START = r"""
import sys, time
start = time.perf_counter()
from readinglist_gui import collector_hold
collector_hold.hold()
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from readinglist_gui.app import create_main_window
window = create_main_window(sys.argv[1], settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1300, 800)
window.show()
app.processEvents()
assert window.model.index(0, 0).data()
print((time.perf_counter() - start) * 1000)
"""

BARE_START = r"""
import gc, sys, time
start = time.perf_counter()
if sys.argv[1:] == ["held"]:
    gc.disable()
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
import sqlalchemy.orm
app = QApplication([])
view = QTableView()
view.setModel(QStandardItemModel(0, 7))
view.resize(1300, 800)
view.show()
app.processEvents()
print((time.perf_counter() - start) * 1000)
"""


def child_ms(code: str, *args: str) -> float:
    """Milliseconds the child reports from its first line to its window on screen."""
    # Both children may cache bytecode, as an installed app does: a development
    # shell with PYTHONDONTWRITEBYTECODE would otherwise charge our start-up,
    # and not the bare script's (its libraries come compiled), for compiling
    # the project's modules on every run.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    return float(result.stdout.strip().splitlines()[-1])


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_library(folder: Path, size: int) -> None:
    from bench import generate

    generate.build(folder, size).close()


def measure(folder: Path, settings_dir: Path, repeat: int) -> dict:
    starts, bares, held_bares = [], [], []
    for n in range(repeat):
        bares.append(child_ms(BARE_START))
        held_bares.append(child_ms(BARE_START, "held"))
        starts.append(child_ms(WINDOW_START, str(folder), str(settings_dir / f"start{n}.ini")))
    result: dict = {
        "start_ms": round(min(starts)),
        "bare_start_ms": round(min(bares)),
        "start_ratio": round(min(starts) / min(bares), 2),
        "bare_held_start_ms": round(min(held_bares)),
        "start_ratio_vs_held_bare": round(min(starts) / min(held_bares), 2),
    }

    from readinglist_gui import collector_hold

    collector_hold.hold()  # the window below is started as the app starts it
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from readinglist_gui.app import create_main_window
    from readinglist_gui.core.records import Status

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(settings_dir / "run.ini"), QSettings.Format.IniFormat)
    window = create_main_window(folder, settings=settings)
    window.resize(1300, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    collector_hold.release()

    def until_counts(action: Callable[[], object]) -> float:
        """Milliseconds from ``action`` to the window's next counts update."""
        loop = QEventLoop()
        window.countsUpdated.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        start = time.perf_counter()
        action()
        loop.exec()
        elapsed = (time.perf_counter() - start) * 1000
        window.countsUpdated.disconnect(loop.quit)
        app.processEvents()
        return elapsed

    until_counts(lambda: None)
    stalls: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        stalls.append((now - last[0]) * 1000)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(beat)
    keystrokes = []
    heartbeat.start()
    for word in ("kamine", "tuvo", "zenra", "shipa", "dorel", "quabri"):
        for char in word:
            keystrokes.append(until_counts(lambda char=char: QTest.keyClick(window.search, char)))
        until_counts(window.search.clear)
    heartbeat.stop()
    result["keystroke_p50_ms"] = round(statistics.median(keystrokes), 1)
    result["keystroke_p95_ms"] = round(p95(keystrokes), 1)
    result["longest_stall_ms"] = round(max(stalls) - 2, 1)

    # What people type: common prefixes and words matching a fifth to four fifths of
    # the library, each set at once as a paste or fast typing does.
    from bench.synthetic import TYPED

    broad, stalls[:] = [], []
    last[0] = time.perf_counter()
    heartbeat.start()
    for _round in range(4):
        for text in (*TYPED, "attention", "efficient", "transformer"):
            broad.append(until_counts(lambda text=text: window.search.setText(text)))
            until_counts(window.search.clear)
    heartbeat.stop()
    result["broad_p50_ms"] = round(statistics.median(broad), 1)
    result["broad_p95_ms"] = round(p95(broad), 1)
    result["broad_longest_stall_ms"] = round(max(stalls) - 2, 1)

    tags = window.sidebar.tags.view()
    clicks = []
    for row in range(20):
        index = tags.model().index(row % tags.model().rowCount(), 0)
        tags.scrollTo(index)
        app.processEvents()
        centre = tags.visualRect(index).center()
        clicks.append(
            until_counts(
                lambda centre=centre: QTest.mouseClick(
                    tags.viewport(), Qt.MouseButton.LeftButton, pos=centre
                )
            )
        )
    result["tag_click_p95_ms"] = round(p95(clicks), 1)
    window.sidebar.tags.select_tags([])
    app.processEvents()
    statuses = [None, Status.UNREAD, Status.SKIMMED, Status.NOTED]
    status_clicks = [
        until_counts(lambda s=statuses[n % 4]: window.sidebar.tree.select_status(s))
        for n in range(20)
    ]
    result["status_click_p95_ms"] = round(p95(status_clicks), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    window.close()
    window.library.close()
    return result


def _paper_count(database: Path) -> int:
    """A library passed with ``--library`` is counted, not taken to hold ``--papers``."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM paper").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.gui")
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--library", type=Path, help="reuse a library built earlier")
    parser.add_argument("--out", type=Path, default=RESULTS / "gui.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readinglist-gui-bench-") as tmp:
        folder = args.library or Path(tmp) / "library"
        if args.library is None:
            # In a process of its own, so that importing 100k papers does not
            # count towards the window's peak memory.
            builder = multiprocessing.get_context("spawn").Process(
                target=build_library, args=(folder, args.papers)
            )
            builder.start()
            builder.join()
            if builder.exitcode:
                raise SystemExit(f"building the library failed ({builder.exitcode})")
        database = folder / "library.sqlite3"
        result = {
            "papers": _paper_count(database) if args.library else args.papers,
            "library_mb": round(database.stat().st_size / 1e6),
            **measure(folder, Path(tmp), args.repeat),
        }
    targets = [
        ("start-up vs bare PySide6+ORM window", f"{result['start_ratio']}x", "<= 1.5x"),
        ("start-up vs bare window, collector held", f"{result['start_ratio_vs_held_bare']}x", ""),
        ("keystroke to table and counts, p95", f"{result['keystroke_p95_ms']} ms", "<= 100 ms"),
        ("broad search pasted, p95", f"{result['broad_p95_ms']} ms", "<= 100 ms"),
        ("tag click, p95", f"{result['tag_click_p95_ms']} ms", "<= 100 ms"),
        ("status click, p95", f"{result['status_click_p95_ms']} ms", "<= 100 ms"),
        ("longest GUI stall while typing", f"{result['longest_stall_ms']} ms", "<= 50 ms"),
        ("peak memory", f"{result['peak_rss_mb']} MB", "<= 500 MB"),
        ("library file", f"{result['library_mb']} MB", ""),
    ]
    for name, value, target in targets:
        print(f"{name:<40} {value:>10}   target {target}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
