"""BibTeX for citing what one has read from LaTeX.

arXiv papers get the ``eprint``/``archivePrefix``/``primaryClass`` fields that
biblatex and the arXiv's own export use, so they print as "arXiv:2309.06180".
Text is UTF-8 with LaTeX's special characters escaped; titles are wrapped in
one extra pair of braces so bibliography styles keep their capitals (acronyms).
"""

from __future__ import annotations

from readinglist_gui.core.exporters.citations import (
    Kind,
    arxiv_category,
    citation_keys,
    kind_of,
    main_url,
    split_name,
)
from readinglist_gui.core.records import PaperRecord, RecordBatch

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_ENTRY_TYPES = {
    Kind.PREPRINT: "misc",
    Kind.CONFERENCE: "inproceedings",
    Kind.JOURNAL: "article",
    Kind.OTHER: "misc",
}
_VENUE_FIELDS = {Kind.CONFERENCE: "booktitle", Kind.JOURNAL: "journal", Kind.OTHER: "howpublished"}


def dumps(batch: RecordBatch) -> str:
    keys = citation_keys(batch.papers)
    return "\n".join(_entry(key, paper) for key, paper in zip(keys, batch.papers, strict=True))


def escape(text: str) -> str:
    """Make text safe inside a braced BibTeX value: no special character acts as LaTeX."""
    return "".join(_ESCAPES.get(char, char) for char in " ".join(text.split()))


def _entry(key: str, paper: PaperRecord) -> str:
    kind = kind_of(paper)
    fields: list[tuple[str, str]] = [("title", "{" + escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_author(name) for name in paper.authors)))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if kind in _VENUE_FIELDS and paper.venue.strip():
        fields.append((_VENUE_FIELDS[kind], escape(paper.venue)))
    if paper.arxiv_id:
        fields.append(("eprint", escape(paper.arxiv_id)))
        fields.append(("archivePrefix", "arXiv"))
        category = arxiv_category(paper.arxiv_id)
        if category:
            fields.append(("primaryClass", category))
    if paper.doi:
        fields.append(("doi", escape(paper.doi)))
    url = main_url(paper)
    if url:
        fields.append(("url", _url(url)))
    if paper.tags:
        fields.append(("keywords", escape(", ".join(paper.tags))))
    if paper.abstract.strip():
        fields.append(("abstract", escape(paper.abstract)))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{_ENTRY_TYPES[kind]}{{{key},\n{body}\n}}\n"


def _author(name: str) -> str:
    """ "Family, Given" keeps multi-word surnames together; a lone word is braced whole."""
    given, family = split_name(name)
    if not given:
        return "{" + escape(family) + "}"
    return f"{escape(family)}, {escape(given)}"


def _url(url: str) -> str:
    """URLs are read verbatim by the ``url`` package; only braces would break the field."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
