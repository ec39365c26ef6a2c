"""Only http(s) links with a real host get through, and each is filed under the right kind."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist_gui.core import links
from readinglist_gui.core.links import arxiv_abs_url, arxiv_pdf_url, link_kind, safe_url
from readinglist_gui.core.records import LinkKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://arxiv.org/abs/2309.06180", "https://arxiv.org/abs/2309.06180"),
        ("http://example.com/x?a=1#b", "http://example.com/x?a=1#b"),
        ("HTTPS://Example.com/Path", "https://Example.com/Path"),
        ("  https://example.com/x  ", "https://example.com/x"),
        ("<https://example.com/x>", "https://example.com/x"),
        ("https://example.com/x.", "https://example.com/x"),
        ("https://example.com/x),", "https://example.com/x"),
        ("(https://example.com/x)", "https://example.com/x"),
        (
            "https://en.wikipedia.org/wiki/Mixture_(probability)",
            "https://en.wikipedia.org/wiki/Mixture_(probability)",
        ),
        (
            "https://en.wikipedia.org/wiki/Transformer_(model)).",
            "https://en.wikipedia.org/wiki/Transformer_(model)",
        ),
        ("www.example.com/x", "https://www.example.com/x"),
        ("arxiv.org/abs/2309.06180", "https://arxiv.org/abs/2309.06180"),
        ("github.com/org/repo", "https://github.com/org/repo"),
        ("huggingface.co/papers/2309.06180", "https://huggingface.co/papers/2309.06180"),
        ("example.com", "https://example.com"),
        ("www.example.com:8080/x", "https://www.example.com:8080/x"),
        ("http://localhost:8000/paper.pdf", "http://localhost:8000/paper.pdf"),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5000/"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
    ],
)
def test_web_links_are_accepted_and_scheme_less_ones_get_https(text: str, expected: str) -> None:
    assert safe_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/paper.pdf",
        "mailto:someone@example.com",
        "about:blank",
        "architecture.md",
        "./x.md",
        "../docs/x.md",
        "#anchor",
        "images/a.png",
        "a.png",
        "MANIFEST.in",
        "setup.py",
        "/etc/passwd",
        "(see https://example.com/x)",
        "//example.com/x",
        "https://",
        "http://",
        "http:///x",
        "https:/example.com",
        "https://example.com/a b",
        "https://exa mple.com/",
        "https://example.com/a\tb",
        "https://example.com/a\x00b",
        "https://example.com/a\x7fb",
        "https://example.com/\u202egpj.exe",
        "https://example.com\\@evil.example/",
        "https://arxiv.org@evil.example/abs/1",
        "https://user:pass@example.com/",
        "https://example.com:99999/",
        "https://example.com:0/",
        "https://[not-an-ip]/",
        "https://[::1/",
        "https://exa<mple.com/",
    ],
)
def test_unsafe_or_hostless_links_are_refused(text: str) -> None:
    assert safe_url(text) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/abs/2309.06180", LinkKind.ABS),
        ("https://arxiv.org/html/2309.06180v1", LinkKind.ABS),
        ("https://www.arxiv.org/abs/2309.06180", LinkKind.ABS),
        ("https://export.arxiv.org/abs/2309.06180", LinkKind.ABS),
        ("https://doi.org/10.1145/3292500.3330701", LinkKind.ABS),
        ("https://dx.doi.org/10.1145/3292500.3330701", LinkKind.ABS),
        ("https://openreview.net/forum?id=abc123", LinkKind.ABS),
        ("https://huggingface.co/papers/2309.06180", LinkKind.ABS),
        ("https://dl.acm.org/doi/10.1145/3292500.3330701", LinkKind.ABS),
        ("https://www.semanticscholar.org/paper/abc", LinkKind.ABS),
        ("https://arxiv.org/pdf/2309.06180", LinkKind.PDF),
        ("https://arxiv.org/pdf/2309.06180v3.pdf", LinkKind.PDF),
        ("https://openreview.net/pdf?id=abc123", LinkKind.PDF),
        ("https://example.com/papers/paper.pdf", LinkKind.PDF),
        ("https://example.com/papers/PAPER.PDF?download=1", LinkKind.PDF),
        ("https://github.com/org/repo/blob/main/paper.pdf", LinkKind.PDF),
        ("https://aclanthology.org/2023.acl-long.1.pdf", LinkKind.PDF),
        ("https://github.com/vllm-project/vllm", LinkKind.CODE),
        ("https://github.com/org/repo/tree/main/blog/x", LinkKind.CODE),
        ("https://gitlab.com/group/project", LinkKind.CODE),
        ("https://huggingface.co/deepseek-ai/DeepSeek-V2", LinkKind.CODE),
        ("https://huggingface.co/datasets/org/name", LinkKind.CODE),
        ("https://huggingface.co/spaces/org/demo", LinkKind.CODE),
        ("https://blog.example.com/post", LinkKind.BLOG),
        ("https://someone.substack.com/p/moe", LinkKind.BLOG),
        ("https://medium.com/@someone/moe-explained", LinkKind.BLOG),
        ("https://someone.medium.com/moe-explained", LinkKind.BLOG),
        ("https://lilianweng.github.io/posts/2023-06-23-agent/", LinkKind.BLOG),
        ("https://someone.github.io/", LinkKind.BLOG),
        ("https://huggingface.co/blog/moe", LinkKind.BLOG),
        ("https://openai.com/blog/chatgpt", LinkKind.BLOG),
        ("https://example.com/posts/attention", LinkKind.BLOG),
        ("https://example.com/", LinkKind.OTHER),
        ("https://github.com/someone", LinkKind.OTHER),
        ("https://huggingface.co/docs/transformers", LinkKind.OTHER),
        ("https://huggingface.co/papers", LinkKind.OTHER),
        ("https://arxiv.org/list/cs.CL/recent", LinkKind.OTHER),
        ("https://openreview.net/group?id=ICLR.cc", LinkKind.OTHER),
        ("github.com/org/repo", LinkKind.CODE),
        ("javascript:alert(1)", LinkKind.OTHER),
        ("", LinkKind.OTHER),
    ],
)
def test_link_kind_files_each_link_where_the_paper_view_shows_it(url: str, kind: LinkKind) -> None:
    assert link_kind(url) is kind


@pytest.mark.parametrize(
    ("arxiv_id", "abs_url", "pdf_url"),
    [
        ("2309.06180", "https://arxiv.org/abs/2309.06180", "https://arxiv.org/pdf/2309.06180"),
        (
            "arXiv:2309.06180v2",
            "https://arxiv.org/abs/2309.06180",
            "https://arxiv.org/pdf/2309.06180",
        ),
        (
            "hep-th/9711200",
            "https://arxiv.org/abs/hep-th/9711200",
            "https://arxiv.org/pdf/hep-th/9711200",
        ),
    ],
)
def test_arxiv_urls_point_at_the_latest_version(arxiv_id: str, abs_url: str, pdf_url: str) -> None:
    assert arxiv_abs_url(arxiv_id) == abs_url
    assert arxiv_pdf_url(arxiv_id) == pdf_url
    assert link_kind(abs_url) is LinkKind.ABS
    assert link_kind(pdf_url) is LinkKind.PDF


def test_arxiv_pdf_url_uses_the_given_mirror() -> None:
    assert arxiv_pdf_url("2309.06180", base="https://export.arxiv.org/") == (
        "https://export.arxiv.org/pdf/2309.06180"
    )
    assert arxiv_pdf_url("2309.06180", base="http://127.0.0.1:8123") == (
        "http://127.0.0.1:8123/pdf/2309.06180"
    )


@pytest.mark.parametrize("arxiv_id", ["", "not an id", "https://github.com/org/repo"])
def test_arxiv_urls_refuse_what_is_not_an_arxiv_id(arxiv_id: str) -> None:
    with pytest.raises(ValueError, match="not an arXiv id"):
        arxiv_abs_url(arxiv_id)
    with pytest.raises(ValueError, match="not an arXiv id"):
        arxiv_pdf_url(arxiv_id)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "a." * 100_000,
        "a." * 100_000 + "com",
        "www." + "a-" * 100_000 + "a.com/x",
        "-" * 200_000,
        ")" * 200_000,
        "https://" + "." * 200_000,
        "javascript:" + "(" * 200_000,
    ],
    ids=lambda text: f"{text[:12]!r}x{len(text)}",
)
def test_huge_hostile_text_is_refused_not_stuck_on(text: str) -> None:
    assert safe_url(text) is None
    assert link_kind(text) is LinkKind.OTHER


def test_huge_but_well_formed_url_is_kept() -> None:
    url = "https://example.com/" + "a" * 200_000
    assert safe_url(url) == url
    assert link_kind(url + ".pdf") is LinkKind.PDF


URL_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["http://", "https://", "HTTPS://", "www.", "arxiv.org", "[::1]", "@"]),
        st.sampled_from(list("aZ09.-_:/?#[]%@=&~+!$'()*,; \\\t")),
        st.characters(min_codepoint=0xA0, max_codepoint=0x2FF),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=2000 if os.environ.get("READINGLIST_HYPOTHESIS") == "nightly" else 300)
@given(text=URL_TEXT)
def test_a_plain_url_passes_every_check_urlsplit_makes(text: str) -> None:
    """``safe_url`` returns a plain URL without asking ``urlsplit``: it must pass."""
    if links._PLAIN_URL.fullmatch(text) is None:
        return
    parts = urlsplit(text)
    assert parts.hostname and parts.port is None and "@" not in parts.netloc
    assert links._HOST.fullmatch(parts.hostname)


@settings(max_examples=2000 if os.environ.get("READINGLIST_HYPOTHESIS") == "nightly" else 300)
@given(text=URL_TEXT)
def test_a_safe_urls_parts_are_those_urlsplit_gives(text: str) -> None:
    safe = safe_url(text)
    if safe is None:
        return
    parts = urlsplit(safe)
    assert links.host_path_query(safe) == (parts.hostname or "", parts.path, parts.query)


def test_a_bracket_inside_a_host_is_refused_and_an_ipv6_host_kept() -> None:
    assert safe_url("http://a[::1]/x") is None
    assert safe_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert links.host_path_query("http://[::1]:8080/x?q=1") == ("::1", "/x", "q=1")
