"""Small libraries with every kind of thing in them, for tests of core and GUI alike."""

from __future__ import annotations

from readinglist_gui.core.records import (
    EntryRecord,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
)


def sample_batch() -> RecordBatch:
    """A small library with every kind of thing in it: lists, sections, tags, notes."""
    papers = [
        PaperRecord(
            title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer"],
            year=2017,
            venue="NeurIPS",
            abstract="The dominant sequence transduction models are recurrent.",
            arxiv_id="1706.03762",
            links=[LinkRecord("https://arxiv.org/abs/1706.03762", LinkKind.ABS)],
            tags=["Transformers", "NLP"],
        ),
        PaperRecord(
            title="Efficient Memory Management for Large Language Model Serving with PagedAttention",
            authors=["Woosuk Kwon"],
            year=2023,
            arxiv_id="2309.06180",
            tags=["Systems", "LLM"],
            note="Paged KV cache, like virtual memory.",
        ),
        PaperRecord(
            title="DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model",
            year=2024,
            arxiv_id="2405.04434",
            tags=["LLM", "MoE"],
        ),
        PaperRecord(
            title="Deep Residual Learning for Image Recognition", year=2015, tags=["Vision"]
        ),
    ]
    course = ListRecord(
        name="LLM Course",
        source="course.txt",
        sections=[
            SectionRecord("Week 1-1: Foundations", entries=[EntryRecord(0, "The transformer.")]),
            SectionRecord(
                "Week 1-2: Serving",
                entries=[EntryRecord(1, "Paging for KV caches."), EntryRecord(2, optional=True)],
            ),
            SectionRecord("Week 2-1: Recess"),
        ],
    )
    blog = ListRecord(
        name="June 2025 papers",
        sections=[SectionRecord("June 2025", entries=[EntryRecord(2), EntryRecord(3)])],
    )
    return RecordBatch(papers=papers, lists=[course, blog])
