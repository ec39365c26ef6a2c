"""arXiv snapshot import benchmark: ``python -m bench.snapshot_import [--records N]``.

Writes a generated file of the real snapshot's shape (one JSON object a
line; wrapped titles and abstracts of arXiv's lengths, authors_parsed with
LaTeX accents, categories, versions, some old-style ids, DOIs and journal
references on a part), then times, each as a process of its own in the same
run:

* ``readinglist-gui import FILE`` into a new library (wall time, CPU time,
  peak RSS from ``getrusage`` of the child);
* the bare baseline: the same lines read with ``json.loads`` and loaded with
  ``sqlite3`` into one table with an external-content FTS5 index (prefix 3)
  over title, authors, abstract and tags.

It reports the ratio and both file sizes, and writes
``bench/results/snapshot_import.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.imports import measured
from bench.synthetic import FIRST, LAST, SYLLABLES, Vocabulary

RESULTS = Path(__file__).parent / "results" / "snapshot_import.json"
TARGET_RATIO = 2.5
TARGET_RSS_MB = 600
CATEGORIES = [
    ("cs.LG", 30),
    ("cs.CL", 14),
    ("cs.CV", 18),
    ("stat.ML", 10),
    ("cs.AI", 10),
    ("math.OC", 4),
    ("hep-th", 8),
    ("hep-ph", 8),
    ("quant-ph", 9),
    ("astro-ph.GA", 6),
    ("cond-mat.str-el", 5),
    ("math.AG", 4),
    ("math.PR", 4),
    ("physics.optics", 3),
    ("q-bio.NC", 2),
    ("econ.EM", 1),
]
OLD_ARCHIVES = ["hep-th", "hep-ph", "astro-ph", "cond-mat", "math", "quant-ph", "gr-qc"]
ACCENTED = [
    ('M{\\"u}ller', 'J{\\"o}rg'),
    ("Garc\\'ia", "Mar\\'ia"),
    ("Nu\\~nez", "Jos\\'e"),
    ("Erd\\H{o}s", "P\\'al"),
    ("Fran\\c{c}ois", "Ren\\'e"),
    ("Stra{\\ss}e", "Anna"),
    ("{\\O}ksendal", "Bernt"),
    ("Dvo\\v{r}\\'ak", "Anton\\'in"),
]
BASELINE = r"""
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.executescript('''
PRAGMA journal_mode = WAL;
CREATE TABLE paper (id INTEGER PRIMARY KEY, arxiv_id TEXT UNIQUE, title TEXT, authors TEXT,
    abstract TEXT, tags TEXT, year INTEGER, doi TEXT, venue TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract, tags,
    content = 'paper', content_rowid = 'id', prefix = '3');
''')
def rows():
    with open(sys.argv[1], 'rb') as source:
        for n, line in enumerate(source, 1):
            item = json.loads(line)
            authors = json.dumps([' '.join(p for p in (a[1], a[0], a[2]) if p)
                                  for a in item['authors_parsed']])
            yield (n, item['id'], ' '.join(item['title'].split()), authors,
                   ' '.join(item['abstract'].split()), item['categories'],
                   int(item['versions'][0]['created'].split()[3]), item['doi'],
                   item['journal-ref'])
with db:
    db.executemany('INSERT INTO paper VALUES (?,?,?,?,?,?,?,?,?)', rows())
    db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
db.close()
"""


def _wrap(text: str, width: int, indent: str) -> str:
    """arXiv's wrapping: lines of about ``width`` columns joined by a newline and ``indent``."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ("\n" + indent).join(lines)


def _identity(rng: random.Random, when: dt.datetime, serial: dict[str, int]) -> str:
    """Old-style ids (``hep-th/9901001``) before April 2007, ``YYMM.NNNNN`` after."""
    month = when.strftime("%y%m")
    if when < dt.datetime(2007, 4, 1):
        archive = rng.choice(OLD_ARCHIVES)
        key = archive + month
        serial[key] = serial.get(key, 0) + 1
        return f"{archive}/{month}{serial[key]:03d}"
    serial[month] = serial.get(month, 0) + 1
    digits = 4 if when < dt.datetime(2015, 1, 1) else 5
    return f"{month}.{serial[month]:0{digits}d}"


def _rare_word(rng: random.Random) -> str:
    """A word from a long tail: half are new (about one in ten million), half are drawn
    from a Pareto law, so some recur in a few papers."""
    number = rng.randrange(10_000_000) if rng.random() < 0.5 else int(rng.paretovariate(0.6))
    return f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{number}"


