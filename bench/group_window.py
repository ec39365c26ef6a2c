"""The window on a library in a reading group: ``python -m bench.group_window``.

The app must never wait on the group's server to start or to show the
library. Each start is a new process (as ``bench.gui`` measures start-up), on
three copies of one 10,000-paper library, in turn, from the same run:

- in no group (the baseline);
- in a group on a running server (a throwaway cluster, ``tests/pg_cluster.py``);
- in a group whose server accepts connections and never answers.

Measured: the time from the process's first line to the window on screen with
its first row; whether the network code (psycopg) was loaded by then; and for
the linked ones, when the first sync ended (on the worker thread, after the
window settled). Beside them, in this process, what the "Read by" column
adds to reading a block of 200 rows for the table: ``ReadByColumn.load``
against ``Library.rows`` for the same ids, with five members' progress.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synthetic
from readinglist_gui import __version__
from readinglist_gui.core import library_meta
from readinglist_gui.core.group import sync
from readinglist_gui.core.group.link_ops import LinkGroup
from readinglist_gui.core.group.local_tables import GROUP_PROGRESS, MEMBERS, GroupLink
from readinglist_gui.core.library import Library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pg_cluster import running_cluster

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
BLOCK = 200

WINDOW_START = r"""
import json, sys, time
start = time.perf_counter()
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from readinglist_gui.app import create_main_window
window = create_main_window(sys.argv[1], settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1300, 800)
window.show()
app.processEvents()
assert window.model.index(0, 0).data()
shown = (time.perf_counter() - start) * 1000
driver_loaded = "psycopg" in sys.modules
group = window.group
synced = None
if group.link is not None:
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        app.processEvents()
        state = group.sync.status.state.value
        if state in ("synced", "offline", "failed") and group.is_idle():
            synced = (time.perf_counter() - start) * 1000
            break
        time.sleep(0.002)
closing = time.perf_counter()
window.close()
closed = (time.perf_counter() - closing) * 1000
window.library.close()
print(json.dumps({"shown_ms": shown, "driver_at_show": driver_loaded, "first_sync_ms": synced,
                  "state": group.sync.status.state.value, "close_ms": closed}))
"""


def start_window(folder: Path, settings: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", WINDOW_START, str(folder), str(settings)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def read_by_costs(folder: Path, rounds: int) -> dict[str, float]:
    """Milliseconds to read a block of rows, and its "Read by" cells, five members' worth."""
    from readinglist_gui.ui.library_view.read_by import ReadByColumn

    with Library.open(folder) as library:
        ids = library.ids()
        others = [f"member{n}" for n in range(4)]
        with library.engine.begin() as conn:  # bench data: four members' progress, as pulled
            conn.execute(
                GROUP_PROGRESS.insert(),
                [
                    {"paper_id": pid, "member": m, "status": ("noted", "unread")[pid % 2]}
                    for pid in ids
                    for m in others
                ],
            )
            library_meta.put(conn, MEMBERS, json.dumps(others))
        column = ReadByColumn(library)
        column.enabled = True
        rows_ms: list[float] = []
        read_by_ms: list[float] = []
        for n in range(rounds * 5):
            block = ids[(n * BLOCK) % len(ids) :][:BLOCK]
            start = time.perf_counter()
            library.rows(block)
            rows_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            column.forget()
            column.load(block)
            read_by_ms.append((time.perf_counter() - start) * 1000)
    return {
        "rows_block_ms": round(statistics.median(rows_ms), 2),
        "read_by_block_ms": round(statistics.median(read_by_ms), 2),
        "read_by_block_p95_ms": round(sorted(read_by_ms)[int(0.95 * (len(read_by_ms) - 1))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.group_window")
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "group_window.json")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with (
        tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp,
        running_cluster() as cluster,
        socket.socket() as silent,
    ):
        work = Path(tmp)
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        pgpass = work / "pgpass"
        with cluster.admin() as admin:
            admin.execute("CREATE ROLE owner LOGIN PASSWORD 'owner-pw'")
            admin.execute("CREATE DATABASE lab OWNER owner")
        pgpass.write_text(f"127.0.0.1:{cluster.port}:lab:owner:owner-pw\n")
        pgpass.chmod(0o600)
        os.environ["PGPASSFILE"] = str(pgpass)
        batch, _ = synthetic.library(args.papers)
        folders = {kind: work / kind for kind in ("alone", "group", "hung")}
        for kind, folder in folders.items():
            with Library.open(folder) as library:
                library.import_batch(batch)
                if kind == "group":
                    sync.init(library, f"postgresql://owner@127.0.0.1:{cluster.port}/lab")
                elif kind == "hung":
                    url = f"postgresql://owner@127.0.0.1:{silent.getsockname()[1]}/lab"
                    library.write(LinkGroup(GroupLink(url, "owner", "g", "owner")))
        runs: dict[str, list[dict[str, object]]] = {kind: [] for kind in folders}
        for n in range(args.rounds):
            for kind, folder in folders.items():
                runs[kind].append(start_window(folder, work / f"settings-{kind}-{n}.ini"))
            print(
                f"round {n + 1}: "
                + ", ".join(f"{k} {r[-1]['shown_ms']:.0f} ms" for k, r in runs.items())
            )
        costs = read_by_costs(folders["group"], args.rounds)

    def median(kind: str, key: str) -> float | None:
        values = [float(str(r[key])) for r in runs[kind] if r[key] is not None]
        return round(statistics.median(values), 1) if values else None

    summary = {
        "version": __version__,
        "python": platform.python_version(),
        "papers": args.papers,
        "rounds": args.rounds,
        "window_shown_ms": {kind: median(kind, "shown_ms") for kind in folders},
        "shown_vs_alone": {
            # Paired by round (the three start one after another), then the median ratio:
            # the machine's load drifts between rounds more than between neighbours.
            kind: round(
                statistics.median(
                    float(str(mine["shown_ms"])) / float(str(alone["shown_ms"]))
                    for mine, alone in zip(runs[kind], runs["alone"], strict=True)
                ),
                2,
            )
            for kind in folders
        },
        "driver_loaded_at_show": {
            kind: any(r["driver_at_show"] for r in runs[kind]) for kind in folders
        },
        "first_sync_done_ms": {kind: median(kind, "first_sync_ms") for kind in ("group", "hung")},
        "first_sync_state": {
            kind: sorted({str(r["state"]) for r in runs[kind]}) for kind in folders
        },
        "close_ms": {kind: median(kind, "close_ms") for kind in folders},
        "close_max_ms": {
            kind: round(max(float(str(r["close_ms"])) for r in runs[kind]), 1) for kind in folders
        },
        **costs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
