"""Full-text index benchmarks: ``python -m bench.fulltext`` (writes ``results/fulltext.json``).

The issue's four targets, each beside a baseline from the same run:

- indexing 300 ten-page PDFs through the library (child process, writer, FTS5)
  against bare PyMuPDF ``get_text()`` over the same files, and against the
  same indexing with the text read in-process (what the child process costs);
- a second run with nothing new, against the first;
- the library file's growth against the size of the text indexed;
- ``search`` at 1,000 indexed PDFs (p50/p95, wall and CPU time), against the
  same FTS5 table asked naively (every word, ranked, snippets), the plan's
  baseline; and ``search_papers`` as the app's "Text of PDFs" scope asks it
  (50 papers, three pages each with a snippet).

The PDFs hold English sentences taken from the docstrings of Python's own
library, two columns of 8-point type a page; each paper draws most of its
sentences from a topic of its own, so words cluster by paper as in real
papers instead of spreading evenly over all of them.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import shutil
import sqlite3
import statistics
import sysconfig
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pymupdf

from readinglist_gui.core.fulltext.extraction import Extractor, InlineExtractor, IsolatedExtractor
from readinglist_gui.core.fulltext.indexer import Indexer
from readinglist_gui.core.fulltext.search import search, search_papers
from readinglist_gui.core.fulltext.sqlite_pages import PageIndex
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch

RESULTS = Path(__file__).parent / "results"
PAGES = 10
TOPIC = 300
"""Sentences in each paper's own topic; four in five of its sentences come from it."""


def sentences() -> list[str]:
    """Plain English sentences from the standard library's docstrings."""
    found: list[str] = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                doc = ast.get_docstring(node)
                for sentence in re.split(r"(?<=[.!?])\s+", " ".join((doc or "").split())):
                    if 6 <= len(sentence.split()) <= 40 and re.fullmatch(
                        r"[A-Za-z0-9 ,.;:()'\-]+", sentence
                    ):
                        found.append(sentence)
    return found


def paper_pdf(path: Path, pool: list[str], rng: random.Random) -> None:
    topic = rng.sample(pool, TOPIC)
    document = pymupdf.open()
    for number in range(PAGES):
        page = document.new_page()
        page.insert_text((56, 50), f"{number + 1}. {rng.choice(topic)[:60]}", fontsize=12)
        for x in (56, 310):
            chosen: list[str] = []
            while sum(map(len, chosen)) < 80 * 52:
                chosen.append(rng.choice(topic) if rng.random() < 0.8 else rng.choice(pool))
            lines = textwrap.wrap(" ".join(chosen), 52)[:80]
            page.insert_text((x, 72), lines, fontsize=8, lineheight=1.15)
    document.save(path, deflate=True)
    document.close()


def make_pdfs(folder: Path, count: int, pool: list[str], seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = [folder / f"{seed}-{n}.pdf" for n in range(count)]
    for path in paths:
        paper_pdf(path, pool, rng)
    return paths


def library_with(folder: Path, pdfs: list[Path]) -> Library:
    """A library with one paper per PDF, each PDF copied into its folder (not timed)."""
    library = Library.open(folder)
    start = len(library.ids())
    records = [PaperRecord(title=f"Paper {start + n}") for n in range(len(pdfs))]
    ids = library.import_batch(RecordBatch(papers=records)).paper_ids
    library.pdf_dir.mkdir(exist_ok=True)
    for paper_id, pdf in zip(ids, pdfs, strict=True):
        shutil.copyfile(pdf, library.pdf_dir / f"paper-{paper_id}.pdf")
        library.set_pdf(paper_id, f"pdfs/paper-{paper_id}.pdf")
    return library


def bare_get_text(pdfs: list[Path]) -> int:
    """The baseline: PyMuPDF's default text of every page, nothing else."""
    size = 0
    for path in pdfs:
        with pymupdf.open(path) as document:
            for page in document:
                size += len(page.get_text().encode("utf-8"))
    return size


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def file_size(library: Library) -> int:
    with library.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return library.database_path.stat().st_size


def indexing(pdfs: list[Path], workdir: Path, rounds: int) -> dict:
    """Bare get_text, in-process indexing and isolated indexing, interleaved."""
    times: dict[str, list[float]] = {"bare": [], "inline": [], "isolated": []}
    made: dict[str, Callable[[], Extractor]] = {
        "inline": InlineExtractor,
        "isolated": IsolatedExtractor,
    }
    growth = text_bytes = 0
    again: list[float] = []
    for round_ in range(rounds):
        times["bare"].append(timed(lambda: bare_get_text(pdfs)))
        for name, extractor in made.items():
            library = library_with(workdir / f"{name}{round_}", pdfs)
            before = file_size(library)
            times[name].append(timed(Indexer(library, extractor).run))
            if name == "isolated" and round_ == 0:
                growth = file_size(library) - before
                text_bytes = stored_text(library)
                again = [timed(Indexer(library).run) for _ in range(10)]
            library.close()
    raw_bytes = bare_get_text(pdfs)
    bare = statistics.median(times["bare"])
    return {
        "pdfs": len(pdfs),
        "pages": len(pdfs) * PAGES,
        "bare_get_text_s": round(bare, 2),
        "index_inline_s": round(statistics.median(times["inline"]), 2),
        "index_isolated_s": round(statistics.median(times["isolated"]), 2),
        "ratio_isolated": round(statistics.median(times["isolated"]) / bare, 2),
        "ratio_inline": round(statistics.median(times["inline"]) / bare, 2),
        "all_runs_s": {k: [round(v, 2) for v in vs] for k, vs in times.items()},
        "reindex_nothing_new_ms_p50": round(statistics.median(again) * 1000, 1),
        "reindex_nothing_new_ms_max": round(max(again) * 1000, 1),
        "text_mb": round(text_bytes / 1e6, 2),
        "raw_get_text_mb": round(raw_bytes / 1e6, 2),
        "library_growth_mb": round(growth / 1e6, 2),
        "growth_over_text": round(growth / text_bytes, 2),
    }


def stored_text(library: Library) -> int:
    with library.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"SELECT body FROM {PageIndex.TABLE}")
        return sum(len(body.encode("utf-8")) for (body,) in rows)


