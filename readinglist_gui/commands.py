"""What each ``readinglist-gui`` subcommand does, on the core only.

Kept apart from ``cli`` so that ``--version`` and ``--help`` answer without
importing SQLAlchemy, and so that nothing here can reach for Qt. Every
failure leaves here as one :class:`CommandError`: storage trouble in the
user's words (``storage_errors``), with a line or two on what to do.
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import signal
import sys
import textwrap
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from readinglist_gui.core import auto_backup, recovery
from readinglist_gui.core.backup import BackupError, back_up, restore
from readinglist_gui.core.database import DATABASE_NAME, is_read_only
from readinglist_gui.core.exporters import export_to
from readinglist_gui.core.files import atomic_file
from readinglist_gui.core.importers import FORMAT_NAMES, UnreadableFile, format_named, read_paths
from readinglist_gui.core.integrity import full_check
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.core.storage_errors import (
    RECOVERABLE_FROM_BACKUP,
    LibraryError,
    Problem,
    explain,
)
from readinglist_gui.fulltext_commands import COMMANDS as FULLTEXT_COMMANDS
from readinglist_gui.group_commands import COMMANDS as GROUP_COMMANDS
from readinglist_gui.highlight_commands import COMMANDS as HIGHLIGHT_COMMANDS

WRITES = frozenset({"import", "status", "attach", "fetch", "index", "sync"})
"""Commands that change the library, refused at once when it is read-only for the user."""
AUTO_BACKUP_MAX_BYTES = 100 * 2**20
"""Largest library file a command backs up before writing, when a daily backup is due:
copying and checking 100 MB takes about a second here (bench/backups.py: a 626 MB
library in 4-12 s). Larger libraries are backed up by the app, in the background."""


class CommandError(Exception):
    """A failure the user can act on: one line, then up to two ``hints`` on what to do."""

    def __init__(
        self, message: str, *, problem: Problem = Problem.OTHER, hints: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.hints = hints


def run(args: argparse.Namespace, folder: Path) -> int:
    database = folder / DATABASE_NAME
    try:
        if args.command in ("restore", "check"):
            code = _restore(args, folder) if args.command == "restore" else _check(folder)
            sys.stdout.flush()
            return code
        with Library.open(folder) as library:
            if args.command in WRITES:
                if is_read_only(library.engine):
                    raise CommandError(
                        f"{database} is read-only for you: {args.command} cannot change it",
                        problem=Problem.READ_ONLY,
                    )
                _back_up_if_due(folder)
            code = COMMANDS[args.command](library, args)
        sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
        return code
    except (CommandError, BrokenPipeError):
        raise
    except LibraryError as exc:
        raise _failure(exc, folder) from exc
    except (UnreadableFile, BackupError) as exc:
        raise CommandError(str(exc)) from exc
    except Exception as exc:
        explained = explain(exc, database)
        if explained is not None:
            raise _failure(explained, folder) from exc
        if isinstance(exc, OSError):
            name = f" {exc.filename}" if exc.filename else ""
            raise CommandError(f"{exc.strerror or exc}{name}") from exc
        raise


def _back_up_if_due(folder: Path) -> None:
    """Make the day's automatic backup before a write, when the library is small enough.

    The copy is checked, so a damaged library is found here and the write
    refused; a backup that cannot be made only earns a warning.
    """
    database = folder / DATABASE_NAME
    if database.stat().st_size > AUTO_BACKUP_MAX_BYTES or not auto_backup.is_due(folder):
        return
    try:
        outcome = auto_backup.make_backup(folder)
    except LibraryError as exc:
        print(f"{_prog()}: warning: no automatic backup today: {exc}", file=sys.stderr)
        return
    if outcome.check is not None and not outcome.check.ok:
        raise CommandError(
            outcome.check.summary(), problem=outcome.check.kind, hints=_backup_hints(folder)
        )
    if outcome.skipped:
        print(f"{_prog()}: warning: {outcome.skipped}", file=sys.stderr)


def _failure(exc: LibraryError, folder: Path) -> CommandError:
    problem = exc.problem
    cause = explain(exc.__cause__) if isinstance(exc.__cause__, OSError) else None
    if problem is Problem.OTHER and cause is not None:
        problem = cause.problem  # say "cannot create the folder", exit as a permission problem
    hints = _backup_hints(folder) if problem in RECOVERABLE_FROM_BACKUP else ()
    return CommandError(str(exc), problem=problem, hints=hints)


def _backup_hints(folder: Path) -> tuple[str, ...]:
    """Which automatic backup to restore, and the command that does it (two lines)."""
    readable = [info for info in auto_backup.list_backups(folder) if info.papers is not None]
    if not readable:
        return (
            f"no automatic backups in {folder / auto_backup.BACKUP_FOLDER}; restore a .zip "
            "backup into a new folder, or move the file away to start a new library",
        )
    newest = readable[0]
    command = shlex.join([_prog(), "--library", str(folder), "restore", str(newest.path)])
    return (
        f"the newest automatic backup is {newest.path.name} ({newest.describe()})",
        f"to put it in place (the current file is kept aside): {command}",
    )


def _prog() -> str:
    from readinglist_gui.cli import PROG

    return PROG


def _import(library: Library, args: argparse.Namespace) -> int:
    """Read every named file first: if any cannot be read, name each bad one and import nothing."""
    from readinglist_gui.cli import PROG

    if args.format is not None and format_named(args.format) is None:
        raise CommandError(
            f"unknown format {args.format!r} for --format; known: {', '.join(FORMAT_NAMES)}"
        )
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    from readinglist_gui import snapshot_commands
    from readinglist_gui.core.snapshot_import import snapshot_files

    snapshots = snapshot_files(list(args.paths), args.format)
    if snapshots is not None:
        return snapshot_commands.import_snapshots(library, args, snapshots)
    if args.categories or args.since is not None:
        raise CommandError(
            "--category and --since choose papers from an arXiv metadata snapshot "
            "(arxiv-metadata-oai-snapshot.json); the files named are not one"
        )
    try:
        batch = read_paths(list(args.paths), format=args.format)
    except UnreadableFile as exc:
        # At most three lines, however many files were refused.
        refusals = [str(refusal) for refusal in exc.refusals]
        if len(refusals) > 2:
            refusals = [f"{len(refusals)} files cannot be read: {'; '.join(refusals)}"]
        for refusal in refusals:
            print(f"{PROG}: error: {refusal}", file=sys.stderr)
        print(
            f"{PROG}: nothing was imported; to read a file as one format, "
            f"add --format NAME ({', '.join(FORMAT_NAMES)})",
            file=sys.stderr,
        )
        return 1
    report = library.import_batch(batch, dry_run=args.dry_run)
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb}: {report.summary()}")
    return 0


def _export(library: Library, args: argparse.Namespace) -> int:
    """Written as it is read: a million-paper JSON export never sits in memory whole."""
    query = _query(library, args)
    title = f"Papers tagged {', '.join(args.tags)}" if args.tags else "Reading list"
    if args.list_name:
        title = args.list_name
    if args.output is None:
        export_to(library, args.format, sys.stdout, query, notes=args.notes, title=title)
        return 0
    with atomic_file(args.output) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        export_to(library, args.format, text, query, notes=args.notes, title=title)
        text.flush()
        text.detach()
    return 0


def _backup(library: Library, args: argparse.Namespace) -> int:
    summary = back_up(library.folder, args.archive)
    print(f"backed up the library and {summary.pdfs} PDFs to {args.archive}")
    return 0


def _restore(args: argparse.Namespace, folder: Path) -> int:
    """Runs without opening a library: the one in place may be damaged, the target new."""
    if not args.archive.is_file():
        raise CommandError(f"no such file: {args.archive}")
    if args.target is not None:
        summary = restore(args.archive, args.target)
        print(f"restored the library and {summary.pdfs} PDFs into {args.target}")
        return 0
    if args.archive.suffix.lower() == ".zip":
        raise CommandError(
            f"{args.archive} is a .zip backup: unpack it into a new, empty folder with "
            f"{_prog()} restore {args.archive} DIR"
        )
    restored = recovery.restore_in_place(folder, args.archive)
    papers = f"{restored.papers:,} papers" if restored.papers is not None else "the library"
    print(f"restored {papers} from {args.archive} into {restored.database}")
    if restored.kept_aside:
        print(f"the file it replaced is kept as {', '.join(map(str, restored.kept_aside))}")
    return 0


def _check(folder: Path) -> int:
    """SQLite's full integrity check; damage is an error naming the backup to restore."""
    database = folder / DATABASE_NAME
    if not database.exists():
        raise CommandError(
            f"{folder} holds no library: {DATABASE_NAME} is missing",
            problem=Problem.DAMAGED,
            hints=_backup_hints(folder),
        )
    result = full_check(database)
    if not result.ok:
        for line in result.problems:
            print(line)
        raise CommandError(result.summary(), problem=result.kind, hints=_backup_hints(folder))
    papers = f"{result.papers:,} papers, " if result.papers is not None else ""
    print(f"{database}: no damage found ({papers}checked in {result.seconds:.1f} s)")
    backups = auto_backup.list_backups(folder)
    if backups:
        print(f"newest automatic backup: {backups[0].path.name} ({backups[0].describe()})")
    else:
        print("no automatic backups yet")
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    """Rows are read and printed a chunk at a time: a million papers never sit in memory."""
    query = _query(library, args)
    if args.status:
        query = replace(query, statuses=frozenset({Status(args.status)}))
    rows = (row for chunk in library.stream(query) for row in chunk)
    if args.json:
        print_json_items(
            {
                "id": r.id,
                "title": r.title,
                "authors": r.authors,
                "year": r.year,
                "status": r.status.value,
                "tags": [t for t in r.tags.split(", ") if t],
                "place": r.place,
            }
            for r in rows
        )
    else:
        for r in rows:
            year = r.year if r.year is not None else "-"
            sys.stdout.write(f"{r.id}\t{r.status.value}\t{year}\t{r.title}\n")
    return 0


