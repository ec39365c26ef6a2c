"""The ``readinglist-gui`` command: the app with no arguments, scripting otherwise.

Subcommands use the core only, so they work on a machine with no display.
Every failure is one line on stderr and a non-zero exit; every command that
writes does so in one transaction.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from readinglist_gui import __version__, group_commands

EXIT_ERROR = 1
PROG = "readinglist-gui"
EXPORT_FORMATS = ["json", "bibtex", "csl-json", "markdown", "html"]
"""Spelled out rather than read from the exporters, so --help loads no core module."""


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
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open a throwaway library and the window offscreen, then exit (for packagers)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser("import", help="import reading lists, exports or id lists")
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument(
        "--format", help="skip format detection (markdown, annotated, course, bibtex, ...)"
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="print the report without changing the library"
    )

    exporting = commands.add_parser("export", help="export the library, a reading list or a tag")
    exporting.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    exporting.add_argument("-o", "--output", type=Path, metavar="FILE")
    exporting.add_argument("--list", dest="list_name", metavar="NAME")
    exporting.add_argument("--tag", dest="tags", action="append", default=[], metavar="T")
    exporting.add_argument(
        "--notes", action="store_true", help="include notes in a Markdown export"
    )

    backing_up = commands.add_parser("backup", help="write the whole library to one .zip file")
    backing_up.add_argument("archive", type=Path, metavar="FILE")

    restoring = commands.add_parser("restore", help="unpack a backup into a new, empty folder")
    restoring.add_argument("archive", type=Path, metavar="FILE")
    restoring.add_argument("target", type=Path, metavar="DIR")

    fetching = commands.add_parser(
        "fetch", help="fill details and download PDFs from arXiv (all three when no flag is given)"
    )
    fetching.add_argument("--list", dest="list_name", metavar="NAME")
    fetching.add_argument("--pdfs", action="store_true", help="download PDFs for offline reading")
    fetching.add_argument("--metadata", action="store_true", help="fill authors, abstracts, years")
    fetching.add_argument(
        "--resolve-titles", action="store_true", help="find title-only papers on arXiv"
    )

    attaching = commands.add_parser("attach", help="attach a local PDF to a paper")
    attaching.add_argument("paper_id", type=int, metavar="PAPER_ID")
    attaching.add_argument("file", type=Path, metavar="FILE")

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
    group_commands.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_check:
        from readinglist_gui import self_check

        return self_check.run()
    from readinglist_gui.core.library import default_library_dir

    folder = args.library or default_library_dir()
    if args.command is None:
        from readinglist_gui.app import run_gui

        return run_gui(folder)
    if args.command in group_commands.COMMANDS:
        return group_commands.run(args, folder)
    from readinglist_gui import commands

    try:
        return commands.run(args, folder)
    except commands.CommandError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
