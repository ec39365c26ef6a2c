"""What the window calls each online stage: in menus, on a running job, beside its progress.

The stages themselves are ``core.fetch_stage.Stage``; this is only their
wording, kept in one table so a menu and the status bar never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from readinglist_gui.core.fetch_stage import Stage


@dataclass(frozen=True, slots=True)
class StageWords:
    action: str
    """A menu entry that runs the stage: "Download PDFs for Offline Reading"."""
    job: str
    """A job running it on ``{}`` (a phrase for what): "Downloading PDFs of {}"."""
    progress: str
    """Beside the job's progress: "Downloading PDFs"."""


STAGE_WORDS: dict[Stage, StageWords] = {
    Stage.PDFS: StageWords(
        "Download PDFs for Offline Reading", "Downloading PDFs of {}", "Downloading PDFs"
    ),
    Stage.METADATA: StageWords(
        "Fetch Details from arXiv", "Fetching details of {}", "Fetching details"
    ),
    Stage.TITLES: StageWords("Find Titles on arXiv", "Finding {} on arXiv", "Finding on arXiv"),
}
"""In the order menus offer them."""
