"""The Statistics view at 100k papers: ``QT_QPA_PLATFORM=offscreen python -m bench.statistics``.

The library comes from ``bench.generate`` (its import-equivalent rows give
one status event per paper that is not unread). A year of history is then
laid over it in bulk SQL, as a benchmark's data and not as the app writes:
the events are spread over the last 52 weeks, every noted paper was skimmed
a few days before, each list's eight sections get weekly dates, about 25,000
days of reading time are recorded, and one large list of 10,000 entries
stands for the worst burn-down a user could ask for.

Measured, p50 and p95 over repeated runs:

- ``compute``: ``compute_statistics`` for the whole view (three charts, the
  list picker), with a 40-entry list and with the 10,000-entry list;
- ``baseline``: the same aggregate queries as hand-written SQL through the
  raw ``sqlite3`` module in the same run, the floor the core is held to;
- ``paint``: drawing the three charts into an image at their on-screen size;
- ``upkeep``: what keeping the history costs the writer, the hook run over
  every paper as after an import of the whole library (first with no events
  yet, then again with nothing moved), in a transaction rolled back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from bench import generate
from readinglist_gui import __version__
from readinglist_gui.core.library import Library
from readinglist_gui.core.statistics.events import record_status_events
from readinglist_gui.core.statistics.overview import compute_statistics
from readinglist_gui.ui.statistics.chart_data import activity_chart, burndown_chart, reading_chart
from readinglist_gui.ui.statistics.chart_painter import paint_chart

RESULTS = Path(__file__).parent / "results"
BIG_LIST = 10_000


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def add_history(path: Path, today: dt.date) -> dict[str, int]:
    """A year of reading over the generated library, in bulk SQL (see the module docstring)."""
    db = sqlite3.connect(path)
    now = f"{today:%Y-%m-%d} 12:00:00.000000"
    with db:
        db.execute(
            "UPDATE status_event SET at = strftime('%Y-%m-%d %H:%M:%f000', ?, "
            "'-' || (abs(random()) % 364) || ' days', '-' || (abs(random()) % 600) || ' minutes')",
            (now,),
        )
        db.execute(
            "INSERT INTO status_event (paper_id, status, at) "
            "SELECT paper_id, 'skimmed', strftime('%Y-%m-%d %H:%M:%f000', at, '-3 days') "
            "FROM status_event WHERE status = 'noted'"
        )
        db.execute(
            "UPDATE section SET date = date(?, '-' || (60 - 7 * position) || ' days')", (now,)
        )
        db.execute(
            "INSERT OR IGNORE INTO reading_time (paper_id, day, seconds) "
            "SELECT abs(random()) % (SELECT max(id) FROM paper) + 1, "
            "date(?, '-' || (abs(random()) % 365) || ' days'), 300 + abs(random()) % 3600 "
            "FROM paper LIMIT 25000",
            (now,),
        )
        db.execute("DELETE FROM reading_time WHERE paper_id NOT IN (SELECT id FROM paper)")
        db.execute(
            "INSERT INTO reading_list (name, source, imported_at) VALUES "
            "('Big list', 'bench', datetime(?, '-120 days'))",
            (now,),
        )
        big = db.execute("SELECT id FROM reading_list WHERE name = 'Big list'").fetchone()[0]
        for week in range(20):
            db.execute(
                "INSERT INTO section (list_id, position, heading, date) "
                "VALUES (?, ?, ?, date(?, ?))",
                (big, week, f"Week {week + 1}", now, f"-{120 - 7 * week} days"),
            )
        db.execute(
            "INSERT INTO entry (list_id, section_id, paper_id, position, tldr, optional) "
            "SELECT ?, (SELECT id FROM section WHERE list_id = ? AND position = (p.id % 20)), "
            "p.id, p.id, '', 0 FROM paper p ORDER BY p.id LIMIT ?",
            (big, big, BIG_LIST),
        )
        counts = {
            "status_events": db.execute("SELECT count(*) FROM status_event").fetchone()[0],
            "reading_time_rows": db.execute("SELECT count(*) FROM reading_time").fetchone()[0],
            "lists": db.execute("SELECT count(*) FROM reading_list").fetchone()[0],
            "big_list_id": big,
        }
    db.close()
    return counts


def baseline(path: Path, list_id: int, first: str) -> Callable[[], object]:
    """The view's queries as plain SQL on a raw connection: the floor for ``compute``."""
    db = sqlite3.connect(path, check_same_thread=False)

    def run() -> object:
        weekly = db.execute(
            "SELECT date(at, '-6 days', 'weekday 1') AS w, status, count(DISTINCT paper_id) "
            "FROM status_event WHERE at >= ? AND status IN ('skimmed', 'noted') "
            "GROUP BY w, status",
            (first,),
        ).fetchall()
        reading = db.execute(
            "SELECT day, sum(seconds) FROM reading_time WHERE day >= ? GROUP BY day", (first,)
        ).fetchall()
        steps = db.execute(
            "WITH moved AS (SELECT e.at AS at, (e.status != 'unread') AS done, "
            "coalesce(lag(e.status != 'unread') OVER (PARTITION BY n.id ORDER BY e.at, e.id), 0) "
            "AS was FROM entry n JOIN status_event e ON e.paper_id = n.paper_id "
            "WHERE n.list_id = ?) SELECT date(at, '-6 days', 'weekday 1') AS w, sum(done - was) "
            "FROM moved WHERE done != was GROUP BY w",
            (list_id,),
        ).fetchall()
        lists = db.execute("SELECT list_id, count(*) FROM entry GROUP BY list_id").fetchall()
        return weekly, reading, steps, lists

    return run


