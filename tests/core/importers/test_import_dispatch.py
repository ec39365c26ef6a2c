"""Choosing the reader, repairing text, and importing folders of curated index pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readinglist_gui.core.importers import (
    UnreadableFile,
    read_path,
    read_paths,
    read_string,
    read_text,
    sniff,
)

DATA = Path(__file__).parents[2] / "data" / "importers"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("blog_list.md", "markdown"),
        ("curated.md", "markdown"),
        ("annotated.txt", "annotated"),
        ("schedule.txt", "course"),
        ("ids.txt", "ids"),
        ("refs.bib", "bibtex"),
        ("zotero.json", "csl-json"),
        ("zotero.ris", "ris"),
    ],
)
def test_format_is_told_from_content_whatever_the_name(name: str, expected: str) -> None:
    text = read_text(DATA / name)
    assert sniff(text) == expected
    assert sniff(text, ".txt") == expected


def test_exchange_json_still_goes_to_its_reader() -> None:
    assert sniff('{"format": "readinglist-gui/1", "papers": []}', ".json") == "json"


def test_renamed_file_is_read_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    shutil.copy(DATA / "refs.bib", renamed)
    assert len(read_path(renamed).papers) == 3


def test_format_override(tmp_path: Path) -> None:
    text = "2401.00001\n2401.00002\n"
    assert [p.arxiv_id for p in read_string(text, "pasted", "ids").papers] == [
        "2401.00001",
        "2401.00002",
    ]
    with pytest.raises(ValueError, match="unknown format"):
        read_string(text, "pasted", "docx")


def test_unknown_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nnothing more\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not a reading-list format"):
        read_path(path)


def test_mojibake_bom_and_crlf_are_repaired_and_the_file_is_untouched(tmp_path: Path) -> None:
    damaged = (
        "## \U0001f4ca Stats \u00d7 2\r\n- [Caf\u00e9 Paper](https://arxiv.org/abs/2401.00001)\r\n"
    )
    raw = b"\xef\xbb\xbf" + damaged.encode("utf-8").decode("mac_roman").encode("utf-8")
    path = tmp_path / "list.md"
    path.write_bytes(raw)
    batch = read_path(path)
    assert batch.lists[0].sections[0].heading == "\U0001f4ca Stats \u00d7 2"
    assert batch.papers[0].title == "Caf\u00e9 Paper"
    assert path.read_bytes() == raw


def test_intact_unicode_is_left_alone() -> None:
    text = "# Liste\n- [Über Café: Ελληνικά \u00d7](https://arxiv.org/abs/2401.00001)\n"
    assert read_string(text, "x.md").papers[0].title == "Über Café: Ελληνικά \u00d7"


def test_index_alone_names_its_missing_category_files() -> None:
    batch = read_path(DATA / "index_folder" / "README.md")
    messages = [p.message for p in batch.problems]
    assert messages == [
        "links to category files that are not here: compression.md; "
        "import the folder that holds them to include their papers"
    ]
    assert [p.title for p in batch.papers] == [
        "Hogwild! Inference: Parallel LLM Generation via Concurrent Attention"
    ]
    assert batch.lists[0].sections[0].heading == "Highlights"


def test_index_page_links_to_markdown_images_and_anchors_are_never_papers() -> None:
    batch = read_path(DATA / "index_folder" / "README.md")
    urls = [link.url for p in batch.papers for link in p.links]
    assert not any(u.endswith((".md", ".png")) or "#" in u for u in urls)
    assert not any("\u221a" in p.title or "\u00fc\u00ec" in p.title for p in batch.papers)


def test_folder_import_tags_papers_by_category_and_merges_duplicates() -> None:
    batch = read_paths([DATA / "index_folder"])
    tags = {p.title: p.tags for p in batch.papers}
    assert tags == {
        "Hogwild! Inference: Parallel LLM Generation via Concurrent Attention": [
            "Efficient Systems Collection",
            "Architecture",
        ],
        "Gated Attention for Large Language Models": ["Architecture"],
        "Scaling Laws for DiLoCo": ["Training"],
        "Byte Latent Transformer: Patches Scale Better Than Tokens": ["Side Reading"],
    }
    hogwild = [p for p in batch.papers if p.arxiv_id == "2504.06261"]
    assert len(hogwild) == 1
    assert [link.url for link in hogwild[0].links] == [
        "https://arxiv.org/abs/2504.06261",
        "https://arxiv.org/pdf/2504.06261v3",
    ]
    assert [lst.name for lst in batch.lists] == [
        "Efficient Systems Collection",
        "Architecture & Efficient Mechanisms",
        "LLM Training Systems",
        "Side Reading",
    ]
    for reading_list in batch.lists:
        for section in reading_list.sections:
            assert all(0 <= e.paper < len(batch.papers) for e in section.entries)
    assert any("compression.md" in p.message for p in batch.problems)


def test_folder_skips_unknown_files_and_reports_them(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(
        "- [A Paper](https://arxiv.org/abs/2401.00001)\n", encoding="utf-8"
    )
    (tmp_path / "todo.txt").write_text("buy milk\n", encoding="utf-8")
    hidden = tmp_path / ".git"
    hidden.mkdir()
    (hidden / "x.md").write_text("- [Hidden](https://arxiv.org/abs/2401.00002)\n", encoding="utf-8")
    batch = read_paths([tmp_path])
    assert [p.arxiv_id for p in batch.papers] == ["2401.00001"]
    assert [p.source for p in batch.problems] == ["todo.txt"]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    assert [p.message for p in read_paths([tmp_path]).problems] == [
        "folder holds no importable files"
    ]
