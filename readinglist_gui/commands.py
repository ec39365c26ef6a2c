"""What each ``readinglist-gui`` subcommand does, on the core only.

Kept apart from ``cli`` so that ``--version`` and ``--help`` answer without
importing SQLAlchemy, and so that nothing here can reach for Qt.
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import sys
import textwrap
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from readinglist_gui.core.backup import BackupError, back_up, restore
from readinglist_gui.core.database import LibraryError
from readinglist_gui.core.exporters import export_to
from readinglist_gui.core.files import atomic_file
from readinglist_gui.core.importers import FORMATS, ImportError_, read_paths
from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status


class CommandError(Exception):
    """A failure the user can act on, reported as one line."""


def run(args: argparse.Namespace, folder: Path) -> int:
    try:
        if args.command == "restore":
            return _restore(args)
        with Library.open(folder) as library:
            return COMMANDS[args.command](library, args)
    except (LibraryError, ImportError_, BackupError) as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        raise CommandError(f"{exc.strerror or exc}{name}") from exc


def _import(library: Library, args: argparse.Namespace) -> int:
    if args.format is not None and args.format not in FORMATS:
        raise CommandError(f"unknown format {args.format!r}; known: {', '.join(FORMATS)}")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    batch = read_paths(list(args.paths), format=args.format)
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


def _restore(args: argparse.Namespace) -> int:
    """Runs without opening a library: the target must not be one yet."""
    if not args.archive.is_file():
        raise CommandError(f"no such file: {args.archive}")
    summary = restore(args.archive, args.target)
    print(f"restored the library and {summary.pdfs} PDFs into {args.target}")
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
    from readinglist_gui.core.pdf import PdfError, attach_pdf

    if library.paper(args.paper_id) is None:
        raise CommandError(f"no paper with id {args.paper_id}")
    if not args.file.is_file():
        raise CommandError(f"no such file: {args.file}")
    try:
        target = attach_pdf(library.pdf_dir, args.file, f"paper-{args.paper_id}")
    except PdfError as exc:
        raise CommandError(f"{args.file.name}: {exc}") from exc
    library.set_pdf(args.paper_id, target.relative_to(library.folder).as_posix())
    return 0


COMMANDS = {
    "fetch": _fetch,
    "attach": _attach,
    "import": _import,
    "export": _export,
    "backup": _backup,
    "list": _list,
    "status": _status,
}
