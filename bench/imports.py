"""Import benchmark: ``python -m bench.imports``.

Two figures, each beside a baseline from the same run:

* a generated 10,000-entry Markdown list, parsed and imported in this process,
  against the same file's links pulled out with one regular expression and
  written with sqlite3 ``executemany``: the least any importer could do;
* a 50 MB Markdown list through the whole command line (``readinglist-gui
  import``, a process of its own, so its peak memory is its own), against that
  regex-and-executemany baseline run as a process on the same file. A third
  process only parses the file, to say how the time splits between reading
  the list and the library's import.

The 50 MB list has the shape of a daily digest: day headings, one bullet per
paper with its arXiv link and a one-sentence TL;DR. ``--big-shape links``
writes bare ``* [Title](url)`` bullets instead: three times the papers per MB.
A 50 MB BibTeX file (arXiv-style entries with abstracts, some LaTeX accents)
goes through the same command line too, beside its own parse-only process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import TAGS, Vocabulary
from readinglist_gui.core.importers import read_paths
from readinglist_gui.core.library import Library

LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
BIG_MB = 50
BIG_SECONDS = 20
BIG_RSS_MB = 400
RAW_IMPORT = """
import re, sqlite3, sys
LINK = re.compile(r"\\[([^\\]]+)\\]\\((https?://[^)\\s]+)\\)")
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE TABLE paper (id INTEGER PRIMARY KEY, title TEXT, url TEXT)")
with open(sys.argv[1], encoding="utf-8") as source, db:
    db.executemany("INSERT INTO paper (title, url) VALUES (?, ?)",
                   (m for line in source for m in LINK.findall(line)))
"""
PARSE_ONLY = """
import sys
from pathlib import Path
from typing import Any
from readinglist_gui.core.importers import read_paths
print(len(read_paths([Path(sys.argv[1])]).papers))
"""


def arxiv_id(n: int) -> str:
    """A valid, distinct new-style id for every n below 12 million."""
    month = n // 100_000
    return f"{15 + month // 12:02d}{1 + month % 12:02d}.{n % 100_000:05d}"


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


def write_big_list(path: Path, megabytes: int, shape: str, seed: int = 13) -> int:
    """Write a list of ``megabytes`` MB to ``path`` a day at a time; return its entries."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    target = megabytes * 1_000_000
    written = 0
    entries = 0
    with path.open("w", encoding="utf-8") as out:
        head = f"---\ntitle: Daily papers\ntags: [{TAGS[0]}, {TAGS[4]}]\n---\n\n"
        out.write(head)
        written += len(head)
        day = 0
        while written < target:
            lines = [f"\n## Day {day + 1}\n"]
            for _ in range(40):
                title = vocabulary.sentence(rng, rng.randint(5, 11)).capitalize()
                line = f"* [{title}](https://arxiv.org/abs/{arxiv_id(entries)})"
                if shape == "digest":
                    line += " \u2014 " + vocabulary.sentence(rng, rng.randint(25, 45)) + "."
                lines.append(line)
                entries += 1
            chunk = "\n".join(lines) + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            day += 1
    return entries


def write_big_bibtex(path: Path, megabytes: int, seed: int = 17) -> int:
    """Write ``megabytes`` MB of BibTeX entries as arXiv exports them; return their count.

    One author in eight has a LaTeX accent and one title in ten a protected
    acronym, so both of the decoder's ways are taken."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.make(rng)
    target = megabytes * 1_000_000
    written = entries = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            title = vocabulary.sentence(rng, rng.randint(5, 11)).capitalize()
            if entries % 10 == 0:
                title = "{LLM}: " + title
            names = []
            for n in range(rng.randint(1, 6)):
                last = vocabulary.sentence(rng, 1).capitalize()
                if (entries + n) % 8 == 0:
                    last = 'M{\\"u}' + last
                names.append(f"{last}, {vocabulary.sentence(rng, 1).capitalize()}")
            abstract = vocabulary.sentence(rng, rng.randint(60, 150)).capitalize() + "."
            entry = (
                f"@article{{key{entries},\n  title = {{{title}}},\n"
                f"  author = {{{' and '.join(names)}}},\n  year = {{{2015 + entries % 10}}},\n"
                f"  journal = {{arXiv preprint}},\n  eprint = {{{arxiv_id(entries)}}},\n"
                f"  archivePrefix = {{arXiv}},\n  abstract = {{{abstract}}},\n}}\n\n"
            )
            out.write(entry)
            written += len(entry.encode("utf-8"))
            entries += 1
    return entries


def measured(command: list[str]) -> dict[str, float]:
    """Wall time and peak resident memory of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed: {errors.strip()[-500:]}")
    # ru_maxrss is in kilobytes on Linux. CPU time is quoted too: on a shared machine
    # it moves less than wall time when others load the cores.
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def run_small(entries: int, workdir: Path) -> dict[str, object]:
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


