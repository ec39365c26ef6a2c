"""Turn what a list says about one paper (a title, some URLs) into a ``PaperRecord``.

Every text reader meets the same facts in different wrappings, so the rules
for links, identifiers and truncated titles live here once: any http(s) URL is
kept as a link, the first arXiv or DOI URL supplies the identifier, and a title
cut short with an ellipsis is kept as written but flagged for a later fetch.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from readinglist_gui.core.identity import is_truncated_title, normalize_arxiv_id, normalize_doi
from readinglist_gui.core.links import link_kind, safe_url
from readinglist_gui.core.records import LinkRecord, PaperRecord

_EMPHASIS = re.compile(
    r"\*\*(?P<a>.+?)\*\*|__(?P<b>.+?)__|(?<![\w*])\*(?P<c>[^*\s](?:[^*]*[^*\s])?)\*(?!\w)"
    r"|(?<!\w)_(?P<d>[^_\s](?:[^_]*[^_\s])?)_(?!\w)|`(?P<e>[^`]+)`"
)
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_MARKUP = re.compile(r"[<*_`&\\\u2010\u2011]")
_NB_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-]*):")


def clean_text(text: str) -> str:
    """Markup a title or note carries in a list is presentation, not part of the words."""
    if _MARKUP.search(text) is None:
        return " ".join(text.split())
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub(_unwrapped, text)
    text = html.unescape(text).replace("\\[", "[").replace("\\]", "]")
    return _SPACES.sub(" ", text.translate(_NB_HYPHENS)).strip()


def _unwrapped(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def refusal(url: str) -> str | None:
    """Why a link is left out, for the report; None for text that was never a link."""
    shown = url.strip()[:80]
    scheme = _SCHEME.match(url.strip())
    if scheme is None:
        return None
    if scheme.group(1).lower() not in ("http", "https"):
        return f"link {shown!r} skipped: only http and https links are kept"
    return f"link {shown!r} skipped: not a valid web address"


@lru_cache(maxsize=256)
def safe_link(url: str) -> str | None:
    """``links.safe_url``, remembered: a reader asks about one link several times in a row."""
    return safe_url(url)


def add_link(paper: PaperRecord, url: str, refused: list[str] | None = None) -> bool:
    """Attach ``url`` if it is a web link; arXiv and DOI links also identify the paper.

    A link with another scheme (``file:``, ``javascript:``) is left out, and why
    is added to ``refused`` for the report.
    """
    safe = safe_link(url)
    if safe is None:
        reason = refusal(url)
        if reason is not None and refused is not None:
            refused.append(reason)
        return False
    if all(link.url != safe for link in paper.links):
        paper.links.append(LinkRecord(safe, link_kind(safe)))
    if paper.arxiv_id is None:
        paper.arxiv_id = normalize_arxiv_id(safe)
    if paper.doi is None and paper.arxiv_id is None and "doi.org/" in safe.lower():
        paper.doi = normalize_doi(safe)
    return True


def paper_from_links(title: str, urls: Iterable[str] = (), tags: Iterable[str] = ()) -> PaperRecord:
    paper = PaperRecord(title=_without_leading_symbols(clean_text(title)))
    paper.title_truncated = bool(paper.title) and is_truncated_title(paper.title)
    for url in urls:
        add_link(paper, url)
    paper.tags = unique(tags)
    return paper


def _without_leading_symbols(title: str) -> str:
    """Lists decorate titles with emoji (``🔥 Title``); a title never starts with one."""
    start = 0
    while start < len(title) and (
        unicodedata.category(title[start]) in ("So", "Sk", "Cf", "Mn") or title[start].isspace()
    ):
        start += 1
    return title[start:]


def unique(names: Iterable[str]) -> list[str]:
    """Tags keep their first spelling and order; case differences are the same tag."""
    seen: set[str] = set()
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept
