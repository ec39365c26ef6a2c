"""Reading-group benchmark: ``python -m bench.group_sync`` — 10,000 papers on a real server.

Starts a throwaway PostgreSQL cluster (as ``tests/pg_cluster.py`` does for the
tests) and measures, beside a baseline from the same run:

- ``group init`` (first push of a 10,000-paper library) and ``group join``
  (first pull into an empty library) against importing the same papers into a
  new local library: targets 2x the import each;
- ``readinglist-gui sync`` as a new process, carrying 100 status changes
  (the pushing member) and receiving them (the other member): target 3 s,
  process start included. Beside it, ``readinglist-gui status`` on the same
  library (start, open, one write): what any command costs on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synthetic
from readinglist_gui import __version__
from readinglist_gui.core.group import members, sync
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pg_cluster import Cluster, running_cluster

RESULTS = Path(__file__).parent / "results"


def prepare(cluster: Cluster, number: int, pgpass: Path) -> tuple[str, str]:
    """A database owned by a new owner role, another role for the member; their URLs."""
    owner, member, database = f"owner{number}", f"member{number}", f"group{number}"
    with cluster.admin() as admin:
        for role in (owner, member):
            admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{role}-pw'")
        admin.execute(f"CREATE DATABASE {database} OWNER {owner}")
    with pgpass.open("a") as lines:
        for role in (owner, member):
            lines.write(f"127.0.0.1:{cluster.port}:{database}:{role}:{role}-pw\n")
    pgpass.chmod(0o600)
    base = f"127.0.0.1:{cluster.port}/{database}"
    return f"postgresql://{owner}@{base}", f"postgresql://{member}@{base}"


def timed_cli(folder: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "readinglist_gui", "--library", str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sync failed: {done.stderr.strip()}")
    return elapsed


def round_trip(cluster: Cluster, workdir: Path, number: int, size: int) -> dict[str, float]:
    pgpass = workdir / "pgpass"
    owner_url, member_url = prepare(cluster, number, pgpass)
    batch, _ = synthetic.library(size)

    with Library.open(workdir / f"baseline{number}") as baseline:
        start = time.perf_counter()
        baseline.import_batch(batch)
        import_s = time.perf_counter() - start

    owner_folder, member_folder = workdir / f"owner{number}", workdir / f"member{number}"
    with Library.open(owner_folder) as owner:
        owner.import_batch(batch)
        start = time.perf_counter()
        sync.init(owner, owner_url)
        init_s = time.perf_counter() - start
        members.add_member(owner, member_url.split("//")[1].split("@")[0])
    with Library.open(member_folder) as member:
        start = time.perf_counter()
        sync.join(member, member_url)
        join_s = time.perf_counter() - start
        assert member.count() == size
        ids = member.ids()
    pushes: list[float] = []
    pulls: list[float] = []
    commands: list[float] = []
    for chunk in range(5):
        with Library.open(member_folder) as member:
            for paper_id in ids[chunk * 100 : (chunk + 1) * 100]:
                member.set_status([paper_id], Status.NOTED)
        pushes.append(timed_cli(member_folder, "sync"))
        pulls.append(timed_cli(owner_folder, "sync"))
        commands.append(timed_cli(member_folder, "status", str(ids[-1 - chunk]), "skimmed"))
    return {
        "import_s": import_s,
        "init_s": init_s,
        "join_s": join_s,
        "sync_push_100_s": statistics.median(pushes),
        "sync_push_100_max_s": max(pushes),
        "sync_pull_100_s": statistics.median(pulls),
        "sync_pull_100_max_s": max(pulls),
        "status_command_s": statistics.median(commands),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.group_sync")
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "group_sync.json")
    args = parser.parse_args()
    # Stopped from outside, still stop the cluster and remove its folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    rounds: list[dict[str, float]] = []
    with (
        tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp,
        running_cluster() as cluster,
    ):
        os.environ["PGPASSFILE"] = str(Path(tmp) / "pgpass")
        for number in range(args.rounds):
            result = round_trip(cluster, Path(tmp), number, args.papers)
            rounds.append(result)
            print(
                f"round {number + 1}: import {result['import_s']:.2f} s, "
                f"init {result['init_s']:.2f} s ({result['init_s'] / result['import_s']:.2f}x), "
                f"join {result['join_s']:.2f} s ({result['join_s'] / result['import_s']:.2f}x), "
                f"sync 100 changes: push {result['sync_push_100_s']:.2f} s, "
                f"pull {result['sync_pull_100_s']:.2f} s "
                f"(a status command: {result['status_command_s']:.2f} s)"
            )

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    summary = {
        "version": __version__,
        "python": platform.python_version(),
        "papers": args.papers,
        "rounds": rounds,
        "median": {key: median(key) for key in rounds[0]},
        "init_vs_import": [round(r["init_s"] / r["import_s"], 2) for r in rounds],
        "join_vs_import": [round(r["join_s"] / r["import_s"], 2) for r in rounds],
        "targets": {"init_vs_import": 2.0, "join_vs_import": 2.0, "sync_100_s": 3.0},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary["median"], indent=2))


if __name__ == "__main__":
    main()
