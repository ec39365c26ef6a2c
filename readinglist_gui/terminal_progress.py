"""A one-line progress bar for long command-line runs (``fetch``, ``index``).

Redraws in place on a terminal; when output goes to a file or pipe it prints
only one line per stage, so logs stay readable.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

WIDTH = 30


class Progress(Protocol):
    """Where a run is (``FetchProgress``, ``IndexProgress``)."""

    @property
    def stage(self) -> str: ...
    @property
    def done(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def message(self) -> str: ...
    @property
    def received(self) -> int: ...
    @property
    def expected(self) -> int | None: ...


def bar(share: float) -> str:
    """``WIDTH`` characters, the ``share`` done (0 to 1) filled in."""
    filled = int(WIDTH * min(max(share, 0.0), 1.0))
    return "#" * filled + "." * (WIDTH - filled)


class ProgressBar:
    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.stage: str | None = None

    def update(self, progress: Progress) -> None:
        if progress.stage != self.stage:
            if self.stage is not None and self.live:
                self.stream.write("\n")
            self.stage = progress.stage
            if not self.live:
                self.stream.write(f"{progress.stage}: {progress.total} papers\n")
        if not self.live:
            return
        partial = progress.received / progress.expected if progress.expected else 0.0
        share = (progress.done + partial) / progress.total if progress.total else 1.0
        line = (
            f"{progress.stage:<8} [{bar(share)}] {progress.done}/{progress.total} "
            f"{progress.message[:40]:<40}"
        )
        self.stream.write("\r" + line)
        self.stream.flush()

    def finish(self) -> None:
        if self.stage is not None and self.live:
            self.stream.write("\n")
            self.stream.flush()


class ShareBar:
    """A bar for a run measured by how much of a file it has read (``import`` of an arXiv
    snapshot): redrawn in place on a terminal, one line per tenth read otherwise."""

    def __init__(self, stage: str, stream: TextIO | None = None) -> None:
        self.stage = stage
        self.stream = sys.stderr if stream is None else stream
        self.live = self.stream.isatty()
        self._tenths = -1
        self._drawn = False

    def update(self, share: float, message: str) -> None:
        share = min(max(share, 0.0), 1.0)
        if not self.live:
            tenths = int(share * 10)
            if tenths > self._tenths:
                self._tenths = tenths
                self.stream.write(f"{self.stage}: {tenths * 10}% read, {message}\n")
                self.stream.flush()
            return
        self.stream.write(f"\r{self.stage[:24]} [{bar(share)}] {share:4.0%} {message[:60]:<60}")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
