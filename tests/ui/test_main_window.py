"""The main window driven like a user would: typing, clicking, keys, undo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListView,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery, SortKey
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.columns import Column
from readinglist_gui.ui.main_window import MainWindow
from readinglist_gui.ui.sidebar.count_delegate import COUNT_ROLE

ATTENTION = "Attention Is All You Need"
PAGED = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
DEEPSEEK = "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"
RESNET = "Deep Residual Learning for Image Recognition"


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.row(row).title for row in range(model.rowCount())]


def find_index(view: QAbstractItemView, text: str) -> QModelIndex:
    model = view.model()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data() == text:
                return index
            pending.append(index)
    raise AssertionError(f"{text!r} is not in the view")


def click_item(qtbot: QtBot, view: QAbstractItemView, text: str) -> None:
    index = find_index(view, text)
    if index.parent().isValid() and hasattr(view, "expand"):
        view.expand(index.parent())
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the debounce and the background query: what a user sees a moment later."""
    qtbot.waitUntil(window.is_settled, timeout=5000)


def tag_view(window: MainWindow) -> QListView:
    return window.findChild(QWidget, "tagSidebar").findChild(QListView, "tagList")


def type_search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    box = window.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(box, text)
    settle(qtbot, window)
    assert window.query().text == text


def test_window_exposes_the_automation_surface(window: MainWindow) -> None:
    for name, kind in (
        ("paperTable", QTableView),
        ("searchBox", QLineEdit),
        ("tagSidebar", QWidget),
        ("detailsPane", QWidget),
    ):
        assert isinstance(window.findChild(kind, name), kind), name
    assert window.model.rowCount() == 4
    assert find_index(window.sidebar.tree, "All papers").data(COUNT_ROLE) == "4"
    assert find_index(window.sidebar.tree, "LLM Course").data(COUNT_ROLE) == "1/3 read"


def test_counts_are_asked_for_only_once_the_first_page_is_painted(
    qtbot: QtBot, unshown_window: MainWindow
) -> None:
    """The first page is in the table before the window shows; the worker's
    query for counts, ids and lists waits for the first paint, so that it does
    not slow that paint down."""
    window = unshown_window
    assert window.model.rowCount() == 4
    qtbot.wait(50)
    assert not window.is_settled()
    assert find_index(window.sidebar.tree, "All papers").data(COUNT_ROLE) in (None, "")
    window.show()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert find_index(window.sidebar.tree, "All papers").data(COUNT_ROLE) == "4"


def test_counts_come_even_when_the_window_is_never_painted(
    qtbot: QtBot, unshown_window: MainWindow
) -> None:
    window = unshown_window
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert find_index(window.sidebar.tree, "All papers").data(COUNT_ROLE) == "4"


def test_search_filters_as_you_type_and_escape_clears(qtbot: QtBot, window: MainWindow) -> None:
    type_search(qtbot, window, "efficient")
    assert sorted(titles(window)) == sorted([PAGED, DEEPSEEK])
    assert find_index(window.sidebar.tree, "All papers").data(COUNT_ROLE) == "2"
    assert find_index(tag_view(window), "Vision").data(COUNT_ROLE) == "0"

    box = window.findChild(QLineEdit, "searchBox")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert box.text() == ""
    assert window.model.rowCount() == 4


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.hasFocus(), timeout=5000)


