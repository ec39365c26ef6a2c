"""What BibTeX and CSL-JSON exports share: names, kinds of publication, citation keys.

Citation keys end up in people's LaTeX sources, so they must not change when
the library is exported again, or when papers are added to it. A key is built
from the paper alone (first author's surname, year, first word of the title);
when two papers share one, the paper added first keeps the bare key and later
ones get a letter, so existing keys never move. Papers added together are
ordered as the batch has them, which is the library's id order.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum

from readinglist_gui.core.records import LinkKind, PaperRecord

# Lower-case words that belong to the surname: "Ludwig van Beethoven" -> "van Beethoven".
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le"})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_SKIPPED_TITLE_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "to", "for", "and"})
_WORD = re.compile(r"[A-Za-z0-9]+")
_CONFERENCE = re.compile(
    r"conference|proceedings|workshop|symposium|\b(?:neurips|nips|icml|iclr|cvpr|iccv|eccv|acl"
    r"|emnlp|naacl|aaai|ijcai|kdd|sigir|sigmod|vldb|osdi|sosp|nsdi|eurosys|colm|interspeech)\b",
    re.IGNORECASE,
)
_OLD_STYLE_ARXIV = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?)/\d{7}$")


class Kind(StrEnum):
    PREPRINT = "preprint"
    CONFERENCE = "conference"
    JOURNAL = "journal"
    OTHER = "other"


def kind_of(paper: PaperRecord) -> Kind:
    """A best guess from the venue: the library does not store a publication type."""
    venue = paper.venue.strip()
    if paper.arxiv_id and (not venue or venue.casefold() in ("arxiv", "corr")):
        return Kind.PREPRINT
    if not venue:
        return Kind.OTHER
    if _CONFERENCE.search(venue):
        return Kind.CONFERENCE
    return Kind.JOURNAL


def split_name(name: str) -> tuple[str, str]:
    """(given, family) for a name written "Given Family"; a single word is all family."""
    words = name.split()
    if not words:
        return "", ""
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    suffix: list[str] = []
    while len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        suffix.insert(0, words.pop())
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    given = " ".join(words[:start])
    family = " ".join([*words[start:], *suffix])
    return given, family


def arxiv_category(arxiv_id: str) -> str | None:
    """The subject class an old-style id carries (``hep-th/9711200``); new ids carry none."""
    match = _OLD_STYLE_ARXIV.match(arxiv_id)
    return match.group(1) if match else None


def main_url(paper: PaperRecord) -> str | None:
    """The page a reader should land on: the abstract page, else the paper itself."""
    for link in paper.links:
        if link.kind is LinkKind.ABS:
            return link.url
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    for kind in (LinkKind.PDF, LinkKind.OTHER, LinkKind.BLOG, LinkKind.CODE):
        for link in paper.links:
            if link.kind is kind:
                return link.url
    return None


def citation_keys(papers: Sequence[PaperRecord]) -> list[str]:
    """One unique key per paper, in the order given."""
    by_base: dict[str, list[int]] = {}
    for index, paper in enumerate(papers):
        by_base.setdefault(base_key(paper), []).append(index)
    keys = [""] * len(papers)
    for base, indexes in by_base.items():
        ordered = sorted(indexes, key=lambda i: (_added(papers[i]), i))
        for rank, index in enumerate(ordered):
            keys[index] = base + _letter(rank)
    return keys


def base_key(paper: PaperRecord) -> str:
    surname = split_name(paper.authors[0])[1] if paper.authors else ""
    words = [w.casefold() for w in _WORD.findall(_ascii(paper.title))]
    word = next((w for w in words if w not in _SKIPPED_TITLE_WORDS), words[0] if words else "")
    author = "".join(_WORD.findall(_ascii(surname))).casefold() or "anon"
    year = str(paper.year) if paper.year is not None else "nd"
    return f"{author}{year}{word or 'untitled'}"


def _added(paper: PaperRecord) -> dt.datetime:
    """When the paper came in, naive for comparison; unknown counts as newest."""
    added = paper.added or dt.datetime.max
    return added.replace(tzinfo=None)


def _letter(rank: int) -> str:
    """ "" for the first paper, then b, c, ... z, then ba, bb, ..."""
    if rank == 0:
        return ""
    digits = []
    while rank:
        rank, digit = divmod(rank, 26)
        digits.append("abcdefghijklmnopqrstuvwxyz"[digit])
    return "".join(reversed(digits))


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")
