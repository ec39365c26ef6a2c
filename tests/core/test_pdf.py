"""PyMuPDF access: clear errors for bad files, and the facts the viewer needs from good ones."""

from __future__ import annotations

import os
from pathlib import Path

import pdf_factory
import pytest

from readinglist_gui.core.pdf import (
    MAX_RENDER_PIXELS,
    PdfError,
    PdfPasswordRequired,
    attach_pdf,
    open_pdf,
    validate_pdf,
)


def test_text_pdf_reports_pages_sizes_words_and_search(tmp_path: Path) -> None:
    path = pdf_factory.text_pdf(tmp_path / "paper.pdf", pages=5, marker="zebra")
    with open_pdf(path) as document:
        assert document.page_count == 5
        assert document.page_sizes() == [(595.0, 842.0)] * 5
        assert not document.repaired
        assert "Heading of page 3" in document.text(2)
        assert [word.text for word in document.words(0)[:4]] == ["Heading", "of", "page", "1"]
        hits = [len(document.search(page, "ZEBRA")) for page in range(5)]
        assert hits == [1, 0, 1, 0, 1]
        assert document.search(0, "   ") == []


def test_render_returns_rgb_bytes_at_the_requested_scale(tmp_path: Path) -> None:
    path = pdf_factory.text_pdf(tmp_path / "paper.pdf", pages=1)
    with open_pdf(path) as document:
        image = document.render(0, 2.0)
    assert (image.width, image.height) == (1190, 1684)
    assert image.stride >= image.width * 3
    assert len(image.samples) == image.stride * image.height
    assert image.scale == 2.0


def test_enormous_pages_are_rendered_at_a_bounded_size(tmp_path: Path) -> None:
    path = pdf_factory.text_pdf(tmp_path / "poster.pdf", pages=1, size=(14_000, 14_000))
    with open_pdf(path) as document:
        image = document.render(0, 4.0)
    assert image.width * image.height <= MAX_RENDER_PIXELS * 1.01
    assert image.scale < 1.0


def test_outline_and_links(tmp_path: Path) -> None:
    with open_pdf(pdf_factory.outline_pdf(tmp_path / "toc.pdf")) as document:
        outline = document.outline()
    assert [(item.level, item.title, item.page) for item in outline] == [
        (1, "Introduction", 0),
        (1, "Method", 4),
        (2, "Details", 5),
        (1, "Results", 8),
    ]
    with open_pdf(pdf_factory.linked_pdf(tmp_path / "links.pdf")) as document:
        first = document.links(0)
        second = document.links(1)
    assert [link.page for link in first if link.page is not None] == [7]
    assert [link.uri for link in first if link.uri] == ["https://example.org/paper"]
    assert [link.uri for link in second] == ["javascript:alert(1)"]


def test_encrypted_pdf_needs_the_right_password(tmp_path: Path) -> None:
    path = pdf_factory.encrypted_pdf(tmp_path / "locked.pdf", user="reader", owner="owner")
    with pytest.raises(PdfPasswordRequired, match="protected by a password"):
        open_pdf(path)
    with pytest.raises(PdfPasswordRequired, match="does not open"):
        open_pdf(path, "wrong")
    for password in ("reader", "owner"):
        with open_pdf(path, password) as document:
            assert "Secret page 2" in document.text(1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdf_factory.empty_file, "is empty"),
        (pdf_factory.html_named_pdf, "is not a PDF"),
        (pdf_factory.zero_page_pdf, "no pages"),
    ],
)
def test_unusable_files_raise_a_readable_error(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(PdfError, match=message):
        open_pdf(path)
    with pytest.raises(PdfError, match=message):
        validate_pdf(path)


def test_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match=r"gone\.pdf does not exist"):
        open_pdf(tmp_path / "gone.pdf")


def test_truncated_pdf_is_opened_as_repaired_or_refused(tmp_path: Path) -> None:
    path = pdf_factory.truncated_pdf(tmp_path / "cut.pdf")
    try:
        document = open_pdf(path)
    except PdfError as error:
        assert "damaged or incomplete" in str(error)
        return
    with document:
        assert document.repaired
        for page in range(document.page_count):
            document.render(page, 0.5)


def test_validate_pdf_accepts_encrypted_files_without_their_password(tmp_path: Path) -> None:
    assert validate_pdf(pdf_factory.text_pdf(tmp_path / "ok.pdf", pages=4)) == 4
    assert validate_pdf(pdf_factory.encrypted_pdf(tmp_path / "locked.pdf")) == 0


def test_attach_copies_under_the_derived_name_only(tmp_path: Path) -> None:
    source = pdf_factory.text_pdf(tmp_path / "evil name; rm -rf.pdf", 2)
    pdf_dir = tmp_path / "library" / "pdfs"
    target = attach_pdf(pdf_dir, source, "42")
    assert target == pdf_dir / "42.pdf"
    assert target.read_bytes() == source.read_bytes()
    assert sorted(os.listdir(pdf_dir)) == ["42.pdf"]
    replacement = pdf_factory.text_pdf(tmp_path / "second.pdf", 3)
    assert attach_pdf(pdf_dir, replacement, "42") == target
    assert validate_pdf(target) == 3


def test_attach_refuses_bad_files_and_leaves_the_existing_pdf(tmp_path: Path) -> None:
    pdf_dir = tmp_path / "pdfs"
    good = attach_pdf(pdf_dir, pdf_factory.text_pdf(tmp_path / "good.pdf", 2), "7")
    before = good.read_bytes()
    for make in (pdf_factory.html_named_pdf, pdf_factory.empty_file, pdf_factory.zero_page_pdf):
        with pytest.raises(PdfError):
            attach_pdf(pdf_dir, make(tmp_path / "bad.pdf"), "7")
    assert good.read_bytes() == before
    assert sorted(os.listdir(pdf_dir)) == ["7.pdf"]


@pytest.mark.parametrize("stem", ["../7", "a/b", "", ".hidden", "x" * 200])
def test_attach_refuses_stems_that_are_not_plain_names(tmp_path: Path, stem: str) -> None:
    source = pdf_factory.text_pdf(tmp_path / "good.pdf", 1)
    with pytest.raises(ValueError, match="safe file name"):
        attach_pdf(tmp_path / "pdfs", source, stem)


def test_a_damaged_pdf_is_refused_quietly(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a real body\n")
    with pytest.raises(PdfError, match="damaged or incomplete"):
        validate_pdf(path)
    assert "MuPDF" not in capfd.readouterr().err
