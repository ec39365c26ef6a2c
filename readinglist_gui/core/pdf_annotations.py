"""Highlights in and out of PDF files: annotations other readers made, and a copy with ours.

The second module (after ``pdf``) that calls PyMuPDF, for the one thing that
reads and writes a PDF's annotations; like ``pdf`` it turns every failure into
a :class:`PdfError` with a sentence for the reader.

In: highlight, underline and squiggly marks and sticky notes, as Zotero,
Okular, Acrobat or PyMuPDF write them, become highlights. A mark's text is
recovered from the words its quadrilaterals cover (the annotation itself
rarely carries it); its comment is its own text plus any replies to it.
Out: the library's PDF is never written. ``write_with_highlights`` makes a copy
with each highlight as a standard Highlight annotation carrying its comment,
so any PDF reader shows them; marks already in the file stay as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pymupdf
from pymupdf import mupdf

from readinglist_gui.core import highlights
from readinglist_gui.core.files import write_atomic
from readinglist_gui.core.highlights import COLORS, nearest_color, same_place
from readinglist_gui.core.pdf import PdfDocument, PdfError, open_pdf
from readinglist_gui.core.records import HighlightColor, HighlightRecord, Rect

if TYPE_CHECKING:
    from readinglist_gui.core.library import Library

MARKS = frozenset({"Highlight", "Underline", "Squiggly"})
"""Annotation subtypes that mark a passage of text."""
NOTES = frozenset({"Text"})
"""Sticky notes: a comment pinned to a spot on the page."""
AUTHOR = "Reading List"
HIDDEN: int = pymupdf.mupdf.PDF_ANNOT_IS_HIDDEN
_REFERENCE = re.compile(rb"(\d+)\s+0\s+R")
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?"
)


@dataclass(frozen=True, slots=True)
class ExportedPdf:
    written: int
    """Highlights written as new annotations."""
    already_there: int
    """Highlights the file already had as a mark of its own."""
    off_the_pages: int
    """Highlights on pages the file does not have (a different PDF was attached since)."""

    def describe(self) -> str:
        parts = [f"{_count(self.written, 'highlight')} written as annotations"]
        if self.already_there:
            parts.append(f"{self.already_there} already in the file")
        if self.off_the_pages:
            parts.append(f"{self.off_the_pages} on pages this PDF does not have")
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def read_highlights(path: Path) -> list[HighlightRecord]:
    """Every mark and note in the PDF at ``path`` as highlights, in page order.

    Raises :class:`PdfError` when the file cannot be opened (an encrypted PDF
    without its password included); a page that cannot be read is skipped.
    """
    with open_pdf(path) as opened:
        return document_highlights(opened)


def document_highlights(opened: PdfDocument) -> list[HighlightRecord]:
    """The marks and notes of an open PDF as highlights (see ``read_highlights``)."""
    document = opened.document
    found: list[HighlightRecord] = []
    for number in range(document.page_count):
        if not _may_have_marks(document, number):
            continue
        try:
            found.extend(_page_highlights(document[number]))
        except (RuntimeError, ValueError):
            continue
    return found


def hide_marks(opened: PdfDocument, number: int) -> None:
    """Hide the page's own marks and notes from rendering, in memory only (never saved).

    They were taken in as the paper's highlights, which the reader draws
    itself; drawn twice, a recoloured or deleted highlight would still show.
    """
    document = opened.document
    if not _may_have_marks(document, number):
        return
    try:
        page = document[number]
        for annot in page.annots():
            if annot.type[1] in MARKS | NOTES:
                annot.set_flags(annot.flags | HIDDEN)
    except (RuntimeError, ValueError):
        return


def has_marks(path: Path) -> bool:
    """Whether the PDF at ``path`` has any mark or note we take in, read cheaply.

    MuPDF's own objects, looked at without loading a page: a quarter of a
    millisecond for a twelve-page paper, where opening it with PyMuPDF and
    looking at every page costs five times that. Downloads ask this of every
    file. A file that cannot be read this way has none.
    """
    try:
        document = mupdf.PdfDocument(str(path))
        if mupdf.pdf_needs_password(document):
            return False
        annots, subtype = mupdf.pdf_new_name("Annots"), mupdf.pdf_new_name("Subtype")
        for number in range(mupdf.pdf_count_pages(document)):
            found = mupdf.pdf_dict_get(mupdf.pdf_lookup_page_obj(document, number), annots)
            for index in range(mupdf.pdf_array_len(found)):
                kind = mupdf.pdf_dict_get(mupdf.pdf_array_get(found, index), subtype)
                if mupdf.pdf_to_name(kind) in MARKS | NOTES:
                    return True
    except mupdf.FzErrorBase:
        return False
    return False


def _may_have_marks(document: pymupdf.Document, number: int) -> bool:
    """Whether the page's annotations include a kind we read, without loading the page.

    Papers carry a link annotation per citation on most pages; loading every
    page to find none of ours would cost a download run more than the download.
    """
    try:
        kind, value = document.xref_get_key(document.page_xref(number), "Annots")
        if kind == "null":
            return False
        if kind != "array":
            return True  # an indirect array: look properly
        for match in _REFERENCE.finditer(value.encode()):
            _, subtype = document.xref_get_key(int(match.group(1)), "Subtype")
            if subtype.lstrip("/") in MARKS | NOTES:
                return True
        return False
    except (RuntimeError, ValueError):
        return True


def _page_highlights(page: pymupdf.Page) -> list[HighlightRecord]:
    words = page.get_text("words")
    marks: dict[int, tuple[HighlightRecord, list[str]]] = {}
    replies: list[tuple[int, str]] = []
    for annot in page.annots():
        kind = annot.type[1]
        content = (annot.info.get("content") or "").strip()
        if kind in NOTES and annot.irt_xref:
            if content:
                replies.append((annot.irt_xref, content))
            continue
        if kind in MARKS:
            rects = _quad_rects(annot.vertices or [])
            if not rects:
                continue
            text = _covered_text(words, rects)
        elif kind in NOTES and content:
            rects, text = (tuple(annot.rect),), ""
        else:
            continue
        record = HighlightRecord(
            page=page.number or 0,
            text=text,
            rects=rects,
            color=nearest_color(_rgb(annot.colors.get("stroke"))),
            comment=content,
            created=_pdf_date(annot.info.get("creationDate", "")),
        )
        marks[annot.xref] = (record, [content] if content else [])
    for parent, content in replies:
        if parent in marks:
            marks[parent][1].append(content)
    found = []
    for record, comments in marks.values():
        comment = "\n\n".join(comments)
        if comment != record.comment:
            record = HighlightRecord(
                record.page, record.text, record.rects, record.color, comment, record.created
            )
        found.append(record)
    return found


def _quad_rects(vertices: Sequence[Sequence[float]]) -> tuple[Rect, ...]:
    """One rectangle per quadrilateral (four corners each), in the annotation's order."""
    rects: list[Rect] = []
    for start in range(0, len(vertices) - 3, 4):
        xs = [point[0] for point in vertices[start : start + 4]]
        ys = [point[1] for point in vertices[start : start + 4]]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(rects)


