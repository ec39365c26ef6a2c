"""Undo the damage text picks up on its way to us, before any reader sees it, one line at a time.

The common damage is mojibake: UTF-8 bytes decoded as Mac Roman or cp1252 and
saved again (``üìä`` for 📊, ``√ó`` for the multiplication sign). A line that turns into valid UTF-8
when encoded back with one of those code pages was damaged that way, and the
round trip restores it exactly; intact text never passes that test, because
its non-ASCII characters do not re-encode to valid UTF-8. ``ftfy`` then fixes
what a whole-line round trip cannot (damage mixed with intact text). It is
imported only for text that is not plain ASCII, since it costs ~70 ms.

``ftfy`` also costs about a millisecond per line, which a 50 MB list of lines
with an em dash each cannot afford, so it is asked only about lines that could
need it: a line whose every non-ASCII character could not start a mojibake
sequence (a UTF-8 lead byte seen through a code page, followed by a
continuation byte), and that holds no HTML entity, control character,
ligature or unnormalised text, is already what ``ftfy`` would return.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

_CODE_PAGES = ("mac_roman", "cp1252")


def _byte_range(code_page: str, first: int, last: int) -> str:
    return "".join(bytes([b]).decode(code_page, "ignore") for b in range(first, last + 1))


@cache
def _mojibake_pairs() -> re.Pattern[str]:
    """A UTF-8 lead byte followed by a continuation byte, as each code page ftfy tries shows them."""
    from ftfy.chardata import CHARMAP_ENCODINGS

    alternatives = []
    leads: set[str] = set()
    for code_page in CHARMAP_ENCODINGS:
        lead = _byte_range(code_page, 0xC2, 0xF4)
        follow = _byte_range(code_page, 0x80, 0xBF)
        if code_page != "macroman":
            follow += " "  # a continuation byte 0xA0 that an editor turned into a space
        leads.update(lead)
        alternatives.append(f"[{re.escape(lead)}][{re.escape(follow)}]")
    # The lookahead lets every other position fail on one character class.
    any_lead = re.escape("".join(sorted(leads)))
    return re.compile(f"(?=[{any_lead}])(?:{'|'.join(alternatives)})")


@cache
def _other_repairs() -> re.Pattern[str]:
    """Characters another ftfy fixer rewrites: HTML entities, controls, ligatures (ftfy's
    own tables, so the shortcut follows ftfy), odd line breaks, surrogates and U+FFFD."""
    from ftfy.chardata import CONTROL_CHARS, LIGATURES

    listed = "".join(chr(code) for code in (*CONTROL_CHARS, *LIGATURES))
    return re.compile(f"[&{re.escape(listed)}\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffd]")


def repair_line(line: str) -> str:
    """One line with its mojibake fixed; plain ASCII, nearly every line of most lists, costs nothing."""
    if line.isascii():
        return line
    if not _needs_ftfy(line):
        # Nor can the round trip change it: that needs a lead byte followed by a
        # continuation byte, which is a mojibake pair. Asked first, since a line
        # with an em dash (a lead byte in Mac Roman) would otherwise pay for a
        # failed decode per code page.
        return line
    import ftfy

    return ftfy.fix_text(_round_trip(line), _config())


def _needs_ftfy(line: str) -> bool:
    return (
        _mojibake_pairs().search(line) is not None
        or _other_repairs().search(line) is not None
        or not unicodedata.is_normalized("NFC", line)
    )


@cache
def _config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


def _round_trip(line: str) -> str:
    for code_page in _CODE_PAGES:
        try:
            fixed = line.encode(code_page).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != line:
            return fixed
    return line
