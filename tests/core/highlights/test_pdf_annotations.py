"""Highlights in and out of real PDFs: other readers' annotations come in on attach and
download; ``export-pdf`` writes a copy that PyMuPDF reads back as annotations."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from annotated_pdfs import FIRST, annotated_pdf, plain_pdf
from cli_runner import Ran
from http_server import LoopbackServer, Reply
from pdf_factory import encrypted_pdf

from readinglist_gui.core import highlights
from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings
from readinglist_gui.core.attachments import attach_file
from readinglist_gui.core.fetch import fetch
from readinglist_gui.core.library import Library
from readinglist_gui.core.pdf import PdfError
from readinglist_gui.core.pdf_annotations import has_marks, read_highlights, save_with_highlights
from readinglist_gui.core.reader_state import read_opening
from readinglist_gui.core.records import HighlightColor, HighlightRecord, PaperRecord
from readinglist_gui.core.writes import AddHighlight


@pytest.fixture
def paper(library: Library) -> int:
    return library.add_paper(PaperRecord(title="Paged attention", arxiv_id="2309.06180"))


def stored(library: Library, paper_id: int) -> list[highlights.Highlight]:
    with library.engine.connect() as conn:
        return highlights.of_paper(conn, paper_id)


def test_marks_and_notes_come_in_with_their_words_colours_and_comments(tmp_path: Path) -> None:
    found = read_highlights(annotated_pdf(tmp_path / "a.pdf"))
    summary = [(h.page, h.text, h.color, h.comment) for h in found]
    assert summary == [
        (
            0,
            "quick brown fox\nAttention weights",
            HighlightColor.GREEN,
            "Two lines, one thought\n\nand a reply",
        ),
        (1, "lazy dog.", HighlightColor.PINK, ""),
        (1, "reduce waste.", HighlightColor.PINK, ""),
        (2, "", HighlightColor.YELLOW, "A note on the page"),
    ]
    first = found[0]
    assert len(first.rects) == 2, "one rectangle per marked line"
    assert first.created == dt.datetime(2024, 1, 31, 16, 45, 1), "+01'00' taken back to UTC"


def test_attaching_takes_in_the_files_highlights_once(
    library: Library, paper: int, tmp_path: Path
) -> None:
    source = annotated_pdf(tmp_path / "from-zotero.pdf")
    first = attach_file(library, paper, source, str(paper))
    assert first.highlights == 4
    again = attach_file(library, paper, source, str(paper))
    assert again.highlights == 0
    assert len(stored(library, paper)) == 4
    assert library.pdf_path(paper) == library.pdf_dir / f"{paper}.pdf"
    opening = read_opening(library, paper)
    assert opening is not None and opening.marks_read, "the reader will not read them again"


def test_a_pdf_whose_annotations_cannot_be_read_is_still_attached(
    library: Library, paper: int, tmp_path: Path
) -> None:
    attached = attach_file(library, paper, encrypted_pdf(tmp_path / "locked.pdf"), str(paper))
    assert attached.highlights == 0
    assert library.pdf_path(paper) is not None


def test_downloaded_pdfs_bring_their_highlights(
    library: Library, paper: int, server: LoopbackServer, tmp_path: Path
) -> None:
    data = annotated_pdf(tmp_path / "remote.pdf").read_bytes()
    server.script("/pdf/2309.06180", Reply(200, data, {"Content-Type": "application/pdf"}))
    settings = ArxivSettings(base_url=server.base_url, delay=0, backoff=0.01, read_timeout=2)
    with ArxivClient(settings) as client:
        summary = fetch(library, pdfs=True, client=client)
    assert summary.pdfs_downloaded == 1
    assert [h.page for h in stored(library, paper)] == [0, 1, 1, 2]
    opening = read_opening(library, paper)
    assert opening is not None and opening.marks_read


def with_pdf(library: Library, paper: int, tmp_path: Path) -> Path:
    attach_file(library, paper, plain_pdf(tmp_path / "plain.pdf"), str(paper))
    path = library.pdf_path(paper)
    assert path is not None
    return path


def test_export_pdf_writes_every_highlight_as_an_annotation_and_leaves_the_library_pdf(
    library: Library, paper: int, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    kept = with_pdf(library, paper, tmp_path)
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    with pymupdf.open(kept) as document:
        words = document[1].search_for("quick brown fox")
    rects = tuple(tuple(rect) for rect in words)
    created = dt.datetime(2025, 5, 6, 7, 8, 9)
    library.write(
        AddHighlight(
            paper, HighlightRecord(1, "quick brown fox", rects, HighlightColor.BLUE, "why", created)
        )
    )
    library.write(
        AddHighlight(paper, HighlightRecord(2, "", ((300.0, 400.0, 316.0, 416.0),), comment="pin"))
    )
    out = tmp_path / "copy.pdf"
    ran = cli(library.folder, "export-pdf", str(paper), str(out))

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == f"wrote {out}: 2 highlights written as annotations\n"
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest, "the library's PDF is untouched"
    with pymupdf.open(out) as document:
        second, third = document[1], document[2]
        [mark] = list(second.annots())
        assert mark.type[1] == "Highlight"
        assert mark.info["content"] == "why"
        assert mark.colors["stroke"] == pytest.approx(highlights.COLORS[HighlightColor.BLUE])
        corners = mark.vertices
        quads = [pymupdf.Quad(corners[i : i + 4]).rect for i in range(0, len(corners), 4)]
        assert highlights.same_place(1, rects, 1, [tuple(quad) for quad in quads])
        [note] = list(third.annots())
        assert (note.type[1], note.info["content"]) == ("Text", "pin")
    back = read_highlights(out)
    assert [(h.page, h.text, h.color, h.comment) for h in back] == [
        (1, "quick brown fox", HighlightColor.BLUE, "why"),
        (2, "", HighlightColor.YELLOW, "pin"),
    ]
    assert back[0].created == created


def test_a_copy_of_a_file_with_its_own_marks_does_not_mark_twice(
    library: Library, paper: int, tmp_path: Path
) -> None:
    attach_file(library, paper, annotated_pdf(tmp_path / "a.pdf"), str(paper))
    outcome = save_with_highlights(library, paper, tmp_path / "copy.pdf")
    assert (outcome.written, outcome.already_there) == (0, 4)
    assert len(read_highlights(tmp_path / "copy.pdf")) == 4


def test_export_pdf_says_what_is_missing(
    library: Library, paper: int, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    out = str(tmp_path / "copy.pdf")
    missing = cli(library.folder, "export-pdf", "999", out)
    assert (missing.returncode, missing.stderr) == (
        1,
        "readinglist-gui: error: There is no paper with id 999.\n",
    )
    without = cli(library.folder, "export-pdf", str(paper), out)
    assert without.returncode == 1
    assert without.stderr == (
        f"readinglist-gui: error: Paper {paper} has no PDF yet: attach or download one first.\n"
    )
    kept = with_pdf(library, paper, tmp_path)
    onto_itself = cli(library.folder, "export-pdf", str(paper), str(kept))
    assert onto_itself.returncode == 1
    assert "must not replace the library's own PDF" in onto_itself.stderr
    assert not Path(out).exists()


def test_highlights_on_pages_the_pdf_lacks_are_counted_not_written(
    library: Library, paper: int, tmp_path: Path
) -> None:
    with_pdf(library, paper, tmp_path)
    library.write(AddHighlight(paper, HighlightRecord(40, FIRST, ((72.0, 110.0, 300.0, 123.0),))))
    outcome = save_with_highlights(library, paper, tmp_path / "copy.pdf")
    assert (outcome.written, outcome.off_the_pages) == (0, 1)
    assert (
        outcome.describe()
        == "0 highlights written as annotations, 1 on pages this PDF does not have"
    )
    with pytest.raises(PdfError):
        save_with_highlights(library, 999, tmp_path / "other.pdf")


def test_a_quick_look_tells_files_with_marks_from_files_with_only_links(tmp_path: Path) -> None:
    assert has_marks(annotated_pdf(tmp_path / "marked.pdf"))
    assert not has_marks(plain_pdf(tmp_path / "links-only.pdf"))
    assert not has_marks(encrypted_pdf(tmp_path / "locked.pdf"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    assert not has_marks(broken)
