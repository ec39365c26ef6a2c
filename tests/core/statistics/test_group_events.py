"""A status this member set on another device arrives through sync as an event of its own time."""

from __future__ import annotations

import datetime as dt

from group_fixtures import devices, group_db, pg_cluster  # noqa: F401 (fixtures)
from sqlalchemy import select

from readinglist_gui.core.group import sync
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.statistics.events import STATUS_EVENT
from readinglist_gui.core.writes.paper_edits import SetStatus


def paper_titled(library: Library, title: str) -> int:
    return next(r.id for r in library.head(PaperQuery(), 100) if r.title == title)


def events_of(library: Library, paper_id: int) -> list[tuple[str, dt.datetime]]:
    with library.engine.connect() as conn:
        rows = conn.execute(
            select(STATUS_EVENT.c.status, STATUS_EVENT.c.at)
            .where(STATUS_EVENT.c.paper_id == paper_id)
            .order_by(STATUS_EVENT.c.at, STATUS_EVENT.c.id)
        )
        return [(str(s), at) for s, at in rows]


def test_a_status_synced_from_another_device_is_an_event_at_the_time_it_was_set(
    devices: tuple[Library, Library],  # noqa: F811 (the fixture)
) -> None:
    laptop, desktop = devices
    title = "Deep Residual Learning for Image Recognition"
    on_laptop, on_desktop = paper_titled(laptop, title), paper_titled(desktop, title)
    assert events_of(desktop, on_desktop) == []
    when = dt.datetime(2026, 1, 12, 9, 30)
    laptop.write(SetStatus((on_laptop,), Status.SKIMMED, at=when))
    sync.sync_once(laptop)
    sync.sync_once(desktop)
    assert events_of(desktop, on_desktop) == [("skimmed", when)]
    assert events_of(laptop, on_laptop) == [("skimmed", when)]
