"""Selecting words by dragging, on the words of a real generated page."""

from __future__ import annotations

from pathlib import Path

import pdf_factory

from readinglist_gui.core.pdf import open_pdf
from readinglist_gui.ui.reader.text_selection import KEPT_PAGES, TextSelection


def page_words(tmp_path: Path):
    with open_pdf(pdf_factory.text_pdf(tmp_path / "a.pdf", pages=1)) as document:
        return document.words(0)


def test_dragging_either_way_selects_the_same_words(tmp_path: Path) -> None:
    words = page_words(tmp_path)
    forward, backward = TextSelection(), TextSelection()
    for selection in (forward, backward):
        selection.add_words(0, words)
    forward.press(0, 74, 65)
    forward.drag_to(165, 117)
    backward.press(0, 165, 117)
    backward.drag_to(74, 65)
    assert forward.text() == backward.text() == "Heading of page 1\nThe quick brown fox"
    assert len(forward.boxes()) == 8


def test_words_arriving_after_the_drag_complete_it(tmp_path: Path) -> None:
    selection = TextSelection()
    selection.press(0, 74, 65)
    selection.drag_to(150, 65)
    assert selection.text() == ""
    selection.add_words(0, page_words(tmp_path))
    assert selection.text() == "Heading of"


def test_only_a_few_pages_of_words_are_kept(tmp_path: Path) -> None:
    words = page_words(tmp_path)
    selection = TextSelection()
    selection.add_words(0, words)
    selection.select_word_at(0, 80, 65)
    assert selection.text() == "Heading"
    for page in range(1, KEPT_PAGES + 1):
        selection.add_words(page, words)
    assert not selection.has_words(0)
    assert selection.text() == ""
