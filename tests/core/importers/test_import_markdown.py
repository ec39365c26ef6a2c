"""Markdown lists: blog posts of links, curated READMEs with tables, paper headings, daily digests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readinglist_gui.core.importers import markdown_list, read_path
from readinglist_gui.core.records import LinkKind, RecordBatch, Status

DATA = Path(__file__).parents[2] / "data" / "importers"


def _entries(batch: RecordBatch, heading: str) -> list[tuple[str, str]]:
    section = next(s for s in batch.lists[0].sections if s.heading == heading)
    return [(batch.papers[e.paper].title, e.tldr) for e in section.entries]


@pytest.fixture(scope="module")
def blog() -> RecordBatch:
    return read_path(DATA / "blog_list.md")


@pytest.fixture(scope="module")
def curated() -> RecordBatch:
    return read_path(DATA / "curated.md")


def test_front_matter_names_the_list_and_tags_every_paper(blog: RecordBatch) -> None:
    assert blog.lists[0].name == "Systems Papers I Read"
    assert blog.lists[0].source == "blog_list.md"
    assert {tuple(p.tags) for p in blog.papers} == {("ML Systems", "Inference", "gpu", "kv cache")}


def test_headings_are_sections_in_order_and_empty_ones_are_dropped(blog: RecordBatch) -> None:
    assert [s.heading for s in blog.lists[0].sections] == ["June 2025", "May 2025"]
    assert all(s.date is None for s in blog.lists[0].sections)


def test_bullets_of_every_marker_become_entries_with_tldr(blog: RecordBatch) -> None:
    assert _entries(blog, "June 2025") == [
        ("Truncated Proximal Policy Optimization", ""),
        (
            "MoTE: Mixture of Ternary Experts for Memory-efficient Large Multimodal Models",
            "ternary experts",
        ),
        ("PyTorch Forums [Distributed w/ TorchTitan] Breaking Barriers: Training Long…", ""),
        ("Frac-Connections: Fractional Extension of Hyper-Connections", ""),
        (
            "SFT Memorizes, RL Generalizes: A Comparative Study of Founda…",
            "a nested remark about the paper",
        ),
        ("How To Scale Your Model", ""),
        ("A Paper Listed Without Its Link", ""),
    ]


def test_arxiv_links_of_every_form_give_versionless_ids(blog: RecordBatch) -> None:
    ids = {p.title: p.arxiv_id for p in blog.papers}
    assert (
        ids["MoTE: Mixture of Ternary Experts for Memory-efficient Large Multimodal Models"]
        == "2506.14435"
    )
    assert ids["Frac-Connections: Fractional Extension of Hyper-Connections"] == "2503.14125"
    assert ids["SFT Memorizes, RL Generalizes: A Comparative Study of Founda…"] == "2501.17161"
    assert ids["How To Scale Your Model"] is None


def test_scheme_less_link_is_kept_as_https(blog: RecordBatch) -> None:
    frac = next(p for p in blog.papers if p.arxiv_id == "2503.14125")
    assert [(link.url, link.kind) for link in frac.links] == [
        ("https://arxiv.org/html/2503.14125v1", LinkKind.ABS)
    ]


def test_truncated_titles_are_kept_and_flagged(blog: RecordBatch) -> None:
    truncated = sorted(p.title for p in blog.papers if p.title_truncated)
    assert truncated == [
        "PyTorch Forums [Distributed w/ TorchTitan] Breaking Barriers: Training Long…",
        "SFT Memorizes, RL Generalizes: A Comparative Study of Founda…",
    ]


def test_nested_code_link_joins_its_parent_paper(blog: RecordBatch) -> None:
    sft = next(p for p in blog.papers if p.arxiv_id == "2501.17161")
    assert [(link.url, link.kind) for link in sft.links] == [
        ("https://www.arxiv.org/pdf/2501.17161", LinkKind.PDF),
        ("https://github.com/example/sft-vs-rl", LinkKind.CODE),
    ]


def test_same_paper_twice_is_one_paper_with_two_entries(blog: RecordBatch) -> None:
    trpo = [i for i, p in enumerate(blog.papers) if p.arxiv_id == "2506.15050"]
    assert len(trpo) == 1
    places = [e.paper for s in blog.lists[0].sections for e in s.entries if e.paper == trpo[0]]
    assert len(places) == 2
    assert blog.papers[trpo[0]].title == "Truncated Proximal Policy Optimization"
    assert [link.url for link in blog.papers[trpo[0]].links] == [
        "https://arxiv.org/abs/2506.15050",
        "https://arxiv.org/pdf/2506.15050v2",
    ]


def test_nested_paper_bullet_is_its_own_entry(blog: RecordBatch) -> None:
    assert _entries(blog, "May 2025")[1:] == [
        ("Qwen3 Technical Report", ""),
        ("Qwen3 Quantization Study", ""),
    ]


def test_prose_links_outside_lists_are_not_papers(blog: RecordBatch) -> None:
    assert all("inline link" not in p.title for p in blog.papers)
    assert len(blog.papers) == 9
    assert blog.problems == []


def test_table_rows_are_papers_with_venue_and_extra_links(curated: RecordBatch) -> None:
    flash, paged = (curated.papers[e.paper] for e in curated.lists[0].sections[0].entries)
    assert curated.lists[0].sections[0].heading == "Papers"
    assert (flash.title, flash.venue, flash.year, flash.arxiv_id) == (
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        "NeurIPS 2022",
        2022,
        "2205.14135",
    )
    assert [link.kind for link in flash.links] == [LinkKind.ABS, LinkKind.CODE]
    assert (
        paged.title
        == "Efficient Memory Management for Large Language Model Serving with PagedAttention"
    )
    assert (paged.arxiv_id, paged.venue) == ("2309.06180", "SOSP 2023")
    assert [link.url for link in paged.links] == [
        "https://arxiv.org/pdf/2309.06180",
        "https://github.com/vllm-project/vllm",
    ]


def test_badges_images_and_counts_are_never_papers(curated: RecordBatch) -> None:
    titles = [p.title for p in curated.papers]
    assert not any(t in ("Awesome", "Stars", "~12", "stars") for t in titles)
    assert all(
        "shields.io" not in link.url and "awesome.re" not in link.url
        for p in curated.papers
        for link in p.links
    )
    assert curated.lists[0].name == "Awesome Efficient LLMs"


def test_details_summary_and_bracketed_paper_links(curated: RecordBatch) -> None:
    assert _entries(curated, "Quantization") == [
        ("GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers", ""),
        ("AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration", ""),
    ]
    gptq = next(p for p in curated.papers if p.arxiv_id == "2210.17323")
    assert (gptq.venue, gptq.year) == ("ICLR 2023", 2023)
    assert [link.kind for link in gptq.links] == [LinkKind.ABS, LinkKind.CODE]


def test_heading_with_fields_is_a_paper(curated: RecordBatch) -> None:
    assert _entries(curated, "Paper Notes") == [
        (
            "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
            "selection makes state space models content-aware.",
        )
    ]
    mamba = next(p for p in curated.papers if p.arxiv_id == "2312.00752")
    assert mamba.authors == ["Albert Gu", "Tri Dao"]
    assert (mamba.venue, mamba.year) == ("COLM 2024", 2024)
    assert mamba.tags == ["SSM", "long context"]


def test_described_topics_without_links_are_not_papers(curated: RecordBatch) -> None:
    assert "Background" not in [s.heading for s in curated.lists[0].sections]
    assert not any("kernels" in p.title or "decoding" in p.title for p in curated.papers)


def test_syllabus_table_dates_sections_and_continuation_rows(curated: RecordBatch) -> None:
    sections = {s.heading: s for s in curated.lists[0].sections}
    assert sections["Attention"].date == dt.date(2025, 9, 1)
    assert _entries(curated, "Attention") == [
        ("Attention Is All You Need", ""),
        ("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", ""),
    ]
    assert sections["Serving"].date == dt.date(2025, 9, 8)
    assert _entries(curated, "Serving") == [
        ("Orca: A Distributed Serving System for Transformer-Based Generative Models", "")
    ]


def test_daily_headings_carry_dates_and_share_one_paper(curated: RecordBatch) -> None:
    days = [s for s in curated.lists[0].sections if s.heading.startswith("2025-")]
    assert [(s.heading, s.date) for s in days] == [
        ("2025-09-01", dt.date(2025, 9, 1)),
        ("2025-09-02", dt.date(2025, 9, 2)),
    ]
    assert days[0].entries[0].paper == days[1].entries[0].paper
    assert sum(1 for p in curated.papers if p.arxiv_id == "1706.03762") == 1


def test_code_blocks_are_ignored(curated: RecordBatch) -> None:
    assert "Citation" not in [s.heading for s in curated.lists[0].sections]
    assert len(curated.papers) == 8


def test_checked_task_items_count_as_skimmed() -> None:
    batch = markdown_list.read(
        "- [x] [Read One](https://arxiv.org/abs/2401.00001)\n"
        "- [ ] [Unread One](https://arxiv.org/abs/2401.00002)\n",
        "t.md",
    )
    assert [(p.title, p.status) for p in batch.papers] == [
        ("Read One", Status.SKIMMED),
        ("Unread One", Status.UNREAD),
    ]


def test_reference_links_and_bare_urls() -> None:
    text = (
        "# Refs\n- [Some Paper][sp]\n- Another Paper https://arxiv.org/abs/2402.00003\n\n"
        "[sp]: https://arxiv.org/abs/2401.00009\n"
    )
    batch = markdown_list.read(text, "refs.md")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [
        ("Some Paper", "2401.00009"),
        ("Another Paper", "2402.00003"),
    ]
    assert batch.lists[0].name == "Refs"


def test_plain_title_list_without_links() -> None:
    batch = markdown_list.read(
        "# To Read\n\n- Attention Is All You Need\n- install with pip.\n", "x.md"
    )
    assert [p.title for p in batch.papers] == ["Attention Is All You Need"]


def test_nothing_to_import_is_a_problem_not_an_error() -> None:
    batch = markdown_list.read("# Just prose\n\nNo list here.\n", "empty.md")
    assert batch.papers == [] and batch.lists == []
    assert [p.message for p in batch.problems] == ["no papers found"]


def test_unclosed_front_matter_is_reported() -> None:
    batch = markdown_list.read(
        "---\ntitle: x\n- [A Paper](https://arxiv.org/abs/2401.00001)\n", "f.md"
    )
    assert batch.problems[0].line == 1
    assert [p.arxiv_id for p in batch.papers] == ["2401.00001"]


def test_sniffs_markdown() -> None:
    assert markdown_list.looks_like("## Heading\n- item\n")
    assert markdown_list.looks_like("* [A](https://x.org)\n")
    assert not markdown_list.looks_like("just words\nmore words\n")


def test_remarks_between_linked_papers_are_not_papers() -> None:
    text = (
        "## List\n- [Linked Paper](https://arxiv.org/abs/2401.00001)\n"
        "- This list is updated every week.\n- s1: Simple test-time scaling\n"
    )
    batch = markdown_list.read(text, "r.md")
    assert [p.title for p in batch.papers] == ["Linked Paper", "s1: Simple test-time scaling"]


def test_awesome_list_shapes() -> None:
    text = (
        "## Quantization\n"
        "1. **SmoothQuant: Accurate and Efficient Post-Training Quantization for Large Language "
        "Models** [[paper](https://arxiv.org/abs/2211.10438)] [[code](https://github.com/mit-han-lab/"
        "smoothquant)] ![](https://img.shields.io/github/stars/mit-han-lab/smoothquant.svg)\n"
        "2. **AWQ** - Lin et al. [[arXiv](https://arxiv.org/abs/2306.00978)]\n\n"
        "## Serving\n|Date|Title|Paper|\n|:---:|:---:|:---:|\n"
        "|2023.09|\U0001f525[vLLM] Efficient Memory Management for Large Language Model Serving with "
        "PagedAttention|[[pdf]](https://arxiv.org/pdf/2309.06180)|\n\n"
        "**[Mixtral of Experts](https://arxiv.org/abs/2401.04088)**\nJiang et al. A description.\n"
    )
    batch = markdown_list.read(text, "awesome.md")
    assert [(p.title, p.arxiv_id, p.year) for p in batch.papers] == [
        (
            "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large Language Models",
            "2211.10438",
            None,
        ),
        ("AWQ", "2306.00978", None),
        (
            "[vLLM] Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "2309.06180",
            2023,
        ),
        ("Mixtral of Experts", "2401.04088", None),
    ]
    assert [s.heading for s in batch.lists[0].sections] == ["Quantization", "Serving"]
    assert [e.tldr for s in batch.lists[0].sections for e in s.entries] == [
        "",
        "Lin et al.",
        "",
        "",
    ]


def test_plain_bullets_with_bare_urls_are_markdown() -> None:
    text = (
        "Reading list for the group\n\n"
        "- Attention Is All You Need (https://arxiv.org/abs/1706.03762)\n"
        "- Chinchilla: Training Compute-Optimal Large Language Models \u2014 arxiv.org/abs/2203.15556\n"
    )
    assert markdown_list.looks_like(text)
    batch = markdown_list.read(text, "plain.txt")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [
        ("Attention Is All You Need", "1706.03762"),
        ("Chinchilla: Training Compute-Optimal Large Language Models", "2203.15556"),
    ]


READING_NOTES = """# Long-context reading notes

