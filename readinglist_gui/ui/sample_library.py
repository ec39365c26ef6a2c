"""The sample library: a few reading lists from ``resources/sample`` plus small demo PDFs.

The PDFs are drawn here with PyMuPDF rather than shipped, so the repository
holds no binary blobs and no one else's papers: each is a short stand-in that
says what it is, long enough to try the reader (pages, progress, notes).
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from readinglist_gui.core import writes
from readinglist_gui.core.library import Library
from readinglist_gui.core.results import ImportReport
from readinglist_gui.core.writes import Done
from readinglist_gui.ui.icons import RESOURCES

SAMPLE_FILE = RESOURCES / "sample" / "sample-library.json"

WITH_PDF = ("1706.03762", "2309.06180", "2104.09864", "2205.14135")
"""arXiv ids of the sample papers that get a demo PDF."""

DEMO_PAGES = 5
_BODY = (
    "This is a demo PDF made by readinglist-gui for its sample library; it is not the "
    "paper itself. Page through it to see the reading position remembered and the "
    "paper move from unread to skimmed, write a note beside it, and come back later "
    "to find both where you left them."
)


def load_sample(library: Library) -> Done[ImportReport]:
    """Import the sample lists into ``library`` and attach the demo PDFs (a worker calls this).

    Returns the import's ``Done``, whose undo takes the sample back out.
    """
    # Importers and PyMuPDF load here, off the start-up path.
    from readinglist_gui.core.importers import read_paths
    from readinglist_gui.core.pdf import attach_pdf

    batch = read_paths([SAMPLE_FILE])
    done = library.write(writes.ImportPapers(batch))
    report = done.value
    wanted = [
        (paper_id, record.title)
        for record, paper_id in zip(batch.papers, report.paper_ids, strict=True)
        if record.arxiv_id in WITH_PDF and library.pdf_path(paper_id) is None
    ]
    with tempfile.TemporaryDirectory(prefix="readinglist-sample-") as scratch:
        for paper_id, title in wanted:
            source = _demo_pdf(Path(scratch) / f"{paper_id}.pdf", title)
            target = attach_pdf(library.pdf_dir, source, str(paper_id))
            library.set_pdf(paper_id, target.relative_to(library.folder).as_posix())
    return done


def _demo_pdf(path: Path, title: str) -> Path:
    import pymupdf

    document = pymupdf.open()
    for number in range(DEMO_PAGES):
        page = document.new_page(width=595, height=842)
        if number == 0:
            page.insert_textbox((72, 90, 523, 220), title, fontsize=20, fontname="helv")
        heading = f"Demo page {number + 1} of {DEMO_PAGES}"
        page.insert_text((72, 260 if number == 0 else 90), heading, fontsize=13)
        top = 290 if number == 0 else 120
        for line, text in enumerate(textwrap.wrap(_BODY, 80)):
            page.insert_text((72, top + 16 * line), text, fontsize=11)
    document.save(path)
    document.close()
    return path
