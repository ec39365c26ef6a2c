"""Undo the damage text picks up on its way to us, before any reader sees it.

The common damage is mojibake: UTF-8 bytes decoded as Mac Roman or cp1252 and
saved again (``üìä`` for 📊, ``√ó`` for the multiplication sign). A line that turns into valid UTF-8
when encoded back with one of those code pages was damaged that way, and the
round trip restores it exactly; intact text never passes that test, because
its non-ASCII characters do not re-encode to valid UTF-8. ``ftfy`` then fixes
what a whole-line round trip cannot (damage mixed with intact text). It is
imported only for text that is not plain ASCII, since it costs ~70 ms.
"""

from __future__ import annotations

_CODE_PAGES = ("mac_roman", "cp1252")


def repair_text(text: str) -> str:
    """Mojibake fixed, a BOM dropped, and every line ending made ``\\n``."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    import ftfy

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    return "\n".join(
        ftfy.fix_text(_round_trip(line), config) if not line.isascii() else line
        for line in text.split("\n")
    )


def _round_trip(line: str) -> str:
    for code_page in _CODE_PAGES:
        try:
            fixed = line.encode(code_page).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != line:
            return fixed
    return line
