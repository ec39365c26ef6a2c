"""The export formats, defined once: the command line, the Export dialog and the tests read them here.

This module imports nothing, so ``readinglist-gui --help`` can offer the names
without loading SQLAlchemy or any writer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    """What ``--format`` takes and ``export`` dispatches on."""
    label: str
    """How the Export dialog offers it."""
    file_type: str
    """How a save dialog names the files it writes."""
    suffix: str

    @property
    def file_filter(self) -> str:
        """A save dialog's filter for these files: ``BibTeX (*.bib)``."""
        return f"{self.file_type} (*{self.suffix})"


FORMATS: dict[str, ExportFormat] = {
    spec.name: spec
    for spec in (
        ExportFormat("json", "Reading list JSON (exchange format)", "Reading list JSON", ".json"),
        ExportFormat("bibtex", "BibTeX", "BibTeX", ".bib"),
        ExportFormat("csl-json", "CSL-JSON (Zotero)", "CSL-JSON", ".json"),
        ExportFormat("markdown", "Markdown reading list", "Markdown", ".md"),
        ExportFormat("html", "Web page (HTML)", "Web page", ".html"),
    )
}
"""Every format by name, in the order menus and ``--help`` list them."""
