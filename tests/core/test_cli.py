"""The command line's exact forms and exit codes, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import readinglist_gui


def run(*args: str, home: Path, check_ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READINGLIST_HOME": str(home)}
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "readinglist_gui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    if check_ok:
        assert result.returncode == 0, result.stderr
    return result


def exchange(papers: list[dict], lists: list[dict] | None = None) -> str:
    return json.dumps({"format": "readinglist-gui/1", "papers": papers, "lists": lists or []})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def imported(home: Path, tmp_path: Path) -> Path:
    source = tmp_path / "in.json"
    source.write_text(
        exchange(
            [
                {
                    "title": "Attention Is All You Need",
                    "arxiv_id": "1706.03762",
                    "tags": ["NLP"],
                    "lists": [{"name": "Course", "section": "Week 1", "position": 0}],
                },
                {"title": "Deep Residual Learning", "year": 2015, "tags": ["Vision", "NLP"]},
                {"title": "PagedAttention", "note": "my notes", "tags": ["Systems"]},
            ]
        ),
        encoding="utf-8",
    )
    result = run("import", str(source), home=home)
    assert "3 added" in result.stdout
    return home


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readinglist_gui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"readinglist-gui {readinglist_gui.__version__}"


def test_list_filters_and_json(imported: Path) -> None:
    rows = json.loads(run("list", "--json", home=imported).stdout)
    assert [r["title"] for r in rows] == [
        "Attention Is All You Need",
        "Deep Residual Learning",
        "PagedAttention",
    ]
    tagged = json.loads(
        run("list", "--tag", "nlp", "--tag", "Vision", "--json", home=imported).stdout
    )
    assert [r["title"] for r in tagged] == ["Deep Residual Learning"]
    any_tag = run("list", "--tag", "Vision", "--tag", "Systems", "--any-tag", home=imported).stdout
    assert len(any_tag.splitlines()) == 2
    noted = json.loads(run("list", "--status", "noted", "--json", home=imported).stdout)
    assert [r["title"] for r in noted] == ["PagedAttention"]
    found = json.loads(run("list", "--search", "resid", "--json", home=imported).stdout)
    assert [r["title"] for r in found] == ["Deep Residual Learning"]
    in_list = json.loads(run("list", "--list", "course", "--json", home=imported).stdout)
    assert [r["place"] for r in in_list] == ["Course — Week 1"]


def test_status_by_hand(imported: Path) -> None:
    first = json.loads(run("list", "--json", home=imported).stdout)[0]
    run("status", str(first["id"]), "skimmed", home=imported)
    rows = json.loads(run("list", "--status", "skimmed", "--json", home=imported).stdout)
    assert [r["id"] for r in rows] == [first["id"]]


def test_export_to_stdout_and_file_round_trips(imported: Path, tmp_path: Path) -> None:
    document = json.loads(run("export", "--format", "json", home=imported).stdout)
    assert document["format"] == "readinglist-gui/1"
    assert len(document["papers"]) == 3
    out = tmp_path / "out.json"
    run("export", "--format", "json", "-o", str(out), "--tag", "NLP", home=imported)
    assert {p["title"] for p in json.loads(out.read_text(encoding="utf-8"))["papers"]} == {
        "Attention Is All You Need",
        "Deep Residual Learning",
    }
    copy = tmp_path / "copy"
    run("import", str(out), home=copy)
    assert len(json.loads(run("list", "--json", home=copy).stdout)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "999", "noted"), "no paper with id 999"),
        (("import", "/no/such/file.json"), "no such file or folder"),
        (("list", "--list", "nope"), "no reading list named 'nope'"),
    ],
)
def test_errors_are_one_line_and_non_zero(
    imported: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, home=imported, check_ok=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_usage_errors_exit_2(home: Path) -> None:
    assert run("status", "1", "read", home=home, check_ok=False).returncode == 2
    assert run("frobnicate", home=home, check_ok=False).returncode == 2


def test_unreadable_import_changes_nothing(imported: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    result = run("import", str(bad), home=imported, check_ok=False)
    assert result.returncode == 1
    assert "bad.json" in result.stderr
    assert len(json.loads(run("list", "--json", home=imported).stdout)) == 3


def test_a_corrupt_library_is_reported_not_crashed(tmp_path: Path) -> None:
    home = tmp_path / "corrupt"
    home.mkdir()
    (home / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run("list", home=home, check_ok=False)
    assert result.returncode == 6
    assert "not a readinglist-gui library" in result.stderr
    assert "Traceback" not in result.stderr


MARKDOWN_LIST = """---
title: Papers of June
tags: [llm]
---
## June 2025
* [Efficient Memory Management for Large Language Model Serving](https://arxiv.org/abs/2309.06180)
* [A very long title that the author cut short…](https://example.org/post)
"""


def test_dry_run_reports_without_writing_and_reimport_changes_nothing(
    home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "june.md"
    source.write_text(MARKDOWN_LIST, encoding="utf-8")
    dry = run("import", "--dry-run", str(source), home=home)
    assert dry.stdout.startswith("would import: 2 added")
    assert json.loads(run("list", "--json", home=home).stdout) == []
    run("import", str(source), home=home)
    again = run("import", str(source), home=home)
    assert "0 added, 2 merged" in again.stdout
    rows = json.loads(run("list", "--json", home=home).stdout)
    assert len(rows) == 2
    assert {r["place"] for r in rows} == {"Papers of June — June 2025"}


def test_format_can_be_forced(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "ids.txt"
    source.write_text("2309.06180\n1706.03762\n", encoding="utf-8")
    run("import", "--format", "ids", str(source), home=home)
    assert len(json.loads(run("list", "--json", home=home).stdout)) == 2
    refused = run("import", "--format", "nope", str(source), home=home, check_ok=False)
    assert refused.returncode == 1
    assert "unknown format 'nope'" in refused.stderr
