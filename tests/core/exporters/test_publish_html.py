"""The published page: everything from notes is inert, and the page is what a reader expects."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from readinglist_gui.core.exporters import export, html_publish, safe_markdown
from readinglist_gui.core.library import Library, PaperQuery, SortKey


class _Page(HTMLParser):
    """Every element with its attributes, and the text of scripts and styles."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def _published(library: Library) -> str:
    found = library.find_list("Seminar <Spring>")
    assert found is not None
    query = PaperQuery(list_id=found.id, sort=SortKey.POSITION, descending=False)
    return export(library, "html", query)


def test_notes_and_tldrs_cannot_run_or_load_anything(tricky: Library) -> None:
    text = _published(tricky)
    page = _Page(text)
    assert len(page.tags("script")) == 1
    assert "pwned" not in page.scripts[0]
    for banned in ("img", "iframe", "object", "embed", "video", "audio", "source", "form", "base"):
        assert page.tags(banned) == [], banned
    for tag, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "srcset"):
            value = attrs.get(name)
            if value is not None and tag != "link":
                assert value.startswith(("https://", "http://")), (tag, value)
    assert [attrs["href"] for attrs in page.tags("link")] == ["data:,"]
    assert "&lt;script&gt;document.title" in text
    assert '<span class="image">[tracker]</span>' in text
    assert (
        '<a href="https://example.org/read?a=1&amp;b=2" rel="noopener noreferrer">fine link</a>'
        in text
    )
    assert "a javascript link and a data link" in text


def test_a_strict_policy_admits_only_the_page_own_script_and_style(tricky: Library) -> None:
    page = _Page(_published(tricky))
    policy = next(
        attrs["content"]
        for attrs in page.tags("meta")
        if attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy
    for source in (page.scripts[0], page.styles[0]):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_sections_in_order_noted_papers_highlighted_and_tags_offered(tricky: Library) -> None:
    text = _published(tricky)
    headings = re.findall(r"<h2>(.*?)</h2>", text)
    assert headings == ["Week 1: Basics", "Week 2: Recess", "Week 3: More"]
    assert "<h1>Seminar &lt;Spring&gt;</h1>" in text
    articles = re.findall(r'<article class="paper (\w+)">', text)
    assert articles == ["noted", "skimmed", "unread", "unread"]
    assert (
        "<b>TL;DR</b>Read &lt;a href=&quot;javascript:x&quot;&gt;this&lt;/a&gt; <strong>first</strong>."
        in text
    )
    chips = re.findall(r'<button type="button" data-tag="([^"]*)"', text.split("<main>")[0])
    assert chips == ["", "LLM", "MoE", "NLP", "Physics", "Transformers"]
    assert "Other papers" not in text


def test_only_hex_tag_colours_reach_the_style_sheet(tricky: Library) -> None:
    tricky.set_tag_color("LLM", "#2e7d32")
    tricky.set_tag_color("MoE", "red; } body { background: url(http://remote.example/x)")
    text = _published(tricky)
    assert "--dot: #2e7d32;" in text
    assert "remote.example/x" not in text


def test_markdown_subset_renders_structure_and_escapes_the_rest() -> None:
    rendered = safe_markdown.render(
        "# Head\n\nSome **bold** and *it* and `<code>`.\n\n1. one\n2. two\n   - nested\n\n"
        "> quoted\n\n```\n<b>raw</b>\n```\n\n- [x] done\n",
        heading_level=5,
    )
    assert rendered.splitlines() == [
        "<h5>Head</h5>",
        "<p>Some <strong>bold</strong> and <em>it</em> and <code>&lt;code&gt;</code>.</p>",
        "<ol><li>one</li><li>two<ul><li>nested</li></ul></li></ol>",
        "<blockquote><p>quoted</p></blockquote>",
        "<pre><code>&lt;b&gt;raw&lt;/b&gt;</code></pre>",
        '<ul><li><span class="task">☑</span> done</li></ul>',
    ]


def test_only_explicit_http_links_survive() -> None:
    for url in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "//remote.example/x",
        "www.example.com",
        "https://user@example.com/",
    ):
        assert safe_markdown.link_target(url) is None, url
        assert "<a " not in safe_markdown.inline(f"[x]({url})"), url
    assert safe_markdown.link_target("HTTPS://example.com/a") == "https://example.com/a"


def test_a_library_without_lists_publishes_under_the_given_title() -> None:
    from readinglist_gui.core.records import PaperRecord, RecordBatch

    text = html_publish.dumps(RecordBatch(papers=[PaperRecord(title="Lonely")]), title="Mine")
    assert "<h1>Mine</h1>" in text and "Lonely" in text and "Other papers" not in text
