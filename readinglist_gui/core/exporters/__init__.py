"""Writers that turn the library (or part of it) into files people can take elsewhere.

Every writer works on an ``RecordBatch`` (what ``Library.export_batch`` gives),
so writers never touch the database; ``export`` is the one place that decides
which papers and lists a query means, for the command line and the GUI alike.
The writers (and SQLAlchemy, through the query) load on the first export:
importing this package only brings the ``FORMATS`` registry.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from readinglist_gui.core.exporters.formats import FORMATS, ExportFormat

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library
    from readinglist_gui.core.query import PaperQuery
    from readinglist_gui.core.records import ListRecord

__all__ = ["FORMATS", "ExportFormat", "export"]


def export(
    library: Library,
    format: str,
    query: PaperQuery | None = None,
    *,
    notes: bool = False,
    title: str = "Reading list",
) -> str:
    """The papers of ``query`` (the whole library if None) in ``format``, as a string."""
    out = io.StringIO()
    export_to(library, format, out, query, notes=notes, title=title)
    return out.getvalue()


def export_to(
    library: Library,
    format: str,
    out: TextIO,
    query: PaperQuery | None = None,
    *,
    notes: bool = False,
    title: str = "Reading list",
) -> None:
    """Write the papers of ``query`` (the whole library if None) in ``format`` to ``out``.

    JSON is written a paper at a time, so a million papers never sit in memory
    at once; the other formats are written whole.
    A query for one reading list exports that list only, not the other lists
    its papers are also in; a filtered query (tags, search, ids) drops the
    sections left empty, which an unfiltered list keeps (an empty week is
    still part of a course).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    from readinglist_gui.core.exporters import (
        bibtex,
        csl_json,
        html_publish,
        json_exchange,
        markdown_list,
    )
    from readinglist_gui.core.query import PaperQuery, SortKey
    from readinglist_gui.core.records import RecordBatch

    unfiltered = (
        query is None or replace(query, sort=SortKey.ADDED, descending=True) == PaperQuery()
    )
    with library.exporting(None if unfiltered else query) as found:
        lists = found.lists
        if query is not None and query.list_id is not None:
            lists = _keep_one_list(library, lists, query.list_id)
        if not unfiltered and _filters_within_lists(query):
            for reading_list in lists:
                reading_list.sections = [s for s in reading_list.sections if s.entries]
        if format == "json":
            json_exchange.write(out, found.papers, lists, found.tags, found.ids)
            return
        batch = RecordBatch(papers=list(found.papers), lists=lists, tags=found.tags)
    writers: dict[str, Callable[[], str]] = {
        "bibtex": lambda: bibtex.dumps(batch),
        "csl-json": lambda: csl_json.dumps(batch),
        "markdown": lambda: markdown_list.dumps(batch, title=title, notes=notes),
        "html": lambda: html_publish.dumps(batch, title=title),
    }
    out.write(writers[format]())


def _keep_one_list(library: Library, lists: list[ListRecord], list_id: int) -> list[ListRecord]:
    names = {info.id: info.name for info in library.lists()}
    wanted = names.get(list_id, "").casefold()
    return [rl for rl in lists if rl.name.casefold() == wanted]


def _filters_within_lists(query: PaperQuery | None) -> bool:
    if query is None:
        return False
    return bool(query.text or query.tags or query.statuses or query.ids is not None) or (
        query.section_id is not None
    )
