"""Title, date, severity, status and authors of a postmortem.

Read from the front matter first, then from "Key: value" lines (plain, bold, in a heading or
in a two-column table), then from the title and the file name. The date falls back to the
first date the document states, which in real postmortems is the incident's (not a timeline
table's first row when it is days before the next: that is background). The people and teams
the document declares (authors, "Teams involved", a roster table or participants list) are
collected for recognising owners named by an item's subject.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from action_tracker.models import Problem
from action_tracker.parsing.brackets import replace_links
from action_tracker.parsing.dates import find_dates, out_of_range, parse_date
from action_tracker.parsing.document import Block, Heading, ListBlock, Paragraph, Table
from action_tracker.parsing.fields import clean
from action_tracker.parsing.fields.vocabulary import DOCUMENT_KEYS, alternation
from action_tracker.parsing.sections import classify, normalise_heading
from action_tracker.parsing.tables import is_action_table

_KEYS = {kind: re.compile("^" + alternation(words, " ") + "$")
         for kind, words in DOCUMENT_KEYS.items()}
_HEADER_KEY_RE = re.compile(
    "|".join(f"(?:{_KEYS[kind].pattern})" for kind in ("date", "severity", "authors", "title")))
# Around the colon: spaces, stars, spaces (``\s*(?:\*+\s*)?``, which is ``\s*\**\s*`` without
# the two ways to split a run of spaces that made a long one quadratic per key length).
_KV_RE = re.compile(
    r"^\**\s*(?P<key>[A-Za-z][A-Za-z ]{1,30}?)\s*(?:\*+\s*)?:\s*(?:\*+\s*)?(?P<value>.*)$")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
_GENERIC_TITLES = re.compile(
    r"^(?:example |sample )?(?:post[ -]?mortem|incident(?: report| review)?|rca|"
    r"root cause analysis|retrospective|report)(?: template)?$"
)
_SECTION_NAMES = re.compile(
    r"^(?:summary|overview|tl ?dr|impact|timeline|background|details|root causes?|"
    r"trigger|resolution|detection|description|introduction|context)$"
)


@dataclass
class Metadata:
    title: str | None = None
    date: dt.date | None = None
    severity: str | None = None
    status: str | None = None
    authors: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Lower-cased people and teams the document declares (authors, "Teams involved: …", a
    # roster table), and each person's first name: owners an item may name by subject.
    names: frozenset[str] = frozenset()


def _unbold(text: str) -> str:
    """``text`` with ``**bold**`` markers removed (``_BOLD_RE`` needs a ``**``)."""
    return _BOLD_RE.sub(r"\1", text) if "**" in text else text


def _pairs(blocks: list[Block]) -> list[tuple[str, str, int]]:
    """(key, value, line) from "Key: value" lines, headings and two-column tables."""
    out: list[tuple[str, str, int]] = []
    for block in blocks:
        if isinstance(block, Paragraph) and not block.quoted:
            for offset, source_line in enumerate(block.text.lines[:12]):
                if ":" not in source_line:
                    continue  # _KV_RE needs one (and removing bold cannot add one)
                m = _KV_RE.match(_unbold(source_line).strip())
                if m:
                    out.append((m.group("key").strip().lower(), m.group("value"),
                                block.line + offset))
        elif isinstance(block, Heading):
            m = _KV_RE.match(block.text.plain) if ":" in block.text.plain else None
            if m and m.group("value").strip():
                out.append((m.group("key").strip().lower(), m.group("value"), block.line))
        elif isinstance(block, ListBlock) and not block.quoted:
            out.extend(_list_pairs(block))
        elif isinstance(block, Table) and len(block.header) == 2:
            rows = [(block.header, block.line)] + [(r.cells, r.line) for r in block.rows]
            for cells, row_line in rows:
                if len(cells) == 2:
                    out.append(
                        (clean(cells[0].plain).lower().rstrip(":"), cells[1].plain, row_line))
    return out


def _list_pairs(block: ListBlock) -> list[tuple[str, str, int]]:
    """``- **Date:** 2026-10-30`` / ``* Severity: SEV2``: a header written as a bullet list.

    Only a list whose every item is one "Key: value" line (not a task) and that names a date,
    severity, author or title counts, so an action list with a "Status: done" item is never
    read as the document's status."""
    out: list[tuple[str, str, int]] = []
    for item in block.items:
        source = item.text.source
        if ":" not in source or item.children or len(item.paragraphs) != 1 or "\n" in source \
                or item.checked is not None:  # a task is never part of a header
            return []
        m = _KV_RE.match(_unbold(source).strip())
        if m is None:
            return []
        out.append((m.group("key").strip().lower(), m.group("value"), item.line))
    # An action's orphaned sub-bullets ("Owners: …", "Status: Done") name no header key.
    return out if any(_HEADER_KEY_RE.match(key) for key, _, _ in out) else []


