"""Turn files people already have into an ``ImportBatch``.

One module per source shape; ``read_path`` picks the reader. Readers never
raise on bad content: what they cannot read goes into ``batch.problems``, so a
half-broken list still imports its good part and the report says what was left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from readinglist_gui.core.importers import json_exchange
from readinglist_gui.core.records import ImportBatch, Problem

Reader = Callable[[str, str], ImportBatch]
"""A reader takes the file's text and its display name."""


class ImportError_(Exception):
    """The file cannot be imported at all (unreadable, unknown shape)."""


def _sniff(path: Path, text: str) -> Reader | None:
    suffix = path.suffix.lower()
    stripped = text.lstrip()
    if (suffix == ".json" or stripped.startswith("{")) and json_exchange.looks_like(stripped):
        return json_exchange.read
    return None


def read_text(path: Path) -> str:
    """Read a file as text, tolerating the encodings lists arrive in."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_path(path: Path) -> ImportBatch:
    """Read one file into a batch; raises ``ImportError_`` if nothing can be read."""
    try:
        text = read_text(path)
    except OSError as exc:
        raise ImportError_(f"cannot read {path}: {exc.strerror or exc}") from exc
    reader = _sniff(path, text)
    if reader is None:
        raise ImportError_(f"{path.name}: not a reading-list format readinglist-gui knows")
    return reader(text, path.name)


def read_paths(paths: list[Path]) -> ImportBatch:
    """Read several files (folders expand to the JSON files in them) into one batch."""
    batch = ImportBatch()
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not files:
                batch.problems.append(Problem("folder holds no importable files", source=str(path)))
            for file in files:
                batch.extend(read_path(file))
        else:
            batch.extend(read_path(path))
    return batch
