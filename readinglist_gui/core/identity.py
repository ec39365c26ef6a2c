"""Recognise the same paper across sources: arXiv ids, DOIs and title keys.

Reading lists cite one paper as a bare id, an abs link, a PDF link or a DOI, and
spell its title with whatever dashes and punctuation the author's editor chose.
Merging on imports of many thousands of papers needs one canonical form per
identifier, computed quickly, so every pattern here is compiled once and anchored
so that no input can make it backtrack across the whole text.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

# Archives of the pre-2007 scheme; a fixed list keeps "images/1234567" from
# passing for an old-style id.
_OLD_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|"
    "comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|math|"
    "mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|"
    "supr-con"
)

_ARXIV = re.compile(
    r"""
    (?:
        (?:arxiv\s+preprint\s+)?arxiv\s*:?\s*
      | (?:https?://)?(?:[a-z0-9-]+\.)?arxiv\.org/(?:abs|pdf|html)/
      | (?:doi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)?10\.48550/arxiv\.
    )?
    (?:
        (?P<yymm>\d{4})\.(?P<number>\d{4,5})
      | (?P<archive>"""
    + _OLD_ARCHIVES
    + r""")(?:\.[a-z]+(?:-[a-z]+)?)?/(?P<old>\d{7})
    )
    (?:v(?P<version>\d{1,3}))?
    (?:\.pdf)?/?
    (?:\s*\[[a-z.-]+\])?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_CANONICAL_ARXIV = re.compile(
    r"(?P<yymm>\d{4})\.(?P<number>\d{4,5})|(?P<archive>" + _OLD_ARCHIVES + r")/(?P<old>\d{7})"
)
"""An id already in the form ``normalize_arxiv_id`` returns: bulk sources (arXiv's own
snapshot) give millions of these, and skipping the pasted-text trimming halves their cost."""

# Where free text (a BibTeX journal, a RIS note, a CSL number) mentions an arXiv paper:
# the word arXiv or CoRR, or an arxiv.org page, then a token. The token counts only if
# normalize_arxiv_id accepts it, so the grammar of an id stays the one in _ARXIV above.
_ARXIV_MENTION = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf|html))?|corr)[\s:./]*(?:abs/)?(\S{1,200})", re.IGNORECASE
)

