"""A reading list as one self-contained web page, ready to put online or mail around.

The page must be safe to publish from untrusted input (titles, TL;DRs and
notes come from other people's lists), so every piece of text is escaped, notes
go through ``safe_markdown``, and a Content-Security-Policy that admits only
this page's own script and style (by hash) stops anything else from running or
loading, even if a bug let some markup through. The filter script is a few
lines of plain JavaScript that also reads ``#tag=...&q=...`` from the address,
so a filtered view can be linked to.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import re
from collections import Counter
from urllib.parse import urlsplit

from readinglist_gui.core.exporters import safe_markdown
from readinglist_gui.core.exporters.citations import main_url
from readinglist_gui.core.exporters.reading_order import Placed, PlacedList, placed_papers
from readinglist_gui.core.records import LinkKind, PaperRecord, RecordBatch, Status

_COLOR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
_LINK_LABELS = {LinkKind.PDF: "PDF", LinkKind.CODE: "Code", LinkKind.BLOG: "Blog"}
_HOST_LABELS = {"arxiv.org": "arXiv", "doi.org": "DOI", "openreview.net": "OpenReview"}
_MAX_AUTHORS = 6

_SCRIPT = """
(() => {
  const key = (s) => (s || "").trim().toLocaleLowerCase();
  const papers = [...document.querySelectorAll("article.paper")].map((p) => ({
    element: p,
    text: key(p.textContent),
    tags: [...p.querySelectorAll("[data-tag]")].map((b) => key(b.dataset.tag)),
  }));
  const box = document.getElementById("q");
  const count = document.getElementById("count");
  let tag = "";
  function apply(remember) {
    const words = key(box.value).split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const p of papers) {
      const match = (!tag || p.tags.includes(tag)) && words.every((w) => p.text.includes(w));
      p.element.hidden = !match;
      if (match) shown++;
    }
    const filtering = Boolean(tag || words.length);
    for (const s of document.querySelectorAll("section.part, section.list")) {
      s.hidden = filtering && !s.querySelector("article.paper:not([hidden])");
    }
    for (const b of document.querySelectorAll("#tags [data-tag]")) {
      b.setAttribute("aria-pressed", String(key(b.dataset.tag) === tag));
    }
    count.textContent = filtering ? `${shown} of ${papers.length} papers` : `${papers.length} papers`;
    document.body.dataset.shown = String(shown);
    if (remember) {
      const state = new URLSearchParams();
      if (tag) state.set("tag", tag);
      if (box.value.trim()) state.set("q", box.value.trim());
      const hash = state.toString();
      history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    }
  }
  function fromAddress() {
    const state = new URLSearchParams(location.hash.slice(1));
    tag = key(state.get("tag"));
    box.value = state.get("q") || "";
    apply(false);
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-tag]");
    if (!button) return;
    const picked = key(button.dataset.tag);
    tag = picked === tag ? "" : picked;
    apply(true);
  });
  box.addEventListener("input", () => apply(true));
  window.addEventListener("hashchange", fromAddress);
  document.getElementById("controls").hidden = false;
  fromAddress();
})();
"""

_STYLE = """
:root {
  color-scheme: light dark;
  --bg: #f7f7f4; --card: #ffffff; --text: #1d1f21; --muted: #62666d; --line: #e3e3de;
  --accent: #2f6feb; --on-accent: #ffffff; --chip: #eef0f3; --chip-text: #30343a;
  --noted: #1f883d; --noted-bg: #eaf7ee; --noted-line: #a6dcb5;
  --skimmed: #9a6700; --skimmed-bg: #fff8e6;
  --shadow: 0 1px 2px rgb(0 0 0 / 6%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111315; --card: #1a1d21; --text: #e6e6e3; --muted: #9aa0a6; --line: #2c3036;
    --accent: #7aa7ff; --on-accent: #0d1117; --chip: #262a30; --chip-text: #d5d8dc;
    --noted: #4ac26b; --noted-bg: #14271b; --noted-line: #2d5a3a;
    --skimmed: #d29922; --skimmed-bg: #261f0f;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.page { max-width: 880px; margin: 0 auto; padding: 40px 20px 64px; }
header h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
.summary { color: var(--muted); margin: 0 0 14px; }
progress {
  appearance: none; width: 100%; height: 6px; border: 0; border-radius: 3px;
  background: var(--line); overflow: hidden; display: block;
}
progress::-webkit-progress-bar { background: var(--line); }
progress::-webkit-progress-value { background: var(--noted); }
progress::-moz-progress-bar { background: var(--noted); }
#controls {
  position: sticky; top: 0; z-index: 1; background: var(--bg);
  padding: 16px 0 12px; margin-bottom: 8px; border-bottom: 1px solid var(--line);
}
#q {
  width: 100%; font: inherit; padding: 9px 12px; border-radius: 8px;
  border: 1px solid var(--line); background: var(--card); color: var(--text);
}
#q:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
#tags { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; align-items: center; }
#count { margin-left: auto; color: var(--muted); font-size: 0.85rem; }
button[data-tag] {
  font: inherit; font-size: 0.8rem; line-height: 1.2; cursor: pointer;
  border: 1px solid transparent; border-radius: 999px; padding: 3px 10px;
  background: var(--chip); color: var(--chip-text);
}
button[data-tag]::before {
  content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%;
  margin-right: 6px; vertical-align: 1px; background: var(--dot, var(--muted));
}
button[data-tag=""]::before { display: none; }
button[data-tag]:hover { border-color: var(--line); }
button[aria-pressed="true"] { background: var(--accent); color: var(--on-accent); }
button[aria-pressed="true"]::before { background: var(--on-accent); }
button[data-tag] small { opacity: 0.7; margin-left: 4px; }
section.list > h2 { font-size: 1.5rem; margin: 40px 0 4px; }
.part-head { display: flex; align-items: baseline; gap: 12px; margin: 32px 0 12px; }
.part-head > :first-child { margin: 0; font-size: 1.2rem; }
.part-head time, .part-head .progress { color: var(--muted); font-size: 0.85rem; }
.part-head .progress { margin-left: auto; white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; margin: 0 0 8px; }
article.paper {
  background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line);
  border-radius: 10px; padding: 14px 18px; margin: 0 0 12px; box-shadow: var(--shadow);
}
article.noted { background: var(--noted-bg); border-color: var(--noted-line); border-left-color: var(--noted); }
article.skimmed { border-left-color: var(--skimmed); }
.title-row { display: flex; align-items: baseline; gap: 10px; }
.title-row > :first-child { margin: 0; font-size: 1.05rem; line-height: 1.35; flex: 1; }
.title-row a { color: var(--text); }
.badge {
  font-size: 0.7rem; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase;
  padding: 2px 8px; border-radius: 999px; white-space: nowrap;
}
.badge.noted { color: #fff; background: var(--noted); }
.badge.skimmed { color: var(--skimmed); background: var(--skimmed-bg); border: 1px solid var(--skimmed); }
.byline { color: var(--muted); font-size: 0.9rem; margin: 4px 0 0; }
.optional { font-size: 0.75rem; border: 1px dashed var(--muted); border-radius: 4px; padding: 0 5px; margin-left: 6px; }
.tldr { margin: 10px 0 0; }
.tldr b { font-size: 0.75rem; letter-spacing: 0.05em; color: var(--muted); margin-right: 6px; }
.note {
  margin: 12px 0 0; padding: 2px 14px; border-radius: 8px;
  background: color-mix(in srgb, var(--card) 70%, transparent); border: 1px solid var(--line);
  font-size: 0.95rem;
}
.note h4, .note h5, .note h6 { margin: 10px 0 4px; font-size: 0.95rem; }
.note p, .note ul, .note ol, .note blockquote, .note pre { margin: 8px 0; }
.note ul, .note ol { padding-left: 22px; }
.note blockquote { border-left: 3px solid var(--line); margin-left: 0; padding-left: 12px; color: var(--muted); }
.note code, .note pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
.note code { background: var(--chip); padding: 1px 4px; border-radius: 4px; }
.note pre { background: var(--chip); padding: 10px; border-radius: 6px; overflow-x: auto; }
.note pre code { background: none; padding: 0; }
.note .image { color: var(--muted); font-style: italic; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin-top: 10px; }
.meta ul { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0; padding: 0; }
.links { display: flex; gap: 12px; font-size: 0.85rem; margin-left: auto; }
footer.page-foot { margin-top: 48px; color: var(--muted); font-size: 0.8rem; text-align: center; }
@media (max-width: 560px) {
  .page { padding-top: 24px; }
  .links { margin-left: 0; }
}
"""


def dumps(
    batch: RecordBatch, *, title: str = "Reading list", published: dt.date | None = None
) -> str:
    groups = placed_papers(batch)
    if len(groups) == 1 and groups[0].name:
        title = groups[0].name
    papers = [placed.paper for group in groups for s in group.sections for placed in s.papers]
    colors = {
        t.name.casefold(): t.color for t in batch.tags if t.color and _COLOR.fullmatch(t.color)
    }
    tag_counts = Counter(tag for paper in _unique(papers) for tag in paper.tags)
    tag_names = sorted(tag_counts, key=str.casefold)
    classes = {name.casefold(): f"c{n}" for n, name in enumerate(tag_names)}
    style = _STYLE + "".join(
        f"button[data-tag].{classes[key]} {{ --dot: {color}; }}\n"
        for key, color in colors.items()
        if key in classes
    )
    renderer = _Renderer(classes, nested=len(groups) > 1)
    body = "\n".join(renderer.group(group) for group in groups)
    unique_papers = _unique(papers)
    done = sum(1 for p in unique_papers if p.status is not Status.UNREAD)
    noted = sum(1 for p in unique_papers if p.status is Status.NOTED)
    day = (published or dt.date.today()).isoformat()
    chips = "".join(
        f'<button type="button" data-tag="{_e(name)}" class="{classes[name.casefold()]}">'
        f"{_e(name)}<small>{tag_counts[name]}</small></button>"
        for name in tag_names
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_policy(_SCRIPT, style)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="readinglist-gui">
<title>{_e(title)}</title>
<link rel="icon" href="data:,">
<style>{style}</style>
</head>
<body>
<div class="page">
<header>
<h1>{_e(title)}</h1>
<p class="summary">{len(unique_papers)} papers · {noted} noted · {done - noted} skimmed</p>
<progress max="{max(len(unique_papers), 1)}" value="{done}" title="{done} of {len(unique_papers)} read"></progress>
</header>
<div id="controls" hidden>
<input id="q" type="search" placeholder="Search titles, authors, notes…" aria-label="Search papers" autocomplete="off">
<div id="tags" role="toolbar" aria-label="Filter by tag">
<button type="button" data-tag="">All</button>{chips}
<span id="count" aria-live="polite"></span>
</div>
</div>
<main>
{body}
</main>
<footer class="page-foot">Published {day} with readinglist-gui</footer>
</div>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _policy(script: str, style: str) -> str:
    """Only this page's own script and style may run; nothing may be fetched."""
    return (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


class _Renderer:
    def __init__(self, classes: dict[str, str], *, nested: bool) -> None:
        self.classes = classes
        self.nested = nested
        self.part_level = 3 if nested else 2

    def group(self, group: PlacedList) -> str:
        parts = "\n".join(self.part(s.heading, s.date_text, s.papers) for s in group.sections)
        if not self.nested:
            return parts
        return f'<section class="list">\n<h2>{_e(group.name)}</h2>\n{parts}\n</section>'

    def part(self, heading: str, date: str, papers: list[Placed]) -> str:
        level = self.part_level
        head = ""
        if heading or date:
            done = sum(1 for p in papers if p.paper.status is not Status.UNREAD)
            when = f'<time datetime="{date}">{date}</time>' if date and date not in heading else ""
            progress = f'<span class="progress">{done}/{len(papers)} read</span>' if papers else ""
            head = (
                f'<div class="part-head"><h{level}>{_e(heading or date)}</h{level}>'
                f"{when}{progress}</div>\n"
            )
        items = "\n".join(self.paper(p) for p in papers) or '<p class="empty">No papers.</p>'
        return f'<section class="part">\n{head}{items}\n</section>'

    def paper(self, placed: Placed) -> str:
        paper = placed.paper
        level = self.part_level + 1
        url = safe_markdown.link_target(main_url(paper) or "")
        name = _e(paper.title or paper.arxiv_id or paper.doi or "Untitled")
        title = f'<a href="{_e(url)}" rel="noopener noreferrer">{name}</a>' if url else name
        badge = (
            f'<span class="badge {paper.status.value}">{paper.status.value}</span>'
            if paper.status is not Status.UNREAD
            else ""
        )
        optional = '<span class="optional">optional</span>' if placed.optional else ""
        parts = [
            f'<article class="paper {paper.status.value}">',
            f'<div class="title-row"><h{level}>{title}</h{level}>{badge}</div>',
        ]
        byline = _byline(paper)
        if byline or optional:
            parts.append(f'<p class="byline">{byline}{optional}</p>')
        if placed.tldr.strip():
            parts.append(f'<p class="tldr"><b>TL;DR</b>{safe_markdown.inline(placed.tldr)}</p>')
        if paper.note.strip():
            note = safe_markdown.render(paper.note, heading_level=level + 1)
            parts.append(f'<div class="note">{note}</div>')
        tags = "".join(
            f'<li><button type="button" data-tag="{_e(tag)}" '
            f'class="{self.classes.get(tag.casefold(), "")}">{_e(tag)}</button></li>'
            for tag in paper.tags
        )
        links = "".join(
            f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(label)}</a>'
            for label, href in _links(paper)
        )
        if tags or links:
            tag_list = f"<ul>{tags}</ul>" if tags else ""
            link_list = f'<nav class="links">{links}</nav>' if links else ""
            parts.append(f'<div class="meta">{tag_list}{link_list}</div>')
        parts.append("</article>")
        return "\n".join(parts)


def _byline(paper: PaperRecord) -> str:
    authors = ", ".join(paper.authors[:_MAX_AUTHORS])
    if len(paper.authors) > _MAX_AUTHORS:
        authors += " et al."
    pieces = [p for p in (authors, paper.venue.strip(), str(paper.year or "")) if p]
    return _e(" · ".join(pieces))


def _links(paper: PaperRecord) -> list[tuple[str, str]]:
    """One link per label (arXiv, PDF, Code, ...); only http(s) addresses survive."""
    found: list[tuple[str, str]] = []
    candidates = [*((link.kind, link.url) for link in paper.links)]
    if paper.arxiv_id:
        candidates.append((LinkKind.ABS, f"https://arxiv.org/abs/{paper.arxiv_id}"))
    if paper.doi:
        candidates.append((LinkKind.OTHER, f"https://doi.org/{paper.doi}"))
    for kind, url in candidates:
        href = safe_markdown.link_target(url)
        if href is None or any(href == h for _, h in found):
            continue
        host = _host(href)
        label = _LINK_LABELS.get(kind) or _HOST_LABELS.get(host, host)
        if all(label != seen for seen, _ in found):
            found.append((label, href))
    return found


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _unique(papers: list[PaperRecord]) -> list[PaperRecord]:
    return list({id(p): p for p in papers}.values())


def _e(text: str) -> str:
    return html.escape(text, quote=True)
