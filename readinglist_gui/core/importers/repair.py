"""Undo the damage text picks up on its way to us, before any reader sees it, one line at a time.

The common damage is mojibake: UTF-8 bytes decoded as Mac Roman or cp1252 and
saved again (``üìä`` for 📊, ``√ó`` for the multiplication sign). A line that turns into valid UTF-8
when encoded back with one of those code pages was damaged that way, and the
round trip restores it exactly; intact text never passes that test, because
its non-ASCII characters do not re-encode to valid UTF-8. ``ftfy`` then fixes
what a whole-line round trip cannot (damage mixed with intact text). It is
imported only for text that is not plain ASCII, since it costs ~70 ms.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_CODE_PAGES = ("mac_roman", "cp1252")


def repair_line(line: str) -> str:
    """One line with its mojibake fixed; plain ASCII, nearly every line of most lists, costs nothing."""
    if line.isascii():
        return line
    import ftfy

    return ftfy.fix_text(_round_trip(line), _config())


@cache
def _config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)


def _round_trip(line: str) -> str:
    for code_page in _CODE_PAGES:
        try:
            fixed = line.encode(code_page).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != line:
            return fixed
    return line
