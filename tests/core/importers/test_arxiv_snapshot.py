"""arXiv's metadata snapshot: parsed a line at a time, filtered, written in chunks, stoppable."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Ran

from readinglist_gui.core.importers import read_string, sniff
from readinglist_gui.core.importers.arxiv_snapshot import SnapshotFilter, parse_line
from readinglist_gui.core.importers.latex_text import latex_to_unicode
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import PaperRecord
from readinglist_gui.core.snapshot_import import import_snapshot

ROOT = Path(__file__).parents[3]


def item(arxiv_id: str = "0704.0001", **fields: Any) -> dict[str, Any]:
    """One snapshot record as arXiv writes it: wrapped title and abstract, LaTeX names."""
    base: dict[str, Any] = {
        "id": arxiv_id,
        "submitter": "Pavel Nadolsky",
        "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
        "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
        "comments": "37 pages, 15 figures",
        "journal-ref": "Phys.Rev.D76:013009,2007",
        "doi": "10.1103/PhysRevD.76.013009",
        "report-no": "ANL-HEP-PR-07-12",
        "categories": "hep-ph",
        "license": None,
        "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the production of massive photon pairs at hadron colliders.\n",
        "versions": [
            {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
            {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
        ],
        "update_date": "2008-11-13",
        "authors_parsed": [
            ["Bal\\'azs", "C.", ""],
            ["Berger", "E. L.", ""],
            ['Schr{\\"o}dinger', "Erwin", ""],
            ["Nu\\~nez", "Jos\\'e", "Jr"],
        ],
    }
    base.update(fields)
    return base


def write(path: Path, items: list[dict[str, Any] | str]) -> Path:
    lines = [entry if isinstance(entry, str) else json.dumps(entry) for entry in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parsed(**fields: Any) -> PaperRecord:
    record = parse_line(json.dumps(item(**fields)))
    assert isinstance(record, PaperRecord), record
    return record


def test_a_line_becomes_a_clean_record() -> None:
    record = parsed()
    assert record.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert record.abstract.startswith("A fully differential calculation in perturbative")
    assert "\n" not in record.abstract and "  " not in record.abstract
    assert record.authors == ["C. Balázs", "E. L. Berger", "Erwin Schrödinger", "José Nuñez Jr"]
    assert record.year == 2007
    assert record.arxiv_id == "0704.0001"
    assert record.doi == "10.1103/physrevd.76.013009"
    assert record.venue == "Phys.Rev.D76:013009,2007"
    assert record.tags == ["hep-ph"]


def test_categories_become_tags_in_their_order() -> None:
    assert parsed(categories="cs.LG cs.CL stat.ML cs.LG").tags == ["cs.LG", "cs.CL", "stat.ML"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("hep-th/9901001", "hep-th/9901001"), ("math.GT/0309136", "math/0309136")],
)
def test_old_style_ids_are_kept_as_everywhere_else(raw: str, expected: str) -> None:
    assert parsed(arxiv_id=raw).arxiv_id == expected


def test_year_is_the_first_versions_and_falls_back_to_the_id() -> None:
    versions = [{"version": "v1", "created": "Fri, 1 Jan 1999 10:00:00 GMT"}]
    assert parsed(arxiv_id="hep-th/9901001", versions=versions).year == 1999
    assert parsed(arxiv_id="hep-th/9812001", versions=[]).year == 1998
    assert parsed(arxiv_id="2103.00001", versions=None).year == 2021


def test_several_dois_give_the_first_and_none_gives_none() -> None:
    assert parsed(doi="10.1000/a 10.1000/b").doi == "10.1000/a"
    assert parsed(doi=None, **{"journal-ref": None}).doi is None


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ('Schr{\\"o}dinger', "Schrödinger"),
        ('M\\"uller', "Müller"),
        ("Garc\\'ia", "García"),
        ("Garc\\'{\\i}a", "García"),
        ("Nu\\~nez", "Nuñez"),
        ("Stra{\\ss}e", "Straße"),
        ("Fran\\c{c}ois", "François"),
        ("Erd\\H{o}s", "Erdős"),
        ("Dvo\\v{r}\\'ak", "Dvořák"),
        ("{\\O}ksendal", "Øksendal"),
        ("Ko{\\l}odziej", "Kołodziej"),
        ("\\`Ecole", "Ècole"),
        ("plain", "plain"),
    ],
)
def test_latex_accents_become_unicode(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "0704.0001", "title": ', "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        ('{"title": "No id"}', "no valid arXiv id"),
        ('{"id": "0704.0002", "title": "  "}', "has no title"),
        ('{"id": "images/1234567", "title": "x"}', "no valid arXiv id"),
    ],
)
def test_malformed_lines_say_why_and_never_raise(line: str, reason: str) -> None:
    result = parse_line(line)
    assert isinstance(result, str) and reason in result


def test_filters_take_any_category_an_archive_and_a_first_year() -> None:
    record = parsed(categories="cs.CL stat.ML")
    assert SnapshotFilter.of(["cs.LG", "cs.CL"]).takes(record)
    assert SnapshotFilter.of(["cs"]).takes(record)
    assert not SnapshotFilter.of(["cs.LG"]).takes(record)
    assert SnapshotFilter.of([], since=2007).takes(record)
    assert not SnapshotFilter.of([], since=2008).takes(record)
    assert not SnapshotFilter.of(["cs.CL"], since=2008).takes(record)


def test_content_says_snapshot_before_json() -> None:
    text = "\n".join(json.dumps(item(f"0704.000{n}")) for n in range(1, 4))
    assert sniff(text) == "arxiv-snapshot"
    assert sniff(text, ".json") == "arxiv-snapshot"
    batch = read_string(text, "pasted.json")
    assert [p.arxiv_id for p in batch.papers] == ["0704.0001", "0704.0002", "0704.0003"]
    assert sniff('{\n  "format": "readinglist-gui/1",\n  "papers": []\n}') == "json"


def test_import_writes_searchable_labelled_papers_and_skips_bad_lines(
    library: Library, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "snapshot.json",
        [
            item("0704.0001", categories="cs.LG cs.CL"),
            "{broken",
            "",
            item("hep-th/9901001", title="Strings\n  and branes", categories="hep-th"),
        ],
    )
    report = import_snapshot(library, path)
    assert (report.added, report.merged, report.malformed) == (2, 0, 1)
    assert str(report.problems[0]).startswith("snapshot.json:2: not a JSON object")
    assert library.count(PaperQuery(text="schrodinger")) == 2
    assert library.count(PaperQuery(text="branes")) == 1
    assert library.count(PaperQuery(tags=("cs.CL",))) == 1
    (row,) = library.rows(library.ids(PaperQuery(tags=("cs.LG",))))
    assert row.tags == "cs.CL, cs.LG"
    stale = library.engine.connect().exec_driver_sql("SELECT count(*) FROM search_stale")
    assert stale.scalar_one() == 0


def test_a_newer_snapshot_updates_and_adds_without_duplicates(
    library: Library, tmp_path: Path
) -> None:
    old = item("2101.00001", doi=None, categories="cs.LG", **{"journal-ref": None})
    write(tmp_path / "old.json", [old, item("2101.00002", doi=None)])
    import_snapshot(library, tmp_path / "old.json")
    newer = item("2101.00001", doi="10.5555/NEW", categories="cs.LG cs.CL")
    newer["journal-ref"] = "NeurIPS 2021"
    write(tmp_path / "new.json", [newer, item("2101.00002", doi=None), item("2101.00003")])
    report = import_snapshot(library, tmp_path / "new.json", chunk_size=2)
    assert (report.added, report.merged, report.chunks) == (1, 2, 2)
    assert library.count() == 3
    (paper_id,) = library.ids(PaperQuery(tags=("cs.CL",)))
    detail = library.paper(paper_id)
    assert detail is not None
    assert (detail.arxiv_id, detail.doi, detail.venue) == (
        "2101.00001",
        "10.5555/new",
        "NeurIPS 2021",
    )
    assert sorted(detail.tags) == ["cs.CL", "cs.LG"]


def test_filters_leave_papers_out_and_count_them(library: Library, tmp_path: Path) -> None:
    early = [{"version": "v1", "created": "Mon, 6 Jan 2019 10:00:00 GMT"}]
    path = write(
        tmp_path / "s.json",
        [
            item("2001.00001", categories="cs.LG"),
            item("2001.00002", categories="math.AG"),
            item("1901.00003", categories="cs.CL", versions=early),
            item("2001.00004", categories="stat.ML cs.CL"),
        ],
    )
    only = SnapshotFilter.of(["cs.LG", "cs.CL"], since=2007)
    report = import_snapshot(library, path, only=SnapshotFilter.of(["cs.LG", "cs.CL"], 2020))
    assert (report.added, report.left_out) == (0, 4)  # every fixture's v1 is 2007
    report = import_snapshot(library, path, only=only)
    assert (report.added, report.left_out) == (3, 1)


def test_a_stop_keeps_the_chunks_written_and_folds_them_in(
    library: Library, tmp_path: Path
) -> None:
    path = write(tmp_path / "s.json", [item(f"2001.{n:05d}") for n in range(1, 8)])
    seen: list[float] = []
    report = import_snapshot(
        library,
        path,
        chunk_size=3,
        progress=lambda p: seen.append(p.share),
        cancelled=lambda: bool(seen),
    )
    assert report.cancelled and report.chunks == 1
    assert report.added == library.count() == 3
    assert library.count(PaperQuery(text="diphoton")) == 3


def test_cli_imports_with_filters_progress_and_one_line_reports(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    path = write(
        tmp_path / "arxiv-metadata-oai-snapshot.json",
        [item("2001.00001", categories="cs.LG"), item("2001.00002", categories="math.AG"), "oops"],
    )
    ran = cli(tmp_path / "lib", "import", str(path), "--category", "cs.LG", "--category", "cs.CL")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == (
        "imported: 1 added, 0 merged into existing papers, 1 left out by the filters, "
        "1 malformed line\n"
    )
    assert "skipped: arxiv-metadata-oai-snapshot.json:3: not a JSON object" in ran.stderr
    assert "arxiv-metadata-oai-snapshot.json: 100% read, 1 added" in ran.stderr
    ran = cli(
        tmp_path / "lib", "import", "--format", "arxiv-snapshot", str(path), "--since", "2030"
    )
    assert ran.returncode == 0 and ran.stdout.startswith("imported: 0 added")


def test_cli_refuses_a_file_of_nothing_but_bad_lines_and_filters_on_other_formats(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    bad = write(tmp_path / "bad.json", ["{nope", "[]"])
    ran = cli(tmp_path / "lib", "import", "--format", "arxiv-snapshot", str(bad))
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[-1] == (
        "readinglist-gui: error: bad.json: read as arxiv-snapshot, nothing could be imported: "
        "line 1: not a JSON object: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"
    )
    ids = tmp_path / "ids.txt"
    ids.write_text("2101.00001\n", encoding="utf-8")
    ran = cli(tmp_path / "lib", "import", str(ids), "--since", "2020")
    assert ran.returncode == 1
    assert "--category and --since choose papers from an arXiv metadata snapshot" in ran.stderr


def test_ctrl_c_stops_the_command_keeping_what_was_written(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", [item(f"2001.{n:05d}") for n in range(1, 60_001)])
    folder = tmp_path / "lib"
    child = subprocess.Popen(
        [sys.executable, "-m", "readinglist_gui", "--library", str(folder), "import", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    first = child.stderr.readline()  # the first progress line: the import is under way
    assert "% read" in first
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    (stopped,) = [line for line in err.splitlines() if "stopped" in line]
    kept = int(stopped.split("kept the ")[1].split(" papers")[0].replace(",", ""))
    assert kept < 60_000
    with Library.open(folder) as library:
        assert library.count() == kept


def test_cli_dry_run_reports_and_writes_nothing(cli: Callable[..., Ran], tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", [item("2001.00001"), item("2001.00002", doi=None)])
    ran = cli(tmp_path / "lib", "import", "--dry-run", str(path))
    assert ran.returncode == 0
    assert ran.stdout == "would import: 2 added, 0 merged into existing papers\n"
    with Library.open(tmp_path / "lib") as library:
        assert library.count() == 0
