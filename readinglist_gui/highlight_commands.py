"""``readinglist-gui export-pdf``: a paper's PDF with its highlights, for any other PDF reader.

Kept out of ``cli`` and ``commands`` so those gain two lines each. Importing
this module costs nothing beyond ``argparse``; the core (and PyMuPDF) load
when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library


def add_parsers(commands: Any) -> None:
    """Add the subcommand to ``cli``'s subparsers."""
    exporting = commands.add_parser(
        "export-pdf",
        help="write a copy of a paper's PDF with its highlights as PDF annotations "
        "(the library's own file is never changed)",
    )
    exporting.add_argument("paper_id", type=int, metavar="PAPER_ID")
    exporting.add_argument("output", type=Path, metavar="OUT.pdf")


def export_pdf(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.commands import CommandError
    from readinglist_gui.core.pdf import PdfError
    from readinglist_gui.core.pdf_annotations import save_with_highlights

    try:
        outcome = save_with_highlights(library, args.paper_id, args.output)
    except PdfError as exc:
        raise CommandError(str(exc)) from exc
    print(f"wrote {args.output}: {outcome.describe()}")
    return 0


COMMANDS = {"export-pdf": export_pdf}
