"""Import benchmark: ``python -m bench.imports`` — a generated 10,000-entry Markdown list.

The baseline is the same file's links pulled out with one regular expression
and written with sqlite3 executemany: the least any importer could do.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.synthetic import TAGS, Vocabulary
from readinglist_gui.core.importers import read_paths
from readinglist_gui.core.library import Library

LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def markdown_list(entries: int, seed: int = 11) -> str:
    """A blog-style list: front matter, month headings, bullets with arXiv links."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    lines = ["---", "title: Generated reading list", f"tags: [{TAGS[0]}, {TAGS[1]}]", "---", ""]
    for n in range(entries):
        if n % 250 == 0:
            lines += ["", f"## Month {n // 250 + 1}", ""]
        title = vocabulary.sentence(rng, rng.randint(5, 11)).capitalize()
        arxiv = f"{20 + n % 6:02d}{1 + n % 12:02d}.{n:05d}"
        lines.append(f"* [{title}](https://arxiv.org/abs/{arxiv})")
    return "\n".join(lines) + "\n"


def run(entries: int, workdir: Path) -> dict:
    source = workdir / "generated.md"
    source.write_text(markdown_list(entries), encoding="utf-8")
    library = Library.open(workdir / "lib")
    start = time.perf_counter()
    batch = read_paths([source])
    parsed = time.perf_counter()
    report = library.import_batch(batch)
    done = time.perf_counter()
    library.close()

    start_raw = time.perf_counter()
    pairs = LINK.findall(source.read_text(encoding="utf-8"))
    db = sqlite3.connect(workdir / "raw.sqlite3")
    db.execute("CREATE TABLE paper (id INTEGER PRIMARY KEY, title TEXT, url TEXT)")
    with db:
        db.executemany("INSERT INTO paper (title, url) VALUES (?, ?)", pairs)
    db.close()
    raw = time.perf_counter() - start_raw
    return {
        "entries": entries,
        "added": report.added,
        "parse_s": round(parsed - start, 3),
        "import_s": round(done - parsed, 3),
        "total_s": round(done - start, 3),
        "baseline_s": round(raw, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "imports.json"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp:
        result = run(args.entries, Path(tmp))
    print(
        f"{result['entries']} entries: parse {result['parse_s']} s + import {result['import_s']} s "
        f"= {result['total_s']} s (baseline regex + executemany {result['baseline_s']} s)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
