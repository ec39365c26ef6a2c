"""The ``readinglist-gui`` command: the app with no arguments, scripting otherwise.

Subcommands use the core only, so they work on a machine with no display.
Every failure is one line on stderr and a non-zero exit; every command that
writes does so in one transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist_gui import __version__
from readinglist_gui.core.query import PaperQuery, SortKey

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

EXIT_ERROR = 1
EXIT_USAGE = 2
PROG = "readinglist-gui"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="A calm, offline-first reading tracker for research papers."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        help="library folder (default: $READINGLIST_HOME or the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser("import", help="import reading lists, exports or id lists")
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument("--format", choices=_import_formats(), help="skip format detection")
    importing.add_argument(
        "--dry-run", action="store_true", help="print the report without changing the library"
    )

    exporting = commands.add_parser("export", help="export the library or part of it")
    exporting.add_argument("--format", required=True, choices=["json"])
    exporting.add_argument("-o", "--output", type=Path, metavar="FILE")
    exporting.add_argument("--list", dest="list_name", metavar="NAME")
    exporting.add_argument("--tag", dest="tags", action="append", default=[], metavar="T")

    listing = commands.add_parser("list", help="list papers matching filters")
    listing.add_argument("--tag", dest="tags", action="append", default=[], metavar="T")
    listing.add_argument("--any-tag", action="store_true", help="match any of the tags, not all")
    listing.add_argument("--status", choices=["unread", "skimmed", "noted"])
    listing.add_argument("--list", dest="list_name", metavar="NAME")
    listing.add_argument("--search", default="", metavar="Q")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    status = commands.add_parser("status", help="set a paper's status by hand")
    status.add_argument("paper_id", type=int, metavar="PAPER_ID")
    status.add_argument("status", choices=["unread", "skimmed", "noted"], metavar="STATUS")
    return parser


def _import_formats() -> list[str]:
    from readinglist_gui.core.importers import FORMATS

    return list(FORMATS)


class CommandError(Exception):
    """A failure the user can act on, reported as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from readinglist_gui.core.library import default_library_dir

    folder = args.library or default_library_dir()
    if args.command is None:
        from readinglist_gui.app import run_gui

        return run_gui(folder)
    try:
        return run_command(args, folder)
    except CommandError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def run_command(args: argparse.Namespace, folder: Path) -> int:
    from readinglist_gui.core.database import LibraryError
    from readinglist_gui.core.importers import ImportError_
    from readinglist_gui.core.library import Library

    try:
        with Library.open(folder) as library:
            return COMMANDS[args.command](library, args)
    except (LibraryError, ImportError_) as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        raise CommandError(f"{exc.strerror or exc}{name}") from exc


def _import(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.importers import read_paths

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
    from readinglist_gui.core.exporters import json_exchange
    from readinglist_gui.core.files import write_atomic

    query = _query(library, args)
    exported = None if query == PaperQuery() else query
    batch = library.export_batch(exported)
    ids = sorted(library.ids(query))
    text = json_exchange.dumps(batch, ids)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text.encode("utf-8"))
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.records import Status

    query = _query(library, args)
    if args.status:
        query = replace(query, statuses=frozenset({Status(args.status)}))
    rows = library.page(query, limit=1_000_000).rows
    if args.json:
        print_json(
            [
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
            ]
        )
    else:
        for r in rows:
            year = r.year if r.year is not None else "-"
            print(f"{r.id}\t{r.status.value}\t{year}\t{r.title}")
    return 0


def _status(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.records import Status

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


COMMANDS = {"import": _import, "export": _export, "list": _list, "status": _status}
