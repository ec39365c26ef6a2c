"""Course schedules: outline numbering, dated sessions, readings with TL;DRs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readinglist_gui.core.importers import course_schedule
from readinglist_gui.core.importers.course_schedule import split_title
from readinglist_gui.core.records import RecordBatch

DATA = Path(__file__).parents[2] / "data" / "importers"


@pytest.fixture(scope="module")
def batch() -> RecordBatch:
    return course_schedule.read((DATA / "schedule.txt").read_text(encoding="utf-8"), "schedule.txt")


def test_sections_keep_outline_and_sessions_in_order_with_dates(batch: RecordBatch) -> None:
    assert batch.lists[0].name == "CS 999 — Reading Schedule with TL;DRs"
    assert [(s.heading, s.date) for s in batch.lists[0].sections] == [
        ("1) Foundations", None),
        ("1-1) Pretraining", None),
        ("1-1-1) Architecture", None),
        ("Week 1-1: Mixture of Experts", dt.date(2025, 9, 8)),
        ("1-1-2) Optimizers", None),
        ("Week 1-2: Optimizers: Old and New", dt.date(2025, 9, 12)),
        ("Week 2-1: RL of LLMs", dt.date(2025, 10, 24)),
        ("Week 2-2: A Bad Date", None),
        ("2) Adapting", None),
        ("PEFT", dt.date(2025, 11, 24)),
        ("Thanksgiving Recess", dt.date(2025, 11, 28)),
    ]


def test_readings_split_title_from_tldr_even_with_colons_in_titles(batch: RecordBatch) -> None:
    readings = [
        (batch.papers[e.paper].title, e.tldr, e.optional)
        for s in batch.lists[0].sections
        for e in s.entries
    ]
    assert readings == [
        (
            "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model",
            "Introduces latent attention to shrink the cache.",
            False,
        ),
        ("Mixtral of Experts (8\u00d77B)", "A sparse baseline with top-2 routing.", False),
        (
            "AdamW: Decoupled Weight Decay Regularization",
            "Decouples decay from the gradient step.",
            False,
        ),
        ("Old Optimizer, New Norm: An Anthology", "Adam <-> Shampoo", False),
        ("MegaBlocks", "block-sparse kernels for training", True),
        ("Muon", "orthogonalised updates: a note with a colon inside", False),
        ("LoRA Training Provably Converges…", "Convergence guarantees in practice.", False),
        ("LoRA", "Low-rank adapters for cheap finetuning.", False),
        ("DoRA", "Splits magnitude from direction.", True),
    ]
    assert [p.title_truncated for p in batch.papers].count(True) == 1


def test_sessions_without_readings_stay_empty_sections(batch: RecordBatch) -> None:
    sections = {s.heading: s for s in batch.lists[0].sections}
    assert sections["Thanksgiving Recess"].entries == []
    assert sections["Week 2-1: RL of LLMs"].entries == []
    assert not any("Recess" in p.title for p in batch.papers)


def test_bad_dates_and_stray_lines_are_reported(batch: RecordBatch) -> None:
    assert [(p.line, p.message) for p in batch.problems] == [
        (16, "date '13/45/2025' is not a calendar date; kept without it"),
        (23, "line not understood, skipped: this line is stray text"),
    ]


def test_titles_without_tldr_stay_whole_when_the_list_has_none() -> None:
    assert split_title("AdamW: Decoupled Weight Decay Regularization", tldr_everywhere=False) == (
        "AdamW: Decoupled Weight Decay Regularization",
        "",
    )
    assert split_title("SOAP: improves Shampoo in practice", tldr_everywhere=False) == (
        "SOAP",
        "improves Shampoo in practice",
    )


def test_sniffs_schedules() -> None:
    assert course_schedule.looks_like((DATA / "schedule.txt").read_text(encoding="utf-8"))
    assert not course_schedule.looks_like("- [A](https://x.org)\n- [B](https://y.org)\n")


def test_a_remark_before_the_first_section_is_neither_the_name_nor_a_section() -> None:
    text = (
        "Paper List\n"
        "CS 512 Systems for Machine Learning\n"
        "Attendance is required for every session.\n"
        "1) Serving\n"
        "Week 1-1 (01/12/2026): Batching\n"
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models: iteration-level scheduling.\n"
        "Week 1-2 (01/14/2026): Memory\n"
        "- Efficient Memory Management for Large Language Model Serving with PagedAttention: paged KV cache.\n"
    )
    batch = course_schedule.read(text, "cs512.txt")
    assert batch.lists[0].name == "CS 512 Systems for Machine Learning"
    assert [s.heading for s in batch.lists[0].sections] == [
        "1) Serving",
        "Week 1-1: Batching",
        "Week 1-2: Memory",
    ]
    assert batch.problems == []


def test_a_short_schedule_is_recognised() -> None:
    from readinglist_gui.core.importers import read_string, sniff

    text = (
        "Systems Reading Group\n"
        "Week 1 (01/12/2026): Serving\n"
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models: iteration-level scheduling.\n"
    )
    assert sniff(text) == "course"
    batch = read_string(text, "group.txt")
    assert batch.lists[0].name == "Systems Reading Group"
    assert [(s.heading, s.date) for s in batch.lists[0].sections] == [
        ("Week 1: Serving", dt.date(2026, 1, 12))
    ]
    assert [p.title for p in batch.papers] == [
        "Orca: A Distributed Serving System for Transformer-Based Generative Models"
    ]
    assert batch.lists[0].sections[0].entries[0].tldr == "iteration-level scheduling."


def test_a_short_markdown_list_with_a_week_line_stays_markdown() -> None:
    from readinglist_gui.core.importers import sniff

    text = "Week 1: Serving\n- [Orca](https://www.usenix.org/conference/osdi22/presentation/yu)\n"
    assert sniff(text) == "markdown"
