"""A library whose text tries every trick a hostile or careless list could play."""

from __future__ import annotations

import pytest

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import (
    EntryRecord,
    LinkKind,
    LinkRecord,
    ListRecord,
    PaperRecord,
    RecordBatch,
    SectionRecord,
    Status,
)

HOSTILE_NOTE = """## What I think

<script>document.title = "pwned"</script>
Raw <b onclick="alert(1)">html</b> and <iframe src="http://remote.example/frame"></iframe>.

- a [javascript link](javascript:alert(1)) and a [data link](data:text/html,hi)
- a [fine link](https://example.org/read?a=1&b=2)
- ![tracker](http://remote.example/img.png)

<img src="http://remote.example/raw.png" onerror="alert(2)">
"""


def tricky_batch() -> RecordBatch:
    papers = [
        PaperRecord(
            title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer"],
            year=2017,
            venue="NeurIPS",
            arxiv_id="1706.03762",
            links=[LinkRecord("https://arxiv.org/abs/1706.03762", LinkKind.ABS)],
            tags=["Transformers", "NLP"],
            status=Status.NOTED,
            note=HOSTILE_NOTE,
        ),
        PaperRecord(
            title="Costs & Benefits of 100% Sparse_Models: ~$5 #1",
            authors=["Ludwig van Beethoven", "José Müller-Łukasz", "DeepSeek-AI"],
            year=2024,
            arxiv_id="2405.04434",
            tags=["LLM", "MoE"],
            status=Status.SKIMMED,
        ),
        PaperRecord(
            title="String Theory Goes Old School",
            authors=["Juan Maldacena"],
            year=1997,
            arxiv_id="hep-th/9711200",
            tags=["Physics"],
        ),
        PaperRecord(
            title="A Journal Paper With a DOI",
            authors=["Ada Lovelace"],
            year=2020,
            venue="Journal of Machine Learning Research",
            doi="10.5555/12345",
            links=[LinkRecord("https://github.com/example/code", LinkKind.CODE)],
            tags=["LLM"],
        ),
        PaperRecord(title="Attention Is Not All You Need", authors=["A. Vaswani"], year=2017),
    ]
    course = ListRecord(
        name="Seminar <Spring>",
        sections=[
            SectionRecord(
                "Week 1: Basics",
                entries=[
                    EntryRecord(0, 'Read <a href="javascript:x">this</a> **first**.'),
                    EntryRecord(1, optional=True),
                ],
            ),
            SectionRecord("Week 2: Recess"),
            SectionRecord("Week 3: More", entries=[EntryRecord(3), EntryRecord(2)]),
        ],
    )
    return RecordBatch(papers=papers, lists=[course])


@pytest.fixture
def tricky(library: Library) -> Library:
    library.import_batch(tricky_batch())
    return library
