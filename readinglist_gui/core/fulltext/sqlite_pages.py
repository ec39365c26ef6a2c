"""The page index in SQLite: FTS5, and every FTS5-specific choice made for it.

A reading group's PostgreSQL server would answer the same calls (``store``,
``forget``, ``plan``, ``matches``, ``snippets``) with a ``tsvector`` column,
``ts_rank`` and ``ts_headline``. Nothing outside this module knows FTS5 syntax,
how a page is keyed, or how a search is planned for speed.

Why the table looks as it does:

- One FTS5 row per page, its rowid ``paper_id << PAGE_BITS | page``: a paper's
  pages are one range of rowids, so forgetting them is one range delete, and a
  hit names its paper and page without a join or a second table.
- The text is kept in the index (FTS5's own content table) because snippets are
  cut from it. Content plus index came to 1.44x the extracted text on the
  benchmark's pages; storing positions per column only (``detail=column``)
  saved a seventh of that but made ranking 10x slower, since every ranked page
  then had to be tokenised again.
- No prefix indexes: the prefix lists the paper search keeps (1-3 letters)
  would grow the file to 1.7x the text. Searches instead expand a word into a
  prefix only from three letters on (see ``search.words``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

PAGE_BITS = 20
MAX_PAGES = 1 << PAGE_BITS
"""Pages one PDF may have in the index; a longer one is skipped with that reason."""
_PAGE_MASK = MAX_PAGES - 1
_CHUNK = 500
SNIPPET_TOKENS = 16
_OPEN, _CLOSE = "\x02", "\x03"
"""Snippet markers: stored text never holds control characters (``PdfDocument.searchable_text``)."""
_MARKERS = re.compile(f"([{_OPEN}{_CLOSE}])")
_LAST_CHARACTER = chr(0x10FFFF)
"""Sorts after every character, so ``[prefix, prefix + it)`` holds every word it begins."""
PLANNED_FROM = 4000
"""Indexed pages from which words on more than half of them are set aside (see ``plan``)."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a search: matched whole, or also as the start of longer words."""

    text: str
    prefix: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """How one search runs; built by ``PageIndex.plan``, read only by ``PageIndex``."""

    expression: str
    ranked: bool


@dataclass(frozen=True, slots=True)
class Snippet:
    """A few words around the best match on a page; ``spans`` locate the matched words."""

    text: str
    spans: tuple[tuple[int, int], ...]


