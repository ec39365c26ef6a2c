"""The ``readinglist-gui`` command: the app with no arguments, scripting otherwise.

Subcommands use the core only, so they work on a machine with no display.
Every failure is at most three lines on stderr (what is wrong, then what to
do) and an exit code saying which kind of failure it was, never a traceback
unless ``--debug`` asks for one; every command that writes does so in one
transaction.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from readinglist_gui import __version__, collector_hold, group_commands, highlight_commands
from readinglist_gui.core.exporters.formats import FORMATS
from readinglist_gui.core.importers.formats import FORMAT_NAMES

EXIT_OK = 0
EXIT_ERROR = 1
"""Anything else went wrong: bad input, no such paper, a failed download, a newer library."""
EXIT_USAGE = 2
"""The command line itself was wrong (argparse's convention)."""
EXIT_BUSY = 3
"""Another program kept the library locked past the timeout: trying again later may work."""
EXIT_READ_ONLY = 4
"""The library, or a file the command writes, may not be written (read-only, permissions)."""
EXIT_DISK_FULL = 5
EXIT_DAMAGED = 6
"""The library file is damaged, empty or not a library; ``check`` found damage."""
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1
"""The reader of our output went away (``list | head``): quiet, as for a tool killed by SIGPIPE."""
EXIT_INTERRUPTED = 130
EXIT_CODES = {
    "busy": EXIT_BUSY,
    "read-only": EXIT_READ_ONLY,
    "disk-full": EXIT_DISK_FULL,
    "damaged": EXIT_DAMAGED,
    "empty": EXIT_DAMAGED,
    "not-a-library": EXIT_DAMAGED,
}
"""Exit code per ``storage_errors.Problem`` value; every other problem exits ``EXIT_ERROR``."""
PROG = "readinglist-gui"
EXPORT_FORMATS = list(FORMATS)
"""From the exporters' registry, which imports nothing: --help loads no writer and no SQLAlchemy."""


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
        "--debug", action="store_true", help="show the full traceback when a command fails"
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open a throwaway library and the window offscreen, then exit (for packagers)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser(
        "import",
        help="import reading lists, exports or id lists",
        description="Read files and folders into the library. If any named file cannot be "
        "read as a list, each bad one is named and nothing is imported (exit status 1). "
        "arXiv's metadata snapshot (arxiv-metadata-oai-snapshot.json) is read and written a "
        "chunk at a time; Ctrl+C stops it keeping the chunks written (exit status 130).",
    )
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument(
        "--format",
        metavar="NAME",
        help="read every file as this format instead of detecting it: " + ", ".join(FORMAT_NAMES),
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="print the report without changing the library"
    )
    importing.add_argument(
        "--category",
        dest="categories",
        action="append",
        default=[],
        metavar="CAT",
        help="arXiv metadata snapshot only: take papers in this category (repeat for any of "
        "several; an archive such as cs takes all of its categories)",
    )
    importing.add_argument(
        "--since",
        type=int,
        metavar="YEAR",
        help="arXiv metadata snapshot only: take papers first posted in YEAR or later",
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

    restoring = commands.add_parser(
        "restore",
        help="put an automatic backup in place of the library (the old file is kept aside), "
        "or unpack a .zip backup into a new, empty folder DIR",
    )
    restoring.add_argument("archive", type=Path, metavar="BACKUP")
    restoring.add_argument("target", type=Path, metavar="DIR", nargs="?")

    commands.add_parser(
        "check", help="check the library file for damage and name the backup to restore"
    )

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
    from readinglist_gui import fulltext_commands

    fulltext_commands.add_parsers(commands)
    highlight_commands.add_parsers(commands)
    group_commands.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_check:
        from readinglist_gui import self_check

        return self_check.run()
    if args.command is None:
        collector_hold.hold()  # the app lets go once its window is on screen
    from readinglist_gui.core.library import default_library_dir

    folder = args.library or default_library_dir()
    if args.command is None:
        from readinglist_gui.app import run_gui

        return run_gui(folder)
    try:
        from readinglist_gui import commands

        return commands.run(args, folder)
    except BrokenPipeError:
        # Whoever read our output stopped (``list | head``): nothing to report.
        # Later writes, including the flush at exit, go nowhere rather than fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _report(exc, debug=args.debug)


def _report(exc: Exception, *, debug: bool) -> int:
    """Say what failed in at most three lines (a traceback first with ``--debug``)."""
    from readinglist_gui.commands import CommandError

    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, CommandError):
        lines = [f"{PROG}: error: {_one_line(str(exc))}", *map(_one_line, exc.hints)][:3]
        code = EXIT_CODES.get(exc.problem.value, EXIT_ERROR)
    else:
        lines = [f"{PROG}: error: unexpected {type(exc).__name__}: {_one_line(str(exc))}"]
        if not debug:
            lines.append(f"run again with {PROG} --debug … to see where it happened")
        code = EXIT_ERROR
    for line in lines:
        print(line, file=sys.stderr)
    return code


def _one_line(text: str) -> str:
    """The first line of a message: SQLAlchemy's append the SQL and a web address."""
    return text.strip().split("\n", 1)[0]
