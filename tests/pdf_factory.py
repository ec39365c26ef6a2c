"""Real PDFs for tests, drawn with PyMuPDF so every test reads a file a reader could have.

Each function writes one file and returns its path. The text on page ``n``
(zero-based) always contains ``page {n + 1}`` and, where asked, a marker word,
so tests can tell pages apart by their words as well as by their number.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

A4 = (595, 842)


def pages_pdf(path: Path, texts: list[str], fontsize: float = 11) -> Path:
    """One page per text, wrapped into the page's text box."""
    document = pymupdf.open()
    for text in texts:
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(56, 56, 540, 790), text, fontsize=fontsize)
    document.save(path)
    document.close()
    return path


def text_pdf(path: Path, pages: int = 3, marker: str = "", size: tuple[int, int] = A4) -> Path:
    """Pages of plain text; ``marker`` is written once on every odd (1-based) page."""
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page(width=size[0], height=size[1])
        page.insert_text((72, 72), f"Heading of page {number + 1}", fontsize=18)
        body = "The quick brown fox jumps over the lazy dog."
        for line in range(6):
            page.insert_text((72, 120 + 18 * line), body, fontsize=11)
        if marker and number % 2 == 0:
            page.insert_text((72, 260), f"Here is the {marker} word.", fontsize=11)
    document.save(path)
    document.close()
    return path


def outline_pdf(path: Path, pages: int = 12) -> Path:
    """Text pages with a two-level table of contents pointing at pages 1, 5 and 9."""
    text_pdf(path, pages)
    document = pymupdf.open(path)
    document.set_toc(
        [[1, "Introduction", 1], [1, "Method", 5], [2, "Details", 6], [1, "Results", 9]]
    )
    document.saveIncr()
    document.close()
    return path


def linked_pdf(path: Path, pages: int = 10, url: str = "https://example.org/paper") -> Path:
    """Page 1 links to page 8 (internal) and to ``url`` (external); page 2 has a javascript: URI."""
    text_pdf(path, pages)
    document = pymupdf.open(path)
    first = document[0]
    first.insert_link(
        {
            "kind": pymupdf.LINK_GOTO,
            "from": pymupdf.Rect(72, 300, 272, 320),
            "page": 7,
            "to": pymupdf.Point(0, 0),
        }
    )
    first.insert_text((72, 315), "Go to page 8", fontsize=12)
    first.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 340, 272, 360), "uri": url}
    )
    first.insert_text((72, 355), "Open the website", fontsize=12)
    second = document[1]
    second.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 300, 272, 320),
            "uri": "javascript:alert(1)",
        }
    )
    document.saveIncr()
    document.close()
    return path


def encrypted_pdf(path: Path, user: str = "reader", owner: str = "owner") -> Path:
    document = pymupdf.open()
    for number in range(2):
        document.new_page().insert_text((72, 72), f"Secret page {number + 1}")
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw=owner, user_pw=user)
    document.close()
    return path


def truncated_pdf(path: Path) -> Path:
    """The first half of a valid PDF, as an interrupted download leaves it."""
    whole = path.with_name(path.stem + "-whole.pdf")
    text_pdf(whole, 4)
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def html_named_pdf(path: Path) -> Path:
    path.write_text("<html><body><h1>Not a PDF</h1></body></html>", encoding="utf-8")
    return path


def zero_page_pdf(path: Path) -> Path:
    """A syntactically valid PDF whose page tree is empty (PyMuPDF refuses to save one)."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path.write_bytes(body)
    return path
