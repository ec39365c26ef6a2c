"""One member on two devices: two local libraries, one role, conflicts resolved per field."""

from __future__ import annotations

from pathlib import Path

from conftest import Group  # the group fixtures of this folder
from library_factory import sample_batch
from test_two_members import by_arxiv

from readinglist_gui.core.group import sync
from readinglist_gui.core.group.state import CONFLICT_MARK
from readinglist_gui.core.library import Library
from readinglist_gui.core.records import Status


def test_the_second_device_gets_this_members_own_progress_and_notes(
    devices: tuple[Library, Library],
) -> None:
    _laptop, desktop = devices
    paged = desktop.paper(by_arxiv(desktop, "2309.06180"))
    assert paged is not None
    assert paged.note == "Paged KV cache, like virtual memory."
    assert paged.status is Status.NOTED


def test_a_note_edited_on_both_devices_keeps_both_texts_marked(
    devices: tuple[Library, Library],
) -> None:
    laptop, desktop = devices
    on_laptop, on_desktop = by_arxiv(laptop, "1706.03762"), by_arxiv(desktop, "1706.03762")
    laptop.set_note(on_laptop, "Written on the train.")
    desktop.set_note(on_desktop, "Written at my desk.")
    sync.sync_once(laptop)
    sync.sync_once(desktop)
    sync.sync_once(laptop)
    for library, pid in ((laptop, on_laptop), (desktop, on_desktop)):
        detail = library.paper(pid)
        assert detail is not None
        assert detail.note == "Written on the train." + CONFLICT_MARK + "Written at my desk."


def test_different_fields_of_ones_progress_merge_and_the_later_push_wins_a_field(
    devices: tuple[Library, Library],
) -> None:
    laptop, desktop = devices
    on_laptop, on_desktop = by_arxiv(laptop, "2405.04434"), by_arxiv(desktop, "2405.04434")
    laptop.set_status([on_laptop], Status.SKIMMED)
    desktop.record_reading(on_desktop, page=7, page_count=20, pages_seen=1)
    sync.sync_once(laptop)
    sync.sync_once(desktop)
    sync.sync_once(laptop)
    for library, pid in ((laptop, on_laptop), (desktop, on_desktop)):
        detail = library.paper(pid)
        assert detail is not None
        assert (detail.status, detail.status_manual, detail.last_page) == (Status.SKIMMED, True, 7)

    laptop.set_status([on_laptop], Status.NOTED)
    desktop.set_status([on_desktop], Status.UNREAD)
    sync.sync_once(laptop)
    sync.sync_once(desktop)
    sync.sync_once(laptop)
    for library, pid in ((laptop, on_laptop), (desktop, on_desktop)):
        detail = library.paper(pid)
        assert detail is not None and detail.status is Status.UNREAD, "the later push wins"


def test_a_device_joining_with_progress_of_its_own_keeps_it_and_the_groups(
    group_db: Group, tmp_path: Path
) -> None:
    laptop = Library.open(tmp_path / "laptop")
    laptop.import_batch(sample_batch())
    sync.init(laptop, group_db.url("alice"))
    laptop.set_status([by_arxiv(laptop, "2405.04434")], Status.SKIMMED)
    sync.sync_once(laptop)
    desktop = Library.open(tmp_path / "desktop")
    batch = sample_batch()
    batch.papers[0].status = Status.NOTED
    batch.papers[0].status_manual = True
    batch.papers[0].venue = "Desk venue"
    batch.papers[0].abstract = ""
    desktop.import_batch(batch)
    sync.join(desktop, group_db.url("alice"))
    sync.sync_once(laptop)
    assert desktop.count() == laptop.count() == 4, "the same papers met, not doubled"
    for library in (laptop, desktop):
        attention = library.paper(by_arxiv(library, "1706.03762"))
        deepseek = library.paper(by_arxiv(library, "2405.04434"))
        assert attention is not None and deepseek is not None
        assert attention.status is Status.NOTED
        assert deepseek.status is Status.SKIMMED
        assert attention.venue == "NeurIPS", "the group's value stays; the joiner fills gaps"
        assert attention.abstract.startswith("The dominant")
    laptop.close()
    desktop.close()
