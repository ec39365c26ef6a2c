"""The first page and every count of a broad search, from one pass over its matches.

Evaluating a search that matches tens of thousands of papers into a temporary
table, so that the page could test its candidates against it and the counts
could read it, cost as much as the counting itself at 100k papers. Yet the
page only needs to know which of a few hundred candidates, the papers at the
top of the sort order, match. So the pass that reads the matches' marks for
the counts also picks those candidates out, and nothing is written at all.

How many candidates to take follows from the search's survey: enough, at the
estimated share, to fill the page twice over. Should they fall short all the
same, ``sweep`` says so and the caller answers the general way; it never
guesses an answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, and_, case, cast, func, select

from readinglist_gui.core import facets
from readinglist_gui.core.facets import FACET, Facets
from readinglist_gui.core.models import PaperFacet
from readinglist_gui.core.query import PAPER, PaperQuery, SortKey, order_by, status_in
from readinglist_gui.core.records import Status
from readinglist_gui.core.sqlite_backend import Survey, TextIndex, match_query

SHARES = (0.15, 0.9)
"""Outside these shares of the library, the matches (below) or the papers left out
(above) are few enough that writing them out costs less than the sweep's set-up."""
MAX_CANDIDATES = 5000
"""Beyond this many candidates (a deep page, a narrow share) the general way is cheaper."""
_MARGIN = 2.0
"""How many times over the expected matches among the candidates should fill the page."""
_SLACK = 64
"""Candidates taken beyond the margin, for pages so short that chance alone could empty them."""
SPLIT_FROM = 20_000
"""A pass over this many papers or more runs as two halves by id, each on a core of
its own, if the search's terms are prefixes the index keeps: for a longer prefix
each half would merge the word lists all over again."""
_SORTS = frozenset(SortKey) - {SortKey.AUTHORS, SortKey.POSITION}
"""Orders an index keeps, so the candidates are read without sorting the library."""


Beside = Callable[[Callable[[Connection], Any]], "Future[Any]"]
"""Runs work on a connection of its own in another thread: how a pass is split."""
_Marks = tuple[str | None, str | None, str | None]
"""What a pass selects: status marks, tag marks, and the candidates it came across."""


@dataclass(frozen=True, slots=True)
class Sweep:
    """A view's figures: the total, the page's paper ids in display order, the counts."""

    total: int
    page: list[int]
    facets: Facets


def applies(query: PaperQuery, survey: Survey) -> bool:
    """Whether the query is a broad search, filtered by status at most, in an indexed order."""
    return (
        not query.tags
        and query.list_id is None
        and query.section_id is None
        and query.ids is None
        and query.sort in _SORTS
        and survey.exact is None
        and SHARES[0] < survey.share < SHARES[1]
    )


def sweep(
    conn: Connection,
    query: PaperQuery,
    survey: Survey,
    window: tuple[int, int],
    tag_ids: list[int],
    whole: Callable[[], Facets],
    beside: Beside | None = None,
) -> Sweep | None:
    """The view for rows ``window`` (offset, limit) of a query ``applies`` accepts.

    ``whole`` gives the library-wide counts under the query's status filter:
    a search matching most of the library is swept over the papers it leaves
    out, whose counts come off those. Given ``beside``, a long pass is split
    in two halves by id, one run there. None when the candidates fell short.
    """
    offset, limit = window
    wanted = offset + limit
    take = min(survey.size, math.ceil(wanted / survey.share * _MARGIN) + _SLACK)
    if take > MAX_CANDIDATES:
        return None
    walk = select(PAPER.c.id).order_by(*order_by(query)).limit(take)
    if query.statuses:
        walk = walk.where(status_in(query.statuses))
    candidates = conn.execute(walk).scalars().all()
    bounds = (min(candidates, default=0), max(candidates, default=0))
    among = and_(FACET.paper_id.between(*bounds), FACET.paper_id.in_(walk))
    picked = func.aggregate_strings(case((among, cast(FACET.paper_id, String))), ",")
    fts = match_query(query.text)
    assert fts is not None
    long_pass = min(survey.share, 1 - survey.share) * survey.size >= SPLIT_FROM
    splits = long_pass and TextIndex.reads_directly(fts)
    columns = (*facets.aggregates(query.statuses), picked)
    parts = _passes(conn, partial(_pass, fts, survey.mostly, columns), beside if splits else None)
    status_marks, tag_marks, ids = ([part[n] or "" for part in parts] for n in range(3))
    counted = facets.read("".join(status_marks), "".join(tag_marks), tag_ids)
    swept = {int(paper_id) for paper_id in ",".join(ids).split(",") if paper_id}
    if survey.mostly:
        counted = whole().minus(counted)
        shown = [paper_id for paper_id in candidates if paper_id not in swept]
    else:
        shown = [paper_id for paper_id in candidates if paper_id in swept]
    if len(shown) < wanted and len(candidates) == take < survey.size:
        return None
    total = sum(counted.statuses[status] for status in query.statuses or Status)
    return Sweep(total, shown[offset:wanted], counted)


def _pass(
    fts: str,
    inverted: bool,
    columns: tuple[ColumnElement[Any], ...],
    within: tuple[int, int] | None,
) -> Select[Any]:
    """The pass over the search's matches (or papers left out), within an id range or not."""
    found = TextIndex.matches(fts, inverted=inverted, within=within).subquery()
    return select(*columns).select_from(
        found.join(PaperFacet.__table__, FACET.paper_id == found.c.id)
    )


def _marks(connection: Connection, statement: Select[Any]) -> _Marks:
    return tuple(connection.execute(statement).one())


def _passes(
    conn: Connection,
    pass_within: Callable[[tuple[int, int] | None], Select[Any]],
    beside: Beside | None,
) -> list[_Marks]:
    """One pass, or given ``beside`` two halves by id, the upper one run there.

    The halves are read by two connections, so a commit between their starts
    could show in one only: each paper is still counted once, from one state
    of itself, and the commit's own notice brings a fresh view moments later.
    """
    if beside is None:
        return [_marks(conn, pass_within(None))]
    ends = (select(end(PAPER.c.id)).scalar_subquery() for end in (func.min, func.max))
    first, last = conn.execute(select(*ends)).one()
    middle = (first + last) // 2
    upper = beside(partial(_marks, statement=pass_within((middle + 1, last))))
    return [_marks(conn, pass_within((first, middle))), upper.result()]
