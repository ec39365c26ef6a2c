"""Run the benchmarks: ``python -m bench [--sizes 10000 100000]`` (``make bench``).

Each figure sits beside the raw sqlite3 baseline measured in the same run, so
a busy machine shifts both and the ratio stays meaningful.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import baseline, generate, synthetic
from readinglist_gui import __version__
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status

RESULTS = Path(__file__).parent / "results"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def library_filter(library: Library, query: PaperQuery) -> None:
    """What the main window asks per keystroke: first 200 rows, total, all counts."""
    library.view(query, 0, 200)


def bench_size(size: int, repeat: int, workdir: Path) -> dict:
    results: dict = {"papers": size}
    folder = workdir / f"lib{size}"
    raw_path = workdir / f"raw{size}.sqlite3"
    made, vocabulary = synthetic.papers(size)
    if not folder.exists():
        build_ms = timed(lambda: generate.build(folder, size).close())
        raw_ms = timed(lambda: baseline.build(raw_path, made, synthetic.reading_lists(size)))
        results["build"] = {
            "generate_s": round(build_ms / 1000, 1),
            "baseline_s": round(raw_ms / 1000, 1),
        }
    if size <= IMPORT_UP_TO and "build" in results:
        batch, _ = synthetic.library(size)
        with Library.open(workdir / f"imported{size}") as imported:
            insert_ms = timed(lambda: imported.import_batch(batch))
        results["insert"] = {
            "library_papers_per_s": round(size / insert_ms * 1000),
            "baseline_papers_per_s": round(size / raw_ms * 1000),
        }
    results["file"] = _sizes(folder, raw_path)

    opens = [timed(lambda: Library.open(folder).page(PaperQuery(), 0, 200)) for _ in range(repeat)]
    raw_opens = [timed(lambda: baseline.open_and_first_page(raw_path)) for _ in range(repeat)]
    results["open"] = _pair(opens, raw_opens)

    library = Library.open(folder)
    lists = [info.id for info in library.lists()]
    rng = random.Random(size)
    raw = baseline.Queries(raw_path)
    words = vocabulary.words[40:400]
    prefixes = sorted({w[:3] for w in vocabulary.words[:60]})
    letters = sorted({w[:n] for w in vocabulary.words[:60] for n in (1, 2)})
    statuses = list(Status)
    cases: dict[str, Callable[[], tuple[PaperQuery, Callable[[], object]]]] = {
        "all": lambda: (PaperQuery(), raw.everything),
        "text": lambda: _text(rng.choice(words), raw),
        "prefix": lambda: _text(rng.choice(prefixes), raw),
        "broad": lambda: _text(rng.choice(synthetic.TYPED), raw),
        "letters": lambda: _text(rng.choice(letters), raw),
        "tag": lambda: _tag(rng.choice(synthetic.TAGS), raw),
        "status": lambda: _status(rng.choice(statuses), raw),
        "list": lambda: _list(rng.choice(lists), raw),
        "broad+status": lambda: _combined(rng.choice(synthetic.TYPED), rng.choice(statuses), raw),
    }
    results["filters"] = {}
    for name, make in cases.items():
        ours, theirs = [], []
        for n in range(repeat):
            query, raw_action = make()
            ours.append(timed(lambda query=query: library_filter(library, query)))
            if n < BASELINE_REPEAT.get(size, repeat):
                theirs.append(timed(raw_action))
        results["filters"][name] = _pair(ours, theirs)
        print(f"{size:>8} {name:<13} {results['filters'][name]}", flush=True)
    raw.close()
    library.close()
    return results


IMPORT_UP_TO = 100_000
"""Beyond this the import path is ``bench.imports``'s business, not the queries'."""
BASELINE_REPEAT = {1_000_000: 10}
"""The hand-written baseline's broad queries take seconds each at a million papers."""


def _sizes(folder: Path, raw_path: Path) -> dict:
    """The library file against the bare table with an external-content FTS5 index."""
    ours = _file_size(folder / "library.sqlite3")
    theirs = _file_size(raw_path)
    with sqlite3.connect(folder / "library.sqlite3") as db:
        sets = db.execute("SELECT sum(length(papers)) FROM search_set").fetchone()[0] or 0
    db.close()
    return {
        "library_mb": round(ours / 1e6),
        "baseline_mb": round(theirs / 1e6),
        "ratio": round(ours / theirs, 2),
        "search_sets_mb": round(sets / 1e6),
    }


def _file_size(path: Path) -> int:
    """The database once its write-ahead log is folded in."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path.stat().st_size


def _combined(
    word: str, status: Status, raw: baseline.Queries
) -> tuple[PaperQuery, Callable[[], object]]:
    fts = _fts(word)
    return (
        PaperQuery(text=word, statuses=frozenset({status})),
        lambda: raw.run(
            "status = ? AND id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", (status.value, fts)
        ),
    )


def _fts(word: str) -> str:
    return f'"{word}"*'


def _text(word: str, raw: baseline.Queries) -> tuple[PaperQuery, Callable[[], object]]:
    fts = _fts(word)
    return PaperQuery(text=word), lambda: raw.text(fts)


def _tag(tag: str, raw: baseline.Queries) -> tuple[PaperQuery, Callable[[], object]]:
    return PaperQuery(tags=(tag,)), lambda: raw.tag(tag)


def _status(status: Status, raw: baseline.Queries) -> tuple[PaperQuery, Callable[[], object]]:
    return PaperQuery(statuses=frozenset({status})), lambda: raw.status(status.value)


def _list(list_id: int, raw: baseline.Queries) -> tuple[PaperQuery, Callable[[], object]]:
    return PaperQuery(list_id=list_id), lambda: raw.reading_list(list_id)


def _pair(ours: list[float], theirs: list[float]) -> dict:
    p50, p95 = percentiles(ours)
    b50, b95 = percentiles(theirs)
    return {
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "baseline_p50_ms": round(b50, 2),
        "baseline_p95_ms": round(b95, 2),
        "ratio_p95": round(p95 / b95, 3) if b95 else None,
    }


def print_table(report: dict) -> None:
    header = f"{'papers':>8} {'measure':<13} {'p50 ms':>8} {'p95 ms':>8} {'base p50':>9} {'base p95':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for size in report["sizes"]:
        rows = [("open", size["open"]), *size["filters"].items()]
        for name, r in rows:
            print(
                f"{size['papers']:>8} {name:<13} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
                f"{r['baseline_p50_ms']:>9.2f} {r['baseline_p95_ms']:>9.2f} {r['ratio_p95']:>6}"
            )
        file = size["file"]
        print(
            f"{size['papers']:>8} {'file':<13} {file['library_mb']} MB against "
            f"{file['baseline_mb']} MB bare ({file['ratio']}x; sets {file['search_sets_mb']} MB)"
        )
        if "insert" in size:
            insert = size["insert"]
            print(
                f"{size['papers']:>8} {'insert':<13} {insert['library_papers_per_s']:>8}/s "
                f"(baseline {insert['baseline_papers_per_s']}/s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--workdir", type=Path, help="keep the libraries here and reuse those already there"
    )
    args = parser.parse_args()
    report = {
        "version": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp:
        for size in args.sizes:
            report["sizes"].append(bench_size(size, args.repeat, args.workdir or Path(tmp)))
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