def paint_all(library: Library, list_id: int | None, today: dt.date) -> Callable[[], object]:
    """Draw the three charts as the view lays them out at 1320 px wide (two over one)."""
    stats = compute_statistics(library, list_id)
    charts = [
        (activity_chart(stats.activity, today), 620, 250),
        (reading_chart(stats.reading, today), 620, 250),
        (burndown_chart(stats.burndown, today), 1260, 250),
    ]
    palette = QApplication.palette()
    font = QFont(QApplication.font())

    def run() -> object:
        for data, width, height in charts:
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            painter = QPainter(image)
            paint_chart(painter, QRectF(0, 0, width, height), palette, font, data)
            painter.end()
        return charts

    return run


def upkeep(library: Library) -> dict[str, float]:
    """Milliseconds for the writer's status-history hook over every paper (see above)."""
    with library.engine.connect() as conn, conn.begin() as transaction:
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM paper")]
        conn.exec_driver_sql("DELETE FROM status_event")
        start = time.perf_counter()
        made = record_status_events(conn, ids)
        first = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        record_status_events(conn, ids)
        again = (time.perf_counter() - start) * 1000
        transaction.rollback()
    return {"papers": len(ids), "events": made, "first_ms": round(first), "again_ms": round(again)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.statistics")
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--out", type=Path, default=RESULTS / "statistics.json")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="bench-statistics-") as work:
        folder = Path(work) / "library"
        start = time.perf_counter()
        generate.build(folder, args.papers).close()
        built_s = time.perf_counter() - start
        data = add_history(folder / "library.sqlite3", today)
        first = (today - dt.timedelta(weeks=52)).isoformat()
        with Library.open(folder) as library:
            hook = upkeep(library)
            compute_statistics(library)  # a first read warms SQLite's page cache for all runs
            small = next(c.id for c in compute_statistics(library).lists if c.entries == 40)
            default = timed(lambda: compute_statistics(library, small), args.repeat)
            big = data["big_list_id"]
            biggest = timed(lambda: compute_statistics(library, big), args.repeat)
            raw = timed(baseline(folder / "library.sqlite3", big, first), args.repeat)
            paint = timed(paint_all(library, big, today), args.repeat)
            stats = compute_statistics(library, big)
    report = {
        "version": __version__,
        "machine": f"{platform.machine()} {platform.python_version()}",
        "papers": args.papers,
        "build_s": round(built_s, 1),
        "history": data,
        "weeks_shown": len(stats.activity),
        "burndown_weeks": 0 if stats.burndown is None else len(stats.burndown.weeks),
        "compute_with_40_entry_list": percentiles(default),
        "compute_with_10000_entry_list": percentiles(biggest),
        "baseline_raw_sql_10000_entry_list": percentiles(raw),
        "paint_three_charts": percentiles(paint),
        "history_upkeep_all_papers": hook,
        "repeat": args.repeat,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    del app


if __name__ == "__main__":
    main()
