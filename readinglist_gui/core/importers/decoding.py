"""Bytes on disk (or pasted text) to the lines a reader sees, without holding a big file twice.

A file is looked at once, in blocks, to decide how to decode it: a byte-order
mark names UTF-8, UTF-16 or UTF-32; otherwise UTF-8 if every byte sequence is
valid, else cp1252 (what Windows tools save), else Latin-1, which decodes
anything. The same pass refuses what is not a list at all: a NUL byte marks a
binary file (no text format has one), and a file of nothing but blank space is
empty, whatever its name. Readers then iterate the lines as often as they need
(Markdown looks for reference definitions first), each pass decoding the file
anew, so a 50 MB list is never in memory as one string.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from readinglist_gui.core.importers.repair import repair_line

BLOCK = 1 << 20
HEAD_CHARS = 64 * 1024
"""How much of a text the format sniffers see."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("utf-8", "cp1252", "latin-1")


class NotText(Exception):
    """The bytes are not a text list: empty, binary, or not there at all."""


@dataclass(frozen=True, slots=True)
class FileLines:
    """The repaired lines of a file, decoded afresh on every iteration."""

    path: Path
    encoding: str

    def __iter__(self) -> Iterator[str]:
        for line in self.unrepaired():
            yield repair_line(line)

    def unrepaired(self) -> Iterator[str]:
        """The lines as decoded, for a quick pass that repairs only the few lines it keeps."""
        # errors="replace": the file was checked, but it may change between passes.
        with self.path.open(encoding=self.encoding, errors="replace", newline=None) as file:
            for line in file:
                yield line.removesuffix("\n")


def unrepaired(lines: Iterable[str]) -> Iterable[str]:
    """Lines to look through quickly: a file's as decoded, text already repaired as it is."""
    return lines.unrepaired() if isinstance(lines, FileLines) else lines


def open_lines(path: Path) -> FileLines:
    """Decide how ``path`` decodes; raises ``NotText`` saying why it is no list."""
    try:
        with path.open("rb") as file:
            encoding = _encoding(file)
    except OSError as exc:
        raise NotText(f"cannot be read: {exc.strerror or exc}") from exc
    return FileLines(path, encoding)


def _encoding(file: BinaryIO) -> str:
    first = file.read(BLOCK)
    bom = next((name for mark, name in _BOMS if first.startswith(mark)), None)
    if bom is not None and bom != "utf-8-sig":
        return _check_wide(first, file, bom)
    candidates = list(_FALLBACKS)
    decoders = {name: codecs.getincrementaldecoder(name)() for name in candidates[:2]}
    content = False
    block = first[len(codecs.BOM_UTF8) :] if bom else first
    while block:
        if b"\x00" in block:
            raise NotText(
                "holds NUL bytes: a binary file, or UTF-16 or UTF-32 text without a byte-order mark"
            )
        content = content or bool(block.strip())
        for name in list(decoders):
            try:
                decoders[name].decode(block)
            except UnicodeDecodeError:
                del decoders[name]
        block = file.read(BLOCK)
    if not content:
        raise NotText("is empty")
    for name, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[name]
    if bom:
        return "utf-8-sig"
    return next((name for name in candidates if name in decoders), "latin-1")


def _check_wide(first: bytes, file: BinaryIO, encoding: str) -> str:
    """UTF-16 and UTF-32 hold NUL bytes by nature, so they are checked as text."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    content = False
    block = first
    while block:
        text = decoder.decode(block)
        if "\x00" in text:
            raise NotText("is a binary file (it holds NUL characters), not a text list")
        content = content or bool(text.replace("\ufeff", "").strip())
        block = file.read(BLOCK)
    if not content:
        raise NotText("is empty")
    return encoding


def text_lines(text: str) -> list[str]:
    """Pasted text as the same repaired lines a file with that content gives."""
    return [repair_line(line) for line in _split(text.removeprefix("\ufeff"))]


def _split(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def check_text(lines: list[str]) -> None:
    """Pasted text is refused for the same reasons a file is."""
    if any("\x00" in line for line in lines):
        raise NotText("holds NUL characters, so it is not a text list")
    if not any(line.strip() for line in lines):
        raise NotText("is empty")


def head(lines: Iterable[str]) -> str:
    """The start of a text, for the sniffers: whole lines up to ``HEAD_CHARS``."""
    taken: list[str] = []
    size = 0
    for line in lines:
        taken.append(line)
        size += len(line) + 1
        if size >= HEAD_CHARS:
            break
    return "\n".join(taken)
