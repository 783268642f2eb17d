"""Whether one part of an item is metadata, and which field it is.

A part is a piece of text an item's readers cut off (a trailing group "(Ana, P1)" split at
its commas, the text after the last " — ", a leading tag "[high]"). :func:`classify_part`
tries the readers of ``_PART_READERS`` in order; the first that recognises the whole part
gives its field. A part that no reader recognises is prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from action_tracker.parsing.dates import DAY_PATTERN, MONTH_PATTERN, find_dates, find_timeframe
from action_tracker.parsing.fields.values import (
    _DONE_OR_OPEN,
    _NOT_TICKET_KEYS,
    _STATUS_WORDS,
    _TICKET_WORD_RE,
    BUG_REF_RE,
    HASH_REF_RE,
    KEY_REF_RE,
    REPO_REF_RE,
    Fields,
    _has_digit,
    _words,
    clean,
    is_ticket_url,
    link_ticket,
    normalise_priority,
    normalise_status,
    text_ticket,
)
from action_tracker.parsing.fields.vocabulary import (
    DUE_AFTER_NAMES,
    DUE_BEFORE_DATE,
    DUE_KEYS,
    DUE_PREPOSITIONS,
    DUE_TIMEFRAME_KEYS,
    FIELD_KEYS,
    OWNER_PART_KEYS,
    OWNER_SENTENCE_KEYS,
    PRIORITY_KEYS,
    PRIORITY_WORDS,
    STATUS_KEYS,
    STATUS_PART_KEYS,
    TICKET_LINE_KEYS,
    TYPE_KEYS,
    TYPE_WORDS,
    alternation,
    first_words,
)

OWNER_KEY_RE = re.compile(
    r"(?i)\b" + alternation(OWNER_SENTENCE_KEYS) + r"\s*[:=]\s*"
    r"(@?[\w.'-]+(?:[ ,&]+(?:and\s+)?(?!" + alternation(DUE_AFTER_NAMES) + r"\b|\d)"
    r"@?[\w.'-]+){0,3})"
)
_DUE_TIMEFRAME_KEY = r"(?i)(?:" + alternation(DUE_TIMEFRAME_KEYS) + r"\s*[:=]?\s*)?"
DUE_ONLY_RE = re.compile(
    r"(?i)^" + alternation((*DUE_BEFORE_DATE, "date")) + r"\s*[:=]?\s*(?:on\s+)?$")
_NAME_RE = re.compile(
    r"^(?:@[\w-]+(?:/[\w.-]+)?|[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}|[A-Z]{2,4}"
    r"|[A-Z][\w-]*\s+team|team\s+[\w-]+)$"
)

_BRACKET_TAG_RE = re.compile(r"\[[\w -]{1,20}\]")
_OWNER_PART_RE = re.compile(
    r"(?i)" + alternation(OWNER_PART_KEYS) + r"\s*[:=]?\s*([^:,;|—–]+)")
# The first letters an owner part may start with, in both cases (a cheap test first; none
# has a non-ASCII case variant, so the test is exact).
_OWNER_PART_FIRST = "".join(sorted({c for k in OWNER_PART_KEYS for c in (k[0], k[0].upper())}))
_PRIORITY_PART_RE = re.compile(
    r"(?i)(?:" + alternation(PRIORITY_KEYS) + r"\s*[:=]?\s*)?(p[0-4]|sev\s?[0-4]|[a-z]+)"
    r"(?:\s+" + alternation(PRIORITY_KEYS) + ")?")
_PRIORITY_CODE_RE = re.compile(r"(?i)p[0-4]|sev\s?[0-4]")
_TYPE_PART_RE = re.compile(r"(?i)(?:" + alternation(TYPE_KEYS) + r"\s*[:=]\s*)?([a-z]+)")
_STATUS_PART_RE = re.compile(r"(?i)(?:" + alternation(STATUS_PART_KEYS) + r"\s*[:=]\s*)?(.+)")
_LINK_PART_RE = re.compile(
    r"(?i)(?:see\s+|tracked in\s+|issue:?\s*)?\[([^\]]*)\](?:\(([^)]*)\)|\[([^\]]*)\])?")
_URL_PART_RE = re.compile(r"(?i)(?:see\s+|tracked in\s+)?<?(https?://\S+?)>?")
_REF_PART_RE = re.compile(r"(?i)(?:see\s+|issue\s+|bug\s+|ticket\s+|pr\s+)?(\S+)")
_YEAR_PART_RE = re.compile(r"\s*(?:19|20)\d\d\s*")


def _date_part(part: str) -> tuple[dt.date | None, str | None, bool] | None:
    """(date, raw, impossible) when ``part`` is a date with at most a due keyword before it."""
    end = part.rstrip(" .")
    if not end or not end[-1].isdigit():
        return None  # every date shape ends with a digit, and only " ." may follow it
    found = find_dates(part)
    if len(found) != 1:
        return None
    match = found[0]
    before, after = part[: match.start].strip(), part[match.end:].strip(" .")
    if after or (before and not DUE_ONLY_RE.match(before)):
        return None
    return match.value, match.raw, match.impossible



def classify_part(part: str, links: list[tuple[str, str]]) -> Fields | None:
    """Fields when the whole of ``part`` is metadata (else None: it is prose).

    Called for every candidate tail of every item, and most candidates are prose, so the
    checks that rule a part out cheaply come first, and each reader of ``_PART_READERS``
    tries its shape only when a character it needs is present."""
    p = clean(part).strip(" .,;:")
    if not p:
        return Fields()
    if len(p) > 80 and not p.startswith(("[", "<", "http", "see ")):
        return None
    if p[0] == "[" and _BRACKET_TAG_RE.fullmatch(p):  # "[prevent]" / "[high]" inside a group
        tagged = classify_part(p[1:-1], links)
        if tagged is not None and tagged.owner is None:
            return tagged
    low = p.lower()
    if ("," in p or ";" in p or "|" in p) and not _separated_may_classify(p, low):
        return None  # a group of parts ("owner: Ana, due …"): the caller splits it
    for reader in _HANDLE_READERS if p[0] == "@" else _PART_READERS:
        got = reader(p, low, links)
        if got is not None:
            return got
    return None


# Part readers: ``(part, part lower-cased, the item's links)`` -> the part's field, or None
# when the part is not that field. The part is cleaned, not empty and has single spaces.

def _owner_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``owner: Ana``, ``who: @bo``: an owner key and up to four words."""
    if p[0] not in _OWNER_PART_FIRST:
        return None
    m = _OWNER_PART_RE.fullmatch(p)
    if m and len(m.group(1).split()) <= 4:
        return Fields(owner=clean(m.group(1)))
    return None


