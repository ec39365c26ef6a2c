"""Markdown lines to blocks: headings, bullets, tables and paragraph lines, one chunk at a time.

A chunk is what lies between two headings. The reader needs to see a whole
chunk before it decides about a bullet without a link (is this section a list
of linked papers, with a remark among them?), so chunks are the unit of
memory: a 50 MB list is read heading by heading, never held whole.

What counts as a heading: ``#`` headings, ``<summary>`` lines of ``<details>``
blocks (curated READMEs fold categories that way), and setext headings (a
line underlined with ``===`` or ``---``). Code fences hide everything inside,
and reference definitions (``[name]: url``) are collected beforehand by
``reference_definitions``, since a link may use one defined further down.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field

from readinglist_gui.core.importers.decoding import unrepaired
from readinglist_gui.core.importers.repair import repair_line

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d{1,4}[.)])\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE)
_ONLY_HTML = re.compile(r"^\s*(<[^>]+>\s*)+$")
_SETEXT_UNDERLINE = re.compile(r"\s{0,3}(=+|-{2,})\s*")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
FRONT_MATTER_LINES = 1000
"""Front matter is a few lines; a ``---`` not closed by then starts a text, not metadata."""


@dataclass(slots=True)
class Heading:
    line: int
    level: int
    """1 to 6 for ``#`` headings, 7 for a ``<summary>``: below every real heading."""
    text: str


@dataclass(slots=True)
class Bullet:
    line: int
    indent: int
    text: str
    """The bullet's words with its continuation lines joined."""
    last_line: int


@dataclass(slots=True)
class Table:
    line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(slots=True)
class Paragraph:
    """A line of text at the left margin (indented lines belong to what is above them)."""

    line: int
    text: str


Block = Bullet | Table | Paragraph


@dataclass(slots=True)
class Chunk:
    heading: Heading | None
    blocks: list[Block]
    lines: list[str] = field(default_factory=list)
    """The chunk's raw lines, for asking whether anything in it links to a paper."""


@dataclass(slots=True)
class FrontMatter:
    values: dict[str, list[str]]
    unclosed: bool = False


def is_reference_definition(line: str) -> bool:
    return "]:" in line and _REFERENCE_DEFINITION.match(line) is not None


def reference_definitions(lines: Iterable[str]) -> dict[str, str]:
    """``[name]: url`` lines, which reference-style links point at."""
    found: dict[str, str] = {}
    for line in unrepaired(lines):
        if "]:" in line:
            match = _REFERENCE_DEFINITION.match(repair_line(line))
            if match:
                found.setdefault(match.group(1).strip().casefold(), match.group(2))
    return found


def split_front_matter(
    lines: Iterable[str],
) -> tuple[FrontMatter | None, Iterator[tuple[int, str]]]:
    """The YAML front matter, if the text opens with one, and the numbered lines after it."""
    numbered = enumerate(lines, start=1)
    first = next(numbered, None)
    if first is None:
        return None, iter(())
    if first[1].strip() != "---":
        return None, _chain([first], numbered)
    held: list[tuple[int, str]] = []
    for number, line in numbered:
        if line.strip() in ("---", "..."):
            return FrontMatter(_yaml_subset([text for _, text in held])), numbered
        held.append((number, line))
        if len(held) >= FRONT_MATTER_LINES:
            break
    return FrontMatter({}, unclosed=True), _chain([first, *held], numbered)


