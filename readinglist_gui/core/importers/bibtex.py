"""BibTeX files, as reference managers and paper pages export them.

A ``.bib`` file is a library, not a reading list, so it brings papers without
a list. ``bibtexparser`` is imported only when a BibTeX file is read: it and
its LaTeX decoder cost tens of milliseconds that every app start would
otherwise pay. Its own log messages about broken blocks are silenced because
each broken block is reported here, with its line, as a ``Problem``.

Big files are parsed in chunks of whole entries (cut only where a line opens
a new ``@`` block), so memory follows the chunk, not the file; the ``@string``
abbreviations met so far are put in front of each chunk, as BibTeX reads them
in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from readinglist_gui.core.identity import arxiv_id_in, normalize_arxiv_id, normalize_doi
from readinglist_gui.core.importers.latex_text import latex_to_unicode
from readinglist_gui.core.importers.paper_builder import add_link, clean_text, unique
from readinglist_gui.core.records import PaperRecord, Problem, RecordBatch

_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
CHUNK_CHARS = 512 * 1024
"""Text parsed at once; bibtexparser keeps several objects per character it reads."""
_AUTHOR_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)
_NOT_PAPERS = frozenset({"string", "preamble", "comment"})
_LATEX = re.compile(r"[\\$%~&`]|--|''")
"""What pylatexenc reads as more than letters and grouping braces: commands, math,
comments, ties, alignment, dashes and TeX quotes."""
_BEYOND_ACCENTS = re.compile(r"[$%~&`]|--|''")
"""Of those, what ``latex_text.latex_to_unicode`` leaves to pylatexenc."""


def looks_like(text: str) -> bool:
    """The first line that is not blank or a ``%`` comment opens an entry.

    Not "an entry anywhere": READMEs often end with a BibTeX citation block.
    """
    for line in text[:20000].splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("%"):
            return _ENTRY_START.match(stripped) is not None
    return False


def read(text: str, source: str) -> RecordBatch:
    return read_lines(text.splitlines(), source)


def read_lines(lines: Iterable[str], source: str) -> RecordBatch:
    import logging

    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    logging.getLogger("bibtexparser").propagate = False
    batch = RecordBatch()
    strings: list[str] = []
    for first_line, chunk in _chunks(lines):
        _read_chunk(chunk, first_line, strings, batch, source)
    if not batch.papers and not batch.problems:
        batch.problems.append(Problem("no BibTeX entries found", source=source))
    return batch


def _chunks(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(number of the first line, text)`` of runs of whole blocks, each about ``CHUNK_CHARS``."""
    chunk: list[str] = []
    size = 0
    first = 1
    for number, line in enumerate(lines, start=1):
        if size >= CHUNK_CHARS and line.lstrip().startswith("@"):
            yield first, "\n".join(chunk)
            chunk, size, first = [], 0, number
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        yield first, "\n".join(chunk)


def _read_chunk(
    text: str, first_line: int, strings: list[str], batch: RecordBatch, source: str
) -> None:
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import Entry

    prefix = "\n".join(strings)
    # The known abbreviations go first, on lines of their own, and are counted out again.
    offset = first_line - 1 - (prefix.count("\n") + 1 if prefix else 0)
    library = parse_string(f"{prefix}\n{text}" if prefix else text)
    entries = list(library.entries)
    for block in library.failed_blocks:
        line = _line(block.start_line, offset)
        if line is not None and line < first_line:
            continue
        salvaged = getattr(block, "ignore_error_block", None)
        if isinstance(salvaged, Entry):
            entries.append(salvaged)
            message = f"BibTeX entry read despite an error ({_reason(block)})"
        else:
            message = f"BibTeX entry could not be read, skipped ({_reason(block)})"
        batch.problems.append(Problem(message, line, source))
    strings.extend(
        block.raw
        for block in library.strings
        if block.raw and (_line(block.start_line, offset) or 0) >= first_line
    )
    entries.sort(key=lambda entry: entry.start_line or 0)
    for entry in entries:
        if entry.entry_type.casefold() in _NOT_PAPERS:
            continue
        fields = {
            key.casefold(): decoded(str(value.value)) for key, value in entry.fields_dict.items()
        }
        refused: list[str] = []
        paper = _paper(fields, refused)
        line = _line(entry.start_line, offset)
        batch.problems.extend(Problem(reason, line, source) for reason in refused)
        if not paper.title and paper.arxiv_id is None and paper.doi is None:
            batch.problems.append(
                Problem(f"entry {entry.key!r} has no title, arXiv id or DOI; skipped", line, source)
            )
            continue
        batch.papers.append(paper)


