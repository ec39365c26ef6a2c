"""Turn files people already have into an ``ImportBatch``.

One module per source shape; ``read_path`` picks the reader from the content
(the file name only breaks ties), and ``format=`` overrides the guess. Readers
never raise on bad content: what they cannot read goes into ``batch.problems``,
so a half-broken list still imports its good part and the report says what was
left. Text is repaired (encoding, mojibake, line endings) before any reader
sees it; the file itself is only ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from readinglist_gui.core.importers import (
    annotated_text,
    bibtex,
    course_schedule,
    csl_json,
    identifier_list,
    json_exchange,
    markdown_list,
    ris,
)
from readinglist_gui.core.importers.dedupe import merge_duplicates
from readinglist_gui.core.importers.paper_builder import unique
from readinglist_gui.core.importers.repair import repair_text
from readinglist_gui.core.records import ImportBatch, Problem

Reader = Callable[[str, str], ImportBatch]
"""A reader takes the file's text and its display name."""

FORMATS: dict[str, Reader] = {
    "json": json_exchange.read,
    "csl-json": csl_json.read,
    "bibtex": bibtex.read,
    "ris": ris.read,
    "ids": identifier_list.read,
    "course": course_schedule.read,
    "annotated": annotated_text.read,
    "markdown": markdown_list.read,
}
"""Names for ``--format``, in the order content sniffing tries them."""

_SNIFFERS: dict[str, Callable[[str], bool]] = {
    "json": json_exchange.looks_like,
    "csl-json": csl_json.looks_like,
    "bibtex": bibtex.looks_like,
    "ris": ris.looks_like,
    "ids": identifier_list.looks_like,
    "course": course_schedule.looks_like,
    "annotated": annotated_text.looks_like,
    "markdown": markdown_list.looks_like,
}
_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".bib": "bibtex", ".ris": "ris"}
_IMPORTABLE = frozenset({".md", ".markdown", ".txt", ".bib", ".ris", ".json"})
_MARKDOWN = frozenset({".md", ".markdown"})


class ImportError_(Exception):
    """The file cannot be imported at all (unreadable, unknown shape)."""


def sniff(text: str, suffix: str = "") -> str | None:
    """The name of the format ``text`` is in, judged by content first, then by ``suffix``."""
    stripped = text.lstrip()
    for name, looks_like in _SNIFFERS.items():
        if looks_like(stripped):
            return name
    return _BY_SUFFIX.get(suffix.lower())


def _sniff(path: Path, text: str) -> Reader | None:
    name = sniff(text, path.suffix)
    return FORMATS[name] if name else None


def read_text(path: Path) -> str:
    """Read a file as text, tolerating the encodings and damage lists arrive with."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return repair_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return repair_text(data.decode("latin-1"))


def read_string(text: str, source: str, format: str | None = None) -> ImportBatch:
    """Read pasted text; raises ``ImportError_`` if its format cannot be told."""
    return _read(repair_text(text), source, format)


def read_path(path: Path, format: str | None = None) -> ImportBatch:
    """Read one file into a batch; raises ``ImportError_`` if nothing can be read."""
    try:
        text = read_text(path)
    except OSError as exc:
        raise ImportError_(f"cannot read {path}: {exc.strerror or exc}") from exc
    name = format or sniff(text, path.suffix)
    batch = _read(text, path.name, name)
    if name == "markdown":
        missing = [
            target
            for _, target in markdown_list.linked_markdown_files(text)
            if not (path.parent / target).is_file()
        ]
        if missing:
            batch.problems.append(
                Problem(
                    f"links to category files that are not here: {', '.join(missing)}; "
                    "import the folder that holds them to include their papers",
                    source=path.name,
                )
            )
    return batch


def _read(text: str, source: str, name: str | None) -> ImportBatch:
    name = name or sniff(text, Path(source).suffix)
    if name is None:
        raise ImportError_(f"{source}: not a reading-list format readinglist-gui knows")
    if name not in FORMATS:
        raise ImportError_(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    batch = FORMATS[name](text, source)
    merge_duplicates(batch)
    return batch


def read_paths(paths: list[Path], format: str | None = None) -> ImportBatch:
    """Read several files (folders expand to the files in them) into one batch.

    A paper named by several of the files is one paper in the batch.
    """
    batch = ImportBatch()
    for path in paths:
        if path.is_dir():
            batch.extend(_read_folder(path, format))
        else:
            batch.extend(read_path(path, format))
    merge_duplicates(batch)
    return batch


def _read_folder(folder: Path, format: str | None) -> ImportBatch:
    """Every importable file below ``folder``; Markdown files tag their papers with their category.

    A category is the label an index page gives the file (``[Architecture](architecture.md)``);
    a file no index links to is tagged with its own title.
    """
    batch = ImportBatch()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in _IMPORTABLE
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        batch.problems.append(Problem("folder holds no importable files", source=str(folder)))
        return batch
    categories = _categories(files)
    for file in files:
        try:
            found = read_path(file, format)
        except ImportError_ as exc:
            batch.problems.append(Problem(f"skipped: {exc}", source=str(file.relative_to(folder))))
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
    names: dict[Path, str] = {}
    for file in files:
        if file.suffix.lower() not in _MARKDOWN:
            continue
        try:
            text = read_text(file)
        except OSError:
            continue
        for label, target in markdown_list.linked_markdown_files(text):
            if label:
                names.setdefault((file.parent / target).resolve(), label)
    return names
