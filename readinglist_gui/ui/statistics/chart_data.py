"""What a chart shows, as plain values: weeks along the bottom, series over them.

The view turns the core's statistics into these; the chart only draws them.
Keeping the two apart lets the same data be painted on screen, into a PNG
and into an SVG, and lets tests read what a chart was given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from readinglist_gui.core.reading_time import WeekTotal
from readinglist_gui.core.statistics.activity import StatusWeek
from readinglist_gui.core.statistics.burndown import Burndown


class Kind(Enum):
    BAR = "bar"
    """Bars side by side in each week's band."""
    LINE = "line"
    """Points at the middle of each week, joined; None leaves a gap."""
    STEP = "step"
    """A plan: level through each week, stepping at the week's end."""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]
    role: str
    """Which colour it takes (see ``chart_style.series_color``)."""
    kind: Kind = Kind.BAR
    texts: Sequence[str] | None = None
    """Exact values for the tooltip, when the plotted value is rounded (hours of reading)."""

    def text(self, index: int) -> str:
        if self.texts is not None:
            return self.texts[index]
        value = self.values[index]
        return "—" if value is None else f"{value:g}"


@dataclass(frozen=True, slots=True)
class ChartData:
    weeks: Sequence[dt.date]
    """The Monday of each week shown, oldest first."""
    series: Sequence[Series]
    y_label: str
    empty_text: str
    """Shown instead of the plot when no series has anything above zero."""
    notes: dict[int, str] = field(default_factory=dict)
    """Extra tooltip lines by week index (sessions due that week)."""
    current: int | None = None
    """The index of this week, shaded so the eye finds "now"."""
    zero_counts: bool = False
    """Whether a series all at zero still says something (a list read to the end)."""

    @property
    def empty(self) -> bool:
        if self.zero_counts:
            return not self.weeks or not self.series
        return not any(v for s in self.series for v in s.values if v is not None)


def week_index(weeks: Sequence[dt.date], today: dt.date) -> int | None:
    monday = today - dt.timedelta(days=today.weekday())
    return weeks.index(monday) if monday in weeks else None


def activity_chart(weeks: Sequence[StatusWeek], today: dt.date) -> ChartData:
    mondays = [w.monday for w in weeks]
    return ChartData(
        mondays,
        [
            Series("Skimmed", [w.skimmed for w in weeks], "skimmed"),
            Series("Noted", [w.noted for w in weeks], "noted"),
        ],
        "Papers",
        "No papers skimmed or noted yet",
        current=week_index(mondays, today),
    )


def reading_chart(weeks: Sequence[WeekTotal], today: dt.date) -> ChartData:
    mondays = [w.monday for w in weeks]
    return ChartData(
        mondays,
        [
            Series(
                "Time reading",
                [round(w.seconds / 3600, 2) for w in weeks],
                "reading",
                texts=[duration_text(w.seconds) for w in weeks],
            )
        ],
        "Hours",
        "No time in the reader yet",
        current=week_index(mondays, today),
    )


def burndown_chart(chart: Burndown | None, today: dt.date) -> ChartData:
    if chart is None:
        return ChartData([], [], "Entries unread", "No reading lists yet")
    if chart.total == 0:
        return ChartData([], [], "Entries unread", f"“{chart.name}” has no entries")
    mondays = [w.monday for w in chart.weeks]
    series = [
        Series("Unread", [w.remaining for w in chart.weeks], "remaining", Kind.LINE),
    ]
    if any(w.planned is not None for w in chart.weeks):
        series.append(Series("Plan", [w.planned for w in chart.weeks], "plan", Kind.STEP))
    notes: dict[int, list[str]] = {}
    for day, heading in chart.due:
        monday = day - dt.timedelta(days=day.weekday())
        if monday in mondays:
            notes.setdefault(mondays.index(monday), []).append(
                f"Due {day:%a %d %b}: {heading or '(no heading)'}"
            )
    return ChartData(
        mondays,
        series,
        "Entries unread",
        "",
        {index: "\n".join(lines) for index, lines in notes.items()},
        week_index(mondays, today),
        zero_counts=True,
    )


def duration_text(seconds: int) -> str:
    """``1 h 05 min``, ``12 min``, ``0 min``: exact to the minute, as people say it."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