def decoded(value: str) -> str:
    """A field's LaTeX as Unicode text, as bibtexparser's ``LatexDecodingMiddleware`` makes it.

    pylatexenc walks the text a token at a time (about a millisecond for an
    abstract), so text with nothing it would change, which is most of a big
    file, only loses its grouping braces, and text whose only commands are
    accents and special letters (names, mostly) goes through the snapshot
    importer's table (``latex_text``).
    """
    if _LATEX.search(value) is None:
        return value.replace("{", "").replace("}", "")
    if _BEYOND_ACCENTS.search(value) is None:
        accented = latex_to_unicode(value)
        if "\\" not in accented:  # every command was an accent or a letter of the table
            return accented
    try:
        return str(_decoder().latex_to_text(value))
    except Exception:  # pylatexenc is lenient; what it still cannot read stays as written
        return value


@cache
def _decoder() -> Any:
    """The decoder bibtexparser's middleware builds: ``\\url`` kept, math left as written."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "readinglist-bibtex", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


def _line(start: int | None, offset: int) -> int | None:
    return start + 1 + offset if start is not None else None


def _reason(block: Any) -> str:
    error = getattr(block, "error", None)
    text = (
        getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    )
    return text.strip().split("\n", 1)[0].split(". Note:", 1)[0].rstrip(".") or "syntax error"


def _paper(fields: dict[str, Any], refused: list[str]) -> PaperRecord:
    paper = PaperRecord(title=_plain(fields.get("title", "")))
    paper.authors = _authors(fields.get("author", ""))
    year = re.search(r"(?<!\d)\d{4}(?!\d)", fields.get("year", "") or fields.get("date", ""))
    paper.year = int(year.group(0)) if year else None
    paper.abstract = _plain(fields.get("abstract", ""))
    paper.arxiv_id = _arxiv_id(fields)
    paper.doi = normalize_doi(fields["doi"]) if fields.get("doi") else None
    if paper.arxiv_id is None and paper.doi:
        paper.arxiv_id = normalize_arxiv_id(paper.doi)
    venue = _plain(
        fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle", "")
    )
    paper.venue = "arXiv" if venue and arxiv_id_in(venue) else venue
    for url in re.split(r"\s+", fields.get("url", "").strip()):
        if url:
            add_link(paper, url, refused)
    keywords = fields.get("keywords", "")
    paper.tags = unique(_plain(tag) for tag in re.split(r"[,;]", keywords))
    paper.title_truncated = False
    return paper


def _arxiv_id(fields: dict[str, Any]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").casefold()
    eprint = fields.get("eprint", "")
    if eprint and (prefix in ("arxiv", "") or "arxiv" in eprint.casefold()):
        found = normalize_arxiv_id(eprint)
        if found:
            return found
    for name in ("journal", "note", "volume", "howpublished", "url", "number"):
        found = arxiv_id_in(fields.get(name, ""))
        if found:
            return found
        if name == "url" and fields.get("url"):
            found = normalize_arxiv_id(fields["url"].split()[0])
            if found:
                return found
    return None


def _authors(text: str) -> list[str]:
    authors = []
    for name in _AUTHOR_SEPARATOR.split(_plain(text)):
        name = name.strip()
        if not name or name.casefold() == "others":
            continue
        if "," in name:
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        authors.append(name)
    return authors


def _plain(text: str) -> str:
    """Braces left after LaTeX decoding only protected capitals; they are not text."""
    return clean_text(text.replace("{", "").replace("}", ""))
