"""Backups: one archive in, the same library out, and no archive can write outside its folder."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from pdf_factory import text_pdf

from readinglist_gui.core.backup import BackupError, back_up, restore
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status


@pytest.fixture
def with_pdfs(filled: Library) -> Library:
    ids = filled.ids()
    (filled.pdf_dir / "nested").mkdir(parents=True)
    text_pdf(filled.pdf_dir / "first.pdf", pages=2, marker="alpha")
    text_pdf(filled.pdf_dir / "nested" / "second.pdf", pages=3, marker="beta")
    filled.set_pdf(ids[0], "pdfs/first.pdf")
    filled.set_pdf(ids[1], "pdfs/nested/second.pdf")
    filled.set_note(ids[2], "Written just before the backup.")
    filled.set_status([ids[3]], Status.SKIMMED)
    (filled.pdf_dir / ".download.pdf.part").write_bytes(b"half a download")
    return filled


def _pdf_bytes(folder: Path) -> dict[str, bytes]:
    root = folder / "pdfs"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.pdf"))}


def test_restoring_into_an_empty_folder_gives_the_same_library(
    with_pdfs: Library, tmp_path: Path
) -> None:
    archive = tmp_path / "backups" / "library.zip"
    summary = back_up(with_pdfs.folder, archive)
    assert summary.pdfs == 2 and archive.stat().st_size == summary.bytes
    assert list(archive.parent.iterdir()) == [archive]
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == [
            "library.sqlite3",
            "pdfs/first.pdf",
            "pdfs/nested/second.pdf",
            "readinglist-backup.json",
        ]
    target = tmp_path / "empty"
    target.mkdir()
    assert restore(archive, target).pdfs == 2
    with Library.open(target) as restored:
        assert restored.export_batch() == with_pdfs.export_batch()
        assert [info.name for info in restored.lists()] == [i.name for i in with_pdfs.lists()]
        first = restored.paper(restored.ids()[0])
        assert first is not None and first.pdf_path == target / "pdfs" / "first.pdf"
    assert _pdf_bytes(target) == _pdf_bytes(with_pdfs.folder)
    assert sorted(p.name for p in target.iterdir()) == ["library.sqlite3", "pdfs"]


def test_a_missing_target_folder_is_created(with_pdfs: Library, tmp_path: Path) -> None:
    archive = tmp_path / "library.zip"
    back_up(with_pdfs.folder, archive)
    restore(archive, tmp_path / "new" / "library")
    assert (tmp_path / "new" / "library" / "library.sqlite3").is_file()


def test_a_folder_with_anything_in_it_is_refused_and_left_alone(
    with_pdfs: Library, tmp_path: Path
) -> None:
    archive = tmp_path / "library.zip"
    back_up(with_pdfs.folder, archive)
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(BackupError, match="not empty"):
        restore(archive, target)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def _crafted(path: Path, extra: str, *, link: bool = False) -> Path:
    archive = path
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readinglist-backup.json", json.dumps({"format": "readinglist-gui-backup/1"}))
        zf.writestr("library.sqlite3", b"")
        info = zipfile.ZipInfo(extra)
        if link:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, b"payload")
    return archive


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.txt",
        "pdfs/../../escaped.txt",
        "/tmp/escaped.txt",
        "pdfs\\..\\..\\escaped.txt",
        "C:/escaped.txt",
        "run-me.sh",
        "pdfs/./x.pdf",
    ],
)
def test_archives_naming_paths_outside_the_library_restore_nothing(
    tmp_path: Path, name: str
) -> None:
    archive = _crafted(tmp_path / "evil.zip", name)
    target = tmp_path / "area" / "target"
    with pytest.raises(BackupError, match="unsafe entry"):
        restore(archive, target)
    assert not (tmp_path / "area").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_links_inside_an_archive_are_refused(tmp_path: Path) -> None:
    archive = _crafted(tmp_path / "link.zip", "pdfs/link.pdf", link=True)
    with pytest.raises(BackupError, match="unsafe entry"):
        restore(archive, tmp_path / "target")


def test_other_files_are_not_taken_for_backups(tmp_path: Path) -> None:
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    with pytest.raises(BackupError, match="not a readinglist-gui backup"):
        restore(not_zip, tmp_path / "a")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("library.sqlite3", b"")
    with pytest.raises(BackupError, match="not a readinglist-gui backup"):
        restore(other, tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_damaged_database_is_caught_before_the_folder_appears(
    with_pdfs: Library, tmp_path: Path
) -> None:
    archive = tmp_path / "library.zip"
    back_up(with_pdfs.folder, archive)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "library.sqlite3":
                data = data[:100] + b"\x00" * 4000 + data[4100:]
            zf.writestr(info, data)
    with pytest.raises(BackupError, match="damaged database"):
        restore(damaged, tmp_path / "target")
    assert not (tmp_path / "target").exists()


def test_an_archive_whose_database_is_not_a_library_is_refused(tmp_path: Path) -> None:
    archive = _crafted(tmp_path / "empty-db.zip", "pdfs/a.pdf")
    with pytest.raises(BackupError, match="not a readinglist-gui library"):
        restore(archive, tmp_path / "target")
    assert not (tmp_path / "target").exists()


def test_backing_up_a_folder_without_a_library_says_so(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no library"):
        back_up(tmp_path, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
