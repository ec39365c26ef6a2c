"""Whole-file writes on a real disk: a name holds the old file or the whole new one, nothing else."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from readinglist_gui.core.files import (
    STALE_AFTER_S,
    Staged,
    atomic_file,
    discard,
    publish,
    staged_file,
    sweep_leftovers,
)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def stage(path: Path, data: bytes) -> Staged:
    with staged_file(path) as handle:
        handle.write(data)
    return Staged(Path(handle.name), path)


def test_an_atomic_write_replaces_the_file_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "new folder" / "notes.txt"
    with atomic_file(target) as handle:
        handle.write(b"first")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half of the sec")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"first"
    assert names(target.parent) == ["notes.txt"]


def test_staged_files_reach_their_names_only_when_published(tmp_path: Path) -> None:
    pdfs, elsewhere = tmp_path / "pdfs", tmp_path / "other"
    elsewhere.mkdir()
    (elsewhere / "b.pdf").write_bytes(b"old b")
    batch = [stage(pdfs / "a.pdf", b"new a"), stage(elsewhere / "b.pdf", b"new b")]
    assert [file.temporary.name.startswith(f".{file.path.name}.") for file in batch] == [True] * 2
    assert not (pdfs / "a.pdf").exists()
    assert (elsewhere / "b.pdf").read_bytes() == b"old b"

    publish(batch)

    assert (pdfs / "a.pdf").read_bytes() == b"new a"
    assert (elsewhere / "b.pdf").read_bytes() == b"new b"
    assert (names(pdfs), names(elsewhere)) == (["a.pdf"], ["b.pdf"])


def test_a_failed_block_leaves_no_staged_file(tmp_path: Path) -> None:
    with pytest.raises(ConnectionError), staged_file(tmp_path / "a.pdf") as handle:
        handle.write(b"%PDF-1.7 and then")
        raise ConnectionError("cut off")
    assert names(tmp_path) == []


def test_a_batch_stopped_by_one_file_keeps_what_went_in_and_the_rest_can_be_discarded(
    tmp_path: Path,
) -> None:
    batch = [stage(tmp_path / name, name.encode()) for name in ("a.pdf", "b.pdf", "c.pdf")]
    (tmp_path / "b.pdf").mkdir()
    (tmp_path / "b.pdf" / "in the way").write_bytes(b"")

    with pytest.raises(OSError):
        publish(batch)
    assert (tmp_path / "a.pdf").read_bytes() == b"a.pdf"
    assert [file.temporary.exists() for file in batch] == [False, True, True]

    discard(batch)
    assert names(tmp_path) == ["a.pdf", "b.pdf"]


def test_publishing_nothing_touches_nothing(tmp_path: Path) -> None:
    publish([])
    assert names(tmp_path) == []


def test_a_sweep_removes_only_leftovers_old_enough_to_be_orphans(tmp_path: Path) -> None:
    """A killed download leaves its hidden temporary file; a running one's must stay."""
    orphan = stage(tmp_path / "2401.00001.pdf", b"%PDF-1.7 half").temporary
    running = stage(tmp_path / "2401.00002.pdf", b"%PDF-1.7 still coming").temporary
    paper = tmp_path / "2401.00003.pdf"
    paper.write_bytes(b"%PDF-1.7 whole")
    long_ago = time.time() - STALE_AFTER_S - 60
    os.utime(orphan, (long_ago, long_ago))
    os.utime(paper, (long_ago, long_ago))

    assert sweep_leftovers(tmp_path) == 1
    assert names(tmp_path) == sorted([running.name, paper.name])
    assert sweep_leftovers(tmp_path / "no such folder") == 0
