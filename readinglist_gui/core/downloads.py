"""Bringing a PDF into the library folder so that only a whole, readable PDF ever lands there.

The body is streamed to a hidden temporary file beside its final place, hashed
on the way and checked (a PDF header early, then a real open through
:mod:`readinglist_gui.core.pdf`). :func:`keep_pdfs` then flushes a whole batch
of such files to disk at once and only then renames each over its final name.
A cut connection, a cancel, a web page served instead of the paper, or a body
beyond the size cap all end the same way: the temporary file is deleted and
the error says what happened.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

from readinglist_gui.core.arxiv import ArxivClient, Cancelled, CancelledError, NetworkError
from readinglist_gui.core.files import Staged, discard, publish, staged_file
from readinglist_gui.core.pdf import PdfError, validate_pdf

CHUNK_BYTES = 256 * 1024
# Where a PDF header may start, as the PDF specification allows.
_HEADER_WINDOW = 1024
_SAFE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script")

Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, bytes expected or None) as the body arrives."""


@dataclass(frozen=True, slots=True)
class DownloadedPdf:
    path: Path
    """Where the PDF goes; it is there once :func:`keep_pdfs` has put it in place."""
    staged: Path
    """The hidden temporary file that holds the checked PDF until then."""
    sha256: str
    size: int
    page_count: int
    """0 for an encrypted PDF, which is kept: the reader asks for its password."""


def pdf_stem(arxiv_id: str | None, paper_id: int) -> str:
    """The file name we give a paper's PDF: never anything taken from the server or the list."""
    if arxiv_id:
        return arxiv_id.replace("/", "_")
    return f"paper-{paper_id}"


def download_pdf(
    client: ArxivClient,
    url: str,
    pdf_dir: Path,
    stem: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled = lambda: False,
) -> DownloadedPdf:
    """Download ``url`` for ``<pdf_dir>/<stem>.pdf``; raises :class:`NetworkError` if it fails.

    The checked PDF waits beside that name until :func:`keep_pdfs` puts it
    there. Raises :class:`CancelledError` when ``cancelled()`` turns true; in
    every failing case nothing is left in ``pdf_dir`` and an existing file of
    that name is untouched.
    """
    if not _SAFE_STEM.fullmatch(stem) or ".." in stem:
        raise ValueError(f"Not a safe file name stem: {stem!r}")
    limit = client.settings.max_pdf_bytes
    response = client.get(url, stream=True, cancelled=cancelled)
    with response:
        expected = _content_length(response)
        if expected is not None and expected > limit:
            raise NetworkError(f"{_where(url)} offers {_megabytes(expected)}, {_over(limit)}")
        target = pdf_dir / f"{stem}.pdf"
        with staged_file(target) as out:
            digest, size = _stream(response, out, url, limit, expected, progress, cancelled)
            out.flush()
            try:
                pages = validate_pdf(Path(out.name))
            except PdfError as error:
                raise NetworkError(f"The file from {_where(url)} is not a usable PDF.") from error
    return DownloadedPdf(target, Path(out.name), digest, size, pages)


def keep_pdfs(downloads: Sequence[DownloadedPdf]) -> None:
    """Put downloads in place, flushed to disk first with one flush for all (``files.publish``).

    Raises ``OSError``; the downloads not yet in place are then removed.
    """
    staged = [Staged(download.staged, download.path) for download in downloads]
    try:
        publish(staged)
    except BaseException:
        discard(staged)
        raise


def _stream(
    response: requests.Response,
    out: IO[bytes],
    url: str,
    limit: int,
    expected: int | None,
    progress: Progress | None,
    cancelled: Cancelled,
) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            if cancelled():
                raise CancelledError
            if len(head) < _HEADER_WINDOW:
                head += chunk[: _HEADER_WINDOW - len(head)]
                if len(head) >= _HEADER_WINDOW:
                    _check_header(head, response, url)
            size += len(chunk)
            if size > limit:
                raise NetworkError(f"{_where(url)} sent {_over(limit)}")
            digest.update(chunk)
            out.write(chunk)
            if progress is not None:
                progress(size, expected)
    except requests.RequestException as error:
        raise NetworkError(
            f"The download from {_where(url)} was cut off after {_megabytes(size)}; "
            "nothing was kept, try again."
        ) from error
    if expected is not None and size < expected:
        raise NetworkError(
            f"The download from {_where(url)} stopped at {_megabytes(size)} of "
            f"{_megabytes(expected)}; nothing was kept, try again."
        )
    _check_header(head, response, url)
    return digest.hexdigest(), size


def _check_header(head: bytes, response: requests.Response, url: str) -> None:
    if b"%PDF-" in head:
        return
    content_type = response.headers.get("Content-Type", "").lower()
    lowered = head.lstrip().lower()
    if "html" in content_type or any(mark in lowered for mark in _HTML_MARKS):
        raise NetworkError(
            f"{_where(url)} sent a web page instead of a PDF "
            "(often a login, a captcha or an error page); nothing was kept."
        )
    if not head:
        raise NetworkError(f"{_where(url)} sent an empty file instead of a PDF.")
    raise NetworkError(f"{_where(url)} did not send a PDF; nothing was kept.")


def _content_length(response: requests.Response) -> int | None:
    """The announced body size, unless the body is compressed (then it says nothing useful)."""
    if response.headers.get("Content-Encoding", "identity").lower() != "identity":
        return None
    value = response.headers.get("Content-Length", "")
    return int(value) if value.isdigit() else None


def _where(url: str) -> str:
    return url if len(url) <= 100 else url[:99] + "…"


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _over(limit: int) -> str:
    return f"more than the {_megabytes(limit)} limit for one PDF"
