"""One line under each chart's title saying what it adds up to, for those who will not read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from readinglist_gui.core.reading_time import WeekTotal
from readinglist_gui.core.statistics.activity import StatusWeek
from readinglist_gui.core.statistics.burndown import Burndown
from readinglist_gui.core.statistics.weeks import monday_of
from readinglist_gui.ui.statistics.chart_data import duration_text


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def activity(weeks: Sequence[StatusWeek]) -> str:
    skimmed = sum(w.skimmed for w in weeks)
    noted = sum(w.noted for w in weeks)
    if not skimmed and not noted:
        return f"Nothing in the last {len(weeks)} weeks"
    return f"{_papers(skimmed)} skimmed and {noted} noted in the last {len(weeks)} weeks"


def reading(weeks: Sequence[WeekTotal]) -> str:
    total = sum(w.seconds for w in weeks)
    if not total:
        return f"No time in the reader in the last {len(weeks)} weeks"
    busiest = max(weeks, key=lambda w: w.seconds)
    return (
        f"{duration_text(total)} in the last {len(weeks)} weeks; "
        f"most in the week of {busiest.monday:%d %b} ({duration_text(busiest.seconds)})"
    )


def burndown(chart: Burndown | None, today: dt.date) -> str:
    if chart is None:
        return "Import a reading list to follow its progress"
    if chart.total == 0:
        return "This list has no entries yet"
    now = next((w for w in chart.weeks if w.monday == monday_of(today)), None)
    remaining = now.remaining if now is not None and now.remaining is not None else None
    if remaining is None:
        return f"{chart.total} entries"
    line = f"{chart.total - remaining} of {chart.total} read, {remaining} to go"
    if now is not None and now.planned is not None:
        gap = now.planned - remaining
        if gap > 0:
            line += f"; {gap} ahead of the plan"
        elif gap < 0:
            line += f"; {-gap} behind the plan"
        else:
            line += "; on plan"
    return line