def _as_text(value: Any) -> str:
    return str(value).strip()


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        names = []
        for entry in value:
            if isinstance(entry, dict):
                name = entry.get("name") or next(iter(entry.values()), None)
                if name:
                    names.append(str(name))
            elif entry:
                names.append(str(entry))
        return names
    text = clean(replace_links(str(value), "optional"))
    return [p.strip() for p in re.split(r",|;|\band\b|&", text) if p.strip()]


def read_metadata(
    front: dict[str, Any], blocks: list[Block], path: str, fm_problems_line: int = 1
) -> Metadata:
    meta = Metadata()
    pairs = _pairs(blocks)

    def first(kind: str) -> tuple[str, int] | None:
        pattern = _KEYS[kind]
        for key, value, line in pairs:
            if pattern.match(key) and value.strip():
                return value.strip(), line
        return None

    # Title
    if front.get("title"):
        meta.title = _as_text(front["title"])
    else:
        meta.title = _title(blocks)
        if meta.title is None:
            found = first("title")
            meta.title = clean(found[0]).strip("`") if found else None
    # Date
    date_set = False
    fm_date = front.get("date")
    if fm_date is not None and fm_date != "":
        date_set = True
        if isinstance(fm_date, dt.date):
            value = fm_date.date() if isinstance(fm_date, dt.datetime) else fm_date
            bad = out_of_range(value)
            if bad is None:
                meta.date = value
            else:  # sync would add the default days to it (and overflow past 9999)
                meta.problems.append(Problem(line=fm_problems_line, severity="error",
                                             message=f"front matter date {bad}"))
        else:
            match = parse_date(str(fm_date))
            if match is None or match.value is None:
                meta.problems.append(Problem(
                    line=fm_problems_line, severity="warning",
                    message=f"front matter date {str(fm_date)!r} is not a real date; "
                            "write it as YYYY-MM-DD"))
            else:
                meta.date = match.value
    if not date_set:
        found = first("date")
        if found is not None:
            match = parse_date(found[0])
            if match is not None and match.value is None:
                meta.problems.append(Problem(
                    line=found[1], severity="warning",
                    message=f"date {match.raw!r} does not exist; write it as YYYY-MM-DD"))
                date_set = True
            elif match is not None:
                meta.date = match.value
                date_set = True
    if not date_set:
        meta.date = _fallback_date(meta.title, path, blocks)
    # Severity, status, authors
    sev = front.get("severity") or front.get("sev")
    meta.severity = _as_text(sev) if sev else _value(first("severity"))
    status = front.get("status")
    meta.status = _as_text(status) if status else _value(first("status"))
    authors = front.get("authors") or front.get("author")
    if authors:
        meta.authors = _authors(authors)
    else:
        found = first("authors")
        meta.authors = _authors(found[0]) if found else []
    declared = list(meta.authors)
    for key, said, _line in pairs:
        if _KEYS["teams"].match(key) or _KEYS["authors"].match(key):
            declared.extend(_authors(said))
    declared.extend(_roster_names(blocks))
    declared.extend(_listed_names(blocks))
    meta.names = name_set(declared)
    return meta


_ROSTER_NAME_RE = re.compile(r"^(?:names?|person|people|members?|teams?|who|responders?)$")
_ROSTER_ROLE_RE = re.compile(r"\b(?:role|responsibilit|title|position|team|function)")
_NAME_PAREN_RE = re.compile(r"\s*\([^()]*\)")


def _roster_names(blocks: list[Block]) -> list[str]:
    """Names in a roster table ("| Name | Role |"): a name column beside a role column."""
    out: list[str] = []
    for block in blocks:
        if not isinstance(block, Table) or is_action_table(block, False):
            continue
        heads = [clean(h.plain).lower().strip(" :") for h in block.header]
        if not any(_ROSTER_ROLE_RE.search(h) for h in heads):
            continue
        for index, head in enumerate(heads):
            if _ROSTER_NAME_RE.match(head):
                out.extend(clean(r.cells[index].plain) for r in block.rows
                           if index < len(r.cells))
    return out


_NAME_END_RE = re.compile(r"\s+[-–—(:|]|[,;(:]")


def _listed_names(blocks: list[Block]) -> list[str]:
    """Names listed under a "Participants" / "Teams involved" heading or label
    ("- Ana Lima (incident commander)", "- Platform team: rollback")."""
    out: list[str] = []
    under = False
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            words = clean(block.text.plain).lower().strip(" :")
            under = bool(_KEYS["teams"].match(words) or _KEYS["authors"].match(words))
        elif isinstance(block, ListBlock) and under:
            for item in block.items:
                text = clean(item.text.plain)
                m = _NAME_END_RE.search(text)
                out.append(text[: m.start()] if m else text)
            under = False
    return out


def name_set(declared: list[str]) -> frozenset[str]:
    """The lower-cased names, and each person's first name, an item's subject may use."""
    names: set[str] = set()
    for raw in declared:
        name = _NAME_PAREN_RE.sub("", clean(replace_links(raw, "optional"))).strip(" .")
        if not name or len(name) > 40 or (not name[0].isalpha() and name[0] != "@"):
            continue
        names.add(name.lower())
        words = name.split()
        if len(words) > 1 and words[0][:1].isupper() and len(words[0]) > 1:
            names.add(words[0].lower())  # "Ana Lima" is "Ana" in the actions
    return frozenset(names)