def test_tags_combine_with_all_or_any(qtbot: QtBot, window: MainWindow) -> None:
    view = tag_view(window)
    click_item(qtbot, view, "LLM")
    settle(qtbot, window)
    assert sorted(titles(window)) == sorted([PAGED, DEEPSEEK])
    click_item(qtbot, view, "Systems")
    settle(qtbot, window)
    assert titles(window) == [PAGED]
    assert window.query().tags == ("LLM", "Systems")

    any_button = window.findChild(QWidget, "tagSidebar").findChild(QWidget, "tagModeAny")
    qtbot.mouseClick(any_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.query().tag_mode == "any"
    assert sorted(titles(window)) == sorted([PAGED, DEEPSEEK])

    click_item(qtbot, view, "Vision")
    settle(qtbot, window)
    assert sorted(titles(window)) == sorted([PAGED, DEEPSEEK, RESNET])


def test_status_filter_and_counts(qtbot: QtBot, window: MainWindow) -> None:
    click_item(qtbot, window.sidebar.tree, "Unread")
    settle(qtbot, window)
    assert window.query().statuses == frozenset({Status.UNREAD})
    assert sorted(titles(window)) == sorted([ATTENTION, DEEPSEEK, RESNET])
    click_item(qtbot, window.sidebar.tree, "Noted")
    settle(qtbot, window)
    assert titles(window) == [PAGED]
    assert find_index(window.sidebar.tree, "Unread").data(COUNT_ROLE) == "3"


def test_list_and_section_filters_keep_list_order(qtbot: QtBot, window: MainWindow) -> None:
    click_item(qtbot, window.sidebar.tree, "LLM Course")
    settle(qtbot, window)
    assert titles(window) == [ATTENTION, PAGED, DEEPSEEK]
    assert window.query().sort is SortKey.POSITION
    click_item(qtbot, window.sidebar.tree, "Week 1-2: Serving")
    settle(qtbot, window)
    assert titles(window) == [PAGED, DEEPSEEK]
    assert find_index(window.sidebar.tree, "Week 1-2: Serving").data(COUNT_ROLE) == "1/2 read"
    type_search(qtbot, window, "paged")
    assert titles(window) == [PAGED]


def test_selecting_a_list_from_code_filters_like_a_click(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    course = next(info for info in filled.lists() if info.name == "LLM Course")
    window.sidebar.tree.select_list(course.id, course.sections[0].id)
    settle(qtbot, window)
    assert window.query().section_id == course.sections[0].id
    assert titles(window) == [ATTENTION]
    window.sidebar.tree.select_status(None)
    settle(qtbot, window)
    assert window.query().list_id is None
    assert window.query().sort is SortKey.ADDED


def test_header_click_sorts_in_sql(qtbot: QtBot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.YEAR) + header.sectionSize(Column.YEAR) // 2
    center = header.rect().center()
    center.setX(x)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=center)
    settle(qtbot, window)
    first = window.query()
    assert first.sort is SortKey.YEAR
    years = [window.model.row(r).year for r in range(4)]
    assert years == sorted(years, reverse=first.descending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=center)
    settle(qtbot, window)
    assert window.query().descending is not first.descending
    years = [window.model.row(r).year for r in range(4)]
    assert years == sorted(years, reverse=not first.descending)


def test_bulk_status_change_is_one_undoable_step(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    before = {row.id: row.status for row in filled.rows(filled.ids())}
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.table.selected_ids()) == 4
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    settle(qtbot, window)
    assert {row.status for row in filled.rows(filled.ids())} == {Status.SKIMMED}
    assert find_index(window.sidebar.tree, "Skimmed").data(COUNT_ROLE) == "4"
    assert window.details.status_buttons[Status.SKIMMED].isChecked()

    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert {row.id: row.status for row in filled.rows(filled.ids())} == before
    assert not any(filled.paper(pid).status_manual for pid in before)
    assert find_index(window.sidebar.tree, "Noted").data(COUNT_ROLE) == "1"


def test_marking_under_a_status_filter_moves_rows_out(qtbot: QtBot, window: MainWindow) -> None:
    click_item(qtbot, window.sidebar.tree, "Unread")
    settle(qtbot, window)
    window.table.selectRow(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_3)
    settle(qtbot, window)
    assert window.model.rowCount() == 2
    assert find_index(window.sidebar.tree, "Noted").data(COUNT_ROLE) == "2"
    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert window.model.rowCount() == 3


def test_tags_from_the_details_pane_apply_to_the_selection_and_undo(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    window.table.selectAll()
    qtbot.waitUntil(lambda: window.details.title.text() == "4 papers selected", timeout=5000)
    editor = window.details.tags
    editor.setFocus()
    editor.setText("to-read")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert len(filled.ids(PaperQuery(tags=("to-read",)))) == 4
    assert find_index(tag_view(window), "to-read").data(COUNT_ROLE) == "4"
    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert filled.ids(PaperQuery(tags=("to-read",))) == []


def test_delete_and_undo_restores_papers_and_lists(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    paged = next(pid for pid in filled.ids() if filled.paper(pid).title == PAGED)
    window.table.select_ids([paged])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert window.model.rowCount() == 3
    assert find_index(window.sidebar.tree, "LLM Course").data(COUNT_ROLE) == "0/2 read"

    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert window.model.rowCount() == 4
    restored = filled.paper(filled.ids(PaperQuery(text="paged"))[0])
    assert restored.note.startswith("Paged KV cache")
    assert {e.list_name for e in restored.entries} == {"LLM Course"}
    assert find_index(window.sidebar.tree, "LLM Course").data(COUNT_ROLE) == "1/3 read"
    window.edits.undo_stack.redo()
    settle(qtbot, window)
    assert window.model.rowCount() == 3


def test_renaming_onto_an_existing_tag_merges_and_undo_splits(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    click_item(qtbot, tag_view(window), "MoE")
    settle(qtbot, window)
    window.edits.rename_tag("MoE", "LLM")
    settle(qtbot, window)
    assert "MoE" not in window.sidebar.tags.tag_names()
    assert window.query().tags == ("LLM",)
    assert find_index(tag_view(window), "LLM").data(COUNT_ROLE) == "2"

    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert filled.ids(PaperQuery(tags=("MoE",))) == filled.ids(PaperQuery(text="deepseek"))
    assert len(filled.ids(PaperQuery(tags=("LLM",)))) == 2
    assert "MoE" in window.sidebar.tags.tag_names()


def test_tag_colour_is_undoable(qtbot: QtBot, window: MainWindow, filled: Library) -> None:
    window.edits.set_tag_color("NLP", "#336699")
    settle(qtbot, window)
    assert {t.name: t.color for t in filled.tags()}["NLP"] == "#336699"
    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert {t.name: t.color for t in filled.tags()}["NLP"] is None


def test_tag_filter_box_hides_other_tags(qtbot: QtBot, window: MainWindow) -> None:
    view = tag_view(window)
    box = window.findChild(QWidget, "tagSidebar").findChild(QLineEdit, "tagFilter")
    qtbot.keyClicks(box, "sys")
    shown = [
        view.model().index(r, 0).data()
        for r in range(view.model().rowCount())
        if not view.isRowHidden(r)
    ]
    assert shown == ["Systems"]


def test_details_pane_shows_the_paper_and_only_web_links(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    paper_id = filled.ids(PaperQuery(text="attention"))[0]
    window.table.select_ids([paper_id])
    pane = window.findChild(QWidget, "detailsPane")
    qtbot.waitUntil(lambda: pane.title.text() == ATTENTION, timeout=5000)
    assert pane.authors.text() == "Ashish Vaswani, Noam Shazeer"
    assert "2017 · NeurIPS" in pane.meta.text()
    assert 'href="https://arxiv.org/abs/1706.03762"' in pane.links.text()
    assert "Week 1-1: Foundations" in pane.places.text()
    assert "The transformer." in pane.places.text()
    assert pane.tags.text() == "NLP, Transformers"


def test_field_edits_show_at_once_and_undo(
    qtbot: QtBot, window: MainWindow, filled: Library
) -> None:
    paper_id = filled.ids(PaperQuery(text="residual"))[0]
    window.table.select_ids([paper_id])
    window.edits.update_paper(paper_id, title="ResNet", year=2016)
    settle(qtbot, window)
    row = window.model.row_of(paper_id)
    assert window.model.index(row, Column.TITLE).data() == "ResNet"
    assert window.details.title.text() == "ResNet"
    window.edits.undo_stack.undo()
    settle(qtbot, window)
    assert filled.paper(paper_id).title == RESNET
    assert filled.paper(paper_id).year == 2015


def test_tab_walks_from_search_to_filters_to_table(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.search.setFocus()
    order = [window.search]
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        order.append(window.focusWidget())
    assert order[1] is window.sidebar.tree
    assert window.table in order
    for widget in (window.search, window.table, window.sidebar.tree, tag_view(window)):
        assert widget.accessibleName()


def test_icons_follow_a_switch_to_a_dark_palette(
    qtbot: QtBot, qapp: QApplication, window: MainWindow
) -> None:
    def ink(action_icon: QIcon) -> QColor:
        image = action_icon.pixmap(32, 32).toImage()
        return max(
            (image.pixelColor(x, y) for x in range(32) for y in range(32)),
            key=lambda color: color.alpha(),
        )

    before = ink(window.files.import_action.icon())
    original = qapp.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    try:
        qtbot.waitUntil(
            lambda: ink(window.files.import_action.icon()).lightness() > 200, timeout=5000
        )
        assert before.lightness() < 100
    finally:
        qapp.setPalette(original)


def test_a_sort_click_keeps_a_search_that_is_still_running(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search.setText("efficient")
    window.search.flush()
    window.model.sort(Column.YEAR, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    assert window.query().text == "efficient"
    assert window.query().sort is SortKey.YEAR
    assert titles(window) == [PAGED, DEEPSEEK]