def run_big(megabytes: int, shape: str, workdir: Path) -> dict[str, Any]:
    source = workdir / "big.md"
    entries = write_big_list(source, megabytes, shape)
    python = sys.executable
    cli = measured(
        [
            python,
            "-m",
            "readinglist_gui",
            "--library",
            str(workdir / "big-lib"),
            "import",
            str(source),
        ]
    )
    parse = measured([python, "-c", PARSE_ONLY, str(source)])
    raw = measured([python, "-c", RAW_IMPORT, str(source), str(workdir / "big-raw.sqlite3")])
    return {
        "shape": shape,
        "megabytes": round(source.stat().st_size / 1e6, 1),
        "entries": entries,
        "cli_import": cli,
        "parse_only": parse,
        "library_import_s": round(cli["seconds"] - parse["seconds"], 2),
        "library_import_cpu_s": round(cli["cpu_seconds"] - parse["cpu_seconds"], 2),
        "baseline_regex_executemany": raw,
        "targets": {"seconds": BIG_SECONDS, "peak_rss_mb": BIG_RSS_MB},
    }


def run_big_bibtex(megabytes: int, workdir: Path) -> dict[str, Any]:
    source = workdir / "big.bib"
    entries = write_big_bibtex(source, megabytes)
    python = sys.executable
    library = str(workdir / "bib-lib")
    cli = measured([python, "-m", "readinglist_gui", "--library", library, "import", str(source)])
    parse = measured([python, "-c", PARSE_ONLY, str(source)])
    return {
        "megabytes": round(source.stat().st_size / 1e6, 1),
        "entries": entries,
        "cli_import": cli,
        "parse_only": parse,
        "targets": {"seconds": BIG_SECONDS, "peak_rss_mb": BIG_RSS_MB},
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--big-mb", type=int, default=BIG_MB, help="0 skips the big list")
    parser.add_argument("--big-shape", choices=["digest", "links"], default="digest")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "imports.json"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readinglist-bench-") as tmp:
        small = run_small(args.entries, Path(tmp))
        print(
            f"{small['entries']} entries: parse {small['parse_s']} s + import {small['import_s']} s"
            f" = {small['total_s']} s (baseline regex + executemany {small['baseline_s']} s)"
        )
        result: dict[str, object] = {**small}
        if args.big_mb:
            big = run_big(args.big_mb, args.big_shape, Path(tmp))
            cli, parse, raw = (
                big["cli_import"],
                big["parse_only"],
                big["baseline_regex_executemany"],
            )
            print(
                f"{big['megabytes']} MB {big['shape']} list, {big['entries']} entries: "
                f"command line {cli['seconds']} s ({cli['cpu_seconds']} s CPU), "
                f"peak {cli['peak_rss_mb']} MB (parse alone {parse['seconds']} s, "
                f"{parse['cpu_seconds']} s CPU, peak {parse['peak_rss_mb']} MB; "
                f"baseline {raw['seconds']} s, {raw['cpu_seconds']} s CPU, "
                f"peak {raw['peak_rss_mb']} MB; "
                f"targets {BIG_SECONDS} s, {BIG_RSS_MB} MB)"
            )
            result["big"] = big
            bib = run_big_bibtex(args.big_mb, Path(tmp))
            cli, parse = bib["cli_import"], bib["parse_only"]
            print(
                f"{bib['megabytes']} MB BibTeX, {bib['entries']} entries: command line "
                f"{cli['seconds']} s ({cli['cpu_seconds']} s CPU), peak {cli['peak_rss_mb']} MB "
                f"(parse alone {parse['seconds']} s, peak {parse['peak_rss_mb']} MB; "
                f"targets {BIG_SECONDS} s, {BIG_RSS_MB} MB)"
            )
            result["big_bibtex"] = bib
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
