"""The digest's period (an ISO week or a calendar month) and the UTC day a moment falls on."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

PeriodKind = Literal["week", "month"]
class Period(BaseModel):
    """An ISO week (Monday..Sunday, ``2026-W48``) or a calendar month (``2026-11``)."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def noun(self) -> str:
        return self.kind

    def describe(self) -> str:
        """Human form: ``week 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026)``."""
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        first = f"{self.start:%a} {self.start.day} {self.start:%b}"
        last = f"{self.end:%a} {self.end.day} {self.end:%b %Y}"
        return f"week {self.label} ({first} – {last})"


def period_for(today: dt.date, kind: PeriodKind = "week") -> Period:
    """The period containing ``today``: its ISO week, or its calendar month."""
    if kind == "month":
        start = today.replace(day=1)
        next_month = (start + dt.timedelta(days=32)).replace(day=1)
        return Period(
            kind="month", label=f"{start:%Y-%m}", start=start,
            end=next_month - dt.timedelta(days=1),
        )
    year, week, weekday = today.isocalendar()
    start = today - dt.timedelta(days=weekday - 1)
    return Period(
        kind="week", label=f"{year}-W{week:02d}", start=start, end=start + dt.timedelta(days=6)
    )


def parse_period(label: str | None) -> Period | None:
    """The period a digest marker names (``2026-W48`` or ``2026-11``), or ``None``."""
    if not label:
        return None
    try:
        if "-W" in label:
            year, week = label.split("-W", 1)
            return period_for(dt.date.fromisocalendar(int(year), int(week), 1), "week")
        year, month = label.split("-", 1)
        return period_for(dt.date(int(year), int(month), 1), "month")
    except ValueError:
        return None


def previous_period(period: Period) -> Period:
    return period_for(period.start - dt.timedelta(days=1), period.kind)


def utc_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).date()
