"""Which reader reads a file, and when a named file is refused whole.

The content decides the format (``sniff``); a file name only breaks a tie when
one format alone claims its ending. A named file, or pasted text, that cannot
be read as any list is refused with ``UnreadableFile`` naming it and why:
empty, binary, of no known shape, or a known shape of which nothing could be
read (a truncated JSON export). Several named files are all read before any is
refused, so the refusal names every bad one, and the caller imports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readinglist_gui.core.importers.decoding import (
    NotText,
    check_text,
    head,
    open_lines,
    text_lines,
)
from readinglist_gui.core.importers.dedupe import merge_duplicates
from readinglist_gui.core.importers.formats import (
    FORMAT_NAMES,
    FORMATS,
    ImportFormat,
    format_for_suffix,
    format_named,
)
from readinglist_gui.core.importers.values import make_storable
from readinglist_gui.core.records import Problem, RecordBatch


@dataclass(frozen=True, slots=True)
class Refusal:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


class UnreadableFile(Exception):
    """Named files (or pasted text) of which nothing can be read as a list; nothing is imported."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("\n".join(str(refusal) for refusal in refusals))
        self.refusals = refusals


def sniff(text: str, suffix: str = "") -> str | None:
    """The name of the format ``text`` is in, judged by content first, then by ``suffix``."""
    found = _detect(head(text.splitlines()), suffix)
    return found.name if found else None


def _detect(start: str, suffix: str) -> ImportFormat | None:
    start = start.lstrip()
    for candidate in FORMATS:
        if candidate.looks_like(start):
            return candidate
    return format_for_suffix(suffix)


def read_text(path: Path) -> str:
    """A file as repaired text; raises ``UnreadableFile`` for a file that holds no text."""
    try:
        return "\n".join(open_lines(path))
    except NotText as exc:
        raise UnreadableFile([Refusal(path.name, str(exc))]) from exc


def read_string(text: str, source: str, format: str | None = None) -> RecordBatch:
    """Read pasted text; raises ``UnreadableFile`` if nothing of it can be read."""
    lines = text_lines(text)
    try:
        check_text(lines)
    except NotText as exc:
        raise UnreadableFile([Refusal(source, str(exc))]) from exc
    return _read(lines, source, _format(format) or _detect(head(lines), Path(source).suffix))


def read_path(path: Path, format: str | None = None) -> RecordBatch:
    """Read one file into a batch; raises ``UnreadableFile`` if nothing of it can be read."""
    chosen = _format(format)
    try:
        lines = open_lines(path)
    except NotText as exc:
        raise UnreadableFile([Refusal(path.name, str(exc))]) from exc
    chosen = chosen or _detect(head(lines), path.suffix)
    batch = _read(lines, path.name, chosen)
    if chosen is not None and chosen.name == "markdown":
        _name_missing_categories(path, lines, batch)
    return batch


def read_paths(paths: list[Path], format: str | None = None) -> RecordBatch:
    """Read several files (folders expand to the files in them) into one batch.

    A paper named by several of the files is one paper in the batch. Every
    named file is read before any refusal, so ``UnreadableFile`` names all the
    bad ones at once.
    """
    from readinglist_gui.core.importers.folders import read_folder

    batch = RecordBatch()
    refusals: list[Refusal] = []
    for path in paths:
        try:
            found = read_folder(path, format) if path.is_dir() else read_path(path, format)
        except UnreadableFile as exc:
            refusals.extend(exc.refusals)
            continue
        if not refusals:
            batch.extend(found)
    if refusals:
        raise UnreadableFile(refusals)
    if len(paths) > 1 or any(path.is_dir() for path in paths):
        batch.repeats += merge_duplicates(batch)  # a single file was merged as it was read
    return batch


def _format(name: str | None) -> ImportFormat | None:
    if name is None:
        return None
    found = format_named(name)
    if found is None:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}")
    return found


def _read(lines: Iterable[str], source: str, chosen: ImportFormat | None) -> RecordBatch:
    if chosen is None:
        raise UnreadableFile([Refusal(source, "not a reading-list format readinglist-gui knows")])
    batch = chosen.read(lines, source)
    make_storable(batch, source)
    if not (batch.papers or batch.lists or batch.tags) and batch.problems:
        raise UnreadableFile([Refusal(source, _reason(batch.problems, chosen))])
    batch.repeats += merge_duplicates(batch)
    return batch


def _reason(problems: list[Problem], chosen: ImportFormat) -> str:
    first = problems[0]
    reason = f"line {first.line}: {first.message}" if first.line else first.message
    more = len(problems) - 1
    if more:
        reason += f" (and {more} more problem{'s' if more > 1 else ''})"
    return f"read as {chosen.name}, nothing could be imported: {reason}"


def _name_missing_categories(path: Path, lines: Iterable[str], batch: RecordBatch) -> None:
    from readinglist_gui.core.importers.markdown_list import linked_markdown_files

    missing = [
        target for _, target in linked_markdown_files(lines) if not (path.parent / target).is_file()
    ]
    if missing:
        batch.problems.append(
            Problem(
                f"links to category files that are not here: {', '.join(missing)}; "
                "import the folder that holds them to include their papers",
                source=path.name,
            )
        )