class PageIndex:
    """The text of every indexed page (FTS5), keyed by paper and zero-based page."""

    TABLE = "pdf_page_fts"
    _SNIPPET = f"snippet({TABLE}, 0, char(2), char(3), '…', {SNIPPET_TOKENS})"

    @classmethod
    def create(cls, connection: Connection) -> None:
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {cls.TABLE} USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 2')"
        )

    @classmethod
    def drop(cls, connection: Connection) -> None:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {cls.TABLE}")

    @classmethod
    def store(cls, connection: Connection, paper_id: int, pages: Iterable[tuple[int, str]]) -> None:
        """Add pages (zero-based number, text) of one paper; its old pages must be gone."""
        base = paper_id << PAGE_BITS
        rows = [(base | number, text) for number, text in pages]
        if rows:
            connection.exec_driver_sql(f"INSERT INTO {cls.TABLE}(rowid, body) VALUES (?, ?)", rows)

    @classmethod
    def forget(cls, connection: Connection, paper_ids: Iterable[int]) -> None:
        """Remove every page of these papers."""
        ranges = [(i << PAGE_BITS, (i << PAGE_BITS) | _PAGE_MASK) for i in sorted(set(paper_ids))]
        if ranges:
            connection.exec_driver_sql(
                f"DELETE FROM {cls.TABLE} WHERE rowid BETWEEN ? AND ?", ranges
            )

    @classmethod
    def plan(cls, connection: Connection, words: Sequence[Word], indexed_pages: int) -> Plan | None:
        """Decide how to run a search of ``words`` (all must match); None without any.

        Ranking costs FTS5 a few microseconds per matching page and occurrence,
        so a word found on nearly every page ("the", "model") would cost tens of
        milliseconds while it neither narrows the result nor moves the ranking
        (BM25 gives a word on more than half the pages no weight). In a library
        of more than ``PLANNED_FROM`` pages such words are therefore left out of
        a search that has other words, and a search made only of them is listed
        newest paper first, unranked. A word is broad when it is on more than
        half the pages as it will be matched: a short prefix ("comp", "inte")
        often is though the whole word is rare, and ranking one took 50-80 ms at
        10,000 pages. A whole word's pages are counted (stopping at half the
        library); a prefix is judged by the pages of the words it begins, added
        up from the index's vocabulary (``_prefix_pages``), since counting the
        pages of a prefix costs FTS5 as much as the search itself.
        """
        terms = list(dict.fromkeys(words))
        if not terms:
            return None
        if indexed_pages < PLANNED_FROM:
            return Plan(_expression(terms), ranked=True)
        half = indexed_pages // 2
        broad = {w for w in terms if cls._is_broad(connection, w, half)}
        if len(broad) == len(terms):
            return Plan(_expression(terms), ranked=False)
        return Plan(_expression([w for w in terms if w not in broad]), ranked=True)

    @classmethod
    def matches(cls, connection: Connection, plan: Plan) -> Iterator[tuple[int, int]]:
        """(paper id, zero-based page) of every matching page, best first.

        Read lazily: a caller that stops early leaves the rest unread.
        """
        order = "rank" if plan.ranked else "rowid DESC"
        result = connection.exec_driver_sql(
            f"SELECT rowid FROM {cls.TABLE} WHERE {cls.TABLE} MATCH ? ORDER BY {order}",
            (plan.expression,),
        )
        try:
            for (key,) in result:
                yield key >> PAGE_BITS, key & _PAGE_MASK
        finally:
            result.close()

    @classmethod
    def best(cls, connection: Connection, plan: Plan, limit: int) -> list[tuple[int, int, Snippet]]:
        """(paper id, zero-based page, snippet) of the ``limit`` best pages, in one statement:
        FTS5 cuts snippets only for the rows returned."""
        order = "rank" if plan.ranked else "rowid DESC"
        rows = connection.exec_driver_sql(
            f"SELECT rowid, {cls._SNIPPET} FROM {cls.TABLE} WHERE {cls.TABLE} MATCH ? "
            f"ORDER BY {order} LIMIT ?",
            (plan.expression, limit),
        )
        return [(key >> PAGE_BITS, key & _PAGE_MASK, _snippet(raw or "")) for key, raw in rows]

    @classmethod
    def snippets(
        cls, connection: Connection, plan: Plan, pages: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Snippet]:
        """A snippet for each of these matching pages, cut where the search matched.

        ``+rowid`` keeps SQLite from handing FTS5 the ids one by one, which made
        it evaluate the whole search again for each of them.
        """
        keys = sorted({(paper_id << PAGE_BITS) | page for paper_id, page in pages})
        found: dict[tuple[int, int], Snippet] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = connection.exec_driver_sql(
                f"SELECT rowid, {cls._SNIPPET} FROM {cls.TABLE} "
                f"WHERE {cls.TABLE} MATCH ? AND +rowid IN ({','.join('?' * len(chunk))})",
                (plan.expression, *chunk),
            )
            for key, raw in rows:
                found[(key >> PAGE_BITS, key & _PAGE_MASK)] = _snippet(raw or "")
        return found

    @classmethod
    def _is_broad(cls, connection: Connection, word: Word, half: int) -> bool:
        """Whether ``word``, matched as the search matches it, is on more than ``half`` pages."""
        if cls._pages_with(connection, _phrase(word.text), half) > half:
            return True
        return word.prefix and cls._prefix_pages(connection, word.text) > half

    @classmethod
    def _prefix_pages(cls, connection: Connection, prefix: str) -> int:
        """The pages of every indexed word that begins with ``prefix``, added up: at least
        the pages the prefix matches, and what ranking them would cost.

        FTS5's vocabulary table lists each word with its page count; it lives in the
        connection's temporary schema, so the library file holds nothing more.
        """
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{cls.TABLE}_words "
            f"USING fts5vocab(main, {cls.TABLE}, 'row')"
        )
        start = _as_indexed(prefix)
        total = connection.exec_driver_sql(
            f"SELECT sum(doc) FROM temp.{cls.TABLE}_words WHERE term >= ? AND term < ?",
            (start, start + _LAST_CHARACTER),
        ).scalar_one()
        return int(total or 0)

    @classmethod
    def _pages_with(cls, connection: Connection, phrase: str, at_most: int) -> int:
        """Pages holding ``phrase``, counted up to one past ``at_most``."""
        return int(
            connection.exec_driver_sql(
                f"SELECT count(*) FROM (SELECT 1 FROM {cls.TABLE} "
                f"WHERE {cls.TABLE} MATCH ? LIMIT ?)",
                (phrase, at_most + 1),
            ).scalar_one()
        )


def _phrase(text: str) -> str:
    """A quoted FTS5 phrase: whatever ``text`` holds, it is words, never syntax."""
    return '"' + text.replace('"', '""') + '"'


def _as_indexed(text: str) -> str:
    """A word as the ``unicode61 remove_diacritics 2`` tokenizer stores it, near enough to
    plan with: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _term(word: Word) -> str:
    return _phrase(word.text) + ("*" if word.prefix else "")


def _expression(words: Sequence[Word]) -> str:
    return " ".join(_term(w) for w in words)


def _snippet(raw: str) -> Snippet:
    """Turn FTS5's marked-up snippet into plain text and the spans of its matches."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    for part in _MARKERS.split(raw):
        if part == _OPEN:
            opened = length
        elif part == _CLOSE:
            if opened is not None:
                spans.append((opened, length))
            opened = None
        else:
            text.append(part)
            length += len(part)
    return Snippet("".join(text), tuple(spans))
