"""What a fetch run reports: where it is while it runs, and what it did when it ends.

Apart from ``fetch.py`` so that the window can name and show these without
importing the fetch machinery (and ``requests``) at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from readinglist_gui.core.fetch_stage import Stage


@dataclass(frozen=True, slots=True)
class FetchProgress:
    """Where a run is: ``done`` of ``total`` items of ``stage``, and bytes of the current PDF."""

    stage: Stage
    done: int
    total: int
    paper_id: int | None = None
    message: str = ""
    received: int = 0
    expected: int | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    paper_id: int
    stage: Stage
    message: str


@dataclass(slots=True)
class FetchSummary:
    titles_matched: int = 0
    titles_to_review: int = 0
    titles_not_found: int = 0
    metadata_filled: int = 0
    pdfs_downloaded: int = 0
    pdf_bytes: int = 0
    pdfs_without_source: int = 0
    failures: list[Failure] = field(default_factory=list)
    cancelled: bool = False
    offline: str = ""
    """Why the run stopped for want of a connection; empty when it did not."""

    @property
    def ok(self) -> bool:
        return not (self.failures or self.offline or self.cancelled)

    def text(self) -> str:
        parts = []
        if self.titles_matched or self.titles_to_review or self.titles_not_found:
            parts.append(
                f"{self.titles_matched} titles found on arXiv, "
                f"{self.titles_to_review} need review, {self.titles_not_found} not found"
            )
        if self.metadata_filled:
            parts.append(f"details fetched for {self.metadata_filled} papers")
        if self.pdfs_downloaded:
            parts.append(
                f"{self.pdfs_downloaded} PDFs downloaded ({self.pdf_bytes / 1048576:.1f} MB)"
            )
        if self.pdfs_without_source:
            parts.append(f"{self.pdfs_without_source} papers have no PDF link")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        if self.cancelled:
            parts.append("cancelled")
        if self.offline:
            parts.append(f"stopped: {self.offline}")
        return "; ".join(parts) or "nothing to fetch"


ProgressCallback = Callable[[FetchProgress], None]
