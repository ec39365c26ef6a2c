"""A status key to its row repainted, at 100k papers: ``python -m bench.status_key``.

The user selects a paper and presses 1, 2 or 3; the figure is the time from
the key press to the end of the first paint of the table that shows the
paper's new status. Target: p95 within one frame (16 ms).

``--baseline-tree DIR`` measures the same in a checkout of an older version
(say, one from before change sets, whose every edit refreshed everything),
in turns with this tree, in the same run: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"

MEASURE = r"""
import json, sys, time
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from readinglist_gui.app import create_main_window
from readinglist_gui.core.records import Status

app = QApplication([])
window = create_main_window(sys.argv[1], settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1300, 800)
window.show()
QTest.qWaitForWindowExposed(window)
deadline = time.monotonic() + 60
while not window.is_settled() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
table, model = window.table, window.model
keys = {Status.UNREAD: "1", Status.SKIMMED: "2", Status.NOTED: "3"}


class Painted(QObject):
    # Paints the table's viewport itself, so as to note when a paint that shows
    # the row's new status has ended (an event filter only sees it begin).

    def __init__(self):
        super().__init__()
        self.row, self.status, self.done = None, None, None

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint or self.row is None or self.done is not None:
            return False
        table.viewportEvent(event)
        paper = model.row(self.row)
        if paper is not None and paper.status is self.status:
            self.done = time.perf_counter()
        return True


painted = Painted()
table.viewport().installEventFilter(painted)
samples = []
table.setFocus()
for n in range(int(sys.argv[3])):
    row = 3 + n % 20
    table.selectRow(row)
    app.processEvents()
    current = model.row(row).status
    wanted = [s for s in Status if s is not current][n % 2]
    painted.row, painted.status, painted.done = row, wanted, None
    start = time.perf_counter()
    QTest.keyClick(table, keys[wanted])
    loop_deadline = time.monotonic() + 10
    while painted.done is None and time.monotonic() < loop_deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    samples.append((painted.done - start) * 1000)
    painted.row = None
    deadline = time.monotonic() + 30
    while not window.is_settled() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
window.close()
window.library.close()
print(json.dumps(samples))
"""


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_library(folder: Path, size: int) -> None:
    from bench import synthetic
    from readinglist_gui.core.library import Library

    batch, _ = synthetic.library(size)
    with Library.open(folder) as library:
        library.import_batch(batch)


def run(tree: Path, folder: Path, settings: Path, presses: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", MEASURE, str(folder), str(settings), str(presses)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tree,
        timeout=900,
    )
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.status_key")
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--library", type=Path, help="reuse a library built earlier")
    parser.add_argument("--baseline-tree", type=Path, help="a checkout to measure in turns")
    parser.add_argument("--out", type=Path, default=RESULTS / "status_key.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readinglist-status-key-") as tmp:
        folder = args.library or Path(tmp) / "library"
        if args.library is None:
            builder = multiprocessing.get_context("spawn").Process(
                target=build_library, args=(folder, args.papers)
            )
            builder.start()
            builder.join()
            if builder.exitcode:
                raise SystemExit(f"building the library failed ({builder.exitcode})")
        ours: list[float] = []
        theirs: list[float] = []
        for n in range(args.rounds):
            if args.baseline_tree is not None:
                # The older tree may need to upgrade a copy of the library it can read.
                theirs += run(args.baseline_tree, folder, Path(tmp) / f"b{n}.ini", args.presses)
            ours += run(ROOT, folder, Path(tmp) / f"a{n}.ini", args.presses)
    result: dict[str, object] = {
        "papers": args.papers,
        "presses": len(ours),
        "p50_ms": round(statistics.median(ours), 1),
        "p95_ms": round(p95(ours), 1),
        "max_ms": round(max(ours), 1),
    }
    if theirs:
        result["baseline"] = {
            "tree": str(args.baseline_tree),
            "p50_ms": round(statistics.median(theirs), 1),
            "p95_ms": round(p95(theirs), 1),
            "max_ms": round(max(theirs), 1),
        }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