def _due_date_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``2026-03-01``, ``due: March 3, 2026`` (an impossible date is kept for a warning)."""
    dated = _date_part(p)
    if dated is None:
        return None
    value, raw, impossible = dated
    return Fields(due=value, impossible_dates=[raw or p] if impossible else [])


def _priority_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``P1``, ``sev2``, ``high``, ``priority: high``, ``high priority``."""
    m = _PRIORITY_PART_RE.fullmatch(p)
    if m and (m.group(1).lower() in PRIORITY_WORDS or _PRIORITY_CODE_RE.fullmatch(m.group(1))):
        return Fields(priority=normalise_priority(m.group(1)))
    return None


def _type_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``prevent``, ``type: detect`` (a bare "fix" is a verb, not a type)."""
    m = _TYPE_PART_RE.fullmatch(p)
    if m and m.group(1).lower() in TYPE_WORDS and low != "fix":
        return Fields(type=TYPE_WORDS[m.group(1).lower()])
    return None


_KEYED_STATUS_WORDS = 6


def _status_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """A status word (``done``, ``won't fix``, ``✅``, ``@done``) or ``status: …``."""
    m = _STATUS_PART_RE.fullmatch(p)
    if m is None:
        return None
    said = m.group(1)
    # Only a status word, or "status: …" (a few words: "status: yet to be implemented"),
    # counts; that test is cheaper than the search.
    words = len(said.split())
    if (words <= 3 and (said in _DONE_OR_OPEN or _words(said) in _STATUS_WORDS)) or (
            words <= _KEYED_STATUS_WORDS and low.startswith(STATUS_PART_KEYS)):
        status = normalise_status(said)
        if status:
            return Fields(status=status)
    return None


def _ticket_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """A link, a URL, ``see URL`` or a reference (``#12``, ``o/r#12``, ``ABC-12``)."""
    ticket = _part_ticket(p, low, links)
    return Fields(ticket=ticket) if ticket else None


def _timeframe_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``Q3 2026``, ``by end of May``: a due the document gives as a period, kept as text."""
    # A timeframe part ends with its timeframe, whose last character is a word character.
    if not (p[-1].isalnum() or p[-1] == "_"):
        return None
    frame = find_timeframe(p)
    if frame and len(p) <= len(frame) + 12 and re.fullmatch(
            _DUE_TIMEFRAME_KEY + re.escape(frame), p):
        return Fields(due_text=frame)
    return None


def _due_no_year_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``due: 12/01``, ``by EOW``: a due without a year stays text."""
    m = _DUE_NO_YEAR_RE.fullmatch(p) if low.startswith(_DUE_WORDS) else None
    return Fields(due_text=m.group("when")) if m else None


def _name_part(p: str, low: str, links: list[tuple[str, str]]) -> Fields | None:
    """``@ana``, ``Ana Lima``, ``SRE``, ``Platform team``: an owner."""
    if _NAME_RE.match(p) and low not in _NOT_NAMES and not _has_digit(p):
        return Fields(owner=p)
    return None


_PartReader = Callable[[str, str, list[tuple[str, str]]], Fields | None]
# In order: the first reader that recognises the whole part gives its field.
_PART_READERS: tuple[_PartReader, ...] = (
    _owner_part, _due_date_part, _priority_part, _type_part, _status_part, _ticket_part,
    _timeframe_part, _due_no_year_part, _name_part,
)
# A part starting with "@" is a status word ("@done" reads "done") or a handle: every other
# reader's shape needs a letter, digit, "[", "<" or "#" first.
_HANDLE_READERS: tuple[_PartReader, ...] = (_status_part, _name_part)


def _separated_may_classify(p: str, low: str) -> bool:
    """Whether ``p``, which holds a "," ";" or "|", may still be one metadata part.

    Every shape's pattern excludes those characters except: a date ("March 3, 2026": a comma,
    and the part ends with the date's digit), a status of at most three words or after a
    "status:" key (``_words`` turns "to|do" into "to do"), a link that starts the part (after
    "see", "tracked in" or "issue"), and a URL. Letters the ignore-case patterns also match
    in non-ASCII forms (ſ, ı, İ, K) are allowed for: a non-ASCII first character passes, and
    "tatus" has none of them."""
    end = p.rstrip(" .")
    return (
        "http" in low
        or ("[" in p and (low[0] in "[sti" or not p[0].isascii()))
        or "tatus" in low
        or len(p.split()) <= 3
        or ("," in p and bool(end) and end[-1].isdigit())
    )


# A due keyword and a day without a year, or an end-of-period abbreviation. The year is not
# guessed (the document's date may be months before the due): the text is kept as ``due_text``.
_DUE_NO_YEAR_KEYS = (*DUE_KEYS, *DUE_PREPOSITIONS)
_DUE_WORDS = first_words(_DUE_NO_YEAR_KEYS)
_DUE_NO_YEAR_RE = re.compile(
    r"(?i)" + alternation(_DUE_NO_YEAR_KEYS) + r"\s*[:=]?\s*(?:on\s+)?"
    rf"(?P<when>[01]?\d/[0-3]?\d|{MONTH_PATTERN}\s+{DAY_PATTERN}|{DAY_PATTERN}\s+{MONTH_PATTERN}"
    r"|eo[dwmqy]|end of (?:the )?(?:day|week|month|quarter|year|sprint))"
)


_NOT_NAMES = {"optional", "tbd", "wip", "none", "n/a", "see above", "maybe", "ongoing",
              # column names left in the text by a broken table are not people
              "owner", "owners", "assignee", "task", "tasks", "status", "who", "name"}
_KEY_LINE_RE = re.compile(r"(?i)^" + alternation(FIELD_KEYS) + r"\s*:")
_STATUS_LINE_RE = re.compile(r"(?i)" + alternation(STATUS_KEYS) + r"\s*:\s*(.+)")
_TICKET_LINE_RE = re.compile(r"(?i)^" + alternation(TICKET_LINE_KEYS) + r"\s*:\s*(.+)$")


def key_line_fields(plain: str, links: list[tuple[str, str]]) -> Fields | None:
    """Fields of a line that is only ``Key: value`` (``Owner: Ravi Shah``, ``Jira: AB-1``),
    as Notion and Confluence exports write an item's metadata as sub-bullets; else None."""
    text = clean(plain)
    m = _TICKET_LINE_RE.match(text)
    if m:
        ticket = link_ticket(links) or text_ticket(m.group(1))
        return Fields(ticket=ticket) if ticket else None
    if not _KEY_LINE_RE.match(text):
        return None
    got = classify_part(text, links)
    if got is None:
        owner = OWNER_KEY_RE.fullmatch(text)  # "Owners: Ana, Bo"
        if owner:
            return Fields(owner=clean(owner.group(1)))
        # "State: done": every status key counts on a line of its own (inside an item's
        # parentheses "state" is too often prose for that, see STATUS_PART_KEYS).
        status = _STATUS_LINE_RE.fullmatch(text)
        said = normalise_status(status.group(1)) if status else None
        if said:
            return Fields(status=said)
    return got



def _part_ticket(p: str, low: str, links: list[tuple[str, str]]) -> str | None:
    """A part that is only a ticket: a link, a URL, ``see URL`` or a reference.

    Each shape is tried only when a character it needs is there (``low`` is ``p`` lower-cased):
    a link needs "[", a URL "http" (in any case), a reference "#" (``#12``, ``o/r#12``), a
    "-" after an upper-case ASCII letter (``ABC-12``; ``islower()`` rules that out) or "b/"
    (``b/123456``)."""
    link = _LINK_PART_RE.fullmatch(p) if "[" in p else None
    if link:
        text = link.group(1)
        for ltext, href in links:
            if ltext.strip() == clean(text) and (
                    is_ticket_url(href) or _TICKET_WORD_RE.match(ltext.strip())):
                return href
        if link.group(2) and (is_ticket_url(link.group(2))
                              or _TICKET_WORD_RE.match(text.strip())):
            return link.group(2)
        return None
    url = _URL_PART_RE.fullmatch(p) if "http" in low else None
    if url:
        return url.group(1)
    if "#" not in p and ("-" not in p or p.islower()) and "b/" not in p:
        return None
    ref = _REF_PART_RE.fullmatch(p)
    if ref and (REPO_REF_RE.fullmatch(ref.group(1)) or HASH_REF_RE.fullmatch(ref.group(1))
                or BUG_REF_RE.fullmatch(ref.group(1))
                or (KEY_REF_RE.fullmatch(ref.group(1))
                    and ref.group(1).split("-")[0] not in _NOT_TICKET_KEYS)):
        for ltext, href in links:  # "[#77]" written as a reference-style link: its URL
            if ltext.strip() == ref.group(1) and href.startswith("http"):
                return href
        return ref.group(1)
    return None


def _split_parts(text: str) -> list[str]:
    """Split a metadata group on ``,``/``;``/``|`` outside brackets and parentheses."""
    if "(" in text or "[" in text or ")" in text or "]" in text:
        parts = _split_outside_brackets(text)
    else:  # no brackets: every separator is at depth 0
        parts = _PART_SEP_RE.split(text)
    merged: list[str] = []
    for part in parts:  # "due March 3, 2026": the year belongs to the date before it
        if merged and _YEAR_PART_RE.fullmatch(part):
            merged[-1] += "," + part
        else:
            merged.append(part)
    return merged


_PART_SEP_RE = re.compile(r"[,;|]")


_BRACKET_OR_SEP_RE = re.compile(r"[()\[\],;|]")


def _split_outside_brackets(text: str) -> list[str]:
    """The parts between separators at depth 0: "(Ana, Bo)" stays one part.

    Only brackets and separators matter, so the scan jumps from one to the next."""
    parts: list[str] = []
    depth = 0
    last = 0
    for m in _BRACKET_OR_SEP_RE.finditer(text):
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            parts.append(text[last:m.start()])
            last = m.end()
    parts.append(text[last:])
    return parts


def _classify_group(text: str, links: list[tuple[str, str]]) -> Fields | None:
    whole = classify_part(text, links)
    if whole is not None:
        return whole
    fields = Fields()
    for part in _split_parts(text):
        got = classify_part(part, links)
        if got is None:
            return None
        if got.owner is not None and fields.owner is not None:
            # "(owners: @a, @b)" / "(Ana, Bo)": every owner is kept (sync assigns each one)
            fields.owner = f"{fields.owner}, {got.owner}"
            got.owner = None
        fields.merge(got)
    return fields