def _status(library: Library, args: argparse.Namespace) -> int:
    if library.paper(args.paper_id) is None:
        raise CommandError(f"no paper with id {args.paper_id}")
    library.set_status([args.paper_id], Status(args.status))
    return 0


def _query(library: Library, args: argparse.Namespace) -> PaperQuery:
    query = PaperQuery(
        text=getattr(args, "search", ""),
        tags=tuple(args.tags),
        tag_mode="any" if getattr(args, "any_tag", False) else "all",
        sort=SortKey.ADDED,
        descending=False,
    )
    if args.list_name:
        found = library.find_list(args.list_name)
        if found is None:
            raise CommandError(f"no reading list named {args.list_name!r}")
        query = replace(query, list_id=found.id, sort=SortKey.POSITION)
    return query


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_json_items(items: Iterable[object]) -> None:
    """A JSON array written item by item, exactly as ``print_json`` writes the whole list."""
    opened = False
    for item in items:
        sys.stdout.write(",\n" if opened else "[\n")
        opened = True
        sys.stdout.write(textwrap.indent(json.dumps(item, ensure_ascii=False, indent=2), "  "))
    sys.stdout.write("\n]\n" if opened else "[]\n")


def _fetch(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.fetch import fetch
    from readinglist_gui.terminal_progress import ProgressBar

    everything = not (args.pdfs or args.metadata or args.resolve_titles)
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    bar = ProgressBar()
    try:
        summary = fetch(
            library,
            list_name=args.list_name,
            pdfs=args.pdfs or everything,
            metadata=args.metadata or everything,
            resolve_titles=args.resolve_titles or everything,
            progress=bar.update,
            cancelled=stop.is_set,
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        bar.finish()
        signal.signal(signal.SIGINT, previous)
    for failure in summary.failures:
        print(f"paper {failure.paper_id} ({failure.stage}): {failure.message}", file=sys.stderr)
    print(summary.text())
    return 0 if summary.ok else 1


def _attach(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.attachments import attach_file
    from readinglist_gui.core.pdf import PdfError

    if library.paper(args.paper_id) is None:
        raise CommandError(f"no paper with id {args.paper_id}")
    if not args.file.is_file():
        raise CommandError(f"no such file: {args.file}")
    try:
        attached = attach_file(library, args.paper_id, args.file, f"paper-{args.paper_id}")
    except PdfError as exc:
        raise CommandError(f"{args.file.name}: {exc}") from exc
    if attached.highlights:
        print(f"took in {attached.highlights} highlights from {args.file.name}")
    return 0


COMMANDS = {
    "fetch": _fetch,
    "attach": _attach,
    "import": _import,
    "export": _export,
    "backup": _backup,
    "list": _list,
    "status": _status,
    **FULLTEXT_COMMANDS,
    **HIGHLIGHT_COMMANDS,
    **GROUP_COMMANDS,
}
