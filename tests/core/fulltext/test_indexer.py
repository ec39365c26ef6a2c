"""Indexing a real library: every PDF once, resumable, and never stale after edits."""

from __future__ import annotations

from pathlib import Path

import pdf_factory
import pytest
from fulltext_pdfs import attach, copy_in, image_only_pdf, put_pdf

from readinglist_gui.core.fulltext.extraction import Extraction, Extractor, IsolatedExtractor
from readinglist_gui.core.fulltext.indexer import Indexer, IndexProgress
from readinglist_gui.core.fulltext.search import search
from readinglist_gui.core.fulltext.status import index_status, problems
from readinglist_gui.core.fulltext.store import FileStamp, PdfText, StorePdfTexts
from readinglist_gui.core.fulltext.tables import TextState
from readinglist_gui.core.library import Library
from readinglist_gui.core.writes import Aspect, ChangeSet, DeletePapers, UndoOf


def pages_of(library: Library, word: str) -> set[tuple[int, int]]:
    return {(hit.paper_id, hit.page) for hit in search(library, word, 1000)}


@pytest.fixture
def shelf(library: Library, src: Path) -> dict[str, int]:
    """Five attached PDFs: two with text, one encrypted, one scan, one damaged."""
    return {
        "zebra": attach(library, pdf_factory.text_pdf(src / "z.pdf", 5, "zebra")),
        "okapi": attach(library, pdf_factory.text_pdf(src / "o.pdf", 2, "okapi")),
        "secret": attach(library, pdf_factory.encrypted_pdf(src / "s.pdf")),
        "scan": attach(library, image_only_pdf(src / "i.pdf")),
        "cut": copy_in(library, pdf_factory.truncated_pdf(src / "t.pdf")),
    }


def test_every_attached_pdf_is_read_once_with_its_outcome(
    library: Library, shelf: dict[str, int]
) -> None:
    heard: list[IndexProgress] = []
    summary = Indexer(library).run(progress=heard.append)
    assert (summary.total, summary.indexed, summary.no_text, summary.skipped) == (5, 3, 1, 1)
    assert [p.message for p in heard] == [
        *(f"Indexing {n} of 5 PDFs" for n in range(1, 6)),
        "Indexed 5 of 5 PDFs",
    ]
    assert pages_of(library, "zebra") == {
        (shelf["zebra"], 1),
        (shelf["zebra"], 3),
        (shelf["zebra"], 5),
    }
    assert pages_of(library, "okapi") == {(shelf["okapi"], 1)}
    status = index_status(library)
    assert (status.pdfs, status.indexed, status.no_text, status.skipped, status.unread) == (
        5,
        3,
        1,
        1,
        0,
    )
    assert status.pages == 5 + 2 + 4 - 1
    reasons = {p.paper_id: (p.state, p.reason) for p in problems(library)}
    assert reasons[shelf["secret"]] == (TextState.SKIPPED, "This PDF is protected by a password.")
    assert reasons[shelf["scan"]][0] is TextState.NO_TEXT
    assert shelf["zebra"] not in reasons


def test_a_run_with_nothing_new_reads_nothing_and_starts_no_reader(
    library: Library, shelf: dict[str, int]
) -> None:
    Indexer(library).run()
    started: list[Extractor] = []

    def extractor() -> Extractor:
        started.append(IsolatedExtractor())
        return started[-1]

    again = Indexer(library, extractor).run()
    assert (again.total, again.unchanged, again.read) == (0, 5, 0)
    assert started == []


def test_a_cancelled_run_keeps_what_it_read_and_the_next_one_goes_on(
    library: Library, src: Path
) -> None:
    ids = [attach(library, pdf_factory.text_pdf(src / f"{n}.pdf", 2, f"mark{n}")) for n in range(6)]
    seen: list[IndexProgress] = []
    first = Indexer(library).run(progress=seen.append, cancelled=lambda: len(seen) > 3)
    assert first.cancelled
    assert first.read == 3
    assert index_status(library).unread == 3
    assert [bool(pages_of(library, f"mark{n}")) for n in range(6)] == [True] * 3 + [False] * 3

    second = Indexer(library).run()
    assert (second.total, second.unchanged, second.read, second.cancelled) == (3, 3, 3, False)
    assert all(pages_of(library, f"mark{n}") == {(ids[n], 1)} for n in range(6))


