"""CSL-JSON, the format Zotero and citation processors (citeproc, pandoc) read.

Item ids are the BibTeX citation keys, so a document citing ``@vaswani2017attention``
works with either export. arXiv papers are written the way Zotero itself
stores preprints (type ``article``, publisher arXiv, number ``arXiv:<id>``), so
they import as preprints rather than as journal articles.
"""

from __future__ import annotations

import json
from typing import Any

from readinglist_gui.core.exporters.citations import (
    Kind,
    citation_keys,
    kind_of,
    main_url,
    split_name,
)
from readinglist_gui.core.records import PaperRecord, RecordBatch

_TYPES = {
    Kind.PREPRINT: "article",
    Kind.CONFERENCE: "paper-conference",
    Kind.JOURNAL: "article-journal",
    Kind.OTHER: "article",
}


def dumps(batch: RecordBatch) -> str:
    keys = citation_keys(batch.papers)
    items = [_item(key, paper) for key, paper in zip(keys, batch.papers, strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _item(key: str, paper: PaperRecord) -> dict[str, Any]:
    kind = kind_of(paper)
    item: dict[str, Any] = {"id": key, "type": _TYPES[kind], "title": paper.title}
    if paper.authors:
        item["author"] = [_name(name) for name in paper.authors]
    if paper.year is not None:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.venue.strip() and kind is not Kind.PREPRINT:
        item["container-title"] = paper.venue
    if paper.arxiv_id:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.arxiv_id}"
    if paper.doi:
        item["DOI"] = paper.doi
    url = main_url(paper)
    if url:
        item["URL"] = url
    if paper.abstract.strip():
        item["abstract"] = paper.abstract
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    return item


def _name(name: str) -> dict[str, str]:
    given, family = split_name(name)
    if not given:
        return {"literal": family}
    return {"family": family, "given": given}
