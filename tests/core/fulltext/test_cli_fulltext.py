"""``readinglist-gui index`` and ``fulltext`` as a user runs them: real processes, exact output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pdf_factory
import pytest
from fulltext_pdfs import attach, pages_pdf

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord


def run(*args: str, home: Path, check_ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READINGLIST_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "readinglist_gui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if check_ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Three papers, the first two with a PDF (made in-process: quicker than three commands)."""
    home = tmp_path / "home"
    with Library.open(home) as library:
        for marker in ("zebra", "okapi"):
            attach(library, pdf_factory.text_pdf(tmp_path / f"{marker}.pdf", 3, marker))
        library.add_paper(PaperRecord(title="No PDF yet"))
    return home


def test_index_then_fulltext_json_names_papers_and_one_based_pages(home: Path) -> None:
    first = run("index", home=home)
    assert first.stdout == "indexed 2 PDFs, 0 already up to date\n"
    again = run("index", home=home)
    assert again.stdout == "indexed 0 PDFs, 2 already up to date\n"
    hits = json.loads(run("fulltext", "zebra", "--json", home=home).stdout)
    assert hits == [
        {"paper_id": 1, "page": 1, "snippet": "…Here is the zebra word."},
        {"paper_id": 1, "page": 3, "snippet": "…Here is the zebra word."},
    ]
    assert list(hits[0]) == ["paper_id", "page", "snippet"]
    limited = json.loads(run("fulltext", "brown fox", "--json", "--limit", "3", home=home).stdout)
    assert len(limited) == 3
    assert {hit["page"] for hit in limited} <= {1, 2, 3}


def test_fulltext_lines_and_a_note_when_pdfs_wait(home: Path) -> None:
    waiting = run("fulltext", "okapi", home=home)
    assert waiting.stdout == ""
    assert waiting.stderr == "note: 2 PDFs are not indexed yet; run `index`\n"
    run("index", home=home)
    found = run("fulltext", '"okapi" (*', home=home)
    assert found.stdout == "2\t1\t…Here is the okapi word.\n2\t3\t…Here is the okapi word.\n"
    assert found.stderr == ""


def test_a_query_without_words_is_one_line_and_exit_1(home: Path) -> None:
    result = run("fulltext", '"( )*', home=home, check_ok=False)
    assert result.returncode == 1
    assert result.stderr == "readinglist-gui: error: the query has no words to search for\n"


def test_skipped_pdfs_are_named_on_stderr(home: Path, tmp_path: Path) -> None:
    secret = pdf_factory.encrypted_pdf(tmp_path / "secret.pdf")
    run("attach", "3", str(secret), home=home)
    result = run("index", home=home)
    assert "paper 3 (skipped): This PDF is protected by a password.\n" in result.stderr
    assert result.stdout == "indexed 2 PDFs, 1 skipped, 0 already up to date\n"


def test_ctrl_c_stops_index_and_the_next_run_goes_on(home: Path, tmp_path: Path) -> None:
    book = pages_pdf(tmp_path / "book.pdf", [f"chapter words page{n} " * 40 for n in range(400)])
    with Library.open(home) as library:
        for number in range(12):
            attach(library, book, f"Book {number}")
    env = {**os.environ, "READINGLIST_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "readinglist_gui", "index"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "index: 14 papers\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert "cancelled with" in out
    read = int(out.split()[1])
    assert read < 14
    rest = run("index", home=home)
    assert rest.stdout.startswith(f"indexed {14 - read} PDFs")
