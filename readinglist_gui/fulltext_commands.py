"""``readinglist-gui index`` and ``readinglist-gui fulltext``: the PDF text index from a shell.

Kept out of ``cli`` and ``commands`` so those gain two lines each. Importing
this module costs nothing beyond ``argparse``: ``cli`` adds the subcommands
before anything else is loaded, and the core is imported when one runs.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library


def add_parsers(commands: Any) -> None:
    """Add both subcommands to ``cli``'s subparsers."""
    commands.add_parser(
        "index",
        help="read the text of new or changed PDFs into the full-text index (Ctrl-C stops; "
        "the next run goes on)",
    )
    searching = commands.add_parser("fulltext", help="search the text of the library's PDFs")
    searching.add_argument("query", metavar="QUERY")
    searching.add_argument("--json", action="store_true", help="print JSON instead of lines")
    searching.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N pages (default 20)"
    )


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def index(library: Library, args: argparse.Namespace) -> int:
    """Exit 0 once every PDF is read (skipped ones are listed on stderr), 1 if cancelled."""
    from readinglist_gui.commands import CommandError
    from readinglist_gui.core.fulltext.extraction import ExtractorUnavailable
    from readinglist_gui.core.fulltext.indexer import Indexer
    from readinglist_gui.terminal_progress import ProgressBar

    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    bar = ProgressBar()
    try:
        summary = Indexer(library).run(progress=bar.update, cancelled=stop.is_set)
    except ExtractorUnavailable as exc:
        raise CommandError(str(exc)) from exc
    finally:
        bar.finish()
        signal.signal(signal.SIGINT, previous)
    for problem in summary.problems:
        print(
            f"paper {problem.paper_id} ({problem.state.value}): {problem.reason}", file=sys.stderr
        )
    print(summary.text())
    return 1 if summary.cancelled else 0


def fulltext(library: Library, args: argparse.Namespace) -> int:
    """Hits best first: ``paper_id<TAB>page<TAB>snippet`` lines, or JSON."""
    from readinglist_gui.commands import CommandError, print_json
    from readinglist_gui.core.fulltext.search import search, words
    from readinglist_gui.core.fulltext.status import unread_pdfs

    if not words(args.query):
        raise CommandError("the query has no words to search for")
    hits = search(library, args.query, args.limit)
    waiting = unread_pdfs(library)
    if waiting:
        plural = "s are" if waiting != 1 else " is"
        print(f"note: {waiting} PDF{plural} not indexed yet; run `index`", file=sys.stderr)
    if args.json:
        print_json([{"paper_id": h.paper_id, "page": h.page, "snippet": h.snippet} for h in hits])
    else:
        for hit in hits:
            print(f"{hit.paper_id}\t{hit.page}\t{hit.snippet}")
    return 0


COMMANDS = {"index": index, "fulltext": fulltext}
