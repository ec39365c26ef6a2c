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

from bench import baseline, synthetic
from readinglist_gui import __version__
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.sqlite_backend import match_query

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
    batch, vocabulary = synthetic.library(size)
    results: dict = {"papers": size}

    folder = workdir / f"lib{size}"
    library = Library.open(folder)
    insert_ms = timed(lambda: library.import_batch(batch))
    raw_path = workdir / f"raw{size}.sqlite3"
    raw_ms = timed(lambda: baseline.build(raw_path, batch))
    results["insert"] = {
        "library_papers_per_s": round(size / insert_ms * 1000),
        "baseline_papers_per_s": round(size / raw_ms * 1000),
    }
    library.close()

    opens = [timed(lambda: Library.open(folder).page(PaperQuery(), 0, 200)) for _ in range(repeat)]
    raw_opens = [timed(lambda: baseline.open_and_first_page(raw_path)) for _ in range(repeat)]
    results["open"] = _pair(opens, raw_opens)

    library = Library.open(folder)
    lists = [info.id for info in library.lists()]
    rng = random.Random(size)
    raw = baseline.Queries(raw_path)
    words = vocabulary.words[40:400]
    prefixes = sorted({w[:3] for w in vocabulary.words[:60]})
    statuses = list(Status)
    cases: dict[str, Callable[[], tuple[PaperQuery, Callable[[], object]]]] = {
        "all": lambda: (PaperQuery(), raw.everything),
        "text": lambda: _text(rng.choice(words), raw),
        "prefix": lambda: _text(rng.choice(prefixes), raw),
        "tag": lambda: _tag(rng.choice(synthetic.TAGS), raw),
        "status": lambda: _status(rng.choice(statuses), raw),
        "list": lambda: _list(rng.choice(lists), raw),
    }
    results["filters"] = {}
    for name, make in cases.items():
        ours, theirs = [], []
        for _ in range(repeat):
            query, raw_action = make()
            ours.append(timed(lambda query=query: library_filter(library, query)))
            theirs.append(timed(raw_action))
        results["filters"][name] = _pair(ours, theirs)
    raw.close()
    library.close()
    return results


def _text(word: str, raw: baseline.Queries) -> tuple[PaperQuery, Callable[[], object]]:
    fts = match_query(word) or ""
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
        "ratio_p95": round(p95 / b95, 2) if b95 else None,
    }


def print_table(report: dict) -> None:
    header = f"{'papers':>8} {'measure':<10} {'p50 ms':>8} {'p95 ms':>8} {'base p50':>9} {'base p95':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for size in report["sizes"]:
        rows = [("open", size["open"]), *size["filters"].items()]
        for name, r in rows:
            print(
                f"{size['papers']:>8} {name:<10} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
                f"{r['baseline_p50_ms']:>9.2f} {r['baseline_p95_ms']:>9.2f} {r['ratio_p95']:>6}"
            )
        insert = size["insert"]
        print(
            f"{size['papers']:>8} {'insert':<10} {insert['library_papers_per_s']:>8}/s "
            f"(baseline {insert['baseline_papers_per_s']}/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
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
            report["sizes"].append(bench_size(size, args.repeat, Path(tmp)))
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
