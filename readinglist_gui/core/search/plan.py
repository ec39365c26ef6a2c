"""The plans: which index answers each part of a query, and how its figures are obtained.

Every figure the window shows for a query comes from sets of paper ids held
as compressed bitmaps (``store``), never from a pass over the matches in SQL:

- **Search text.** Each word typed is a prefix (``words``). A prefix's papers
  are its stored set when ``stores_prefix`` kept one, else the union of the
  sets of the indexed words it begins; in both cases together with the
  papers of every tag whose name has a word it begins. The words typed are
  intersected.
- **Tags.** A tag's set; all of several tags intersect, any of them unite.
- **Statuses.** A status's set, united for several. Every paper has one
  status, so the union of all three is the library.
- **Reading list or section.** Its entries, read from the ``entry`` index
  (lists are hand-made and small).
- **Selection.** The ids themselves.

**Counts** are cardinalities of intersections: the total is the size of the
matches; each status count intersects the matches without the status filter
(and, for the sidebar, without the list filter) with that status's set; each
tag count intersects the matches with the tag's set. Nothing is estimated
and nothing is counted in SQL.

**The page** is the one part SQL still orders (``page_plan``): with nothing
filtering, SQL reads it straight off the sort order's index; a few matches
are looked up and sorted (``SORT``); many are found by walking the sort
order's index and keeping the ids in the matches (``WALK``).

Every constant below is justified by a figure from ``bench`` on the 2-core
development machine (``bench/results``).
"""

from __future__ import annotations

from enum import Enum

PREFIX_WORDS = 64
"""A prefix beginning this many indexed words or more has its own stored set, so no
search unites more than 64 sets: at most 0.1 ms each at 1M papers (``bench.plans``:
``union_ms_per_set``, measured on the largest sets)."""
PREFIX_BYTES = 1 << 20
"""Nor is a prefix whose words' sets together hold a megabyte or more left to a union
at query time: reading and uniting them costs 0.8 ms a megabyte (``union_ms_per_mb``),
while a stored prefix set of a million papers is at most 128 kB."""

LOOKUP_COST = 6
"""Looking a match up by id to sort it costs as much as stepping over this many
entries of a sort order's index while walking it: 5.6 us against 1.3 us at 1M papers
(``sort_us_per_match`` / ``walk_us_per_entry``: 4.5), 14 at 10k where walking is
cheaper still; a wrong choice near the crossover costs a few milliseconds."""

CACHE_BYTES = 128 << 20
"""Sets kept in memory between reads: every status and tag set of a million-paper
library (about 6 MB) and some thousand word and prefix sets typed since."""

IDS_CHUNK = 5000
"""Ids read between two looks at whether the caller still wants them."""

FOLD_CHUNK = 20_000
"""Papers tokenised at a time while catching up: one chunk's texts and words in memory
(a few tens of MB), the changes kept as sets between chunks."""
FOLD_WORDS = 250_000
"""Word sets whose changes a catch-up holds before writing them: about 80 MB. arXiv's
abstracts bring a long tail of rare words (1.6 per paper in bench/snapshot_import.py),
so a million-paper import would otherwise hold millions of sets at once; a common
word's set is then written once per 250k new words instead of once."""
REPLAN_FROM = 1000
REPLAN_SHARE = 0.1
"""Which prefixes to store is decided afresh once this many papers, and this share of
the library, were reworded at once (an import): planning reads every word's set once
(127 MB at 1M papers), which smaller changes are not worth, since a prefix left
unstored still answers right, by a union at query time."""


class PagePlan(Enum):
    INDEX = "index"
    """Nothing filters: the page is read straight off the sort order's index."""
    SORT = "sort"
    """Look every match up and sort them: few matches."""
    WALK = "walk"
    """Walk the sort order's index, keeping the ids among the matches: many matches."""


def stores_prefix(words: int, size: int) -> bool:
    """Whether a prefix beginning ``words`` indexed words, whose sets take ``size``
    bytes together, gets a stored set of its own rather than a union per search."""
    return words >= PREFIX_WORDS or size >= PREFIX_BYTES


def page_plan(matches: int | None, library: int, wanted: int, *, indexed: bool = True) -> PagePlan:
    """How to find the first ``wanted`` papers in display order among ``matches`` of them
    (None: every paper) in a library of ``library`` papers.

    Walking expects to step over ``wanted * library / matches`` index entries;
    sorting looks up every match. ``indexed`` is False for an order no index
    keeps (a list's own order), which only sorting can give.
    """
    if matches is None:
        return PagePlan.INDEX if indexed else PagePlan.SORT
    if not indexed or matches == 0:
        return PagePlan.SORT
    walked = min(library, wanted * library / matches)
    return PagePlan.WALK if walked < LOOKUP_COST * matches else PagePlan.SORT


def walk_chunk(matches: int, library: int, wanted: int) -> int:
    """Index entries to read at a time when walking for ``wanted`` papers: what the
    matches' share says it takes, and a quarter more, within sensible bounds."""
    expected = wanted * library / max(matches, 1) * 1.25
    return int(min(max(expected, 256), 65_536))