def queries(library: Library, repeat: int, seed: int) -> dict:
    """``search`` for four kinds of query, against FTS5 asked naively."""
    rng = random.Random(seed)
    with library.engine.connect() as conn:
        pages = [b for (b,) in conn.exec_driver_sql(f"SELECT body FROM {PageIndex.TABLE}")]
    counts = Counter(
        w.lower() for body in rng.sample(pages, 300) for w in re.findall(r"[A-Za-z]{4,}", body)
    )
    vocabulary = sorted(counts)
    common = [w for w, _ in counts.most_common(20)]

    def pair() -> str:
        words = re.findall(r"[A-Za-z]{4,}", rng.choice(pages))
        return " ".join(rng.sample(words, 2))

    kinds: dict[str, Callable[[], str]] = {
        "word": lambda: rng.choice(vocabulary),
        "two words from one page": pair,
        "prefix (4 letters)": lambda: rng.choice([w for w in vocabulary if len(w) >= 6])[:4],
        "most common words": lambda: rng.choice(common),
    }
    raw = sqlite3.connect(library.database_path)
    results = {}
    for name, make in kinds.items():
        ours, cpu, naive, papers, papers_cpu = [], [], [], [], []
        for _ in range(repeat):
            query = make()
            wall, used = timed_cpu(partial(search, library, query, 20))
            ours.append(wall)
            cpu.append(used)
            expression = " ".join(f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in query.split())
            naive.append(timed(partial(_naive, raw, expression)) * 1000)
            wall, used = timed_cpu(partial(search_papers, library, query))
            papers.append(wall)
            papers_cpu.append(used)
        results[name] = {
            **_percentiles("", ours),
            **_percentiles("cpu_", cpu),
            **_percentiles("naive_", naive),
            **_percentiles("papers_", papers),
            **_percentiles("papers_cpu_", papers_cpu),
        }
    raw.close()
    return results


def timed_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds of wall time and of this thread's CPU time: on a shared machine the
    second says what the query costs, the first what a user would have waited."""
    start, started_cpu = time.perf_counter(), time.thread_time()
    action()
    return (time.perf_counter() - start) * 1000, (time.thread_time() - started_cpu) * 1000


def _naive(raw: sqlite3.Connection, expression: str) -> list[object]:
    """Every word of the search, ranked, with snippets: FTS5 asked without a plan."""
    return raw.execute(
        f"SELECT rowid, snippet({PageIndex.TABLE}, 0, '[', ']', '…', 16) FROM "
        f"{PageIndex.TABLE} WHERE {PageIndex.TABLE} MATCH ? ORDER BY rank LIMIT 20",
        (expression,),
    ).fetchall()


def _percentiles(prefix: str, samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        f"{prefix}p50_ms": round(statistics.median(ordered), 1),
        f"{prefix}p95_ms": round(p95, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fulltext")
    parser.add_argument("--pdfs", type=int, default=300)
    parser.add_argument("--query-pdfs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--out", type=Path, default=RESULTS / "fulltext.json")
    args = parser.parse_args()
    pool = sentences()
    report: dict = {"sqlite": sqlite3.sqlite_version, "pymupdf": pymupdf.VersionBind}
    with tempfile.TemporaryDirectory(prefix="readinglist-fulltext-") as tmp:
        work = Path(tmp)
        pdfs = make_pdfs(work / "pdfs", args.pdfs, pool, seed=1)
        report["indexing"] = indexing(pdfs, work, args.rounds)
        print(json.dumps(report["indexing"], indent=2))
        more = make_pdfs(work / "more", args.query_pdfs - args.pdfs, pool, seed=2)
        library = library_with(work / "query", pdfs + more)
        Indexer(library).run()
        report["queries"] = {"pdfs": args.query_pdfs, **queries(library, args.repeat, seed=3)}
        library.close()
    print(json.dumps(report["queries"], indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
