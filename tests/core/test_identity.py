"""Identifiers and title keys that decide whether two imported papers are the same one."""

from __future__ import annotations

import pytest

from readinglist_gui.core.identity import (
    arxiv_version,
    is_truncated_title,
    normalize_arxiv_id,
    normalize_doi,
    title_key,
    trim_pasted,
)

ARXIV_FORMS = [
    ("2309.06180", "2309.06180", None),
    ("2309.06180v2", "2309.06180", 2),
    ("arXiv:2309.06180v2", "2309.06180", 2),
    ("arxiv: 2309.06180", "2309.06180", None),
    ("ARXIV:2309.06180", "2309.06180", None),
    ("arXiv 2309.06180", "2309.06180", None),
    ("arXiv preprint arXiv:2309.06180", "2309.06180", None),
    ("arXiv:2309.06180 [cs.CL]", "2309.06180", None),
    ("https://arxiv.org/abs/2309.06180", "2309.06180", None),
    ("http://arxiv.org/abs/2309.06180v1", "2309.06180", 1),
    ("https://arxiv.org/pdf/2309.06180v3.pdf", "2309.06180", 3),
    ("https://arxiv.org/pdf/2309.06180 ", "2309.06180", None),
    ("https://arxiv.org/html/2309.06180v1", "2309.06180", 1),
    ("https://www.arxiv.org/abs/2309.06180", "2309.06180", None),
    ("https://arxiv.org/abs/2309.06180/", "2309.06180", None),
    ("arxiv.org/abs/2309.06180", "2309.06180", None),
    ("export.arxiv.org/abs/2309.06180v4", "2309.06180", 4),
    ("https://arxiv.org/abs/2309.06180?context=cs.CL", "2309.06180", None),
    ("https://arxiv.org/abs/2309.06180v2#S3", "2309.06180", 2),
    ("<https://arxiv.org/abs/2309.06180>", "2309.06180", None),
    ("(arXiv:2309.06180).", "2309.06180", None),
    ("2309.06180v2.pdf", "2309.06180", 2),
    ("doi:10.48550/arXiv.2310.01889", "2310.01889", None),
    ("https://doi.org/10.48550/arXiv.2310.01889", "2310.01889", None),
    ("10.48550/arxiv.2310.01889", "2310.01889", None),
    ("hep-th/9711200", "hep-th/9711200", None),
    ("hep-th/9711200v2", "hep-th/9711200", 2),
    ("arXiv:hep-th/9711200", "hep-th/9711200", None),
    ("https://arxiv.org/abs/hep-th/9711200", "hep-th/9711200", None),
    ("https://arxiv.org/pdf/hep-th/9711200v1", "hep-th/9711200", 1),
    ("HEP-TH/9711200", "hep-th/9711200", None),
    ("math.GT/0309136", "math/0309136", None),
    ("cond-mat.mes-hall/0102030v3", "cond-mat/0102030", 3),
    ("0704.0001", "0704.0001", None),
    ("1412.9999", "1412.9999", None),
    ("1501.00001", "1501.00001", None),
    ("2501.12345", "2501.12345", None),
]


@pytest.mark.parametrize(("text", "expected", "version"), ARXIV_FORMS)
def test_every_pasted_arxiv_form_gives_the_versionless_id(
    text: str, expected: str, version: int | None
) -> None:
    assert normalize_arxiv_id(text) == expected
    assert arxiv_version(text) == version


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "arXiv:",
        "https://github.com/vllm-project/vllm",
        "https://github.com/org/2309.06180",
        "https://example.com/abs/2309.06180",
        "10.1145/3292500.3330701",
        "https://doi.org/10.1145/3292500.3330701",
        "1234.5",
        "2023.10",
        "1234.56789",
        "2313.06180",
        "0703.0001",
        "1501.1234",
        "1412.12345",
        "2309.061800",
        "images/1234567",
        "hep-th/97112",
        "hep-th/9713200",
        "hep-th/1011200",
        "see arXiv:2309.06180 for details",
    ],
)
def test_text_that_is_not_an_arxiv_reference_gives_none(text: str) -> None:
    assert normalize_arxiv_id(text) is None
    assert arxiv_version(text) is None


