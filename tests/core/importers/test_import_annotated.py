"""Annotated text lists: blocks of title, URLs, abstract, notes and a tag line."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist_gui.core.importers import annotated_text
from readinglist_gui.core.importers.annotated_text import TagSplitter
from readinglist_gui.core.records import LinkKind, RecordBatch, Status

DATA = Path(__file__).parents[2] / "data" / "importers"


@pytest.fixture(scope="module")
def batch() -> RecordBatch:
    return annotated_text.read(
        (DATA / "annotated.txt").read_text(encoding="utf-8"), "annotated.txt"
    )


def test_complete_entries_become_papers_in_order(batch: RecordBatch) -> None:
    assert [p.title for p in batch.papers] == [
        "LIMI: Less is More for Agency",
        "Apriel-Nemotron-15B-Thinker",
        "BeyondWeb: Lessons from Scaling Synthetic Data for Trillion-scale Pretraining",
        "PanGu-$\\alpha$: Large-scale Autoregressive Pretrained Chinese Language Models with "
        "Auto-parallel Computation",
        "Scaling Laws for Optimal Data Mixtures",
        "Cross-Entropy Games for Language Models: From Implicit Knowledge to General Capability "
        "Measures",
        "Inside vLLM: Anatomy of a High-Throughput LLM Inference System",
        "Things I'm Learning While Training SuperHOT",
    ]
    assert batch.lists[0].name == "Sam's Paper Shelf"
    assert [e.paper for e in batch.lists[0].sections[0].entries] == list(range(8))


def test_two_word_tags_are_learnt_from_the_list(batch: RecordBatch) -> None:
    tags = {p.title.split(":")[0]: p.tags for p in batch.papers}
    assert tags["LIMI"] == ["Data Eng", "RL"]
    assert tags["Apriel-Nemotron-15B-Thinker"] == ["Model Release", "Pretrain"]
    assert tags["PanGu-$\\alpha$"] == ["Data Eng", "Model Release", "Pretrain"]
    assert tags["Things I'm Learning While Training SuperHOT"] == ["Data Eng", "Finetuning"]
    assert tags["Cross-Entropy Games for Language Models"] == []


def test_entries_with_notes_are_noted_with_their_note(batch: RecordBatch) -> None:
    noted = {p.title.split(":")[0]: p.note for p in batch.papers if p.status is Status.NOTED}
    assert noted == {
        "BeyondWeb": "My note: rephrasing beats plain filtering here.\n\nSecond line of my note.",
        "Inside vLLM": "A thorough walk through the engine.",
    }


def test_abstract_paragraphs_and_several_urls(batch: RecordBatch) -> None:
    beyond = batch.papers[2]
    assert (
        beyond.abstract
        == "Synthetic rephrasing of web data at scale.\n\nA second abstract paragraph."
    )
    assert beyond.arxiv_id == "2508.10975"
    assert [(link.url, link.kind) for link in beyond.links] == [
        ("https://arxiv.org/abs/2508.10975", LinkKind.ABS),
        ("https://blog.datologyai.com/beyondweb/", LinkKind.BLOG),
    ]
    assert batch.papers[6].arxiv_id is None


def test_entries_missing_title_or_url_are_skipped_and_reported(batch: RecordBatch) -> None:
    assert [(p.line, p.message) for p in batch.problems] == [
        (58, "entry for https://arxiv.org/abs/2401.00001 has no title; skipped"),
        (64, "entry 'A Title Whose URL Was Lost' has no URL; skipped"),
        (70, "notes or tags without a title or URL (a lost entry); skipped"),
    ]
    assert all(p.source == "annotated.txt" for p in batch.problems)


def test_other_lists_get_their_own_multi_word_tags() -> None:
    lines = [
        ["Vision", "Lang"],
        ["Speech", "Rec", "Audio"],
        ["Audio"],
        ["Vision", "Lang", "Audio"],
        ["Graph", "Audio", "Speech", "Rec"],
        ["Graph"],
    ]
    splitter = TagSplitter(lines)
    assert splitter.split(["Vision", "Lang", "Speech", "Rec"]) == ["Vision Lang", "Speech Rec"]
    assert splitter.split(["Graph", "Audio"]) == ["Graph", "Audio"]


def test_single_words_stay_single_without_evidence_of_pairs() -> None:
    splitter = TagSplitter(
        [
            ["RL", "Pretrain"],
            ["Pretrain", "Quantization"],
            ["RL", "Quantization"],
            ["RL", "Pretrain"],
        ]
    )
    assert splitter.split(["RL", "Pretrain", "Quantization"]) == ["RL", "Pretrain", "Quantization"]


def test_recurring_inseparable_pair_is_one_tag_even_without_single_tags() -> None:
    splitter = TagSplitter([["Data", "Eng", "RL"], ["Data", "Eng", "Vision"], ["RL", "Vision"]])
    assert splitter.split(["Data", "Eng", "RL"]) == ["Data Eng", "RL"]


def test_word_seen_beside_free_words_is_free() -> None:
    splitter = TagSplitter(
        [
            ["RL"],
            ["RL", "Application"],
            ["Pretrain"],
            ["HPO", "Pretrain"],
            ["HPO", "MoE", "Pretrain"],
        ]
    )
    assert splitter.split(["RL", "Application"]) == ["RL", "Application"]
    assert splitter.split(["HPO", "MoE", "Pretrain"]) == ["HPO", "MoE", "Pretrain"]


def test_comma_separated_tags_are_taken_as_written() -> None:
    text = "\nTitle One\n\nhttps://arxiv.org/abs/2401.00001\nDeep Learning, RL\n\nTitle Two\n\nhttps://arxiv.org/abs/2401.00002\nRL\n"
    batch = annotated_text.read(text, "c.txt")
    assert [p.tags for p in batch.papers] == [["Deep Learning", "RL"], ["RL"]]


def test_sniffs_annotated_lists() -> None:
    text = (DATA / "annotated.txt").read_text(encoding="utf-8")
    assert annotated_text.looks_like(text)
    assert not annotated_text.looks_like("https://arxiv.org/abs/2401.00001\n2401.00002\n")
    assert not annotated_text.looks_like("# A heading\n- [x](https://y.org)\n")


def _block(title: str, number: int, tags: str) -> str:
    return f"{title}\n\nhttps://arxiv.org/abs/2401.{number:05d}\nAbstract\nA short summary.\n{tags}\nPaper preview\n"


def test_words_used_alone_elsewhere_are_their_own_tags_whatever_the_case() -> None:
    text = "Shelf\n\n" + "\n".join(
        [
            _block("Mixtral of Experts", 1, "MoE Architecture"),
            _block("Attention Is All You Need", 2, "architecture"),
            _block("Switch Transformers", 3, "moe"),
            _block("Scaling Laws for Neural Language Models", 4, "Data Eng RL"),
            _block("Training Compute-Optimal Large Language Models", 5, "Data Eng"),
        ]
    )
    batch = annotated_text.read(text, "shelf.txt")
    assert [p.tags for p in batch.papers] == [
        ["MoE", "Architecture"],
        ["architecture"],
        ["moe"],
        ["Data Eng", "RL"],
        ["Data Eng"],
    ]


def test_a_word_between_commas_elsewhere_is_a_whole_tag() -> None:
    text = "Shelf\n\n" + "\n".join(
        [
            _block("Mixtral of Experts", 1, "MoE Architecture"),
            _block("Attention Is All You Need", 2, "Architecture, Long Context"),
            _block("Switch Transformers", 3, "MoE, Sparse Models"),
            _block("Proximal Policy Optimization Algorithms", 4, "RL"),
        ]
    )
    batch = annotated_text.read(text, "shelf.txt")
    assert batch.papers[0].tags == ["MoE", "Architecture"]
    assert batch.papers[1].tags == ["Architecture", "Long Context"]
