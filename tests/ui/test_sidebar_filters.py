"""The sidebar's selection as a value: how it narrows the query on screen, without a window."""

from __future__ import annotations

from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.ui.view_state import SidebarFilters


def test_filters_replace_the_narrowing_and_keep_the_search_text() -> None:
    before = PaperQuery(text="attention", tags=("old",), statuses=frozenset({Status.NOTED}))
    query = SidebarFilters(
        statuses=frozenset({Status.UNREAD}), tags=("LLM", "MoE"), tag_mode="any"
    ).apply_to(before)
    assert query.text == "attention"
    assert query.statuses == frozenset({Status.UNREAD})
    assert (query.tags, query.tag_mode) == (("LLM", "MoE"), "any")
    assert (query.sort, query.descending) == (before.sort, before.descending)


def test_choosing_a_list_shows_its_order_and_leaving_it_goes_back_to_newest_first() -> None:
    by_year = PaperQuery(sort=SortKey.YEAR, descending=False)
    in_list = SidebarFilters(list_id=3, section_id=7).apply_to(by_year)
    assert (in_list.list_id, in_list.section_id) == (3, 7)
    assert (in_list.sort, in_list.descending) == (SortKey.POSITION, False)

    by_title = PaperQuery(list_id=3, sort=SortKey.TITLE)
    assert SidebarFilters(list_id=3).apply_to(by_title).sort is SortKey.TITLE, (
        "a sort chosen in a list stays"
    )
    back = SidebarFilters().apply_to(in_list)
    assert back.list_id is None
    assert (back.sort, back.descending) == (SortKey.ADDED, True)


def test_needs_review_is_the_waiting_papers_by_id() -> None:
    query = SidebarFilters(review_ids=(4, 9)).apply_to(PaperQuery(ids=None))
    assert query.ids == (4, 9)
    assert SidebarFilters().apply_to(query).ids is None