DOI_FORMS = [
    ("doi:10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("DOI: 10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("doi 10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("https://doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("http://dx.doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("https://www.doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("10.1145/3292500.3330701.", "10.1145/3292500.3330701"),
    ("10.1145/3292500.3330701,", "10.1145/3292500.3330701"),
    ("(doi:10.1145/3292500.3330701)", "10.1145/3292500.3330701"),
    ("10.1145/3292500.3330701);", "10.1145/3292500.3330701"),
    ("https://doi.org/10.1145%2F3292500.3330701", "10.1145/3292500.3330701"),
    ("https://doi.org/10.1145/3292500.3330701?ref=x#top", "10.1145/3292500.3330701"),
    ("10.1038/NATURE14539", "10.1038/nature14539"),
    ("10.1016/0006-2952(75)90095-3", "10.1016/0006-2952(75)90095-3"),
    ("10.1016/0006-2952(75)90095-3.", "10.1016/0006-2952(75)90095-3"),
    ("10.1000.10/abc", "10.1000.10/abc"),
    ("https://doi.org/10.48550/arXiv.2310.01889", "10.48550/arxiv.2310.01889"),
]


@pytest.mark.parametrize(("text", "expected"), DOI_FORMS)
def test_every_pasted_doi_form_gives_the_lower_case_doi(text: str, expected: str) -> None:
    assert normalize_doi(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "doi:",
        "10.1145/",
        "10.1145/.",
        "10.12/abc",
        "11.1145/3292500",
        "2309.06180",
        "https://example.org/10.1145/3292500",
        "10.1145/a b",
        "10.1145/abc\x00def",
        "not a doi",
    ],
)
def test_text_that_is_not_a_doi_gives_none(text: str) -> None:
    assert normalize_doi(text) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "DeepSeek\u2011V2: A Strong, Economical\u2026",
            "deepseek-v2 a strong economical",
        ),
        ("DeepSeek-V2: A Strong, Economical...", "DeepSeek V2 A Strong Economical"),
        ("Mixture-of-Experts", "Mixture of Experts"),
        ("GPT-4 Technical Report", "GPT 4 technical report"),
        ("GPT\u22124 Technical Report", "GPT-4 Technical Report"),
        ("Encoder\u2010Decoder", "encoder decoder"),
        ("Encoder\u2012Decoder", "Encoder\u2013Decoder"),
        ("Encoder\u2014Decoder", "Encoder\u2015Decoder"),
        ("Encoder\ufe58Decoder", "Encoder\ufe63Decoder"),
        ("Encoder\uff0dDecoder", "Encoder/Decoder"),
        ("Don\u2019t Stop Pretraining", "Don't stop pretraining"),
        ("  Attention   Is\tAll You Need \n", "attention is all you need"),
        ("\uff21\uff54\uff54\uff45\uff4e\uff54\uff49\uff4f\uff4e", "Attention"),
        ("Stra\u00dfe", "STRASSE"),
        (
            "{BERT}: Pre-training of Deep Bidirectional Transformers",
            "BERT pre training of deep bidirectional transformers",
        ),
        ("Cafe\u0301 models", "Caf\u00e9 models"),
    ],
)
def test_titles_that_differ_only_in_spelling_share_a_key(first: str, second: str) -> None:
    assert title_key(first) == title_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Attention Is All You Need", "Attention Is Not All You Need"),
        ("GPT-4 Technical Report", "GPT-3 Technical Report"),
        ("Llama 2: Open Foundation Models", "Llama 3: Open Foundation Models"),
        ("DeepSeek-V2", "DeepSeek-V3"),
        ("Language Models are Few-Shot Learners", "Language Models are Zero-Shot Learners"),
        ("\u0939\u093f\u0928\u094d\u0926\u0940", "\u0939\u0928\u0926"),
        ("Pre-training", "Pretraining"),
    ],
)
def test_different_titles_keep_different_keys(first: str, second: str) -> None:
    assert title_key(first) != title_key(second)


def test_title_key_spells_out_the_expected_form() -> None:
    assert title_key("DeepSeek\u2011V2: A Strong, Economical\u2026") == (
        "deepseek v2 a strong economical"
    )
    assert title_key("") == ""
    assert title_key("\u2026 -- !!") == ""


@pytest.mark.parametrize(
    ("title", "truncated"),
    [
        ("DeepSeek-V2: A Strong, Economical\u2026", True),
        ("DeepSeek-V2: A Strong, Economical...", True),
        ("DeepSeek-V2: A Strong, Economical \u2026  ", True),
        ("DeepSeek-V2: A Strong, Economical, and Efficient MoE Model", False),
        ("Wait... What? A Study", False),
        ("Version 2.", False),
        ("", False),
    ],
)
def test_truncated_titles_are_the_ones_ending_in_an_ellipsis(title: str, truncated: bool) -> None:
    assert is_truncated_title(title) is truncated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  <https://x.org/a>.  ", "https://x.org/a"),
        ("https://x.org/wiki/A_(b))", "https://x.org/wiki/A_(b)"),
        ("(https://x.org/a)", "https://x.org/a"),
        ("**https://x.org/a**", "https://x.org/a"),
        ("'10.1/a'", "10.1/a"),
        ("", ""),
    ],
)
def test_trim_pasted_drops_only_what_the_prose_added(text: str, expected: str) -> None:
    assert trim_pasted(text) == expected


ADVERSARIAL = [
    "a" * 200_000,
    "1" * 200_000,
    ")" * 200_000,
    "(" * 100_000 + ")" * 100_000,
    "10.1234/" + ")" * 200_000,
    "10.1234/" + "a" * 200_000 + " x",
    "10." + "1." * 100_000,
    "arxiv:" + " " * 200_000 + "2309.06180",
    "https://arxiv.org/abs/" + "2309." * 40_000,
    "hep-th." + "a-" * 100_000 + "/9711200",
    "\u2026" * 200_000,
    "\u0301" * 200_000,
    "- " * 100_000,
    "x\u2010" * 100_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda text: f"{text[:12]!r}x{len(text)}")
def test_huge_hostile_input_is_rejected_not_stuck_on(text: str) -> None:
    assert normalize_arxiv_id(text) is None
    assert arxiv_version(text) is None
    assert normalize_doi(text) is None
    key = title_key(text)
    assert "  " not in key
    assert key == key.strip()
    assert is_truncated_title(text) is text.endswith("\u2026")


def test_huge_doi_suffix_is_kept_whole() -> None:
    suffix = "a" * 100_000
    assert normalize_doi(f"10.1234/{suffix}.") == f"10.1234/{suffix}"


def test_long_query_string_does_not_hide_the_arxiv_id() -> None:
    url = "https://arxiv.org/abs/2309.06180v2?utm=" + "x" * 100_000
    assert normalize_arxiv_id(url) == "2309.06180"
    assert arxiv_version(url) == 2
