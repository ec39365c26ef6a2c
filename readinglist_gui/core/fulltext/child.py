"""The child process that reads PDFs for the index (see ``extraction``), and its frames.

Kept apart so the child imports PyMuPDF and nothing else of ours: importing the
database side as well tripled its start-up.

Requests on standard input are file names, each as a 4-byte length and its
bytes; replies on standard output are frames of (kind, number, text): a 9-byte
header and the UTF-8 text.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

READY, OPENED, PAGE, PAGE_FAILED, DONE, SKIPPED = range(6)
"""Kinds of frame the child sends."""
HEADER = struct.Struct(">BII")
REQUEST = struct.Struct(">I")
WORKER_FLAG = "--pdf-text-worker"
"""The argument that makes ``readinglist_gui`` (or the frozen app) run as the child."""
MEMORY_MB = 2048
"""Address space the child may take beyond what it holds once PyMuPDF is loaded."""

Emit = Callable[[int, int, str], None]


def read_pdf(path: Path, emit: Emit, max_pages: int) -> None:
    """Read every page of ``path``, telling ``emit`` (kind, number, text) as it goes.

    Sends OPENED with the page count, then PAGE or PAGE_FAILED for each page
    and DONE; or SKIPPED with the reason when the file cannot be read at all.
    """
    from readinglist_gui.core.pdf import PdfError, open_pdf

    try:
        document = open_pdf(path)
    except PdfError as error:
        emit(SKIPPED, 0, str(error))
        return
    with document:
        count = document.page_count
        if count > max_pages:
            emit(SKIPPED, count, f"It has {count:,} pages; the index takes at most {max_pages:,}.")
            return
        emit(OPENED, count, "")
        for number in range(count):
            try:
                emit(PAGE, number, document.searchable_text(number))
            except PdfError as error:
                emit(PAGE_FAILED, number, str(error))
        emit(DONE, count, "")


def serve(argv: Sequence[str]) -> int:
    """The child: read the PDFs named on standard input, send frames on standard output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    megabytes = int(options.get("--memory-mb", MEMORY_MB))
    max_pages = int(options["--max-pages"])
    requests, replies = sys.stdin.buffer, sys.stdout.buffer

    def emit(kind: int, number: int, text: str) -> None:
        payload = text.encode("utf-8", "replace")
        replies.write(HEADER.pack(kind, number, len(payload)) + payload)
        replies.flush()

    import readinglist_gui.core.pdf  # noqa: F401  (PyMuPDF loads before READY, not on the first PDF)

    _limit_memory(megabytes)
    emit(READY, 0, "")
    while header := read_exactly(requests, REQUEST.size):
        name = read_exactly(requests, REQUEST.unpack(header)[0])
        if name is None:
            break
        try:
            read_pdf(Path(os.fsdecode(name)), emit, max_pages)
        except MemoryError:
            emit(SKIPPED, 0, f"Reading it needs more than {megabytes:,} MB of memory.")
            return 3
    return 0


def _limit_memory(megabytes: int) -> None:
    """Cap the child's address space at what it holds now plus ``megabytes`` (Linux)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = held + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
