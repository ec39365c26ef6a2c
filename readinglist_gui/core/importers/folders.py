"""A folder of lists, as curated collections publish them: an index page and its category files.

Every importable file below the folder is read; a Markdown file's papers are
tagged with its category, the label an index page gives the file
(``[Architecture](architecture.md)``), or else its own title. A file that
cannot be read is reported and skipped: the folder's other files still import.
"""

from __future__ import annotations

from pathlib import Path

from readinglist_gui.core.importers.formats import importable_suffixes
from readinglist_gui.core.importers.markdown_list import linked_markdown_files
from readinglist_gui.core.importers.paper_builder import unique
from readinglist_gui.core.importers.reading import UnreadableFile, read_path
from readinglist_gui.core.records import Problem, RecordBatch

_MARKDOWN = frozenset({".md", ".markdown"})


def read_folder(folder: Path, format: str | None) -> RecordBatch:
    batch = RecordBatch()
    importable = importable_suffixes()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in importable
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        batch.problems.append(Problem("folder holds no importable files", source=str(folder)))
        return batch
    categories = _categories(files)
    for file in files:
        name = str(file.relative_to(folder))
        try:
            found = read_path(file, format)
        except UnreadableFile as exc:
            for refusal in exc.refusals:
                batch.problems.append(Problem(f"skipped: {refusal.reason}", source=name))
            continue
        if file.suffix.lower() in _MARKDOWN:
            tag = categories.get(file.resolve()) or (found.lists[0].name if found.lists else "")
            if tag:
                for paper in found.papers:
                    paper.tags = unique([*paper.tags, tag])
        batch.extend(found)
    return batch


def _categories(files: list[Path]) -> dict[Path, str]:
    """Category names that index pages give the Markdown files they link to."""
    from readinglist_gui.core.importers.decoding import NotText, open_lines

    names: dict[Path, str] = {}
    for file in files:
        if file.suffix.lower() not in _MARKDOWN:
            continue
        try:
            lines = open_lines(file)
        except NotText:
            continue
        for label, target in linked_markdown_files(lines):
            if label:
                names.setdefault((file.parent / target).resolve(), label)
    return names
