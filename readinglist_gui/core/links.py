"""Which pasted links may be opened, and what kind of page each one is.

Reading lists are untrusted text: a link could be ``javascript:``, a local file,
or a relative path to a file in someone else's repository. Only http and https
pages with a real host leave this module, and the kind of each page decides
where the paper view shows it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from readinglist_gui.core.identity import normalize_arxiv_id, trim_pasted
from readinglist_gui.core.records import LinkKind

_HTTP = re.compile(r"https?://", re.IGNORECASE)

# Whitespace, controls, backslashes (which browsers read as "/") and invisible
# direction or joiner characters that make a link read differently than it goes.
_UNSAFE_CHARS = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\\\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?:[/?#][\x21-\x7e]*)?", re.IGNORECASE)
"""A link whose host is letters, digits, dots and dashes, with no user, port or brackets
before its path: everything ``safe_url`` asks ``urlsplit`` about holds for it, so nearly
every link of a big list skips that (a fifth of reading its links)."""
# urlsplit gives IPv6 hosts without their brackets.
_HOST = re.compile(r"[\w.-]+|[0-9a-f:.]+", re.IGNORECASE)
_BARE_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,63})(?::\d{1,5})?",
    re.IGNORECASE,
)
_MAX_HOST_LENGTH = 253

# Top-level domains a scheme-less link may end its host with. Domains that are also
# common file extensions (md, py, rs, sh, pl, ps, so, cc, ml, in, zip, mov) are left
# out on purpose: "architecture.md" or "MANIFEST.in" in a README is a file, not a site.
# fmt: off
_KNOWN_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "ai", "co", "dev",
    "app", "xyz", "site", "tech", "page", "blog", "pub", "science", "research", "me", "tv",
    "fm", "ly", "gl", "to", "us", "uk", "ca", "au", "de", "fr", "nl", "be", "ch", "at", "it",
    "es", "pt", "se", "no", "fi", "dk", "is", "ie", "cz", "sk", "hu", "ro", "gr", "ru", "ua",
    "il", "tr", "jp", "cn", "kr", "tw", "hk", "sg", "id", "nz", "za", "br", "ar", "mx", "cl",
    "eu",
})
# fmt: on

_CODE_HOSTS = frozenset(
    {"github.com", "gist.github.com", "gitlab.com", "bitbucket.org", "codeberg.org"}
)
# First path segments of huggingface.co that are site pages, not a model's owner.
# fmt: off
_HF_SITE_PAGES = frozenset({
    "papers", "blog", "posts", "docs", "learn", "models", "datasets", "spaces", "collections",
    "organizations", "tasks", "pricing", "settings", "login", "join",
})
# fmt: on
# Pages that describe one paper, keyed by host, by the first path segment.
_ABSTRACT_PAGES = {
    "arxiv.org": frozenset({"abs", "html"}),
    "openreview.net": frozenset({"forum"}),
    "huggingface.co": frozenset({"papers"}),
    "alphaxiv.org": frozenset({"abs"}),
    "semanticscholar.org": frozenset({"paper"}),
    "paperswithcode.com": frozenset({"paper"}),
    "dl.acm.org": frozenset({"doi"}),
    "ieeexplore.ieee.org": frozenset({"document"}),
    "link.springer.com": frozenset({"article", "chapter"}),
    "nature.com": frozenset({"articles"}),
}
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})


def _bare_host_ok(text: str) -> bool:
    """A scheme-less link counts only when it starts with something that is plainly a host."""
    end = len(text)
    for mark in "/?#":
        position = text.find(mark)
        if 0 <= position < end:
            end = position
    host = text[:end]
    if len(host) > _MAX_HOST_LENGTH:
        return False
    match = _BARE_HOST.fullmatch(host)
    return match is not None and match["tld"].lower() in _KNOWN_TLDS


@lru_cache(maxsize=1024)
def safe_url(text: str) -> str | None:
    """An http(s) URL that is safe to open or fetch, or None.

    Cached: an importer asks this of each link three times (its role, keeping
    it, its kind), and the answer depends on the text alone.

    Scheme-less links get ``https://``. Links with user info are refused: a reading
    list never needs credentials, and ``https://arxiv.org@evil.example`` is a
    well-known way to make a link look like it goes somewhere it does not.
    """
    candidate = trim_pasted(text)
    if not candidate or _UNSAFE_CHARS.search(candidate):
        return None
    scheme = _HTTP.match(candidate)
    if scheme is not None:
        url = candidate[: scheme.end()].lower() + candidate[scheme.end() :]
        if _PLAIN_URL.fullmatch(url):
            return url
    elif _bare_host_ok(candidate):
        url = "https://" + candidate
    else:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # urlsplit checks brackets at once, the port only when it is read
    except ValueError:
        return None
    host, netloc = parts.hostname, parts.netloc
    if not host or port == 0 or "@" in netloc or not _HOST.fullmatch(host):
        return None
    if "[" in netloc and not netloc.startswith("["):
        return None  # urlsplit finds "::1" in "a[::1]"; a browser finds no host
    return url


def _is_pdf(host: str, segments: list[str]) -> bool:
    if segments and segments[-1].endswith(".pdf"):
        return True
    return bool(segments) and segments[0] == "pdf" and host in {"arxiv.org", "openreview.net"}


def _is_abstract(host: str, segments: list[str], query: str) -> bool:
    """The page must name a paper, in the path or (like OpenReview's ``forum?id=``) the query."""
    if host in _DOI_HOSTS:
        return bool(segments)
    pages = _ABSTRACT_PAGES.get(host)
    if pages is None or not segments or segments[0] not in pages:
        return False
    return len(segments) >= 2 or bool(query)


def _is_code(host: str, segments: list[str]) -> bool:
    if host in _CODE_HOSTS:
        return len(segments) >= 2
    if host != "huggingface.co" or len(segments) < 2:
        return False
    if segments[0] in {"datasets", "spaces"}:
        return len(segments) >= 3
    return segments[0] not in _HF_SITE_PAGES


def _is_blog(host: str, segments: list[str]) -> bool:
    return (
        host.startswith("blog.")
        or host == "medium.com"
        or host.endswith((".medium.com", ".substack.com", ".github.io"))
        or "blog" in segments
        or "posts" in segments
    )


def link_kind(url: str) -> LinkKind:
    """Sort a link into the paper view's slots; anything unsafe or unknown is OTHER."""
    safe = safe_url(url)
    if safe is None:
        return LinkKind.OTHER
    host, path, query = host_path_query(safe)
    host = host.removeprefix("www.")
    if host.endswith(".arxiv.org"):
        host = "arxiv.org"
    segments = [segment for segment in path.lower().split("/") if segment]
    if _is_pdf(host, segments):
        return LinkKind.PDF
    if _is_abstract(host, segments, query):
        return LinkKind.ABS
    if _is_code(host, segments):
        return LinkKind.CODE
    if _is_blog(host, segments):
        return LinkKind.BLOG
    return LinkKind.OTHER


def host_path_query(safe: str) -> tuple[str, str, str]:
    """The lower-cased host, the path and the query of a URL ``safe_url`` returned, as
    ``urlsplit`` gives them, by plain cuts: such a URL has a scheme, no user and no
    characters ``urlsplit`` would drop."""
    rest = safe[safe.index("://") + 3 :]
    fragment = rest.find("#")
    if fragment >= 0:
        rest = rest[:fragment]
    rest, _, query = rest.partition("?")
    slash = rest.find("/")
    netloc, path = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    bracketed = netloc.startswith("[")  # an IPv6 address
    host = netloc[1 : netloc.find("]")] if bracketed else netloc.partition(":")[0]
    return host.lower(), path, query


def _canonical_arxiv_id(arxiv_id: str) -> str:
    canonical = normalize_arxiv_id(arxiv_id)
    if canonical is None:
        raise ValueError(f"not an arXiv id: {arxiv_id!r}")
    return canonical


def arxiv_abs_url(arxiv_id: str) -> str:
    """The abstract page, always for the latest version since ids are stored versionless."""
    return f"https://arxiv.org/abs/{_canonical_arxiv_id(arxiv_id)}"


def arxiv_pdf_url(arxiv_id: str, base: str = "https://arxiv.org") -> str:
    """The latest version's PDF; ``base`` lets downloads use a mirror like export.arxiv.org."""
    return f"{base.rstrip('/')}/pdf/{_canonical_arxiv_id(arxiv_id)}"