def _chain(
    first: list[tuple[int, str]], rest: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    yield from first
    yield from rest


def chunks(numbered: Iterable[tuple[int, str]]) -> Iterator[Chunk]:
    """Split numbered lines at headings outside code fences; each chunk in blocks."""
    heading: Heading | None = None
    heading_line = ""
    held: list[tuple[int, str]] = []
    fenced = False
    for number, line in numbered:
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            held.append((number, line))
            continue
        if fenced:
            held.append((number, line))
            continue
        found = _heading(line, stripped, number, held)
        if found is None:
            held.append((number, line))
            continue
        words = held.pop()[1] if found.line < number else line  # setext: the line above
        if heading is not None or held:
            yield _chunk(heading, heading_line, held)
        heading, heading_line, held = found, words, []
    if heading is not None or held:
        yield _chunk(heading, heading_line, held)


def _heading(line: str, stripped: str, number: int, held: list[tuple[int, str]]) -> Heading | None:
    if stripped.startswith("#"):
        match = HEADING.match(line)
        if match:
            return Heading(number, len(match.group(1)), match.group(2))
    if "<" in line:
        summary = _SUMMARY.search(line)
        if summary:
            return Heading(number, 7, summary.group(1))
    if stripped[:1] in ("=", "-") and held and _SETEXT_UNDERLINE.fullmatch(line):
        above_number, above = held[-1]
        text = above.strip()
        if (
            above_number == number - 1
            and text
            and not BULLET.match(above)
            and not text.startswith(("|", "#", "<"))
        ):
            return Heading(above_number, 1 if stripped.startswith("=") else 2, above)
    return None


def _chunk(heading: Heading | None, heading_line: str, held: list[tuple[int, str]]) -> Chunk:
    lines = [line for _, line in held]
    if heading is not None:
        lines.insert(0, heading_line)
    return Chunk(heading, list(_blocks(held)), lines)


def _blocks(held: list[tuple[int, str]]) -> Iterator[Block]:
    """Blocks of a chunk's lines: what a reader of the list sees as one item."""
    index = 0
    end = len(held)
    fenced = False
    while index < end:
        number, line = held[index]
        stripped = line.strip()
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            index += 1
            continue
        if fenced or not stripped or is_reference_definition(line):
            index += 1
            continue
        if "|" in line and index + 1 < end and _TABLE_SEPARATOR.match(held[index + 1][1]):
            index = yield from _table(held, index)
            continue
        bullet = BULLET.match(line)
        if bullet:
            index = yield from _bullet(held, index, bullet)
            continue
        if not line[:1].isspace() and not _ONLY_HTML.match(stripped):
            yield Paragraph(number, stripped)
        index += 1


def _bullet(
    held: list[tuple[int, str]], index: int, match: re.Match[str]
) -> Generator[Block, None, int]:
    indent = len(match.group(1).expandtabs(4))
    text = match.group(2)
    following = index + 1
    while following < len(held) and _continues(held[following][1], indent):
        text += " " + held[following][1].strip()
        following += 1
    yield Bullet(held[index][0], indent, text, held[following - 1][0])
    return following


def _continues(line: str, indent: int) -> bool:
    """Indentation is asked first: most lines after a bullet are the next bullet, level with it."""
    if len(line) - len(line.lstrip()) <= indent or not line.strip():
        return False
    return not (BULLET.match(line) or HEADING.match(line))


def _table(held: list[tuple[int, str]], index: int) -> Generator[Block, None, int]:
    header = cells(held[index][1])
    row = index + 2
    rows: list[tuple[int, list[str]]] = []
    while row < len(held) and "|" in held[row][1] and held[row][1].strip():
        rows.append((held[row][0], cells(held[row][1])))
        row += 1
    yield Table(held[index][0], header, rows)
    return row


def cells(line: str) -> list[str]:
    line = line.strip()
    line = line.removeprefix("|")
    line = line.removesuffix("|") if not line.endswith("\\|") else line
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def _yaml_subset(lines: list[str]) -> dict[str, list[str]]:
    """The flat ``key: value`` / ``key: [a, b]`` / ``- item`` YAML that front matter uses."""
    values: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        line = re.sub(r"\s+#.*$", "", line)
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and key:
            values.setdefault(key, []).append(_unquote(item.group(1)))
            continue
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not match:
            continue
        key, value = match.group(1).casefold(), match.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            values[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            values[key] = [_unquote(value)]
    return values


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
