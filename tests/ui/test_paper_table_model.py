"""The table model on its own: ids only, rows fetched lazily in blocks, SQL sorting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.columns import PAPER_ID_ROLE, Column
from readinglist_gui.ui.library_view.table_model import BLOCK, CACHED_BLOCKS, PaperTableModel

PAPERS = 2_500  # tests/ui/conftest.py BIG


def big_model(library: Library) -> PaperTableModel:
    model = PaperTableModel(library)
    model.set_query(PaperQuery(sort=SortKey.TITLE, descending=False))
    return model


def test_rows_are_fetched_lazily_and_the_cache_stays_small(
    qapp: object, big_library: Library
) -> None:
    model = big_model(big_library)
    assert model.rowCount() == PAPERS
    assert model.cached_rows() == 0
    assert model.index(0, Column.TITLE).data() == "Paper number 00000 on efficient inference"
    assert model.cached_rows() == BLOCK
    for row in range(0, PAPERS, 97):
        assert model.index(row, Column.TITLE).data().startswith(f"Paper number {row:05d}")
    assert model.cached_rows() <= BLOCK * CACHED_BLOCKS


def test_sort_is_a_new_query(qapp: object, qtbot: QtBot, big_library: Library) -> None:
    model = big_model(big_library)
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.sort(Column.YEAR, Qt.SortOrder.DescendingOrder)
    assert model.query().sort is SortKey.YEAR
    assert model.query().descending
    years = [model.row(r).year for r in range(0, PAPERS, 50)]
    assert years == sorted(years, reverse=True)


def test_the_same_result_again_refreshes_rows_in_place(
    qapp: object, qtbot: QtBot, filled: Library
) -> None:
    model = PaperTableModel(filled)
    model.set_query(PaperQuery())
    paper_id = model.index(0, 0).data(PAPER_ID_ROLE)
    filled.set_status([paper_id], Status.SKIMMED)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.set_query(model.query())
    assert model.index(0, Column.STATUS).data() == "skimmed"


def test_noted_rows_are_tinted_and_titles_have_tooltips(qapp: object, filled: Library) -> None:
    model = PaperTableModel(filled)
    model.set_query(PaperQuery(sort=SortKey.TITLE, descending=False))
    rows = {model.row(r).title: r for r in range(model.rowCount())}
    noted = rows["Efficient Memory Management for Large Language Model Serving with PagedAttention"]
    plain = rows["Attention Is All You Need"]
    assert model.index(noted, Column.TITLE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(plain, Column.TITLE).data(Qt.ItemDataRole.BackgroundRole) is None
    tip = model.index(noted, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Efficient Memory Management")


def test_first_page_then_all_ids_without_a_reset(
    qapp: object, qtbot: QtBot, big_library: Library
) -> None:
    model = PaperTableModel(big_library)
    query = PaperQuery(sort=SortKey.TITLE, descending=False)
    model.show_first_page(query, big_library.page(query, 0, BLOCK))
    assert model.rowCount() == PAPERS
    assert model.index(0, Column.TITLE).data().startswith("Paper number 00000")
    assert model.index(PAPERS - 1, Column.TITLE).data() is None
    with qtbot.assertNotEmitted(model.modelReset):
        model.show_result(query, big_library.ids(query))
    assert model.index(PAPERS - 1, Column.TITLE).data().startswith(f"Paper number {PAPERS - 1:05d}")


def test_rows_of_deleted_papers_read_as_empty_until_the_next_query(
    qapp: object, filled: Library
) -> None:
    model = PaperTableModel(filled)
    model.set_query(PaperQuery())
    gone = model.paper_id(0)
    filled.delete_papers([gone])
    model.refresh_rows()
    assert model.index(0, Column.TITLE).data() is None
    model.set_query(model.query())
    assert model.rowCount() == 3
    assert gone not in model.ids()


def test_the_year_heading_is_aligned_like_the_years(qapp: object, filled: Library) -> None:
    model = PaperTableModel(filled)
    model.set_query(PaperQuery())
    align = Qt.ItemDataRole.TextAlignmentRole
    year_cell = model.index(0, Column.YEAR).data(align)
    assert year_cell is not None
    assert model.headerData(Column.YEAR, Qt.Orientation.Horizontal, align) == year_cell
    assert model.headerData(Column.TITLE, Qt.Orientation.Horizontal, align) is None
