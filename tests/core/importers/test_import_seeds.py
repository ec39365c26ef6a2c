"""The real reading lists in ../shared/seeds, when they are there (they are not part of the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist_gui.core.importers import read_path, read_paths, read_text, sniff
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def _seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("seed lists are not on this machine")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} is not on this machine")
    return found[0]


def test_seed_000_markdown_blog_post() -> None:
    path = _seed("000")
    assert sniff(read_text(path)) == "markdown"
    batch = read_path(path)
    assert len(batch.papers) == 97
    assert sum(1 for p in batch.papers if p.arxiv_id) == 90
    titles = {p.title for p in batch.papers}
    assert "SFT Memorizes, RL Generalizes: A Comparative Study of Founda…" in titles
    assert "PyTorch Forums [Distributed w/ TorchTitan] Breaking Barriers: Training Long…" in titles
    assert sum(p.title_truncated for p in batch.papers) >= 8
    assert [s.heading for s in batch.lists[0].sections][:2] == ["June 2025", "May 2025"]
    assert "ml_systems" in batch.papers[0].tags
    assert batch.problems == []


def test_seed_002_index_page_alone() -> None:
    batch = read_path(_seed("002"))
    assert not any(link.url.endswith((".md", ".png")) for p in batch.papers for link in p.links)
    assert len(batch.papers) <= 2
    text = " ".join([p.title for p in batch.papers] + [s.heading for s in batch.lists[0].sections])
    assert not any(mark in text for mark in ("\u221a", "\u00fc\u00ec", "\uf8ff", "\u0152"))
    missing = " ".join(p.message for p in batch.problems)
    for name in (
        "architecture.md",
        "compression.md",
        "inference.md",
        "multi-modality.md",
        "rl.md",
        "training.md",
    ):
        assert name in missing


def test_seed_003_annotated_list() -> None:
    path = _seed("003")
    assert sniff(read_text(path)) == "annotated"
    batch = read_path(path)
    assert len(batch.papers) == 55
    noted = [p for p in batch.papers if p.status is Status.NOTED]
    assert len(noted) == 8 and all(p.note for p in noted)
    tags = {t for p in batch.papers for t in p.tags}
    assert {
        "Data Eng",
        "Model Release",
        "Deep Research",
        "Prompt Eng",
        "GPU Perf",
        "Model Merging",
    } <= tags
    assert not {"Data", "Eng", "Model", "Release"} & tags
    assert len([p for p in batch.problems if "skipped" in p.message]) == 4


def test_seed_004_course_schedule() -> None:
    path = _seed("004")
    assert sniff(read_text(path)) == "course"
    batch = read_path(path)
    sections = batch.lists[0].sections
    entries = [e for s in sections for e in s.entries]
    assert len(entries) == 70 and sum(e.optional for e in entries) == 2
    assert sum(1 for s in sections if s.date) >= 25
    assert all(e.tldr for e in entries)
    deepseek = batch.papers[sections[3].entries[0].paper]
    assert (
        deepseek.title
        == "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"
    )
    assert any(s.heading == "Thanksgiving Recess" and not s.entries for s in sections)
    assert batch.problems == []


def test_all_four_seeds_in_one_library(tmp_path: Path) -> None:
    paths = [_seed(prefix) for prefix in ("000", "002", "003", "004")]
    batch = read_paths(paths)
    by_arxiv = [p.arxiv_id for p in batch.papers if p.arxiv_id]
    assert len(by_arxiv) == len(set(by_arxiv))
    for shared in ("2505.12082", "2505.14669", "2509.02046", "2504.05295"):
        assert by_arxiv.count(shared) == 1
    with Library.open(tmp_path / "lib") as library:
        report = library.import_batch(batch)
        rows = library.rows(library.ids(PaperQuery()))
    assert len(rows) == len(batch.papers)
    assert report.added == len(batch.papers)
