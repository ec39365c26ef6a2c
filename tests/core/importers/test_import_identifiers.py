"""Plain identifier lists."""

from __future__ import annotations

from pathlib import Path

from readinglist_gui.core.importers import identifier_list, read_path

DATA = Path(__file__).parents[2] / "data" / "importers"


def test_every_identifier_form_and_junk_reported() -> None:
    batch = read_path(DATA / "ids.txt")
    assert [(p.arxiv_id, p.doi) for p in batch.papers] == [
        ("2309.06180", None),
        ("1706.03762", None),
        ("2401.00001", None),
        ("2312.00752", None),
        (None, "10.1145/3600006.3613165"),
        ("2205.14135", None),
        (None, None),
        ("hep-th/9711200", None),
    ]
    assert [link.url for link in batch.papers[6].links] == ["https://example.com/blog/post"]
    assert [link.url for link in batch.papers[3].links] == ["https://www.arxiv.org/abs/2312.00752"]
    assert [(p.line, p.message) for p in batch.problems] == [
        (10, "not an arXiv id, DOI or URL, skipped: not an identifier at all")
    ]
    entries = [e.paper for e in batch.lists[0].sections[0].entries]
    assert entries == [0, 1, 2, 3, 4, 5, 6, 7, 1]
    assert batch.lists[0].name == "ids"


def test_sniffing_needs_nearly_all_lines_to_be_identifiers() -> None:
    assert identifier_list.looks_like((DATA / "ids.txt").read_text(encoding="utf-8"))
    assert not identifier_list.looks_like(
        "Title\n\nhttps://arxiv.org/abs/2401.00001\nAbstract\nText\n"
    )
    assert not identifier_list.looks_like("# only a comment\n")