def _covered_text(words: Iterable[Sequence[object]], rects: Sequence[Rect]) -> str:
    """The words whose middle lies in one of the rectangles: a line above or below that a
    loose rectangle grazes is not part of the passage."""
    pieces: list[str] = []
    previous: tuple[object, object] | None = None
    for word in words:
        x0, y0, x1, y1, text, block, line = word[:7]
        middle_x = (float(x0) + float(x1)) / 2  # type: ignore[arg-type]
        middle_y = (float(y0) + float(y1)) / 2  # type: ignore[arg-type]
        if not any(r[0] <= middle_x <= r[2] and r[1] <= middle_y <= r[3] for r in rects):
            continue
        if previous is not None:
            pieces.append(" " if (block, line) == previous else "\n")
        pieces.append(str(text))
        previous = (block, line)
    return "".join(pieces)


def _rgb(color: Sequence[float] | None) -> tuple[float, float, float] | None:
    """A PDF colour (grey, RGB or CMYK) as RGB."""
    if not color:
        return None
    if len(color) == 1:
        return (color[0], color[0], color[0])
    if len(color) == 3:
        return (color[0], color[1], color[2])
    if len(color) == 4:
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _pdf_date(text: str) -> dt.datetime | None:
    """A PDF date (``D:20240131174501+01'00'``) as naive UTC, as the library keeps times."""
    match = _PDF_DATE.match(text or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        moment = dt.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if sign in ("+", "-"):
        offset = dt.timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        moment = moment - offset if sign == "+" else moment + offset
    return moment


def write_with_highlights(
    source: Path, target: Path, highlights: Sequence[HighlightRecord]
) -> ExportedPdf:
    """Write a copy of ``source`` to ``target`` with every highlight as a Highlight annotation.

    ``source`` is only read. The copy is written under a temporary name and
    renamed, so ``target`` is either the old file or the whole new one.
    """
    if target.resolve() == source.resolve():
        raise PdfError("The copy must not replace the library's own PDF.")
    written = already = off_pages = 0
    with open_pdf(source) as opened:
        document = opened.document
        for highlight in highlights:
            if not 0 <= highlight.page < document.page_count or not highlight.rects:
                off_pages += 1
                continue
            page = document[highlight.page]
            if _already_marked(page, highlight):
                already += 1
                continue
            if highlight.text:
                quads = [pymupdf.Rect(rect).quad for rect in highlight.rects]
                annot = page.add_highlight_annot(quads=quads)
            else:  # a note pinned to a spot, as it came in
                x0, y0, _, _ = highlight.rects[0]
                annot = page.add_text_annot((x0, y0), highlight.comment)
            annot.set_colors(stroke=COLORS[HighlightColor(highlight.color)])
            info = {"content": highlight.comment, "title": AUTHOR}
            if highlight.created is not None:
                info["creationDate"] = f"D:{highlight.created:%Y%m%d%H%M%S}Z"
            annot.set_info(info)
            annot.update()
            written += 1
        try:
            data = document.tobytes(garbage=1, deflate=True)
        except (RuntimeError, ValueError) as error:
            raise PdfError(f"The copy of {source.name} could not be written: {error}") from error
    write_atomic(target, data)
    return ExportedPdf(written, already, off_pages)


def _already_marked(page: pymupdf.Page, highlight: HighlightRecord) -> bool:
    """Whether the page has a mark (or, for a note, a note) of its own at the highlight's place."""
    for annot in page.annots():
        kind = annot.type[1]
        if kind in MARKS and highlight.text:
            rects = _quad_rects(annot.vertices or [])
        elif kind in NOTES and not highlight.text and not annot.irt_xref:
            rects = (tuple(annot.rect),)
        else:
            continue
        if same_place(highlight.page, highlight.rects, highlight.page, rects):
            return True
    return False


def save_with_highlights(library: Library, paper_id: int, target: Path) -> ExportedPdf:
    """Write a copy of the paper's PDF with its highlights to ``target`` (see above).

    Raises :class:`PdfError` saying what is missing: the paper, its PDF, the file.
    """
    source = library.pdf_path(paper_id)
    if source is None:
        if library.paper(paper_id) is None:
            raise PdfError(f"There is no paper with id {paper_id}.")
        raise PdfError(f"Paper {paper_id} has no PDF yet: attach or download one first.")
    with library.engine.connect() as conn:
        marked = [highlight.record() for highlight in highlights.of_paper(conn, paper_id)]
    return write_with_highlights(source, Path(target), marked)
