"""Find the links in one line of Markdown, the way people actually write them.

Titles in reading lists contain brackets (``[PyTorch Forums [Distributed]
…](url)``) and URLs contain parentheses, which simple regular expressions get
wrong, so links are found by matching brackets. Inline HTML links, autolinks,
bare URLs and reference-style links are found too, because curated READMEs mix
all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HTML_LINK = re.compile(
    r"<a\s[^>]*?href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_BARE_URL = re.compile(
    r"(?<![<\w/.])(?:https?://|www\.|(?:arxiv\.org|doi\.org|github\.com|openreview\.net)/)"
    r"[^\s<>\[\]()]*[^\s<>\[\]().,;:!?'\"*_]"
)
_BARE_URL_MARKS = ("http", "www.", "arxiv.org/", "doi.org/", "github.com/", "openreview.net/")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^\s<>]+)>")


@dataclass(slots=True)
class Link:
    label: str
    target: str
    is_image: bool = False
    image_label: bool = False
    """The label is an image: a badge or logo, never a title."""
    start: int = 0
    end: int = 0


def html_to_markdown(line: str) -> str:
    """HTML links become Markdown links and images become nothing a title could catch."""
    line = _HTML_IMAGE.sub(" ", line)
    return _HTML_LINK.sub(lambda m: f"[{m.group(2).strip()}]({m.group(1).strip()})", line)


def find_links(line: str, references: dict[str, str] | None = None) -> list[Link]:
    """Every link in ``line`` in order of appearance; bare URLs are links without a label."""
    links: list[Link] = []
    closers: dict[int, int] = {}
    if "[" in line:
        closers = _closers(line)
    position = 0
    while True:
        start = line.find("[", position)
        if start < 0:
            break
        link = _bracket_link(line, start, closers, references or {})
        if link is None:
            position = start + 1
            continue
        links.append(link)
        position = link.end
    links.extend(_loose_urls(line, links))
    links.sort(key=lambda link: link.start)
    return links


def without_links(line: str, links: list[Link]) -> str:
    """The line's own words, with every link cut out."""
    pieces = []
    position = 0
    for link in links:
        pieces.append(line[position : link.start])
        position = link.end
    pieces.append(line[position:])
    return "".join(pieces)


def _bracket_link(
    line: str, start: int, closers: dict[int, int], references: dict[str, str]
) -> Link | None:
    close = closers.get(start)
    if close is None:
        return None
    is_image = start > 0 and line[start - 1] == "!"
    label = line[start + 1 : close]
    after = close + 1
    if after < len(line) and line[after] == "(":
        end = closers.get(after)
        if end is None:
            return None
        target = _target(line[after + 1 : end])
        end += 1
    elif after < len(line) and line[after] == "[":
        end = closers.get(after)
        if end is None:
            return None
        name = line[after + 1 : end].strip() or label
        target = references.get(name.strip().casefold(), "")
        end += 1
        if not target:
            return None
    else:
        target = references.get(label.strip().casefold(), "")
        end = after
        if not target:
            return None
    image_label = label.lstrip().startswith("![") or _HTML_IMAGE.search(label) is not None
    return Link(label, target, is_image, image_label, start - 1 if is_image else start, end)


_DELIMITERS = re.compile(r"\\.|[\[\]()]")
_OPENING = {"]": "[", ")": "("}


def _closers(line: str) -> dict[int, int]:
    """Where each bracket and parenthesis closes, in one pass, so a line full of them stays linear."""
    open_at: dict[str, list[int]] = {"[": [], "(": []}
    closers: dict[int, int] = {}
    for match in _DELIMITERS.finditer(line):
        char = match.group()
        if char in open_at:
            open_at[char].append(match.start())
        elif char in _OPENING:
            waiting = open_at[_OPENING[char]]
            if waiting:
                closers[waiting.pop()] = match.start()
    return closers


def _target(inside: str) -> str:
    inside = inside.strip()
    if inside.startswith("<") and ">" in inside:
        return inside[1 : inside.index(">")]
    return inside.split(maxsplit=1)[0] if inside else ""


def _loose_urls(line: str, bracketed: list[Link]) -> list[Link]:
    """Autolinks and bare URLs in the gaps between bracketed links (most lines have none)."""
    gaps: list[tuple[int, int]] = []
    position = 0
    for link in bracketed:
        if link.start > position:
            gaps.append((position, link.start))
        position = max(position, link.end)
    gaps.append((position, len(line)))
    found: list[Link] = []
    for start, end in gaps:
        gap = line[start:end]
        patterns = []
        if "<" in gap:
            patterns.append((_AUTOLINK, 1))
        if any(mark in gap for mark in _BARE_URL_MARKS):
            patterns.append((_BARE_URL, 0))
        taken: list[tuple[int, int]] = []
        for pattern, group in patterns:
            for match in pattern.finditer(line, start, end):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                taken.append((match.start(), match.end()))
                found.append(Link("", match.group(group), start=match.start(), end=match.end()))
    return found
