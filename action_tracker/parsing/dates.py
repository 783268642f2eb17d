"""Dates as postmortems write them, read into ``datetime.date``.

Authors write ``2026-03-01``, ``03/01/2026`` (US), ``01-03-2026`` (European), ``Mar 1 2026``,
``1 March 2026`` and ``6th November, 2022``. Slashes are read month-first (the US habit of the
templates that use them) unless the first number cannot be a month; dashes with the year last
are read day-first, as the European documents that use them mean. A date that has the shape of
a date but does not exist (``2026-02-30``) is reported, not silently dropped: callers get an
:class:`ImpossibleDate` so they can warn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
MONTH_PATTERN = _MONTH_NAMES  # for readers of dates without a year (``fields``)
DAY_PATTERN = _DAY
_YEAR = r"(?:19|20)\d\d"
_NOT_DIGIT_RE = re.compile(r"\D")
_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—|to)\s*")

# One alternation, leftmost match wins; named groups say which shape matched.
DATE_RE = re.compile(
    # Every shape starts with a digit or a month name's first letter: the lookahead skips
    # other positions with one test.
    r"(?<![\w/-])(?=\d|[adfjmnos])(?:"
    rf"(?P<iso_y>{_YEAR})[-/.](?P<iso_m>[01]?\d)[-/.](?P<iso_d>[0-3]?\d)(?![\d])"
    rf"|(?P<sl_a>[0-3]?\d)/(?P<sl_b>[0-3]?\d)/(?P<sl_y>{_YEAR})(?!\d)"
    rf"|(?P<da_d>[0-3]?\d)[-.](?P<da_m>[01]?\d)[-.](?P<da_y>{_YEAR})(?!\d)"
    # "January 14, 2026"; a span of days ("January 14-19, 2026") starts on its first day
    rf"|(?P<md_m>{_MONTH_NAMES})\s+(?P<md_d>{_DAY})(?:\s?[-–]\s?{_DAY})?,?\s+(?P<md_y>{_YEAR})(?!\d)"
    rf"|(?<!\.)(?P<dm_d>{_DAY})(?:[-–]{_DAY})?\.?(?:\s+of)?\s+(?P<dm_m>{_MONTH_NAMES}),?\s+"
    rf"(?P<dm_y>{_YEAR})(?!\d)"
    # "2024-Mar-09", "14/Jun/2021", "14-Jun-2021": a month name between separators
    rf"|(?P<ym_y>{_YEAR})(?P<ym_sep>[-/.])(?P<ym_m>{_MONTH_NAMES})(?P=ym_sep)(?P<ym_d>[0-3]?\d)(?!\d)"
    rf"|(?P<dn_d>[0-3]?\d)(?P<dn_sep>[-/.])(?P<dn_m>{_MONTH_NAMES})(?P=dn_sep)(?P<dn_y>{_YEAR})(?!\d)"
    r")",
    re.IGNORECASE,
)


class DateMatch(NamedTuple):
    """A date found in text: the value (None when impossible) and where it was.

    A named tuple: one is built for every date of every item, and a tuple is the cheapest
    immutable record to build."""

    value: dt.date | None
    raw: str
    start: int
    end: int

    @property
    def impossible(self) -> bool:
        return self.value is None


# Dates a postmortem can mean. Written dates in the text have a 19xx/20xx year; front matter
# (a YAML or TOML date) can say anything from year 1 to 9999, where adding the default days
# to reach a due date overflows. Outside this range a date is a document error.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def out_of_range(value: dt.date) -> str | None:
    """Why ``value`` cannot be a postmortem's date or due date, or None when it can."""
    if EARLIEST <= value <= LATEST:
        return None
    return (f"{value.isoformat()} is not a plausible date (years {EARLIEST.year}-"
            f"{LATEST.year} are read); write the real date as YYYY-MM-DD")


def _num(text: str) -> int:
    return int(_NOT_DIGIT_RE.sub("", text))


def _month(text: str) -> int:
    # casefold, not lower: the ignore-case pattern also matches "ſept" (long s), which
    # lower() keeps and casefold() turns into "sept".
    return MONTHS[text.casefold().rstrip(".")[:3]]