_DOI = re.compile(
    r"""
    (?:doi\s*:\s*|doi\s+|(?:https?://)?(?:dx\.|www\.)?doi\.org/)?
    (?P<doi>10\.\d{4,9}(?:\.\d+)*/[^\s\x00-\x1f\x7f]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_URL_START = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)

# Ends of pasted text that belong to the surrounding prose or markup, not the identifier.
_WRAPPING = " \t\r\n<>\"'`*"
_TRAILING_PROSE = ".,;:!?"
_BRACKETS = {")": "(", "]": "[", "}": "{"}

# Longer than any arXiv reference, even as a full URL with a version and ".pdf".
_ARXIV_MAX_LENGTH = 200

# Dashes, slashes and underscores join words ("Mixture-of-Experts", "Encoder/Decoder"),
# so they become spaces. Forms NFKC would fold anyway are listed too, so the set reads whole.
_SEPARATORS = re.compile("[-_/\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_NON_WORD = re.compile(r"[^\w\s]+")


def trim_pasted(text: str) -> str:
    """Drop quotes, angle brackets and prose punctuation around a pasted identifier or URL.

    A closing bracket is kept when the text opened it, because DOIs such as
    ``10.1016/0006-2952(75)90095-3`` and wiki URLs contain balanced brackets. Bracket
    counts are kept up to date rather than recounted, so a run of thousands of
    closing brackets still costs one pass.
    """
    trimmed = text.strip(_WRAPPING).lstrip("([{")
    counts: dict[str, int] = {}
    end = len(trimmed)
    while end:
        last = trimmed[end - 1]
        opener = _BRACKETS.get(last)
        if last in _TRAILING_PROSE or last in _WRAPPING:
            end -= 1
        elif opener is not None:
            if not counts:  # counted only for text that ends in a bracket
                counts = {char: trimmed.count(char) for char in "()[]{}"}
            if counts[opener] >= counts[last]:
                break
            counts[last] -= 1
            end -= 1
        else:
            break
    return trimmed[:end]


def _cut_query(text: str) -> str:
    """URL queries and fragments never carry the identifier, only tracking or anchors."""
    for mark in "?#":
        position = text.find(mark)
        if position >= 0:
            text = text[:position]
    return text


def _valid_new_style(yymm: str, number: str) -> bool:
    """arXiv numbered 4 digits per month from 0704 to 1412 and 5 digits since 1501."""
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return False
    if len(number) == 4:
        return "0704" <= yymm <= "1412"
    return yymm >= "1501"


def _valid_old_style(number: str) -> bool:
    """Old ids start with a year from 1991 to 2007 and a month."""
    year, month = int(number[:2]), int(number[2:4])
    return 1 <= month <= 12 and (year >= 91 or year <= 7)


def _match_arxiv(text: str) -> re.Match[str] | None:
    candidate = _cut_query(text.strip())
    if len(candidate) > _ARXIV_MAX_LENGTH:
        return None
    candidate = trim_pasted(candidate)
    match = _ARXIV.fullmatch(candidate)
    if match is None:
        return None
    if match["yymm"] is not None:
        return match if _valid_new_style(match["yymm"], match["number"]) else None
    return match if _valid_old_style(match["old"]) else None


def normalize_arxiv_id(text: str) -> str | None:
    """The versionless arXiv id that every pasted form of one paper shares.

    Old-style ids lose their subject class (``math.GT/0309136`` becomes
    ``math/0309136``) because arXiv files the paper under the archive alone and
    lists can cite it either way.
    """
    canonical = _CANONICAL_ARXIV.fullmatch(text)
    if canonical is not None:
        if canonical["yymm"] is not None:
            valid = _valid_new_style(canonical["yymm"], canonical["number"])
        else:
            valid = _valid_old_style(canonical["old"])
        return text if valid else None
    match = _match_arxiv(text)
    if match is None:
        return None
    if match["yymm"] is not None:
        return f"{match['yymm']}.{match['number']}"
    return f"{match['archive'].lower()}/{match['old']}"


def arxiv_id_in(text: str) -> str | None:
    """The arXiv id that a free-text field mentions (``arXiv preprint arXiv:2309.06180``,
    ``CoRR abs/cs/0101001``, an arxiv.org link), versionless; None if it mentions none."""
    if "arxiv" not in text.lower() and "corr" not in text.lower():
        return None
    for match in _ARXIV_MENTION.finditer(text):
        found = normalize_arxiv_id(match.group(1))
        if found:
            return found
    return None


def arxiv_version(text: str) -> int | None:
    """The explicit version in a pasted arXiv reference; None means "latest"."""
    match = _match_arxiv(text)
    if match is None or match["version"] is None:
        return None
    return int(match["version"])


def normalize_doi(text: str) -> str | None:
    """A DOI as ``10.prefix/suffix`` in lower case, since DOIs ignore case.

    Percent-escapes are decoded after the query is cut off, so an escaped ``?``
    inside a DOI survives while a real query string does not.
    """
    candidate = trim_pasted(text)
    if _URL_START.match(candidate):
        candidate = _cut_query(candidate)
    match = _DOI.fullmatch(unquote(candidate))
    if match is None:
        return None
    doi = trim_pasted(match["doi"])
    if doi.endswith("/"):
        return None
    return doi.lower()


def _keep_marks(match: re.Match[str]) -> str:
    """Combining marks are part of letters in many scripts, so only they survive."""
    return "".join(char for char in match.group() if unicodedata.category(char)[0] == "M")


def title_key(title: str) -> str:
    """A key equal for titles that differ only in case, dashes, punctuation or spacing.

    Dashes, slashes and underscores become spaces rather than vanishing: that makes
    ``Mixture-of-Experts`` meet ``Mixture of Experts`` and ``GPT-4`` meet ``GPT 4``,
    which is how authors and list writers actually vary a title. The cost is that
    ``Pre-training`` and ``Pretraining`` stay apart; a missed merge leaves a visible
    duplicate to fix, while a false merge would silently fold two papers into one.
    Other punctuation and symbols vanish, so straight and curly apostrophes agree and a
    trailing ``…`` of a truncated title drops out.
    """
    text = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", title).casefold())
    text = _NON_WORD.sub("", text) if text.isascii() else _NON_WORD.sub(_keep_marks, text)
    return " ".join(text.split())


def is_truncated_title(title: str) -> bool:
    """Lists shorten long titles with an ellipsis; such a title is only a prefix."""
    return title.rstrip().endswith(("…", "..."))
