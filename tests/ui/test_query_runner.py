"""The query runner: what the user looks at first, every id after, the newest request wins."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.table_model import PaperTableModel
from readinglist_gui.ui.query_runner import IDS_DELAY_MS, PAGE_SIZE, QueryRunner

TIMEOUT_MS = 10_000


class Heard:
    """Everything a runner reported, in the order it arrived."""

    def __init__(self, runner: QueryRunner) -> None:
        self.events: list[tuple[str, object]] = []
        runner.pageReady.connect(lambda query, page: self.events.append(("page", (query, page))))
        runner.countsReady.connect(lambda counts: self.events.append(("counts", counts)))
        runner.idsReady.connect(lambda query, ids: self.events.append(("ids", (query, ids))))
        runner.failed.connect(lambda message: self.events.append(("failed", message)))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def every(self, kind: str) -> list[object]:
        return [value for k, value in self.events if k == kind]

    def last(self, kind: str) -> object:
        return self.every(kind)[-1]


def test_the_first_page_and_counts_come_before_every_id(
    qapp: object, qtbot: QtBot, big_library: Library
) -> None:
    runner = QueryRunner(big_library)
    heard = Heard(runner)
    query = PaperQuery(text="efficient")
    runner.submit(query, lists=True)
    qtbot.waitUntil(runner.is_idle, timeout=TIMEOUT_MS)
    assert heard.kinds() == ["page", "counts", "ids"]
    shown, page = heard.last("page")  # type: ignore[misc]
    assert shown == query
    assert page.total == big_library.count(query) > PAGE_SIZE
    assert [row.id for row in page.rows] == big_library.ids(query)[:PAGE_SIZE]
    counts = heard.last("counts")
    assert counts.status_counts == big_library.status_counts(query)  # type: ignore[attr-defined]
    assert counts.lists is not None  # type: ignore[attr-defined]
    assert heard.last("ids") == (query, big_library.ids(query))
    runner.close()


def test_a_small_result_needs_no_second_read(qapp: object, qtbot: QtBot, filled: Library) -> None:
    runner = QueryRunner(filled)
    heard = Heard(runner)
    query = PaperQuery(statuses=frozenset({Status.NOTED}))
    runner.submit(query)
    qtbot.waitUntil(runner.is_idle, timeout=TIMEOUT_MS)
    _, page = heard.last("page")  # type: ignore[misc]
    assert heard.last("ids") == (query, [row.id for row in page.rows])
    assert heard.last("counts").lists is None  # type: ignore[attr-defined]
    runner.close()


def test_a_newer_request_interrupts_the_id_stage_of_an_older_one(
    qapp: object, qtbot: QtBot, big_library: Library
) -> None:
    runner = QueryRunner(big_library)
    heard = Heard(runner)
    older, newer = PaperQuery(), PaperQuery(text="number 0001")

    def overtake(query: PaperQuery, _page: object) -> None:
        if query == older:
            runner.submit(newer)

    runner.pageReady.connect(overtake)
    runner.submit(older)
    qtbot.waitUntil(runner.is_idle, timeout=TIMEOUT_MS)
    assert [query for query, _page in heard.every("page")] == [older, newer]  # type: ignore[misc]
    assert heard.every("ids") == [(newer, big_library.ids(newer))]
    runner.close()


def test_typing_on_before_the_pause_skips_the_older_id_read(
    qapp: object, qtbot: QtBot, big_library: Library
) -> None:
    runner = QueryRunner(big_library)
    heard = Heard(runner)
    older, newer = PaperQuery(text="paper"), PaperQuery(text="paper number")
    runner.submit(older)
    qtbot.waitUntil(lambda: "counts" in heard.kinds(), timeout=TIMEOUT_MS)
    qtbot.wait(IDS_DELAY_MS // 3)
    assert "ids" not in heard.kinds(), "the id stage waits for a pause"
    runner.submit(newer)
    qtbot.waitUntil(runner.is_idle, timeout=TIMEOUT_MS)
    assert heard.every("ids") == [(newer, big_library.ids(newer))]
    runner.close()


def test_scrolling_past_the_first_page_hurries_the_ids(
    qapp: object, qtbot: QtBot, big_library: Library
) -> None:
    runner = QueryRunner(big_library, ids_delay_ms=60_000)
    heard = Heard(runner)
    model = PaperTableModel(big_library)
    model.idsWanted.connect(runner.hurry_ids)
    runner.pageReady.connect(model.show_first_page)
    runner.idsReady.connect(model.show_result)
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    runner.submit(PaperQuery())
    qtbot.waitUntil(lambda: "page" in heard.kinds(), timeout=TIMEOUT_MS)
    last = model.rowCount() - 1
    assert model.index(last, 0).data() is None, "not read yet"
    qtbot.waitUntil(runner.is_idle, timeout=TIMEOUT_MS)
    assert "ids" in heard.kinds(), "read long before the minute-long pause"
    assert PAGE_SIZE in changed, "rows drawn empty are drawn again"
    assert model.index(last, 0).data()
    runner.close()
