"""How to copy a live library for the automatic backups: ``python -m bench.backups``.

A writer process keeps changing statuses (one transaction each, as the app
does) while this process copies the library three ways: SQLite's online
backup in one step, the same in small steps with pauses (gentler on the disk,
but restarted by every write from another connection), and ``VACUUM INTO``.
For each: how long the copy took, how big it is, what it did to the writer's
latency against the writer alone in the same run, and how long the full
integrity check of the copy took.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synthetic

RESULTS = Path(__file__).parent / "results"

WRITER = """
import json, random, sys, time
from pathlib import Path
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
folder, stop = Path(sys.argv[1]), Path(sys.argv[2])
rng = random.Random(3)
samples = []
with Library.open(folder) as library:
    ids = library.ids()
    statuses = list(Status)
    while not stop.exists():
        start = time.perf_counter()
        library.set_status([rng.choice(ids)], rng.choice(statuses))
        samples.append((time.time(), (time.perf_counter() - start) * 1000))
        time.sleep(0.02)
json.dump(samples, sys.stdout)
"""


def build(folder: Path, size: int) -> None:
    from readinglist_gui.core.library import Library

    if (folder / "library.sqlite3").exists():
        return
    batch, _ = synthetic.library(size)
    with Library.open(folder) as library:
        library.import_batch(batch)


def api_one_step(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


STEPS_LIMIT_S = 15.0
"""Longest a stepped copy may run: writes from another connection restart it."""


def api_in_steps(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    deadline = time.perf_counter() + STEPS_LIMIT_S

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not finished after {STEPS_LIMIT_S:.0f} s")

    try:
        src.backup(dst, pages=1024, progress=progress, sleep=0.005)
    finally:
        dst.close()
        src.close()


def vacuum_into(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        src.execute("VACUUM INTO ?", (str(target),))
    finally:
        src.close()


METHODS = {"backup API, one step": api_one_step, "backup API, 1024-page steps": api_in_steps}
METHODS["VACUUM INTO"] = vacuum_into


def check_seconds(path: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    return time.perf_counter() - start


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    if not ordered:
        return {"writes": 0}
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "writes": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def run(size: int, rounds: int, workdir: Path) -> dict:
    folder = workdir / f"lib{size}"
    build(folder, size)
    database = folder / "library.sqlite3"
    windows: list[tuple[str, float, float]] = []
    copies: dict[str, list[dict]] = {name: [] for name in METHODS}
    stop = workdir / "stop-writer"
    stop.unlink(missing_ok=True)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(2)
    for round_ in range(rounds):
        for name, method in METHODS.items():
            quiet_start = time.time()
            time.sleep(2)
            windows.append(("writer alone", quiet_start, time.time()))
            target = workdir / f"copy-{round_}.sqlite3"
            target.unlink(missing_ok=True)
            start = time.time()
            began = time.perf_counter()
            try:
                method(database, target)
            except TimeoutError:
                windows.append((name, start, time.time()))
                copies[name].append({"seconds": None, "mb": None, "check_seconds": None})
                continue
            took = time.perf_counter() - began
            windows.append((name, start, time.time()))
            copies[name].append(
                {
                    "seconds": round(took, 2),
                    "mb": round(target.stat().st_size / 2**20, 1),
                    "check_seconds": round(check_seconds(target), 2),
                }
            )
            target.unlink()
    stop.touch()
    out, _ = writer.communicate()
    samples = json.loads(out)
    report: dict = {"papers": size, "database_mb": round(database.stat().st_size / 2**20, 1)}
    for name in ["writer alone", *METHODS]:
        inside = [
            ms for at, ms in samples if any(w == name and s <= at <= e for w, s, e in windows)
        ]
        entry = {"writer": stats(inside)}
        if name in copies:
            runs = copies[name]
            entry["copy_seconds"] = [r["seconds"] for r in runs]
            entry["copy_mb"] = max((r["mb"] or 0 for r in runs), default=0)
            entry["check_seconds"] = [r["check_seconds"] for r in runs]
        report[name] = entry
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backups-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        random.seed(1)
        report = run(args.size, args.rounds, workdir)
    report["cores"] = os.cpu_count()
    print(json.dumps(report, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "backups.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