def _value(found: tuple[str, int] | None) -> str | None:
    if found is None:
        return None
    return clean(replace_links(found[0], "inline")) or None


def _title(blocks: list[Block]) -> str | None:
    headings = [b for b in blocks if isinstance(b, Heading)]
    if not headings:
        return None
    h1 = next((h for h in headings if h.level == 1), None)
    if h1 is not None:
        words = normalise_heading(h1.text.plain)
        if _GENERIC_TITLES.match(words):
            later = [h for h in headings if h.line > h1.line]
            if later and later[0].level == 2 and classify(later[0].text.plain) == "other" \
                    and not _SECTION_NAMES.match(normalise_heading(later[0].text.plain)):
                return later[0].text.plain.strip()
        return h1.text.plain.strip()
    first = headings[0]
    words = normalise_heading(first.text.plain)
    if _SECTION_NAMES.match(words) or classify(first.text.plain) != "other":
        return None
    return first.text.plain.strip()


# A blog's byline ("Posted by Ana on December 3, 2026", "By Ana Lima, Dec 3, 2026",
# "December 3, 2026 · 6 min read") dates the write-up, which comes days after the incident.
_BYLINE_BEFORE_RE = re.compile(
    r"(?i)\b(?:posted|published|written|updated|authored|edited|last (?:modified|reviewed))\b"
    r"|^\W*(?-i:By)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*[,·|•—–-]?\s*(?:on\s+)?$")
_BYLINE_AFTER_RE = re.compile(
    r"(?i)^[\s,·|•—–-]*(?:(?-i:by)\s+[A-Z]|posted|published|\d+\s*min(?:ute)?s?\s+read)")


def _is_byline(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is a byline's, judged by its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    if _BYLINE_BEFORE_RE.search(text[max(line_start, start - 80):start]):
        return True
    line_end = text.find("\n", end)
    return bool(_BYLINE_AFTER_RE.match(text[end: line_end if line_end >= 0 else end + 40]))


_TIMELINE_RE = re.compile(r"(?i)\b(?:timeline|chronology|sequence of events|time ?line)\b")
_TIME_COLUMN_RE = re.compile(r"(?i)^\W*(?:time|timestamp|date ?(?:/|&|and) ?time|when|"
                             r"time \(\w+\)|(?:date|time|timestamp) ?\(?utc\)?)\W*$")


def _is_timeline_table(table: Table) -> bool:
    """A table of events: its first column is a time (``| Time | Event |``)."""
    return bool(table.header) and bool(_TIME_COLUMN_RE.match(table.header[0].plain))


def _timeline_texts(texts: list[str]) -> list[str]:
    """The cells of a timeline table from the incident's day on, or none when its first
    event is days before the next: such a timeline opens with background (the change that
    shipped the bug weeks earlier), and a document that states no date is better left
    undated than dated by it. The incident's day is the first with more than one event: a
    lone row before it ("bug committed", "rollover scheduled") is background too, while a
    timeline that runs on for days keeps the day it started."""
    dated = [(i, m.value) for i, text in enumerate(texts) for m in find_dates(text)
             if m.value is not None]
    if len(dated) >= 2 and abs((dated[1][1] - dated[0][1]).days) > 2:
        return []
    counts = Counter(day for _, day in dated)
    start = next((i for i, day in dated if counts[day] > 1), 0)
    return texts[start:]


def _fallback_date(title: str | None, path: str, blocks: list[Block]) -> dt.date | None:
    """The first date the title, file name or body states, skipping the body's bylines.

    Only the date's own line is looked at. When the document states no other date, its
    byline date is still the best estimate."""
    for text in (title or "", PurePosixPath(path).name):
        for match in find_dates(text):
            if match.value is not None:
                return match.value
    byline: dt.date | None = None
    timeline: int | None = None  # level of the timeline heading the blocks are under
    for block in blocks:
        texts: list[str] = []
        if isinstance(block, Heading):
            if timeline is not None and block.level <= timeline:
                timeline = None
            if timeline is None and _TIMELINE_RE.search(block.text.plain):
                timeline = block.level
        if (isinstance(block, Paragraph) and not block.quoted) or isinstance(block, Heading):
            texts = [block.text.plain]
        elif isinstance(block, Table) and not is_action_table(block, False):
            # An action table's dates are due dates, never the incident's.
            texts = [c.plain for row in block.rows for c in row.cells]
            if timeline is not None or _is_timeline_table(block):
                texts = _timeline_texts(texts)
        for text in texts:
            for match in find_dates(text):
                if match.value is None:
                    continue
                if not _is_byline(text, match.start, match.end):
                    return match.value
                byline = byline or match.value
    return byline
