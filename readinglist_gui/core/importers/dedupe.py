"""One paper per paper inside a batch, however many places a list mentions it.

A list that names a paper twice (two days of a daily digest, an index page and
its category file) means one paper with two places, not two papers. The rules
match the library's: same arXiv id, DOI or title key, unless two different
identifiers say they are different papers. A truncated title only matches the
same truncated title: its key is not the real title's key, but one list
cutting the same title at the same place twice means the same paper.
"""

from __future__ import annotations

from readinglist_gui.core.identity import title_key
from readinglist_gui.core.importers.paper_builder import unique
from readinglist_gui.core.records import PaperRecord, RecordBatch


def merge_duplicates(batch: RecordBatch) -> int:
    """Fold repeated papers into their first mention and re-point entries at it.

    Returns how many papers were folded, for the report: a BibTeX file that
    holds one work under two keys should say so, not "0 merged".
    """
    kept: list[PaperRecord] = []
    index: dict[tuple[str, str], int] = {}
    new_position: list[int] = []
    for paper in batch.papers:
        keys = _keys(paper)
        found = _find(index, kept, paper, keys)
        if found is None:
            found = len(kept)
            kept.append(paper)
        else:
            _absorb(kept[found], paper)
            keys = _keys(kept[found])  # the first mention may have gained an id or a title
        for key in keys:
            index.setdefault(key, found)
        new_position.append(found)
    folded = len(batch.papers) - len(kept)
    if not folded:
        return 0
    batch.papers[:] = kept
    for reading_list in batch.lists:
        for section in reading_list.sections:
            for entry in section.entries:
                entry.paper = new_position[entry.paper]
    return folded


def _keys(paper: PaperRecord) -> list[tuple[str, str]]:
    keys = []
    if paper.arxiv_id:
        keys.append(("arxiv", paper.arxiv_id))
    if paper.doi:
        keys.append(("doi", paper.doi))
    key = title_key(paper.title) if paper.title else ""
    if key:
        keys.append(("truncated" if paper.title_truncated else "title", key))
    return keys


def _find(
    index: dict[tuple[str, str], int],
    kept: list[PaperRecord],
    paper: PaperRecord,
    keys: list[tuple[str, str]],
) -> int | None:
    for key in keys:
        found = index.get(key)
        if found is not None and not _conflicting(kept[found], paper):
            return found
    return None


def _conflicting(a: PaperRecord, b: PaperRecord) -> bool:
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(a.doi and b.doi and a.doi != b.doi)


def _absorb(into: PaperRecord, other: PaperRecord) -> None:
    """Fill gaps and add links and tags; the first mention's own values win."""
    if other.title and (not into.title or (into.title_truncated and not other.title_truncated)):
        into.title, into.title_truncated = other.title, other.title_truncated
    for name in ("venue", "abstract", "note", "pdf"):
        if not getattr(into, name) and getattr(other, name):
            setattr(into, name, getattr(other, name))
    for name in ("year", "arxiv_id", "doi", "last_page", "page_count", "added"):
        if getattr(into, name) is None and getattr(other, name) is not None:
            setattr(into, name, getattr(other, name))
    if not into.authors:
        into.authors = list(other.authors)
    known = {link.url for link in into.links}
    into.links.extend(link for link in other.links if link.url not in known)
    into.tags = unique([*into.tags, *other.tags])
    if other.status.rank > into.status.rank:
        into.status = other.status
    into.status_manual = into.status_manual or other.status_manual