#### Efficient Streaming Language Models with Attention Sinks
**Summary:** Keeps the first tokens so that windowed attention stays stable.
- **Link:** [arXiv](https://arxiv.org/abs/2309.17453)

#### Ring Attention with Blockwise Transformers for Near-Infinite Context
- **Link:** [arXiv:2310.01889](https://arxiv.org/abs/2310.01889)
- **Why it matters:** Context grows with the number of devices.

#### LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models
- **Link:** [arXiv:2309.12307](https://arxiv.org/abs/2309.12307)
  **Summary:** Shifted sparse attention during fine-tuning only.
"""


def test_headings_with_field_lines_are_papers_whatever_the_field_layout() -> None:
    batch = markdown_list.read(READING_NOTES, "notes.md")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [
        ("Efficient Streaming Language Models with Attention Sinks", "2309.17453"),
        ("Ring Attention with Blockwise Transformers for Near-Infinite Context", "2310.01889"),
        ("LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models", "2309.12307"),
    ]
    assert [e.tldr for e in batch.lists[0].sections[0].entries] == [
        "Keeps the first tokens so that windowed attention stays stable.",
        "Why it matters: Context grows with the number of devices.",
        "Shifted sparse attention during fine-tuning only.",
    ]
    assert batch.lists[0].name == "Long-context reading notes"
    assert [s.heading for s in batch.lists[0].sections] == [""]
    assert batch.problems == []


def test_a_long_summary_field_is_the_abstract() -> None:
    summary = " ".join(["word"] * 70) + "."
    text = f"## Notes\n### A Paper\n- **PDF:** [pdf](https://arxiv.org/pdf/2401.00001)\n- **Summary:** {summary}\n"
    batch = markdown_list.read(text, "n.md")
    assert batch.papers[0].abstract == summary
    assert batch.lists[0].sections[0].entries[0].tldr == ""


def test_a_link_field_alone_never_makes_a_paper_called_link() -> None:
    text = "## Reading\n- **Link:** [arXiv](https://arxiv.org/abs/2309.17453)\n- [Some Other Paper](https://arxiv.org/abs/2310.01889)\n"
    batch = markdown_list.read(text, "n.md")
    assert [(p.title, p.arxiv_id) for p in batch.papers] == [
        ("", "2309.17453"),
        ("Some Other Paper", "2310.01889"),
    ]


def test_links_that_are_not_web_pages_are_reported_with_their_line() -> None:
    text = (
        "## Papers\n"
        "- [Local Copy](file:///home/me/paper.pdf)\n"
        "- [Clickbait](javascript:alert(1))\n"
        "- [Broken Host](http://[x)\n"
        "- [Kept Paper](https://arxiv.org/abs/2401.00001) [mirror](ftp://example.org/p.pdf)\n"
    )
    batch = markdown_list.read(text, "r.md")
    assert [p.title for p in batch.papers] == ["Kept Paper"]
    assert [(p.line, p.message) for p in batch.problems] == [
        (2, "link 'file:///home/me/paper.pdf' skipped: only http and https links are kept"),
        (3, "link 'javascript:alert(1)' skipped: only http and https links are kept"),
        (4, "link 'http://[x' skipped: not a valid web address"),
        (5, "link 'ftp://example.org/p.pdf' skipped: only http and https links are kept"),
    ]
