"""A reading list as Markdown, in the shape people publish lists on GitHub and blogs.

Sections keep their order, each paper is a task-list item ticked once it has
been skimmed or noted, and the file reads back through our own Markdown
importer as the same list. Notes and highlights are private by default and
only included when asked for (``--notes``).
"""

from __future__ import annotations

from readinglist_gui.core.exporters.citations import main_url
from readinglist_gui.core.exporters.reading_order import Placed, placed_papers
from readinglist_gui.core.highlights import quote
from readinglist_gui.core.records import (
    HighlightRecord,
    LinkKind,
    PaperRecord,
    RecordBatch,
    Status,
)

_ESCAPES = str.maketrans({"[": r"\[", "]": r"\]", "<": "&lt;", "\\": "\\\\", "`": r"\`"})
_LINK_LABELS = {LinkKind.PDF: "pdf", LinkKind.CODE: "code", LinkKind.BLOG: "blog"}


def dumps(batch: RecordBatch, *, title: str = "Reading list", notes: bool = False) -> str:
    lines: list[str] = []
    groups = placed_papers(batch)
    single = len(groups) == 1
    for group in groups:
        lines += [f"# {_escape(title if single and not group.name else group.name)}", ""]
        for section in group.sections:
            if section.heading or section.date:
                lines += [f"## {_escape(section.heading or section.date_text)}", ""]
                if section.date and section.date_text not in section.heading:
                    lines += [f"*{section.date_text}*", ""]
            for placed in section.papers:
                lines += _item(placed, notes)
            if section.papers:
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _item(placed: Placed, notes: bool) -> list[str]:
    paper = placed.paper
    box = "[ ]" if paper.status is Status.UNREAD else "[x]"
    url = main_url(paper)
    name = _escape(paper.title or paper.arxiv_id or paper.doi or "Untitled")
    parts = [f"[{name}]({url})" if url else name]
    byline = _byline(paper)
    if byline:
        parts.append(byline)
    extra = [
        f"[{_LINK_LABELS[link.kind]}]({link.url})"
        for link in paper.links
        if link.kind in _LINK_LABELS and link.url != url
    ]
    if extra:
        parts.append(" ".join(extra))
    if paper.tags:
        parts.append(" ".join(f"`{tag.replace('`', '')}`" for tag in paper.tags))
    if placed.optional:
        parts.append("*(optional)*")
    lines = [f"- {box} " + " — ".join(parts)]
    if placed.tldr.strip():
        lines.append(f"  - TL;DR: {_escape(' '.join(placed.tldr.split()))}")
    if notes and paper.note.strip():
        lines.append("  - Notes:")
        lines += [f"    > {line}".rstrip() for line in paper.note.strip().splitlines()]
    if notes and paper.highlights:
        lines.append("  - Highlights:")
        lines += _highlights(paper.highlights)
    return lines


def _highlights(highlights: list[HighlightRecord]) -> list[str]:
    """One quote holding every highlight: the passage with its page, then its comment."""
    lines: list[str] = []
    for highlight in highlights:
        if lines:
            lines.append("    >")
        page = f"(p. {highlight.page + 1})"
        passage = _escape(quote(highlight.text))
        lines.append(f"    > “{passage}” {page}" if passage else f"    > {page}")
        comment = [line.strip() for line in highlight.comment.strip().splitlines()]
        for number, line in enumerate(comment):
            lines.append(f"    > {'— ' if number == 0 else ''}{_escape(line)}".rstrip())
    return lines


def _byline(paper: PaperRecord) -> str:
    authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    details = ", ".join(str(p) for p in (paper.venue.strip(), paper.year) if p)
    if authors and details:
        return f"{_escape(authors)} ({_escape(details)})"
    return _escape(authors or details)


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)
