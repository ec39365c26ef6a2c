"""How text becomes the words a search matches: one definition for indexing and typing alike.

A word is a run of letters and digits (``str.isalnum``); everything else,
underscores, apostrophes, quotes and operators included, only separates
words. Words are compared without case (``str.casefold``) and without
diacritics (marks left by canonical decomposition are dropped), so "Straße"
finds "strasse" and "naïve" finds "naive". Every word the user types is a
prefix: "att" finds "attention". Quotes are ordinary characters, so any text
is a valid search and there are no phrases.

Defined here in Python rather than by SQLite's tokenizer so that the index
can be built and kept in step without FTS5, and so that Python's Unicode
tables, not the SQLite build's, decide what a letter is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")


class _WithoutMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters show up."""

    def __missing__(self, point: int) -> int | None:
        kept = None if unicodedata.category(chr(point)).startswith("M") else point
        self[point] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """``text`` without case and diacritics; ASCII text takes the short way."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return decomposed.translate(_WITHOUT_MARKS)


def words(text: str) -> list[str]:
    """The words of ``text`` in order, folded, repeats kept."""
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    return _WORD.findall(fold(text))


def distinct_words(texts: Iterable[str]) -> set[str]:
    """Every word in any of ``texts``."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(words(text))
    return found
