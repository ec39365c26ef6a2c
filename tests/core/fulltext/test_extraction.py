"""Reading PDFs for the index: every page, a reason for every file that cannot be read,
and a child process that a slow or memory-hungry file cannot take the indexer down with."""

from __future__ import annotations

from pathlib import Path

import pdf_factory
import pytest
from fulltext_pdfs import heavy_pdf, image_only_pdf, pages_pdf

from readinglist_gui.core.fulltext.extraction import (
    Extraction,
    ExtractionCancelled,
    Extractor,
    InlineExtractor,
    IsolatedExtractor,
)
from readinglist_gui.core.fulltext.tables import TextState


@pytest.fixture(params=["isolated", "inline"])
def extractor(request: pytest.FixtureRequest) -> Extractor:
    made: Extractor = IsolatedExtractor() if request.param == "isolated" else InlineExtractor()
    request.addfinalizer(made.close)
    return made


def read(extractor: Extractor, path: Path) -> Extraction:
    return extractor.extract(path, lambda: False)


def test_every_page_is_read_with_its_zero_based_number(extractor: Extractor, src: Path) -> None:
    path = pdf_factory.text_pdf(src / "p.pdf", pages=4, marker="zebra")
    found = read(extractor, path)
    assert (found.state, found.reason, found.page_count) == (TextState.INDEXED, "", 4)
    assert [number for number, _ in found.pages] == [0, 1, 2, 3]
    assert found.pages[2][1].startswith("Heading of page 3 The quick brown fox")
    assert ["zebra" in text for _, text in found.pages] == [True, False, True, False]
    assert all("\n" not in text and "  " not in text for _, text in found.pages)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [f"page marker{n} of a long book" for n in range(1500)]
    return pages_pdf(tmp_path_factory.mktemp("long") / "long.pdf", texts)


def test_a_long_pdf_is_read_to_its_last_page(extractor: Extractor, long_pdf: Path) -> None:
    found = read(extractor, long_pdf)
    assert found.page_count == 1500
    assert len(found.pages) == 1500
    assert found.pages[-1] == (1499, "page marker1499 of a long book")


@pytest.mark.parametrize(
    ("make", "state", "reason"),
    [
        (pdf_factory.encrypted_pdf, TextState.SKIPPED, "protected by a password"),
        (pdf_factory.empty_file, TextState.SKIPPED, "is empty"),
        (pdf_factory.html_named_pdf, TextState.SKIPPED, "is not a pdf"),
        (pdf_factory.zero_page_pdf, TextState.SKIPPED, "no pages"),
        (image_only_pdf, TextState.NO_TEXT, "no page has a text layer"),
    ],
)
def test_each_unreadable_shape_is_named(
    extractor: Extractor, src: Path, make: object, state: TextState, reason: str
) -> None:
    path = make(src / "bad.pdf")  # type: ignore[operator]
    found = read(extractor, path)
    assert found.state is state
    assert reason in found.reason.lower()
    assert found.pages == ()


def test_a_truncated_pdf_gives_what_can_be_repaired(extractor: Extractor, src: Path) -> None:
    found = read(extractor, pdf_factory.truncated_pdf(src / "cut.pdf"))
    assert found.state is TextState.INDEXED
    assert found.pages[0][1].startswith("Heading of page 1")


def test_a_missing_file_is_skipped(extractor: Extractor, src: Path) -> None:
    found = read(extractor, src / "gone.pdf")
    assert found.state is TextState.SKIPPED
    assert "does not exist" in found.reason


def test_a_page_slower_than_the_watchdog_costs_only_its_pdf(src: Path) -> None:
    slow = heavy_pdf(src / "slow.pdf")
    fine = pdf_factory.text_pdf(src / "fine.pdf", pages=2)
    extractor = IsolatedExtractor(page_seconds=0.02)
    try:
        found = read(extractor, slow)
        assert found.state is TextState.SKIPPED
        assert found.reason == "Reading page 1 took longer than 0.02 s."
        extractor.page_seconds = 60
        assert read(extractor, fine).state is TextState.INDEXED
    finally:
        extractor.close()


def test_a_pdf_needing_more_memory_than_allowed_is_skipped(src: Path) -> None:
    greedy = heavy_pdf(src / "greedy.pdf", pages=2)
    fine = pdf_factory.text_pdf(src / "fine.pdf", pages=2)
    extractor = IsolatedExtractor(memory_mb=16)
    try:
        found = read(extractor, greedy)
        assert found.state is TextState.SKIPPED
        assert found.reason.startswith("No page could be read: Page 1 could not be read")
        assert "alloc" in found.reason
        assert read(extractor, fine).state is TextState.INDEXED
    finally:
        extractor.close()
    with IsolatedExtractor() as generous:
        assert read(generous, greedy).state is TextState.INDEXED


def test_cancelling_stops_inside_a_pdf(extractor: Extractor, long_pdf: Path) -> None:
    path = long_pdf
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 5

    with pytest.raises(ExtractionCancelled):
        extractor.extract(path, cancelled)
    assert read(extractor, path).page_count == 1500
