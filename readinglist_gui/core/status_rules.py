"""The rules of reading progress, kept in one place because three features share them.

Notes, the PDF reader and importers all propose a status; only the user may
move a paper backwards, and once the user has chosen, automation stays quiet.
"""

from __future__ import annotations

from readinglist_gui.core.records import Status

SKIM_PAGES = 3
"""Pages a reader must turn before an unread paper counts as skimmed."""


def promoted(current: Status, manual: bool, proposed: Status) -> Status:
    """The status after an automatic proposal: forward only, never over a hand-set one."""
    if manual or proposed.rank <= current.rank:
        return current
    return proposed


def status_for_reading(pages_seen: int) -> Status:
    """What paging through a PDF proposes: a glance is not yet a skim."""
    return Status.SKIMMED if pages_seen >= SKIM_PAGES else Status.UNREAD


def status_for_note(markdown: str) -> Status:
    """A note with any text makes a paper noted, like the green highlight in published lists."""
    return Status.NOTED if markdown.strip() else Status.UNREAD
