"""LaTeX accents and letters in names and titles, turned into the Unicode they stand for.

arXiv's metadata keeps what submitters typed: ``Schr{\\"o}dinger``,
``Erd\\H{o}s``, ``Garc\\'ia``, ``{\\ss}``. A full LaTeX decoder (pylatexenc,
as bibtexparser uses) costs tens of microseconds a name, which is minutes
over a few million authors; the handful of accent commands people actually
use fit in two tables and one regular expression. Text without a backslash
or a brace, nearly all of it, is returned untouched.
"""

from __future__ import annotations

import re
import unicodedata

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
"""Accent command to the combining mark it puts on its letter."""

_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "\u0131",  # dotless i
    "j": "\u0237",  # dotless j
}
"""Commands that are letters of their own."""

_GAP = r"(?:(?!\n\n)\s)"
"""One white-space character of the gap TeX skips after a command: a blank line ends it."""

_BASE = r"(?:\\[ij](?![^\W\d_])|[A-Za-z])"
"""The letter an accent sits on; ``\\i`` and ``\\j`` are the dotless letters."""

_ACCENT = re.compile(
    rf"""\\(?:
        (?P<sym>["'`^~=.]){_GAP}*(?:\{{\s*(?P<a>{_BASE})\s*\}}|(?P<b>{_BASE})(?:(?<=\\[ij]){_GAP}*)?)
      | (?P<word>[uvHckrdb])(?:{_GAP}*\{{\s*(?P<c>{_BASE})\s*\}}|{_GAP}+(?P<d>{_BASE})(?:(?<=\\[ij]){_GAP}*)?)
      | (?P<letter>ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![^\W\d_]){_GAP}*(?:\{{\s*\}})?
      | (?P<symbol>[&%_$\#])
    )""",
    re.VERBOSE,
)


def latex_to_unicode(text: str) -> str:
    """``text`` with LaTeX accents and special letters as Unicode, grouping braces dropped."""
    if "\\" not in text and "{" not in text:
        return text
    decoded = _ACCENT.sub(_replace, text)
    if "{" in decoded or "}" in decoded:
        decoded = decoded.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", decoded)


def _replace(match: re.Match[str]) -> str:
    letter = match["letter"]
    if letter is not None:
        return _LETTERS[letter]
    if match["symbol"] is not None:  # a control symbol: the space after it is kept, as in TeX
        return match["symbol"]
    command = match["sym"] or match["word"]
    base = match["a"] or match["b"] or match["c"] or match["d"] or ""
    if base.startswith("\\"):
        base = base[1:]  # \'{\i} and \v{\j}: dotless only to carry the accent, í and ǰ
    return base + _ACCENTS[command]
