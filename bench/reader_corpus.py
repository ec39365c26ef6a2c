"""Papers for the reader benchmark: varied PDFs drawn with PyMuPDF, and a library holding them.

Real papers differ in what makes them slow to open: many pages (every page's
size is read to lay the document out), big pages full of vector drawings,
embedded photographs (decoded to render), or sheer file size. The set covers
each, so a figure for "open" is not a figure for one convenient file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord, RecordBatch

WORDS = [
    "attention",
    "weights",
    "over",
    "blocks",
    "of",
    "the",
    "key",
    "value",
    "cache",
    "reduce",
    "memory",
    "waste",
    "while",
    "throughput",
    "grows",
    "with",
    "batch",
    "size",
    "and",
    "latency",
    "stays",
    "within",
    "the",
    "service",
    "objective",
]


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    pages: int
    kind: str
    """text, figures, scan"""


SAMPLES = (
    Sample("text-1p", 1, "text"),
    Sample("text-30p", 30, "text"),
    Sample("text-300p", 300, "text"),
    Sample("figures-30p", 30, "figures"),
    Sample("scan-24p", 24, "scan"),
    Sample("book-1500p", 1500, "text"),
)
"""The last two are the big ones: 24 photographed pages (45 MB), and a 1,500-page book."""


def _text_page(page: pymupdf.Page, number: int, font: pymupdf.Font) -> None:
    """Two columns of small type, as most papers are set (one text object per page)."""
    writer = pymupdf.TextWriter(page.rect)
    writer.append((56, 60), f"Section {number + 1}: results and discussion", font, 14)
    for x in (56, 310):
        for row in range(78):
            start = (number + row) % len(WORDS)
            writer.append((x, 84 + row * 9), " ".join((WORDS * 2)[start : start + 7]), font, 8)
    writer.write_text(page)


def _figure_page(page: pymupdf.Page, number: int, image: bytes) -> None:
    """A plot of thousands of vector strokes and a photograph beside a column of text."""
    rng = random.Random(number)
    page.insert_text((56, 60), f"Figure {number + 1}: measured against the baseline", fontsize=12)
    shape = page.new_shape()
    for series in range(6):
        points = [
            pymupdf.Point(60 + i * 1.2, 420 - series * 30 - rng.random() * 60) for i in range(400)
        ]
        shape.draw_polyline(points)
        shape.finish(color=(series / 6, 0.3, 1 - series / 6), width=0.6)
    for x in range(60, 540, 8):
        for y in range(440, 560, 8):
            shape.draw_circle((x + rng.random() * 4, y + rng.random() * 4), 1.5)
    shape.finish(color=(0.2, 0.2, 0.2), fill=(0.9, 0.5, 0.1), width=0.3)
    shape.commit()
    page.insert_image(pymupdf.Rect(56, 580, 300, 780), stream=image)
    for row in range(20):
        page.insert_text((320, 600 + row * 9), " ".join(WORDS[row % 10 : row % 10 + 6]), fontsize=8)


def _photo(width: int, height: int, seed: int) -> bytes:
    """Grainy colour as JPEG: it neither compresses nor decodes any faster than a scan."""
    noise = random.Random(seed).randbytes(width * height * 3)
    softened = noise.translate(bytes(96 + value // 4 for value in range(256)))
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, width, height, softened, 0)
    return pixmap.tobytes("jpeg", jpg_quality=80)


DRAWN_PAGES = 10
"""Pages drawn one by one; longer documents repeat copies of them (drawing is slow, copying not)."""


def make_pdf(sample: Sample, path: Path) -> Path:
    document = pymupdf.open()
    drawn = sample.pages if sample.kind == "scan" else min(sample.pages, DRAWN_PAGES)
    photo = _photo(900, 700, 1) if sample.kind == "figures" else b""
    font = pymupdf.Font("helv")
    for number in range(drawn):
        page = document.new_page()
        if sample.kind == "text":
            _text_page(page, number, font)
        elif sample.kind == "figures":
            _figure_page(page, number, photo)
        else:
            page.insert_image(page.rect, stream=_photo(1654, 2339, number))
    pattern = pymupdf.open("pdf", document.tobytes())
    while document.page_count < sample.pages:
        wanted = min(drawn, sample.pages - document.page_count)
        document.insert_pdf(pattern, to_page=wanted - 1)
    pattern.close()
    document.save(path, deflate=True, garbage=1)
    document.close()
    return path


def build_library(folder: Path) -> tuple[Library, dict[str, int], dict[str, Path]]:
    """A library with one paper per sample, each with its PDF attached as the app stores it."""
    library = Library.open(folder / "library")
    records = [PaperRecord(title=f"Benchmark paper {s.name}") for s in SAMPLES]
    ids = library.import_batch(RecordBatch(papers=records)).paper_ids
    library.pdf_dir.mkdir(parents=True, exist_ok=True)
    papers: dict[str, int] = {}
    paths: dict[str, Path] = {}
    for sample, paper_id in zip(SAMPLES, ids, strict=True):
        path = make_pdf(sample, library.pdf_dir / f"{paper_id}.pdf")
        library.set_pdf(paper_id, f"pdfs/{paper_id}.pdf")
        papers[sample.name] = paper_id
        paths[sample.name] = path
    return library, papers, paths
