"""Turn files people already have into an ``RecordBatch``.

One module per source shape, listed once in ``formats.FORMATS``; ``read_path``
picks the reader from the content (the file name only breaks ties), and
``format=`` overrides the guess. Readers never raise on bad content: what they
cannot read goes into ``batch.problems``, so a half-broken list still imports
its good part and the report says what was left. A named file that yields
nothing at all is refused whole with ``UnreadableFile``. Text is decoded and
repaired (encoding, mojibake, line endings) before any reader sees it; the
file itself is only ever read.

This package's top level stays light (the registry of names and nothing else
is imported here) so that the command line can print ``--help`` with the format
names without loading a parser; the reading functions load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readinglist_gui.core.importers.formats import FORMAT_NAMES, FORMATS, ImportFormat, format_named

if TYPE_CHECKING:
    from readinglist_gui.core.importers.reading import (
        UnreadableFile,
        read_path,
        read_paths,
        read_string,
        read_text,
        sniff,
    )

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "ImportFormat",
    "UnreadableFile",
    "format_named",
    "read_path",
    "read_paths",
    "read_string",
    "read_text",
    "sniff",
]

_READING = frozenset(
    {"UnreadableFile", "read_path", "read_paths", "read_string", "read_text", "sniff"}
)


def __getattr__(name: str) -> Any:
    if name in _READING:
        from readinglist_gui.core.importers import reading

        return getattr(reading, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
