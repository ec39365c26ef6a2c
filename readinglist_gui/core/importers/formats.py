"""The import formats, defined once for the command line, the Import dialog and the tests.

Each format names the module that reads it; the module is imported only when a
file is sniffed or read, so ``readinglist-gui --help`` can list the formats
without loading a parser, and the app starts without any of them.

A reader module provides ``looks_like(head)`` (does the start of a text look
like this format?) and ``read_lines(lines, source)`` (turn the text, as lines
that can be iterated more than once, into an ``RecordBatch``; never raise).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from readinglist_gui.core.records import RecordBatch


class ReaderModule(Protocol):
    def looks_like(self, text: str) -> bool: ...

    def read_lines(self, lines: Iterable[str], source: str) -> RecordBatch: ...


class ImportFormat(NamedTuple):
    """A named tuple, not a dataclass: ``dataclasses`` would cost ``--help`` 7 ms to import."""

    name: str
    """What ``--format`` takes."""
    label: str
    """What the Import dialog shows."""
    suffixes: tuple[str, ...]
    """File names the format usually has: the dialog's filter, and what a folder import reads."""
    module: str
    """The reader module under ``readinglist_gui.core.importers``."""

    def reader(self) -> ReaderModule:
        module: ReaderModule = import_module(f"readinglist_gui.core.importers.{self.module}")
        return module

    def looks_like(self, head: str) -> bool:
        return self.reader().looks_like(head)

    def read(self, lines: Iterable[str], source: str) -> RecordBatch:
        return self.reader().read_lines(lines, source)


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat(
        "arxiv-snapshot",
        "arXiv metadata snapshot (one JSON object a line)",
        (".json", ".jsonl"),
        "arxiv_snapshot",
    ),
    ImportFormat("json", "readinglist-gui JSON export", (".json",), "json_exchange"),
    ImportFormat("csl-json", "CSL-JSON (Zotero, Mendeley)", (".json",), "csl_json"),
    ImportFormat("bibtex", "BibTeX", (".bib", ".bibtex"), "bibtex"),
    ImportFormat("ris", "RIS", (".ris",), "ris"),
    ImportFormat("ids", "arXiv ids, DOIs or links, one a line", (".txt",), "identifier_list"),
    ImportFormat("course", "Course schedule", (".txt",), "course_schedule"),
    ImportFormat(
        "annotated", "Annotated list (title, URLs, abstract, tags)", (".txt",), "annotated_text"
    ),
    ImportFormat(
        "markdown", "Markdown reading list", (".md", ".markdown", ".txt"), "markdown_list"
    ),
)
"""In the order content sniffing tries them: the most particular shapes first."""

FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)


def format_named(name: str) -> ImportFormat | None:
    return next((f for f in FORMATS if f.name == name), None)


def importable_suffixes() -> frozenset[str]:
    """File name endings a folder import reads (other files are not lists)."""
    return frozenset(suffix for f in FORMATS for suffix in f.suffixes)


def format_for_suffix(suffix: str) -> ImportFormat | None:
    """The one format a file name ending stands for, or None when several share it (``.txt``)."""
    claiming = [f for f in FORMATS if suffix.lower() in f.suffixes]
    return claiming[0] if len(claiming) == 1 else None
