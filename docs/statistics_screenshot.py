"""The README's Statistics screenshots, light and dark: ``QT_QPA_PLATFORM=offscreen python
docs/statistics_screenshot.py``.

The library behind them is made through the write path, as the app makes it,
with the times set in the past: five months of a reader following a course
(a little behind its plan, catching up before a deadline), skimming and
noting papers from other lists along the way, and spending time in the
reader most days. The same seed gives the same pictures.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docs.screenshots import fusion_palette, make_app, wait_until
from readinglist_gui.app import create_main_window
from readinglist_gui.core.library import Library
from readinglist_gui.core.reading_time import AddReadingTime
from readinglist_gui.core.records import (
    EntryRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)
from readinglist_gui.core.statistics.weeks import monday_of
from readinglist_gui.core.writes.paper_edits import SetStatus

OUT = Path(__file__).resolve().parent / "screenshots"
WEEKS = 22
TOPICS = [
    "Attention",
    "Mixture-of-Experts",
    "Retrieval",
    "Scaling Laws",
    "Speculative Decoding",
    "KV Caches",
    "Instruction Tuning",
    "Preference Optimisation",
    "Tokenisation",
    "Long Context",
    "Quantisation",
    "Distillation",
]
SHAPES = [
    "{t} at Scale",
    "Rethinking {t}",
    "Efficient {t} for Language Models",
    "A Study of {t}",
    "{t} Without Tears",
    "On the Limits of {t}",
]


def build(folder: Path, today: dt.date, seed: int = 11) -> None:
    """The library: a 14-session course begun 12 weeks ago, 100 other papers, and history."""
    rng = random.Random(seed)
    titles = [
        shape.format(t=topic) + (f" {n}" if n else "")
        for n in range(3)
        for topic in TOPICS
        for shape in SHAPES
    ]
    rng.shuffle(titles)
    papers = [PaperRecord(title=t, year=rng.randint(2019, 2026)) for t in titles[:142]]
    start = monday_of(today) - dt.timedelta(weeks=12)
    sessions = [
        SectionRecord(
            f"Lecture {n + 1}: {TOPICS[n % len(TOPICS)]}",
            date=start + dt.timedelta(weeks=n, days=1),
            entries=[EntryRecord(3 * n + k) for k in range(3)],
        )
        for n in range(14)
    ]
    course = ListRecord(
        "CS 336: Language Modeling",
        source="syllabus.html",
        imported_at=dt.datetime.combine(start - dt.timedelta(days=3), dt.time(18)),
        sections=sessions,
    )
    with Library.open(folder) as library:
        ids = library.import_batch(RecordBatch(papers=papers, lists=[course])).paper_ids
        course_ids, others = ids[:42], ids[42:]
        first = monday_of(today) - dt.timedelta(weeks=WEEKS - 1)
        marks: list[tuple[dt.datetime, int, Status]] = []
        # The course: each session's papers skimmed around its date, some a week late.
        for n in range(14):
            lecture = start + dt.timedelta(weeks=n, days=1)
            for k in range(3):
                late = rng.choice([-2, -1, 0, 1, 3, 6, 9])
                when = dt.datetime.combine(lecture, dt.time(9)) + dt.timedelta(
                    days=late, hours=rng.randint(0, 12)
                )
                if when.date() < today:
                    status = Status.NOTED if rng.random() < 0.4 else Status.SKIMMED
                    marks.append((when, course_ids[3 * n + k], status))
        # Everything else: a steady trickle with a quiet holiday and a busy deadline week.
        pool = list(others)
        rng.shuffle(pool)
        for week in range(WEEKS):
            monday = first + dt.timedelta(weeks=week)
            count = 0 if week in (6, 7) else rng.choice([1, 2, 2, 3, 4]) + (3 if week == 15 else 0)
            for _ in range(min(count, len(pool))):
                paper = pool.pop()
                when = dt.datetime.combine(monday, dt.time(8)) + dt.timedelta(
                    days=rng.randint(0, 6), hours=rng.randint(0, 13)
                )
                if when.date() <= today:
                    status = Status.NOTED if rng.random() < 0.3 else Status.SKIMMED
                    marks.append((when, paper, status))
        for when, paper, status in sorted(marks):
            library.write(SetStatus((paper,), status, at=when))
        # Time in the reader: most weekdays, more around deadlines, little on holiday.
        day = first
        while day <= today:
            week = (day - first).days // 7
            if week not in (6, 7) and rng.random() < (0.8 if day.weekday() < 5 else 0.35):
                minutes = rng.randint(10, 55) + (40 if week in (15, 16) else 0)
                paper = rng.choice(ids)
                library.write(AddReadingTime(paper, day, minutes * 60))
            day += dt.timedelta(days=1)


def shoot(app: QApplication, folder: Path, dark: bool, out: Path) -> None:
    app.setPalette(fusion_palette(dark))
    settings = QSettings(str(folder.parent / "settings.ini"), QSettings.Format.IniFormat)
    window = create_main_window(folder, settings=settings)
    window.resize(1320, 900)
    window.show()
    view = window.show_statistics()
    shown: list[object] = []
    view.refreshed.connect(shown.append)
    wait_until(lambda: bool(shown), "the statistics")
    QTest.qWait(300)
    if not window.grab().save(str(out)):
        raise SystemExit(f"screenshots: could not write {out}")
    window.close()
    window.library.close()
    print(out)


def main() -> None:
    app = make_app()
    folder = Path(tempfile.mkdtemp(prefix="statistics-shot-")) / "library"
    build(folder, dt.date.today())
    OUT.mkdir(exist_ok=True)
    shoot(app, folder, False, OUT / "statistics.png")
    shoot(app, folder, True, OUT / "statistics-dark.png")


if __name__ == "__main__":
    main()