def _build(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _value(m: re.Match[str]) -> dt.date | None:
    """The date of a ``DATE_RE`` match. Which shape matched is told by ``lastindex``: each
    shape's groups are numbered consecutively and none is nested, so the last group that
    matched is the shape's last one (iso_d 3, sl_y 6, da_y 9, md_y 12, dm_y 15, ym_d 19,
    dn_y 23)."""
    g = m.groups()  # one tuple instead of a lookup by name per group
    shape = m.lastindex
    if shape == 3:
        return _build(int(g[0]), int(g[1]), int(g[2]))
    if shape == 6:
        a, b = int(g[3]), int(g[4])
        day_first = a > 12 >= b or (b <= 12 and _DAY_FIRST.get() is True)
        return _build(int(g[5]), *((b, a) if day_first else (a, b)))
    if shape == 9:
        a, b = int(g[6]), int(g[7])
        month_first = b > 12 >= a or (a <= 12 and _DAY_FIRST.get() is False)
        return _build(int(g[8]), *((a, b) if month_first else (b, a)))
    if shape == 12:
        return _build(int(g[11]), _month(g[9]), _num(g[10]))
    if shape == 15:
        return _build(int(g[14]), _month(g[13]), _num(g[12]))
    if shape == 19:
        return _build(int(g[15]), _month(g[17]), int(g[18]))
    return _build(int(g[22]), _month(g[21]), int(g[19]))


# Which number comes first in the document's all-numeric dates: True day, False month, None
# unknown (each separator's habit applies: slashes month first, dots and dashes day first).
# Set by ``parse_text`` for the document it parses (``document_order``), so "5/8/2020" in a
# document that also writes "25/8/2020" is read as the 5th of August.
_DAY_FIRST: ContextVar[bool | None] = ContextVar("day_first", default=None)
_NUMERIC_DATE_RE = re.compile(rf"(?<![\w/.-])([0-3]?\d)[/.-]([0-3]?\d)[/.-]{_YEAR}(?!\d)")


def document_order(text: str) -> bool | None:
    """True when the document's numeric dates that can be read one way only put the day
    first, False when they put the month first, None when none (or both) say."""
    if "/" not in text and "." not in text and "-" not in text:
        return None
    day = month = False
    for m in _NUMERIC_DATE_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        day = day or (12 < a <= 31 and 0 < b <= 12)
        month = month or (12 < b <= 31 and 0 < a <= 12)
    return day if day != month else None


@contextmanager
def reading_order(day_first: bool | None) -> Iterator[None]:
    """Read ambiguous numeric dates day first (True) or month first (False) inside."""
    token = _DAY_FIRST.set(day_first)
    try:
        yield
    finally:
        _DAY_FIRST.reset(token)


def find_dates(text: str) -> list[DateMatch]:
    """Every date-shaped span in ``text``, in order (impossible ones with ``value=None``)."""
    if "19" not in text and "20" not in text:
        return []  # every shape has a year, 19xx or 20xx
    return [DateMatch(_value(m), m.group(), *m.span()) for m in DATE_RE.finditer(text)]


def first_date(text: str) -> DateMatch | None:
    found = find_dates(text)
    return found[0] if found else None


def parse_date(text: str) -> DateMatch | None:
    """The date ``text`` consists of (surrounding words such as a weekday allowed)."""
    return first_date(text.strip())


# ``Q[1-4]\s*(?:FY\s*)?``: the same as ``\s*(?:FY)?\s*`` without two ways to split a run
# of spaces (quadratic on a long one).
TIMEFRAME_RE = re.compile(
    r"\b(?:Q[1-4]\s*(?:FY\s*)?'?\d{2,4}|H[12]\s*\d{4}|(?:end|mid|early|late)\s+of\s+\w+"
    r"|(?:next|this)\s+(?:week|month|quarter|sprint|year)|(?:FY|CY)\s?\d{2,4}"
    rf"|{_MONTH_NAMES}\s+{_YEAR})",
    re.IGNORECASE,
)


def _may_hold_timeframe(text: str) -> bool:
    """False only when no alternative of ``TIMEFRAME_RE`` can match (checked per item, so
    cheaper than the search): every numeric shape needs an ASCII 1-4 (``Q1``-``Q4``, ``H1``/
    ``H2``, a 19xx/20xx year) unless it is ``FY``/``CY``; the word shapes need "of", "next"
    or "this" (no letter involved has a non-ASCII case variant besides "s" and "i", so "th")."""
    if "1" in text or "2" in text or "3" in text or "4" in text:
        return True
    low = text.lower()
    return "of" in low or "next" in low or "th" in low or "fy" in low or "cy" in low


def find_timeframe(text: str) -> str | None:
    """A timeframe that is not a date (``Q4 2025``, ``next sprint``), or None."""
    if not _may_hold_timeframe(text):
        return None
    m = TIMEFRAME_RE.search(text)
    if not m:
        return None
    # Widen to a range such as "Q4 2025 - Q1 2026".
    rest = text[m.end():]
    more = _RANGE_SEP_RE.match(rest)
    if more:
        second = TIMEFRAME_RE.match(rest[more.end():])
        if second:
            return text[m.start(): m.end() + more.end() + second.end()].strip()
    return m.group(0).strip()
