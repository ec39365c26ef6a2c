"""The ``group`` and ``sync`` subcommands: a library shared with a reading group.

Kept apart from ``cli`` and ``commands``: building their parsers imports
nothing, the group code (with psycopg, ~150-400 ms to import) loads only when
one of these commands runs, never when the app starts, and a ``sync`` started
every few minutes by a script does not pay for the importers and exporters.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readinglist_gui.core.group.sync import SyncReport
    from readinglist_gui.core.library import Library


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("group", help="share this library with a reading group")
    actions = group.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create a group in an empty database and push this library"
    )
    init.add_argument("url", metavar="URL", help="postgresql://ROLE@HOST:PORT/DB")
    join = actions.add_parser("join", help="link this library to a group, then sync")
    join.add_argument("url", metavar="URL", help="postgresql://ROLE@HOST:PORT/DB")
    for name, text in (("add-member", "give a role access"), ("remove-member", "take it away")):
        member = actions.add_parser(name, help=f"owner: {text}")
        member.add_argument("role", metavar="ROLE")
    shown = actions.add_parser("progress", help="every member's status per paper")
    shown.add_argument("--json", action="store_true", help="print JSON instead of a table")
    share = actions.add_parser("share-note", help="let the other members read a note of yours")
    share.add_argument("paper_id", type=int, metavar="PAPER_ID")
    share.add_argument("--stop", action="store_true", help="stop sharing it")
    actions.add_parser("leave", help="unlink this library; it stays as it is")
    commands.add_parser("sync", help="push this library's changes to its group, pull the others'")


def group(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.group import members, progress, sync
    from readinglist_gui.core.group.link_ops import ShareNote

    action = args.group_command
    if action in ("init", "join"):
        report = (sync.init if action == "init" else sync.join)(library, args.url)
        _print_report(report)
        link = sync.link_of(library)
        verb = "created" if action == "init" else "joined"
        print(f"{verb} the reading group as {link.role}: {report.summary()}")
    elif action in ("add-member", "remove-member"):
        changed = (members.add_member if action == "add-member" else members.remove_member)(
            library, args.role
        )
        state = "now a member" if action == "add-member" else "no longer a member"
        print(f"{args.role} is {state}" + ("" if changed else " (no change)"))
    elif action == "progress":
        sync.link_of(library)
        rows = progress.progress(library)
        if args.json:
            from readinglist_gui.commands import print_json

            print_json(rows)
        else:
            for row in rows:
                statuses = ", ".join(f"{m}: {s}" for m, s in sorted(row["members"].items()))
                print(f"{row['id']}\t{row['title']}\t{statuses}")
    elif action == "share-note":
        sync.link_of(library)
        library.write(ShareNote(args.paper_id, not args.stop))
        print("the note goes to the group with the next sync")
    else:
        link = sync.leave(library)
        print(f"left the reading group at {link.url}; the library stays as it is")
    return 0


def sync_command(library: Library, args: argparse.Namespace) -> int:
    from readinglist_gui.core.group import sync

    report = sync.sync_once(library)
    _print_report(report)
    print(f"synced: {report.summary()}")
    return 0


def _print_report(report: SyncReport) -> None:
    for problem in report.problems:
        print(f"note: {problem}", file=sys.stderr)


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "group": group,
    "sync": sync_command,
}
