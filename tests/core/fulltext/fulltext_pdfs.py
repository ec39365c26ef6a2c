"""PDFs of every shape the indexer meets, and ways to attach them to a real library."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdf_factory
import pymupdf

from readinglist_gui.core.library import Library
from readinglist_gui.core.pdf import attach_pdf
from readinglist_gui.core.records import PaperRecord


def pages_pdf(path: Path, texts: list[str]) -> Path:
    """One page per text in 9-point type, so a page holds a paragraph or two."""
    return pdf_factory.pages_pdf(path, texts, fontsize=9)


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """Pages holding only a picture, as a scan without recognised text is."""
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    picture.clear_with(200)
    document = pymupdf.open()
    for _ in range(pages):
        document.new_page().insert_image(pymupdf.Rect(56, 56, 400, 400), pixmap=picture)
    document.save(path)
    document.close()
    return path


def heavy_pdf(path: Path, pages: int = 1, words: int = 60_000) -> Path:
    """Pages crammed with tens of thousands of words: slow and memory-hungry to extract."""
    document = pymupdf.open()
    text = " ".join(f"word{i}" for i in range(words))
    for _ in range(pages):
        page = document.new_page(width=3000, height=3000)
        page.insert_textbox(pymupdf.Rect(10, 10, 2990, 2990), text, fontsize=3)
    document.save(path)
    document.close()
    return path


def attach(library: Library, pdf: Path, title: str = "") -> int:
    """A new paper with ``pdf`` attached, as ``readinglist-gui attach`` does it."""
    paper_id = library.add_paper(PaperRecord(title=title or pdf.stem))
    put_pdf(library, paper_id, pdf)
    return paper_id


def put_pdf(library: Library, paper_id: int, pdf: Path) -> None:
    target = attach_pdf(library.pdf_dir, pdf, f"paper-{paper_id}")
    library.set_pdf(paper_id, target.relative_to(library.folder).as_posix())


def copy_in(library: Library, pdf: Path, title: str = "") -> int:
    """Like ``attach`` but without the check ``attach`` makes: for files it would refuse."""
    paper_id = library.add_paper(PaperRecord(title=title or pdf.stem))
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, library.pdf_dir / f"paper-{paper_id}.pdf")
    library.set_pdf(paper_id, f"pdfs/paper-{paper_id}.pdf")
    return paper_id
