"""Every PyMuPDF call the application makes goes through this module (and, for annotations,
``pdf_annotations``).

Keeping PyMuPDF behind one small surface gives us one place to turn its many
failure modes (empty, truncated, encrypted, not a PDF at all) into a single
exception with a sentence a reader can act on, and one place to enforce the
rule that a document object is only ever touched by the thread that opened it.
Nothing here knows about Qt: rendering returns raw pixel bytes.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from readinglist_gui.core.files import atomic_file

# Damaged files reach the user as a PdfError with a sentence about the file;
# MuPDF's own console messages would only repeat it on the terminal.
pymupdf.TOOLS.mupdf_display_errors(False)

# A page rendered beyond this many pixels would cost hundreds of megabytes; huge
# poster-sized pages are rendered at a lower scale instead of exhausting memory.
MAX_RENDER_PIXELS = 25_000_000

# About 2 ms of rasterising: short enough that a GUI thread waiting for the GIL never notices.
BAND_PIXELS = 300_000

# For a search index: ligatures spelled out ("ﬁ" as "fi"), words hyphenated at a line's end
# joined where MuPDF recognises them, nothing outside the page's media box. Measured on
# 300 ten-page PDFs, these cost the same as the default flags.
INDEX_TEXT_FLAGS = pymupdf.TEXT_DEHYPHENATE | pymupdf.TEXT_MEDIABOX_CLIP

# Control characters a PDF may carry in its text; a search index and its snippets want none.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F], " ")

# The PDF specification lets the header start anywhere in the first kilobyte.
_HEADER_WINDOW = 1024
_SAFE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")

Rect = tuple[float, float, float, float]


class PdfError(Exception):
    """A file we cannot show as a PDF; ``str()`` is a message for the reader."""


class PdfPasswordRequired(PdfError):
    """The PDF is encrypted and needs a (different) password before it can be read."""


@dataclass(frozen=True, slots=True)
class OutlineItem:
    level: int
    title: str
    page: int  # zero-based; -1 when the entry points nowhere inside the document


@dataclass(frozen=True, slots=True)
class PageLink:
    """A clickable area: either a page inside the document or an external URI."""

    rect: Rect
    page: int | None = None
    y: float = 0.0  # target position on that page, in points from its top
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Word:
    rect: Rect
    text: str
    block: int
    line: int


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """Pixels in RGB888 (``alpha=False``) or RGBA8888, with the scale actually used."""

    width: int
    height: int
    stride: int
    samples: bytes
    alpha: bool
    scale: float


def _looks_like_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return b"%PDF-" in handle.read(_HEADER_WINDOW)


class PdfDocument:
    """An open PDF. Use it only from the thread that opened it: PyMuPDF is not thread-safe."""

    def __init__(self, path: Path, password: str | None = None) -> None:
        self.path = Path(path)
        self._doc = _open(self.path)
        if self._doc.needs_pass and not (password and self._doc.authenticate(password)):
            self._doc.close()
            if password:
                raise PdfPasswordRequired("That password does not open this PDF.")
            raise PdfPasswordRequired("This PDF is protected by a password.")
        if self._doc.page_count == 0:
            self._doc.close()
            raise PdfError("This PDF has no pages.")

    def close(self) -> None:
        self._doc.close()

    def __enter__(self) -> PdfDocument:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def document(self) -> pymupdf.Document:
        """The PyMuPDF document itself, for ``pdf_annotations`` (the same thread rule holds)."""
        return self._doc

    @property
    def repaired(self) -> bool:
        """True when MuPDF had to rebuild a damaged or truncated file to open it."""
        return bool(self._doc.is_repaired)

    @property
    def page_count(self) -> int:
        return int(self._doc.page_count)

    def page_sizes(
        self, pause: Callable[[], None] | None = None, first: int = 0
    ) -> list[tuple[float, float]]:
        """Width and height in points of every page from ``first`` on, as displayed.

        Loading every page of a long PDF takes a while; ``pause`` runs every few
        pages for the same reason as in :meth:`render`.
        """
        sizes = []
        for number in range(first, self._doc.page_count):
            if pause is not None and number % 25 == 24:
                pause()
            sizes.append(self.page_size(number))
        return sizes

    def page_size(self, number: int) -> tuple[float, float]:
        """One page's width and height in points as displayed (rotation applied)."""
        try:
            rect = self._doc[number].rect
        except (RuntimeError, ValueError):
            # A damaged page keeps a placeholder size so its neighbours still show.
            rect = pymupdf.Rect(0, 0, 612, 792)
        return (max(rect.width, 1.0), max(rect.height, 1.0))

    def outline(self) -> list[OutlineItem]:
        try:
            toc = self._doc.get_toc(simple=True)
        except (RuntimeError, ValueError):
            return []
        return [OutlineItem(level, title.strip(), page - 1) for level, title, page in toc]

    def links(self, page: int) -> list[PageLink]:
        found = []
        for link in self._doc[page].get_links():
            rect = tuple(link["from"])
            if link.get("kind") == pymupdf.LINK_URI and link.get("uri"):
                found.append(PageLink(rect, uri=link["uri"]))
            elif link.get("kind") in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED):
                target = link.get("page", -1)
                if 0 <= target < self._doc.page_count:
                    to = link.get("to")
                    found.append(PageLink(rect, page=target, y=float(to.y) if to else 0.0))
        return found

    def search(self, page: int, text: str) -> list[Rect]:
        """Rectangles of every case-insensitive occurrence of ``text`` on one page."""
        if not text.strip():
            return []
        return [tuple(rect) for rect in self._doc[page].search_for(text)]

    def words(self, page: int) -> list[Word]:
        """Words in content order, the raw material for selecting text with the mouse.

        Not re-sorted by position: sorting costs five times the extraction, and
        the content order of a typical paper already follows its columns.
        """
        return [
            Word((x0, y0, x1, y1), text, block, line)
            for x0, y0, x1, y1, text, block, line, _ in self._doc[page].get_text("words")
        ]

    def text(self, page: int) -> str:
        return str(self._doc[page].get_text("text"))

    def searchable_text(self, page: int) -> str:
        """One page's words as a search index keeps them: one space between words.

        Ligatures are spelled out (see ``INDEX_TEXT_FLAGS``); control characters,
        which would only confuse snippets, become spaces. Raises
        :class:`PdfError` if the page cannot be read.
        """
        try:
            raw = self._doc[page].get_text("text", flags=INDEX_TEXT_FLAGS)
        except (RuntimeError, ValueError) as error:
            raise PdfError(f"Page {page + 1} could not be read: {error}") from error
        return " ".join(raw.translate(_CONTROLS).split())

    def render(
        self,
        page: int,
        scale: float,
        alpha: bool = False,
        pause: Callable[[], None] | None = None,
    ) -> RenderedPage:
        """Rasterise one page; the scale is lowered if the image would be absurdly large.

        PyMuPDF holds Python's GIL for the whole of a render, which would freeze
        the GUI thread for as long as a big page takes. With ``pause`` the page
        is drawn in horizontal bands from one display list, and ``pause()`` runs
        between bands so the caller can hand the GIL back (``time.sleep(0)``).
        """
        loaded = self._doc[page]
        width, height = loaded.rect.width, loaded.rect.height
        if width * height * scale * scale > MAX_RENDER_PIXELS:
            scale = (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5
        matrix = pymupdf.Matrix(scale, scale)
        try:
            if pause is None:
                pixmap = loaded.get_pixmap(matrix=matrix, alpha=alpha)
            else:
                pixmap = self._render_in_bands(loaded, matrix, alpha, pause)
        except (RuntimeError, ValueError) as error:
            raise PdfError(f"Page {page + 1} could not be drawn: {error}") from error
        return RenderedPage(
            pixmap.width, pixmap.height, pixmap.stride, bytes(pixmap.samples), alpha, scale
        )

    @staticmethod
    def _render_in_bands(
        page: pymupdf.Page, matrix: pymupdf.Matrix, alpha: bool, pause: Callable[[], None]
    ) -> pymupdf.Pixmap:
        display_list = page.get_displaylist()
        pause()
        whole = (page.rect * matrix).irect
        target = pymupdf.Pixmap(pymupdf.csRGB, whole, alpha)
        rows = max(16, BAND_PIXELS // max(whole.width, 1))
        inverse = ~matrix
        for top in range(whole.y0, whole.y1, rows):
            band = pymupdf.IRect(whole.x0, top, whole.x1, min(top + rows, whole.y1))
            piece = display_list.get_pixmap(matrix=matrix, alpha=alpha, clip=band * inverse)
            target.copy(piece, piece.irect)
            pause()
        return target


def _check_file(path: Path) -> None:
    """Refuse, with a message naming the file, what is missing, empty or plainly not a PDF."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PdfError(f"The file {path.name} does not exist.") from None
    except OSError as error:
        raise PdfError(f"The file {path.name} cannot be read: {error.strerror}.") from error
    if size == 0:
        raise PdfError(f"The file {path.name} is empty.")
    try:
        is_pdf = _looks_like_pdf(path)
    except OSError as error:
        raise PdfError(f"The file {path.name} cannot be read: {error.strerror}.") from error
    if not is_pdf:
        raise PdfError(f"The file {path.name} is not a PDF.")


def _open(path: Path) -> pymupdf.Document:
    _check_file(path)
    try:
        document = pymupdf.open(path, filetype="pdf")
    except (RuntimeError, ValueError) as error:
        message = f"The file {path.name} is damaged or incomplete and cannot be opened."
        raise PdfError(message) from error
    if not document.is_pdf:
        document.close()
        raise PdfError(f"The file {path.name} is not a PDF.")
    return document


def open_pdf(path: Path, password: str | None = None) -> PdfDocument:
    """Open a PDF or raise :class:`PdfError` with a message fit to show the reader."""
    return PdfDocument(path, password)


def warm_up() -> None:
    """Draw a page of text once, so MuPDF has set up its context and built-in fonts before
    the first real document: the reader calls this while the window is idle."""
    document = pymupdf.open()
    try:
        page = document.new_page(width=100, height=100)
        page.insert_text((10, 50), "Warm", fontsize=11)
        page.get_pixmap(matrix=pymupdf.Matrix(1, 1))
        page.get_text("words")
    finally:
        document.close()


def validate_pdf(path: Path) -> int:
    """Check that ``path`` is a PDF PyMuPDF can open; return its page count (0 if encrypted).

    An encrypted PDF counts as valid: it is a real paper and the reader will be
    asked for its password when opening it. MuPDF's own document object is
    enough to know that: PyMuPDF's reads the metadata and more on opening,
    which for a download run of hundreds of small PDFs costs more than the
    rest of the check.
    """
    _check_file(path)
    try:
        document = mupdf.PdfDocument(str(path))
        if mupdf.pdf_needs_password(document):
            return 0
        pages = int(mupdf.pdf_count_pages(document))
    except mupdf.FzErrorBase as error:
        message = f"The file {path.name} is damaged or incomplete and cannot be opened."
        raise PdfError(message) from error
    if pages == 0:
        raise PdfError("This PDF has no pages.")
    return pages


def attach_pdf(pdf_dir: Path, source: Path, stem: str) -> Path:
    """Copy a checked PDF into the library as ``<pdf_dir>/<stem>.pdf`` and return that path.

    The stem comes from us (the paper id), never from the incoming file name, so
    a hostile name cannot escape the folder. The copy goes to a temporary file
    first and is renamed into place, so a crash never leaves half a PDF behind.
    Raises :class:`PdfError` if the file is not a usable PDF, ``ValueError`` for
    a stem that is not a plain file name, and ``OSError`` if copying fails.
    """
    if not _SAFE_STEM.fullmatch(stem) or ".." in stem:
        raise ValueError(f"Not a safe file name stem: {stem!r}")
    source = Path(source)
    validate_pdf(source)
    pdf_dir = Path(pdf_dir)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    target = pdf_dir / f"{stem}.pdf"
    with atomic_file(target) as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
    return target
