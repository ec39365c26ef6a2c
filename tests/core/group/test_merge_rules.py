"""The merge rules of a sync, on plain values: no server needed."""

from __future__ import annotations

from typing import Any

from readinglist_gui.core.group import state


def shared(**fields: Any) -> state.Shared:
    base: state.Shared = {
        "title": "Attention Is All You Need",
        "title_truncated": False,
        "authors": ["Ashish Vaswani"],
        "year": 2017,
        "venue": "",
        "abstract": "",
        "arxiv_id": "1706.03762",
        "doi": None,
        "links": [["https://arxiv.org/abs/1706.03762", "abs"]],
        "tags": ["NLP"],
        "pdf": None,
    }
    return base | fields


def mine(**fields: Any) -> state.Mine:
    return dict(state.EMPTY_MINE) | fields


def test_only_what_this_library_changed_overwrites_the_servers_fields() -> None:
    base = shared()
    local = shared(venue="NeurIPS", tags=["NLP", "Classics"])
    server = shared(abstract="Recurrent models...", tags=["NLP", "Transformers"])
    merged = state.merge_shared(server, local, base)
    assert merged["venue"] == "NeurIPS"
    assert merged["abstract"] == "Recurrent models..."
    assert merged["tags"] == ["Classics", "NLP", "Transformers"]


def test_a_tag_removed_here_goes_and_one_added_elsewhere_stays() -> None:
    base = shared(tags=["NLP", "Old"])
    local = shared(tags=["NLP"])
    server = shared(tags=["NLP", "Old", "New"])
    assert state.merge_shared(server, local, base)["tags"] == ["New", "NLP"]


def test_tags_differing_only_in_case_are_one_tag() -> None:
    assert state.shared_changes(shared(tags=["nlp"]), shared(tags=["NLP"])) == []


def test_papers_meeting_for_the_first_time_merge_by_the_import_rules() -> None:
    server = shared(title="Attention Is All You…", title_truncated=True, venue="NeurIPS")
    local = shared(venue="NIPS", abstract="The dominant models.", tags=["Mine"])
    merged = state.merge_shared(server, local, None)
    assert merged["title"] == "Attention Is All You Need", "a full title completes a cut one"
    assert merged["venue"] == "NeurIPS", "what the group has stays"
    assert merged["abstract"] == "The dominant models.", "gaps are filled"
    assert merged["tags"] == ["Mine", "NLP"]


def test_progress_merges_per_group_of_fields_and_this_devices_change_wins() -> None:
    base = mine(status="skimmed", last_page=3)
    local = mine(status="noted", status_manual=True, last_page=3)
    server = mine(status="skimmed", last_page=9, zoom="fit-width")
    merged = state.merge_mine(server, local, base)
    assert (merged["status"], merged["status_manual"]) == ("noted", True)
    assert merged["last_page"] == 9 and merged["zoom"] == "fit-width"


def test_progress_without_a_base_only_moves_forward() -> None:
    server = mine(status="noted")
    assert state.merge_mine(server, mine(status="skimmed"), None)["status"] == "noted"
    assert state.merge_mine(mine(), mine(status="skimmed"), None)["status"] == "skimmed"


def test_a_note_edited_on_two_devices_keeps_both_texts() -> None:
    merged = state.merge_note("theirs", "mine", "old")
    assert merged == "theirs" + state.CONFLICT_MARK + "mine"
    assert state.merge_note("old", "mine", "old") == "mine", "no other edit: just replace"
    assert state.merge_note("theirs", "old", "old") == "theirs", "no edit here: theirs stands"
    assert state.merge_note("same", "same", "old") == "same"
    assert state.merge_note("", "mine", None) == "mine"
    assert state.merge_note("a longer text", "longer", None) == "a longer text"
