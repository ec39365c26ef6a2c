"""The figures behind ``core/search/plan.py``'s constants: ``python -m bench.plans LIBRARY``.

On a library made by ``bench.generate``, measures what each plan pays per unit:

- walking a sort order's index in Python, per entry (``PagePlan.WALK``);
- looking matches up by id and sorting them, per match (``PagePlan.SORT``);
- reading and uniting word sets, per set and per megabyte (``PREFIX_WORDS``,
  ``PREFIX_BYTES``);
- reading ids out of SQLite one row at a time, per id: what the sets avoid.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from pyroaring import BitMap

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.search import rows
from readinglist_gui.core.search.reader import _sorted
from readinglist_gui.core.search.store import WORD, load

RESULTS = Path(__file__).parent / "results"


def best_of(action, repeat: int = 7) -> float:
    """Median seconds of ``action`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(folder: Path) -> dict:
    library = Library.open(folder)
    result: dict = {}
    with library.engine.connect() as conn:
        size = conn.exec_driver_sql("SELECT count(*) FROM paper").scalar_one()
        result["papers"] = size
        every = BitMap(range(1, size + 1))
        walked = 50_000

        def walk() -> None:
            cursor = conn.connection.cursor()
            cursor.execute(rows.sorted_ids_sql(SortKey.TITLE, False))
            kept = [i for (i,) in cursor.fetchmany(walked) if i in every]
            cursor.close()
            assert kept

        result["walk_us_per_entry"] = round(best_of(walk) / walked * 1e6, 3)
        chosen = BitMap(range(1, size + 1, max(1, size // 5000)))
        query = PaperQuery(sort=SortKey.TITLE, descending=False)
        seconds = best_of(lambda: _sorted(conn, query, chosen, 0, 200))
        result["sort_us_per_match"] = round(seconds / len(chosen) * 1e6, 3)
        result["lookup_cost_in_entries"] = round(
            result["sort_us_per_match"] / result["walk_us_per_entry"], 1
        )

        names = conn.exec_driver_sql(
            "SELECT name, length(papers) FROM search_set WHERE name >= ? AND name < 'w;' "
            "ORDER BY length(papers) DESC LIMIT 64",
            (WORD,),
        ).all()

        def unite() -> BitMap:
            found = [
                load(
                    conn.exec_driver_sql(
                        "SELECT papers FROM search_set WHERE name = ?", (n,)
                    ).scalar_one()
                )
                for n, _ in names
            ]
            return BitMap.union(BitMap(), *found)

        seconds = best_of(unite)
        megabytes = sum(size for _, size in names) / 1e6
        result["union_ms_per_set"] = round(seconds / len(names) * 1e3, 3)
        result["union_ms_per_mb"] = round(seconds / megabytes * 1e3, 3)

        def rows_of_ids() -> None:
            cursor = conn.connection.cursor()
            cursor.execute("SELECT id FROM paper")
            BitMap(i for (i,) in cursor.fetchmany(walked))
            cursor.close()

        result["sqlite_ids_us_per_id"] = round(best_of(rows_of_ids) / walked * 1e6, 3)
    library.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.plans")
    parser.add_argument("library", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = measure(args.library)
    print(json.dumps(result, indent=2))
    out = args.out or RESULTS / f"plans_{result['papers']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
