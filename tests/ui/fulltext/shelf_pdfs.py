"""Real PDFs attached to a real library, for the window's full-text tests."""

from __future__ import annotations

from pathlib import Path

from pdf_factory import pages_pdf

from readinglist_gui.core.library import Library
from readinglist_gui.core.pdf import attach_pdf
from readinglist_gui.core.records import PaperRecord


def filler(page: int) -> str:
    return f"Page {page} of a paper about graph neural networks and message passing. " * 4


def word_on_page(path: Path, word: str, page: int, pages: int = 5) -> Path:
    """``pages`` pages of filler, ``word`` only on ``page`` (1-based)."""
    texts = [filler(n) for n in range(1, pages + 1)]
    texts[page - 1] += f" Here the {word} appears, once."
    return pages_pdf(path, texts)


def put_pdf(library: Library, paper_id: int, pdf: Path) -> None:
    """Attach ``pdf`` to the paper the way the app does: copied in, then one write."""
    target = attach_pdf(library.pdf_dir, pdf, f"paper-{paper_id}")
    library.set_pdf(paper_id, target.relative_to(library.folder).as_posix())


def paper_with_pdf(library: Library, pdf: Path, title: str) -> int:
    paper_id = library.add_paper(PaperRecord(title=title, authors=["Ada Lovelace"], year=2024))
    put_pdf(library, paper_id, pdf)
    return paper_id
