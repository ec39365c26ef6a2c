"""Notes from Markdown to HTML that can neither run nor fetch anything.

Notes are written by hand and by importers from other people's lists, so they
are untrusted. Rather than render full Markdown and sanitise the result, this
renders a small subset (paragraphs, headings, lists, quotes, code, emphasis,
links) and escapes every character of text it emits: raw HTML in a note shows
as text, links are kept only for http(s) addresses, and images become their
alt text, so a published page never loads anything a note names.
"""

from __future__ import annotations

import html
import re

from readinglist_gui.core.links import safe_url

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_TASK = re.compile(r"^\[([ xX])\]\s+")
_HTTP = re.compile(r"https?://", re.IGNORECASE)

_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<code_text>.+?)(?P=ticks))"
    r"|(?P<image>!\[(?P<alt>[^\]]*)\]\((?P<image_url>[^)]*)\))"
    r"|(?P<link>\[(?P<label>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<url>(?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\))"
    r"|(?P<auto><(?P<auto_url>https?://[^>\s]+)>)"
    r"|(?P<bare>https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_])"
    r"|(?P<strong>\*\*(?P<strong_a>.+?)\*\*|__(?P<strong_b>.+?)__)"
    r"|(?P<em>(?<![\w*])\*(?P<em_a>[^*\s](?:[^*]*[^*\s])?)\*(?!\*)"
    r"|(?<![\w_])_(?P<em_b>[^_\s](?:[^_]*[^_\s])?)_(?![\w_]))"
    r"|(?P<strike>~~(?P<strike_text>.+?)~~)",
    re.IGNORECASE,
)


def render(markdown: str, *, heading_level: int = 4) -> str:
    """HTML for ``markdown``; its ``#`` headings start at ``<h{heading_level}>``."""
    return "\n".join(_blocks(markdown.replace("\r\n", "\n").split("\n"), heading_level))


def link_target(url: str) -> str | None:
    """The address a link may carry: an explicit http(s) URL that ``safe_url`` accepts."""
    url = url.strip()
    if not _HTTP.match(url):
        return None
    return safe_url(url)


def inline(text: str, *, links: bool = True) -> str:
    """Escape ``text`` and turn inline Markdown into the few tags we allow."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        out.append(_inline_match(match, links))
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)


def _inline_match(match: re.Match[str], links: bool) -> str:
    kind = match.lastgroup
    if match["code"]:
        return f"<code>{html.escape(match['code_text'].strip())}</code>"
    if match["image"]:
        alt = match["alt"].strip() or "image"
        return f'<span class="image">[{html.escape(alt)}]</span>'
    if match["link"]:
        label = inline(match["label"], links=False)
        return _anchor(match["url"], label) if links else label
    if match["auto"] or match["bare"]:
        url = match["auto_url"] or match["bare"]
        return _anchor(url, html.escape(url)) if links else html.escape(url)
    if match["strong"]:
        return f"<strong>{inline(match['strong_a'] or match['strong_b'], links=links)}</strong>"
    if match["em"]:
        return f"<em>{inline(match['em_a'] or match['em_b'], links=links)}</em>"
    if match["strike"]:
        return f"<del>{inline(match['strike_text'], links=links)}</del>"
    return html.escape(match.group(kind or 0))


def _anchor(url: str, label: str) -> str:
    target = link_target(url)
    if target is None:
        return label
    return f'<a href="{html.escape(target)}" rel="noopener noreferrer">{label}</a>'


def _blocks(lines: list[str], heading_level: int) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []
    index = 0

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{inline(' '.join(line.strip() for line in paragraph))}</p>")
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            flush()
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(1)):
                end += 1
            code = "\n".join(lines[index + 1 : end])
            out.append(f"<pre><code>{html.escape(code)}</code></pre>")
            index = end + 1
            continue
        if not line.strip():
            flush()
        elif _RULE.match(line):
            flush()
            out.append("<hr>")
        elif heading := _HEADING.match(line):
            flush()
            level = min(6, heading_level + len(heading.group(1)) - 1)
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif _QUOTE.match(line):
            flush()
            quoted = []
            while index < len(lines) and (found := _QUOTE.match(lines[index])):
                quoted.append(found.group(1))
                index += 1
            inner = "\n".join(_blocks(quoted, heading_level))
            out.append(f"<blockquote>{inner}</blockquote>")
            continue
        elif _ITEM.match(line):
            flush()
            end = index
            while end < len(lines) and (
                _ITEM.match(lines[end])
                or (lines[end].startswith((" ", "\t")) and lines[end].strip())
            ):
                end += 1
            out.append(_list(lines[index:end]))
            index = end
            continue
        else:
            paragraph.append(line)
        index += 1
    flush()
    return out


def _list(lines: list[str]) -> str:
    """Nested lists by indentation; continuation lines join the item above them."""
    items: list[tuple[int, bool, str]] = []
    for line in lines:
        item = _ITEM.match(line)
        if item:
            indent = len(item.group(1).expandtabs(4))
            items.append((indent, item.group(2)[0].isdigit(), item.group(3)))
        elif items:
            indent, ordered, text = items[-1]
            items[-1] = (indent, ordered, f"{text} {line.strip()}")
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    for indent, ordered, text in items:
        tag = "ol" if ordered else "ul"
        while stack and indent < stack[-1][0]:
            out.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0] and tag != stack[-1][1]:
            out.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0]:
            out.append("</li>")
        else:
            stack.append((indent, tag))
            out.append(f"<{tag}>")
        out.append(f"<li>{_task(text)}")
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "".join(out)


def _task(text: str) -> str:
    task = _TASK.match(text)
    if task is None:
        return inline(text)
    mark = "☐" if task.group(1) == " " else "☑"
    return f'<span class="task">{mark}</span> {inline(text[task.end() :])}'