def write_snapshot(path: Path, records: int, seed: int = 17) -> int:
    """Write ``records`` lines of the snapshot's shape, oldest first; returns the bytes."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    names = [c for c, _ in CATEGORIES]
    weights = [w for _, w in CATEGORIES]
    start = dt.datetime(1995, 1, 1)
    span = (dt.datetime(2024, 12, 1) - start).total_seconds()
    serial: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as out:
        for n in range(records):
            # More papers every year, as arXiv has: the n-th record's date grows as sqrt.
            when = start + dt.timedelta(seconds=span * ((n + 0.5) / records) ** 0.5)
            authors = []
            for _ in range(min(1 + int(rng.expovariate(0.3)), 40)):
                if rng.random() < 0.06:
                    last, first = rng.choice(ACCENTED)
                else:
                    last, first = rng.choice(LAST), rng.choice(FIRST)
                authors.append([last, first, ""])
            title = vocabulary.sentence(rng, rng.randint(6, 16)).capitalize()
            abstract = vocabulary.sentence(rng, rng.randint(80, 240)).capitalize()
            # Real abstracts also name things no other paper does (datasets, models,
            # constants): a long tail of rare words, each a set of its own in the index.
            rare = " ".join(_rare_word(rng) for _ in range(rng.randint(1, 4)))
            abstract = f"{abstract} {rare}."
            cats = list(dict.fromkeys(rng.choices(names, weights, k=rng.randint(1, 3))))
            versions = []
            for v in range(rng.choice((1, 1, 1, 2, 2, 3))):
                stamp = when + dt.timedelta(days=40 * v)
                created = stamp.strftime("%a, %-d %b %Y %H:%M:%S GMT")
                versions.append({"version": f"v{v + 1}", "created": created})
            doi = f"10.{1000 + n % 9000}/j.{n}" if rng.random() < 0.3 else None
            journal = (
                f"Phys. Rev. {rng.choice('ABDE')} {rng.randint(1, 110)}, {rng.randint(1, 9999)}"
                f" ({when.year})"
                if rng.random() < 0.25
                else None
            )
            item = {
                "id": _identity(rng, when, serial),
                "submitter": " ".join(reversed(authors[0][:2])),
                "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
                "title": _wrap(title, 70, "  "),
                "comments": f"{rng.randint(4, 40)} pages, {rng.randint(1, 12)} figures",
                "journal-ref": journal,
                "doi": doi,
                "report-no": None,
                "categories": " ".join(cats),
                "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
                "abstract": "  " + _wrap(abstract, 78, "") + "\n",
                "versions": versions,
                "update_date": (when + dt.timedelta(days=90)).strftime("%Y-%m-%d"),
                "authors_parsed": authors,
            }
            out.write(json.dumps(item) + "\n")
    return path.stat().st_size


def _size_mb(*paths: Path) -> float:
    return round(sum(p.stat().st_size for p in paths if p.exists()) / 1e6, 1)


def run(records: int, workdir: Path, repeat: int = 1) -> dict[str, Any]:
    """Import and baseline run in turn ``repeat`` times; the fastest of each is kept, so
    a moment of load from other programs on a shared machine weighs on neither."""
    source = workdir / "arxiv-metadata-oai-snapshot.json"
    size = write_snapshot(source, records)
    python = sys.executable
    imports: list[dict[str, float]] = []
    bares: list[dict[str, float]] = []
    for attempt in range(repeat):
        library = workdir / f"lib{attempt}"
        imports.append(
            measured(
                [python, "-m", "readinglist_gui", "--library", str(library), "import", str(source)]
            )
        )
        raw_path = workdir / f"bare{attempt}.sqlite3"
        bares.append(measured([python, "-c", BASELINE, str(source), str(raw_path)]))
    cli = min(imports, key=lambda one: one["seconds"])
    bare = min(bares, key=lambda one: one["seconds"])
    return {
        "records": records,
        "snapshot_mb": round(size / 1e6, 1),
        "repeat": repeat,
        "cli_import": cli,
        "baseline_sqlite3_fts5": bare,
        "ratio": round(cli["seconds"] / bare["seconds"], 2),
        "cpu_ratio": round(cli["cpu_seconds"] / bare["cpu_seconds"], 2),
        "peak_rss_mb": max(one["peak_rss_mb"] for one in imports),
        "library_mb": _size_mb(*sorted(library.glob("*.sqlite3*"))),
        "baseline_mb": _size_mb(raw_path),
        "every_run": {"cli_import": imports, "baseline_sqlite3_fts5": bares},
        "targets": {"ratio": TARGET_RATIO, "peak_rss_mb": TARGET_RSS_MB},
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot_import")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each, the fastest kept (default 2)"
    )
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.records, args.keep, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp:
            result = run(args.records, Path(tmp), args.repeat)
    cli, bare = result["cli_import"], result["baseline_sqlite3_fts5"]
    print(
        f"{result['records']:,} records ({result['snapshot_mb']} MB): import {cli['seconds']} s, "
        f"peak RSS {result['peak_rss_mb']} MB; bare sqlite3 + FTS5 {bare['seconds']} s; "
        f"ratio {result['ratio']}x (target {TARGET_RATIO}x); library {result['library_mb']} MB "
        f"vs bare {result['baseline_mb']} MB"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