def test_attaching_another_pdf_drops_the_old_pages_at_once(
    library: Library, shelf: dict[str, int], src: Path
) -> None:
    Indexer(library).run()
    paper = shelf["zebra"]
    put_pdf(library, paper, pdf_factory.text_pdf(src / "new.pdf", 3, "walrus"))
    assert pages_of(library, "zebra") == set()
    assert index_status(library).unread == 1
    summary = Indexer(library).run()
    assert (summary.total, summary.indexed) == (1, 1)
    assert pages_of(library, "walrus") == {(paper, 1), (paper, 3)}


def test_a_pdf_changed_on_disk_is_read_again(
    library: Library, shelf: dict[str, int], src: Path
) -> None:
    Indexer(library).run()
    paper = shelf["okapi"]
    path = library.pdf_path(paper)
    assert path is not None
    pdf_factory.text_pdf(src / "other.pdf", 4, "narwhal").replace(path)
    assert len(Indexer(library).pending().jobs) == 1
    Indexer(library).run()
    assert pages_of(library, "okapi") == set()
    assert pages_of(library, "narwhal") == {(paper, 1), (paper, 3)}


def test_deleting_a_paper_removes_its_pages_and_undo_reads_them_again(
    library: Library, shelf: dict[str, int]
) -> None:
    Indexer(library).run()
    paper = shelf["zebra"]
    done = library.submit(DeletePapers((paper,)))
    done.result()
    assert pages_of(library, "zebra") == set()
    assert index_status(library).pages == 2 + 4 - 1
    library.write(UndoOf(done, "Delete"))
    assert library.paper(paper) is not None
    assert pages_of(library, "zebra") == set()
    assert index_status(library).unread == 1
    Indexer(library).run()
    assert len(pages_of(library, "zebra")) == 3


def test_detaching_a_pdf_removes_its_pages(library: Library, shelf: dict[str, int]) -> None:
    Indexer(library).run()
    changes = library.set_pdf(shelf["okapi"], None)
    assert changes.of(shelf["okapi"]) == Aspect.FILE | Aspect.FULLTEXT
    assert pages_of(library, "okapi") == set()
    assert index_status(library).pdfs == 4


def test_storing_reports_fulltext_changes(library: Library, shelf: dict[str, int]) -> None:
    heard: list[ChangeSet] = []
    library.listen(heard.append)
    Indexer(library).run()
    stored = {i for changes in heard for i in changes.ids(Aspect.FULLTEXT)}
    assert stored == set(shelf.values())
    assert all(changes.aspects == Aspect.FULLTEXT for changes in heard)


def test_text_read_from_a_file_the_paper_no_longer_has_is_not_stored(
    library: Library, shelf: dict[str, int]
) -> None:
    paper = shelf["okapi"]
    text = PdfText(
        paper,
        FileStamp("pdfs/somewhere-else.pdf", 10, 10),
        Extraction(TextState.INDEXED, "", 1, ((0, "stale okapi words"),)),
    )
    assert library.write(StorePdfTexts((text,))).value == []
    assert pages_of(library, "stale") == set()


def test_a_pdf_path_outside_the_library_is_not_read(
    library: Library, src: Path, tmp_path: Path
) -> None:
    outside = pdf_factory.text_pdf(tmp_path / "private.pdf", 1, "private")
    paper = attach(library, pdf_factory.text_pdf(src / "a.pdf", 1))
    library.set_pdf(paper, "../private.pdf")
    assert (library.folder / "../private.pdf").resolve() == outside.resolve()
    summary = Indexer(library).run()
    assert summary.skipped == 1
    assert summary.problems[0].reason == "The file lies outside the library folder."
    assert pages_of(library, "private") == set()
    assert Indexer(library).run().total == 0
