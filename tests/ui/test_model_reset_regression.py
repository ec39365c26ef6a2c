"""PySide6 6.12.0 leaks a reference to None on every model reset and aborts after ~2,000.

We pin ``PySide6-Essentials<6.12``; this test keeps the pin honest by resetting
the real table model many more times than the crash needs.
"""

from __future__ import annotations

from readinglist_gui.core.library import Library
from readinglist_gui.core.query import PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.ui.library_view.table_model import PaperTableModel

RESETS = 5_000


def test_model_survives_thousands_of_resets(qapp: object, filled: Library) -> None:
    model = PaperTableModel(filled)
    everything = PaperQuery()
    unread = PaperQuery(statuses=frozenset({Status.UNREAD}))
    results = [(everything, filled.ids(everything)), (unread, filled.ids(unread))]
    assert len(results[0][1]) != len(results[1][1])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    for number in range(RESETS):
        query, ids = results[number % 2]
        model.show_result(query, ids)
        assert model.rowCount() == len(ids)
        assert model.index(0, 0).data() is not None
    assert len(resets) == RESETS
