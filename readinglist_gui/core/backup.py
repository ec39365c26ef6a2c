"""A whole library in one .zip file, and back.

The database is copied with SQLite's online backup, so a backup taken while
the app is open is consistent (write-ahead log included); the PDFs are stored
as they are. Restoring refuses to write into a folder that holds anything, and
checks every member's name before extracting it, so an archive crafted with
``../`` names, absolute paths or links cannot write outside the new library.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from readinglist_gui import __version__
from readinglist_gui.core.auto_backup import copy_live
from readinglist_gui.core.database import DATABASE_NAME
from readinglist_gui.core.files import atomic_file
from readinglist_gui.core.integrity import full_check
from readinglist_gui.core.storage_errors import LibraryError, Problem

MANIFEST = "readinglist-backup.json"
FORMAT = "readinglist-gui-backup/1"
PDF_FOLDER = "pdfs"
_CHUNK = 1 << 20


class BackupError(Exception):
    """The archive cannot be written or restored; one sentence for the user."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup or restore wrote: PDFs, and bytes (the archive, or the restored files)."""

    pdfs: int
    bytes: int


def back_up(library_folder: Path, archive: Path) -> BackupSummary:
    """Write the library at ``library_folder`` to ``archive`` (replaced only when complete)."""
    database = library_folder / DATABASE_NAME
    if not database.is_file():
        raise BackupError(f"{library_folder} holds no library to back up")
    pdfs = _pdf_files(library_folder / PDF_FOLDER)
    archive.parent.mkdir(parents=True, exist_ok=True)
    # The snapshot is made beside the archive: /tmp is often a small RAM disk.
    with _scratch_beside(archive) as scratch:
        snapshot = Path(scratch) / DATABASE_NAME
        try:
            copy_live(database, snapshot)
        except LibraryError as exc:
            raise BackupError(str(exc)) from exc
        with atomic_file(archive) as raw, zipfile.ZipFile(raw, "w") as zf:
            _write_members(zf, snapshot, library_folder / PDF_FOLDER, pdfs)
    return BackupSummary(pdfs=len(pdfs), bytes=archive.stat().st_size)


def restore(archive: Path, target: Path) -> BackupSummary:
    """Unpack ``archive`` into ``target``, which must be missing or an empty folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not empty; restore into a new or empty folder")
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive} is not a readinglist-gui backup: {exc}") from exc
    with zf:
        members = _checked_members(zf, archive)
        target.parent.mkdir(parents=True, exist_ok=True)
        needed = sum(info.file_size for info in members)
        if needed > shutil.disk_usage(target.parent).free:
            raise BackupError(f"restoring {archive} needs {needed // 2**20} MB of free space")
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
        try:
            for info in members:
                destination = staging.joinpath(*PurePosixPath(info.filename).parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, open(destination, "xb") as out:
                    shutil.copyfileobj(source, out, _CHUNK)
            (staging / MANIFEST).unlink()
            _check_database(staging / DATABASE_NAME, archive)
            if target.exists():
                target.rmdir()
            staging.replace(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    pdfs = sum(1 for info in members if info.filename.startswith(PDF_FOLDER + "/"))
    return BackupSummary(pdfs=pdfs, bytes=sum(info.file_size for info in members))


def _scratch_beside(archive: Path) -> tempfile.TemporaryDirectory[str]:
    """A hidden scratch folder beside ``archive``; failing, the error names the archive's folder
    (the user chose it), not the hidden one."""
    try:
        return tempfile.TemporaryDirectory(prefix=".readinglist-backup-", dir=archive.parent)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(archive.parent)) from exc


def _write_members(zf: zipfile.ZipFile, database: Path, pdf_root: Path, pdfs: list[Path]) -> None:
    manifest = {
        "format": FORMAT,
        "app_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pdfs": len(pdfs),
    }
    zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    zf.write(database, DATABASE_NAME, compress_type=zipfile.ZIP_DEFLATED)
    for path in pdfs:
        name = PurePosixPath(PDF_FOLDER, *path.relative_to(pdf_root).parts)
        zf.write(path, str(name), compress_type=zipfile.ZIP_STORED)


def _pdf_files(folder: Path) -> list[Path]:
    """Regular files below the PDF folder; links are never followed out of it, and
    hidden files (downloads still in progress) are not part of the library yet."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _checked_members(zf: zipfile.ZipFile, archive: Path) -> list[zipfile.ZipInfo]:
    """Every member, once it is certain to land inside the new library folder."""
    members = [info for info in zf.infolist() if not info.is_dir()]
    names = {info.filename for info in members}
    if MANIFEST not in names or DATABASE_NAME not in names:
        raise BackupError(f"{archive} is not a readinglist-gui backup")
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive} has a damaged manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is a backup in a format this version does not know")
    if len(names) != len(members):
        raise BackupError(f"{archive} names a file twice; refusing to restore it")
    for info in members:
        if not _safe_member(info):
            raise BackupError(
                f"{archive} holds an unsafe entry {info.filename!r}; nothing restored"
            )
    return members


def _safe_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    if "\\" in name or ":" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    if stat.S_ISLNK(info.external_attr >> 16):
        return False
    if name in (MANIFEST, DATABASE_NAME):
        return True
    return parts[0] == PDF_FOLDER and len(parts) >= 2


def _check_database(path: Path, archive: Path) -> None:
    verdict = full_check(path, immutable=True)
    if not verdict.ok and verdict.kind is Problem.DAMAGED:
        raise BackupError(f"{archive} holds a damaged database")
    if not verdict.ok:
        raise BackupError(f"{archive} holds a database that is not a readinglist-gui library")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        versioned = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone()
    finally:
        connection.close()
    if not versioned or versioned[0] != 1:
        raise BackupError(f"{archive} holds a database that is not a readinglist-gui library")
