"""Two processes on one library: writes wait their turn, and each hears the other's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import PaperRecord, RecordBatch, Status
from readinglist_gui.core.writes import Aspect, ChangeSet

WRITER = """
import json, random, sys, time
from pathlib import Path
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import RecordBatch, PaperRecord, Status

folder, name, seconds = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
rng = random.Random(name)
imported, statuses, failures = [], {}, []
with Library.open(folder) as library:
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        titles = [f"{name} paper {n + i}" for i in range(rng.randint(1, 20))]
        n += len(titles)
        try:
            report = library.import_batch(RecordBatch(papers=[PaperRecord(title=t) for t in titles]))
            imported.extend(titles)
            for paper_id in rng.sample(report.paper_ids, k=min(3, len(report.paper_ids))):
                status = rng.choice(list(Status))
                library.set_status([paper_id], status)
                statuses[paper_id] = status.value
        except Exception as exc:
            failures.append(repr(exc))
print(json.dumps({"imported": imported, "statuses": statuses, "failures": failures}))
"""

SET_STATUS = """
import sys
from pathlib import Path
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status
with Library.open(Path(sys.argv[1])) as library:
    library.set_status([int(sys.argv[2])], Status(sys.argv[3]))
"""


def python(script: str, *args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )


@pytest.mark.slow
def test_two_processes_writing_for_twenty_seconds_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    Library.open(folder).close()
    seconds = float(os.environ.get("READINGLIST_CONTENTION_SECONDS", "20"))
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), name, str(seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=seconds + 120)
        assert run.returncode == 0, err
        results.append(json.loads(out))
    assert [r["failures"] for r in results] == [[], []]
    with Library.open(folder) as library:
        rows = library.page(PaperQuery(), limit=1_000_000).rows
        titles = {row.title for row in rows}
        status = {row.id: row.status.value for row in rows}
        with library.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    for result in results:
        assert result["imported"] and set(result["imported"]) <= titles
        assert {int(k): v for k, v in result["statuses"].items()}.items() <= status.items()
    assert len(titles) == sum(len(r["imported"]) for r in results)


def test_a_window_hears_what_another_process_changed(filled: Library) -> None:
    heard: list[ChangeSet] = []
    filled.listen(heard.append)
    watcher = filled.watch_other_processes(interval=0.05)
    paper = filled.ids(PaperQuery(text="Residual"))[0]
    python(SET_STATUS, filled.folder, paper, "noted")
    changes = wait_for(heard)
    assert changes.ids() == {paper} and changes.of(paper) == Aspect.STATUS
    assert not changes.everything and changes.origin is None
    # This process's own writes are announced once, by the writer, not again by the watcher.
    heard.clear()
    filled.set_status([paper], Status.SKIMMED)
    time.sleep(0.3)
    assert watcher.poll() == ChangeSet()
    assert len(heard) == 1


def test_a_write_without_a_log_entry_is_heard_as_unknown(filled: Library) -> None:
    heard: list[ChangeSet] = []
    filled.listen(heard.append)
    filled.watch_other_processes(interval=0.05)
    python(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"UPDATE paper SET venue = 'By hand'\"); c.commit()",
        filled.database_path,
    )
    assert wait_for(heard).everything


def test_a_writer_waits_for_another_process_holding_the_lock(filled: Library) -> None:
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(1.5); "
            "c.execute('COMMIT')",
            str(filled.database_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        filled.import_batch(RecordBatch(papers=[PaperRecord(title="Waited politely")]))
        assert time.monotonic() - started >= 1.0
    assert filled.count(PaperQuery(text="politely")) == 1


def wait_for(heard: list[ChangeSet], seconds: float = 10) -> ChangeSet:
    deadline = time.monotonic() + seconds
    while not heard and time.monotonic() < deadline:
        time.sleep(0.02)
    assert heard, "nothing heard"
    return heard[0]
