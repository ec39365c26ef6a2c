"""What a link in a Markdown list is: a paper's title, an extra link of a paper, or nothing.

* a link whose label is a title (``[Title](url)``) names a paper;
* a label like ``pdf``, ``[[paper]]``, ``code``, a bare URL or an identifier
  (``arXiv:2309.06180``) is never a title: the link is an extra link of the
  paper the bullet's own words name;
* links to Markdown files, images, badges and anchors are never papers (index
  pages link to their category files; badges link to star counts);
* a link to anything but an http(s) page (``file:``, ``javascript:``) is
  refused, and the reader says so in its report.
"""

from __future__ import annotations

import re

from readinglist_gui.core.identity import normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.markdown_inline import Link
from readinglist_gui.core.importers.paper_builder import clean_text, safe_link

TITLE, AUX, DROP, REFUSED = "title", "aux", "drop", "refused"

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_BADGE_HOSTS = ("img.shields.io", "badgen.net", "badge.fury.io", "api.star-history.com")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-]*):")
_WORDS = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_DOMAIN_LABEL = re.compile(r"[\w.-]+\.[a-z]{2,}(/\S*)?")
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_IDENTIFIER_LABEL = re.compile(r"(?:arxiv|doi|corr)\b|\d{4}\.\d{4,5}|10\.\d{4,9}/", re.IGNORECASE)
# fmt: off
_GENERIC_WORDS = frozenset([
    "pdf", "paper", "papers", "code", "arxiv", "link", "links", "project", "page", "site", "web",
    "website", "blog", "post", "repo", "repository", "github", "gitlab", "source", "official",
    "unofficial", "implementation", "slides", "video", "demo", "html", "abs", "abstract", "doi",
    "openreview", "bib", "bibtex", "url", "here", "poster", "dataset", "data", "model", "models",
    "weights", "huggingface", "hugging", "face", "hf", "colab", "notebook", "talk", "youtube",
    "tweet", "thread", "twitter", "x", "review", "reviews", "summary", "notes", "note",
    "pytorch", "jax", "tensorflow", "paperswithcode", "with", "semantic", "scholar", "acl",
    "anthology", "ieee", "acm", "springer", "medium", "zhihu", "star", "stars", "docs",
    "documentation", "leaderboard", "supp", "supplementary", "appendix", "citation", "cite",
    "alphaxiv", "read", "more", "discussion", "podcast", "audio", "full", "text", "preprint",
    "published", "version", "homepage", "checkpoint", "checkpoints", "api", "article",
])
# fmt: on


def role(link: Link) -> str:
    """``TITLE``, ``AUX`` (a paper's extra link), ``DROP`` (not a paper's) or ``REFUSED``."""
    target = link.target.strip()
    if not target or target.startswith("#") or link.is_image:
        return DROP
    path, host = _path_and_host(target)
    if path.endswith(_IMAGE_SUFFIXES + MARKDOWN_SUFFIXES) or host in _BADGE_HOSTS:
        return DROP
    if safe_link(target) is None:
        return REFUSED if _SCHEME.match(target) else DROP
    if link.image_label:
        return AUX
    label = clean_text(label_text(link.label))
    if not label or is_generic(label) or _looks_like_url(label) or _is_identifier(label):
        return AUX
    return TITLE


def _path_and_host(target: str) -> tuple[str, str]:
    """The path and host of a link by plain string cuts, as ``urlsplit`` would give them
    for these checks, at a fraction of its cost and without its ``ValueError``."""
    lower = target.lower()
    for mark in "?#":
        cut = lower.find(mark)
        if cut >= 0:
            lower = lower[:cut]
    scheme_end = lower.find("://")
    rest = lower[scheme_end + 3 :] if scheme_end >= 0 else lower
    slash = rest.find("/")
    if slash < 0:
        return "", rest
    return rest[slash:], rest[:slash]


def is_generic(label: str) -> bool:
    words = _WORDS.findall(label.casefold())
    return bool(words) and all(word in _GENERIC_WORDS or _YEAR.fullmatch(word) for word in words)


def _looks_like_url(label: str) -> bool:
    return "://" in label or label.startswith("www.") or bool(_DOMAIN_LABEL.fullmatch(label))


def _is_identifier(label: str) -> bool:
    """``arXiv:2309.06180`` or a DOI as a label says where the paper is, not what it is called."""
    if len(label) > 120 or _IDENTIFIER_LABEL.search(label) is None:
        return False
    return normalize_arxiv_id(label) is not None or normalize_doi(label) is not None


def label_text(label: str) -> str:
    """A label's words: nested links give their labels, images give nothing."""
    if "](" not in label:
        return label
    return _INLINE_LINK.sub(r"\1", _INLINE_IMAGE.sub("", label))
