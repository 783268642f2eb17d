"""Owner, due date, priority, type, ticket and status from the text of one item or cell.

Rules look at a single list item or table cell, never at the whole file. Metadata is read
where people put it: keyed (``Owner: Ana``, ``due 2026-03-01``, ``priority: high``),
tagged (``@ana``, ``P1``, ``[high]``, ``[prevent]``), or as a trailing group
(``(Ana, 2026-03-01)``, `` — https://…/issues/7``). Trailing metadata is removed from the
description, so the issue title reads as the action itself; metadata inside the sentence is
read but left in place. An item without an owner may name one where it starts (a team tag
``[SRE] …``, a subject "Infra will …": ``lead_owner``), and an item reporting finished work
in the past tense is done (``worded_status``); both are applied once per action by
``parse_text``, the subject with the names the document declares.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from action_tracker.parsing.dates import DAY_PATTERN, MONTH_PATTERN, find_dates, find_timeframe
from action_tracker.parsing.fields.vocabulary import (
    CANCELLED_WORDS,
    DONE_WORDS,
    DUE_AFTER_NAMES,
    DUE_KEYS,
    DUE_PREPOSITIONS,
    DUE_SENTENCE_ONLY,
    DUE_TIMEFRAME_KEYS,
    LEAD_STATUS_TAGS,
    OPEN_WORDS,
    OWNER_KEYS,
    OWNER_PART_KEYS,
    OWNER_SENTENCE_KEYS,
    PRIORITY_KEYS,
    PRIORITY_WORDS,
    STATUS_KEYS,
    STATUS_MARKS,
    STATUS_PART_KEYS,
    TICKET_KEYS,
    TICKET_LINE_KEYS,
    TYPE_KEYS,
    TYPE_WORDS,
    alternation,
    first_words,
)

_DUE_BEFORE_DATE = (*DUE_KEYS, *DUE_PREPOSITIONS, *DUE_SENTENCE_ONLY)

_NOT_TICKET_KEYS = {"SHA", "UTF", "ISO", "SEV", "RFC", "TLS", "SSL", "HTTP", "IPV", "COVID", "P"}
_TICKET_URL_RE = re.compile(
    r"/(?:issues|pull|pulls|merge_requests|-/issues|browse|tickets?|commit|commits|bugs?)/"
    r"|[?&](?:id|ticket|issue)=\d|/show_bug\.cgi|jira|linear\.app|youtrack|bugzilla",
    re.IGNORECASE,
)
_TICKET_WORD_RE = re.compile(
    r"^(?:#?\d+|[\w.-]+/[\w.-]+#\d+|[A-Z][A-Z0-9]+-\d+|b/\d+|issue|issues|pr|pull request|ticket|"
    r"bug|jira|jira link|link|tracking issue|github issue.*|gh|mr|merge request|fix)$",
    re.IGNORECASE,
)
URL_RE = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
REPO_REF_RE = re.compile(r"(?<![\w/])([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#\d+)\b")
HASH_REF_RE = re.compile(r"(?<![\w&/])(#\d{1,7})\b")
KEY_REF_RE = re.compile(r"(?<![\w/-])([A-Z][A-Z0-9]{1,9}-\d{1,6})\b")
# Google's bug tracker: "b/123456" (the form its public postmortems cite).
BUG_REF_RE = re.compile(r"(?<![\w/.-])(b/\d{3,12})\b")
HANDLE_RE = re.compile(r"(?<![\w.@/`])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9_.-]+)?)")
_OWNER_KEY_RE = re.compile(
    r"(?i)\b" + alternation(OWNER_SENTENCE_KEYS) + r"\s*[:=]\s*"
    r"(@?[\w.'-]+(?:[ ,&]+(?:and\s+)?(?!" + alternation(DUE_AFTER_NAMES) + r"\b|\d)"
    r"@?[\w.'-]+){0,3})"
)
_DUE_TIMEFRAME_KEY = r"(?i)(?:" + alternation(DUE_TIMEFRAME_KEYS) + r"\s*[:=]?\s*)?"
_DUE_KEY_RE = re.compile(
    r"(?i)\b" + alternation(_DUE_BEFORE_DATE) + r"\s*[:=]?\s*(?:on\s+)?$")
_DUE_ONLY_RE = re.compile(
    r"(?i)^" + alternation((*_DUE_BEFORE_DATE, "date")) + r"\s*[:=]?\s*(?:on\s+)?$")
_PRIORITY_KEY_RE = re.compile(r"(?i)\b" + alternation(PRIORITY_KEYS) + r"\s*[:=]\s*([\w-]+)")
_TYPE_KEY_RE = re.compile(r"(?i)\b" + alternation(TYPE_KEYS) + r"\s*[:=]\s*([\w-]+)")
_STATUS_KEY_RE = re.compile(
    r"(?i)\b" + alternation(STATUS_KEYS) + r"\s*[:=]\s*([\w -]+?)(?=$|[,;|)\]])")
_P_RE = re.compile(r"(?<![\w-])P([0-4])(?![\w-])")
_SEV_RE = re.compile(r"(?i)^sev(?:erity)?[\s-]?([0-4])$")
_NAME_RE = re.compile(
    r"^(?:@[\w-]+(?:/[\w.-]+)?|[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}|[A-Z]{2,4}"
    r"|[A-Z][\w-]*\s+team|team\s+[\w-]+)$"
)


# Compiled once (``re``'s own cache lookup costs more than most of these matches).
_NOT_STATUS_CHAR_RE = re.compile(r"[^\w\s✅✔☑✓❌⏳\[\]]")
_P_PRIORITY_RE = re.compile(r"(?i)p\s?([0-4])(?:\s*[-:(].*)?")
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
_STRUCK_RE = re.compile(r"~~(.+?)~~(.*)")
_LINK_TEXT_RE = re.compile(r"\[(.*)\]")
_TRAIL_AUTOLINK_RE = re.compile(r"\s<(https?://[^>\s]+)>$")
_NAME_STOP_RE = re.compile(r"(?<=\w\w)\.$")


def clean(text: str) -> str:
    """Text without emphasis markers around it and with single spaces."""
    # str.split() and the regex \s agree on what is whitespace; split/join is the cheaper.
    text = " ".join(text.split())
    # Peel matching markers off both ends, tracking the ends instead of copying the text
    # each time (quadratic on "____…"). After the join the only whitespace is single spaces,
    # so ``strip()`` after each peel is skipping spaces.
    start, end = 0, len(text)
    while end - start > 2 and text[start] in "*_~`" and text[end - 1] == text[start]:
        start, end = start + 1, end - 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
    return text[start:end] if end - start < len(text) else text


def _words(text: str) -> str:
    return _NOT_STATUS_CHAR_RE.sub(" ", text.lower()).strip()


def normalise_priority(text: str) -> str | None:
    """``P0``…``P4`` where the word maps clearly, else the document's own word."""
    raw = clean(text).strip("[]()")
    if not raw or raw.lower() in ("-", "n/a", "none", "tbd", "?"):
        return None
    m = _P_PRIORITY_RE.fullmatch(raw)
    if m:
        return f"P{m.group(1)}"
    m = _SEV_RE.match(raw)
    if m:
        return f"P{m.group(1)}"
    word = raw.lower().removesuffix(" priority").strip()
    return PRIORITY_WORDS.get(word, raw)


def normalise_type(text: str) -> str | None:
    raw = clean(text).strip("[]()")
    if not raw or raw.lower() in ("-", "n/a", "none", "tbd", "?"):
        return None
    return TYPE_WORDS.get(raw.lower(), raw.lower())


def _phrase_re(words: tuple[str, ...]) -> re.Pattern[str]:
    plain = [re.escape(w) for w in words if w[0].isalpha()]
    marks = [re.escape(w) for w in words if not w[0].isalpha()]
    return re.compile(r"(?<![\w-])(?:" + "|".join(plain) + r")(?![\w-])|" + "|".join(marks))


_DONE_RE = _phrase_re(DONE_WORDS + CANCELLED_WORDS)
_CANCELLED = frozenset(CANCELLED_WORDS)
_OPEN_RE = _phrase_re(OPEN_WORDS)
_NEGATED_RE = re.compile(r"\bnot\s+$")
_DONE_OR_OPEN = frozenset(DONE_WORDS + CANCELLED_WORDS + OPEN_WORDS)
_STATUS_WORDS = frozenset(_words(w) for w in _DONE_OR_OPEN)


def normalise_status(text: str) -> str | None:
    """``done`` / ``open`` from a status word, ``cancelled`` for "won't fix" and the like
    (done, closed as not planned), None when it says neither."""
    low = text.lower()
    m = _DONE_RE.search(low)
    if m:
        if _NEGATED_RE.search(low[: m.start()]):
            return "open"
        return "cancelled" if m.group() in _CANCELLED else "done"
    if _OPEN_RE.search(low):
        return "open"
    return None


def is_ticket_url(href: str) -> bool:
    return bool(_TICKET_URL_RE.search(href))


_REPO_REF_TAIL_RE = re.compile(r"/[A-Za-z0-9_.-]+#\d+\b")  # REPO_REF_RE from its "/"
_REPO_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_WORD_OR_SLASH_RE = re.compile(r"[\w/]")  # what REPO_REF_RE's lookbehind refuses


def _repo_ref(text: str) -> str | None:
    """``REPO_REF_RE.search(text).group(1)`` in linear time.

    The regex tries every position of a long run of ``.`` or ``-`` (neither is a word
    character, so its lookbehind lets each one start) and scans the run to its end from each.
    Here each ``/`` is visited once: the owner part is the run of name characters before it
    (runs before different slashes do not overlap), the earliest position in that run the
    lookbehind accepts starts the match, and the rest is matched from the slash."""
    slash = text.find("/")
    bound = 0  # the owner part never reaches back past the previous slash
    while slash >= 0:
        tail = _REPO_REF_TAIL_RE.match(text, slash)
        if tail is not None:
            start = slash
            while start > bound and text[start - 1] in _REPO_CHARS:
                start -= 1
            for pos in range(start, slash):
                if pos == 0 or not _WORD_OR_SLASH_RE.match(text, pos - 1):
                    return text[pos:tail.end()]
        bound = slash + 1
        slash = text.find("/", bound)
    return None


def text_ticket(text: str) -> str | None:
    """A ticket reference written as text: ``owner/repo#12``, ``#12``, ``ABC-123`` or a URL."""
    # Each search is skipped when the character its pattern needs is absent.
    if "http" in text:
        for url in URL_RE.findall(text):
            if is_ticket_url(url):
                return str(url)
    if "#" in text:
        ref = _repo_ref(text)
        if ref:
            return ref
        m = HASH_REF_RE.search(text)
        if m:
            return m.group(1)
    if "b/" in text:
        m = BUG_REF_RE.search(text)
        if m:
            return m.group(1)
    if "-" not in text:
        return None
    for m in KEY_REF_RE.finditer(text):
        if m.group(1).split("-")[0] not in _NOT_TICKET_KEYS:
            return m.group(1)
    return None


def link_ticket(links: list[tuple[str, str]]) -> str | None:
    """The link of an item that points at a ticket (issue/PR/Jira URL or ``[#12](…)``)."""
    for _text, href in links:
        if is_ticket_url(href):
            return href
    for text, href in links:
        if _TICKET_WORD_RE.match(text.strip()) and href.startswith("http"):
            return href
    return None


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
    if after or (before and not _DUE_ONLY_RE.match(before)):
        return None
    return match.value, match.raw, match.impossible


@dataclass(slots=True)
class Fields:
    """What one item or cell says beyond its description."""

    owner: str | None = None
    due: dt.date | None = None
    due_text: str | None = None
    impossible_dates: list[str] = field(default_factory=list)
    priority: str | None = None
    type: str | None = None
    status: str | None = None
    ticket: str | None = None

    def merge(self, other: Fields) -> None:
        """Fill what is still unset from ``other`` (called per item, hence spelled out)."""
        if self.owner is None:
            self.owner = other.owner
        if self.due is None:
            self.due = other.due
        if self.due_text is None:
            self.due_text = other.due_text
        if self.priority is None:
            self.priority = other.priority
        if self.type is None:
            self.type = other.type
        if self.status is None:
            self.status = other.status
        if self.ticket is None:
            self.ticket = other.ticket
        if other.impossible_dates:
            self.impossible_dates.extend(other.impossible_dates)


def classify_part(part: str, links: list[tuple[str, str]]) -> Fields | None:
    """Fields when the whole of ``part`` is metadata (else None: it is prose).

    Called for every candidate tail of every item, and most candidates are prose, so each
    shape is tried only when a character it needs is present (see the guards)."""
    p = clean(part).strip(" .,;:")
    if not p:
        return Fields()
    if len(p) > 80 and not p.startswith(("[", "<", "http", "see ")):
        return None
    first = p[0]
    if first == "[" and _BRACKET_TAG_RE.fullmatch(p):  # "[prevent]" / "[high]" inside a group
        tagged = classify_part(p[1:-1], links)
        if tagged is not None and tagged.owner is None:
            return tagged
    low = p.lower()
    if ("," in p or ";" in p or "|" in p) and not _separated_may_classify(p, low):
        return None  # a group of parts ("owner: Ana, due …"): the caller splits it
    if first == "@":
        # Every other shape needs a letter, digit, "[", "<" or "#" first: a part starting
        # with "@" is a status word ("@done" reads "done", as below) or a handle.
        if len(p.split()) <= 3 and _words(p) in _STATUS_WORDS:
            status = normalise_status(p)
            if status:
                return Fields(status=status)
        if _NAME_RE.match(p) and low not in _NOT_NAMES and not _has_digit(p):
            return Fields(owner=p)
        return None
    # Cheap first-character tests skip patterns that cannot match (none of these letters has
    # a non-ASCII case variant, so the test is exact).
    m = _OWNER_PART_RE.fullmatch(p) if first in _OWNER_PART_FIRST else None
    if m and len(m.group(1).split()) <= 4:
        return Fields(owner=clean(m.group(1)))
    dated = _date_part(p)
    if dated is not None:
        value, raw, impossible = dated
        return Fields(due=value, impossible_dates=[raw or p] if impossible else [])
    m = _PRIORITY_PART_RE.fullmatch(p)
    if m and (m.group(1).lower() in PRIORITY_WORDS or _PRIORITY_CODE_RE.fullmatch(m.group(1))):
        return Fields(priority=normalise_priority(m.group(1)))
    m = _TYPE_PART_RE.fullmatch(p)
    if m and m.group(1).lower() in TYPE_WORDS and low != "fix":
        return Fields(type=TYPE_WORDS[m.group(1).lower()])
    m = _STATUS_PART_RE.fullmatch(p)
    if m:
        said = m.group(1)
        # Only a status word (or "status: …") counts; that test is cheaper than the search.
        if len(said.split()) <= 3 and (low.startswith(STATUS_PART_KEYS) or said in _DONE_OR_OPEN
                                       or _words(said) in _STATUS_WORDS):
            status = normalise_status(said)
            if status:
                return Fields(status=status)
    ticket = _part_ticket(p, low, links)
    if ticket:
        return Fields(ticket=ticket)
    # A timeframe part ends with its timeframe, whose last character is a word character.
    frame = find_timeframe(p) if p[-1].isalnum() or p[-1] == "_" else None
    if frame and len(p) <= len(frame) + 12 and re.fullmatch(
            _DUE_TIMEFRAME_KEY + re.escape(frame), p):
        return Fields(due_text=frame)
    m = _DUE_NO_YEAR_RE.fullmatch(p) if low.startswith(_DUE_WORDS) else None
    if m:  # "due: 12/01", "by EOW": a due the document gives without a year stays text
        return Fields(due_text=m.group("when"))
    if _NAME_RE.match(p) and low not in _NOT_NAMES and not _has_digit(p):
        return Fields(owner=p)
    return None


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
_FIELD_KEYS = (*OWNER_KEYS, *DUE_KEYS, *PRIORITY_KEYS, *TYPE_KEYS, *STATUS_KEYS)
_KEY_LINE_RE = re.compile(r"(?i)^" + alternation(_FIELD_KEYS) + r"\s*:")
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
        owner = _OWNER_KEY_RE.fullmatch(text)  # "Owners: Ana, Bo"
        if owner:
            return Fields(owner=clean(owner.group(1)))
    return got


_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def _has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, without the per-character loop for ASCII text."""
    if text.isascii():
        return _ASCII_DIGIT_RE.search(text) is not None
    return any(c.isdigit() for c in text)


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


_PAREN_RE = re.compile(r"[()]")
_BRACKET_RE = re.compile(r"[\[\]]")


def _trailing_group(text: str) -> tuple[str, str] | None:
    """``(…)`` or ``[…]`` closing ``text`` (not the URL half of a Markdown link)."""
    if not text or text[-1] not in ")]":
        return None
    close = text[-1]
    depth = 0
    # Only the brackets of the closing kind matter: visit them from the end.
    marks = (_PAREN_RE if close == ")" else _BRACKET_RE).finditer(text)
    for index in reversed([m.start() for m in marks]):
        if text[index] == close:
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            if index > 0 and text[index - 1] == "]":
                # "[text](url)" / "[text][ref]": take the whole link as the group
                start = _link_start(text, index - 1)
                if start is None:
                    return None
                return text[:start], text[start:]
            return text[:index], text[index + 1:-1]
    return None


def _link_start(text: str, close_bracket: int) -> int | None:
    depth = 0
    for index in range(close_bracket, -1, -1):
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            depth -= 1
            if depth == 0:
                return index
    return None


_LEAD_STATUS_RE = re.compile(
    r"^(?:(?P<emoji>" + alternation(STATUS_MARKS) + r")\s*|\*{0,2}\[?(?P<word>"
    + alternation([w.upper() for w in LEAD_STATUS_TAGS], " ") + r")\]?\*{0,2}\s*[:\-–—]?\s+)"
)
# "[P1] …", also written back to back: "[P1][prevent] …".
_LEAD_TAG_RE = re.compile(r"^\[(?P<tag>[^\]\[]{1,20})\](?:\s+|(?=\[))")
_LEAD_ID_RE = re.compile(r"^(?:\[(?P<a>[A-Za-z][A-Za-z0-9]*-\d+)\]|(?P<b>[A-Z][A-Z0-9]*-\d+):)\s*")
# Owners that lead an item. A tag or subject is an owner only when it is certainly one (an
# ordinary capitalised word leading a sentence, "Monitoring will alert …", is not):
# - a handle (``@ana``), a name the document declares (authors, a "Teams involved" line, a
#   roster table: see ``metadata``), or "<Name> team" / "team <Name>";
# - a word of TEAM_WORDS, the team names postmortems use without declaring them;
# - in a leading tag only (``[DB] …``, ``SRE: …``): up to four capitals, as teams abbreviate
#   themselves, unless the capitals are one of NOT_TEAM_TAGS (tags that classify the work).
TEAM_WORDS = frozenset({
    "sre", "sres", "infra", "infrastructure", "platform", "db", "dba", "dbas", "ops",
    "devops", "secops", "security", "frontend", "front-end", "backend", "back-end", "data",
    "network", "networking", "qa", "support", "engineering", "operations",
})
NOT_TEAM_TAGS = frozenset({
    "BUG", "FIX", "NEW", "TBD", "TBC", "WIP", "TODO", "DONE", "HIGH", "LOW", "MED", "NOTE",
    "INFO", "EPIC", "TASK", "DOC", "TEST", "CHORE", "FEAT", "PERF", "CI", "CD", "API", "UI",
    "UX", "URL", "RCA", "ETA", "FYI", "NB", "PS", "MVP", "POC", "OKR", "KPI", "SLO", "SLA",
    "SLI", "OPT", "MUST", "NICE", "AND", "OR", "THE", "ALL", "ANY", "NONE", "NA", "OK", "YES",
    "NO", "EOD", "EOW", "ASAP", "DNS", "CPU", "RAM", "DISK", "SSO", "VPN", "AWS", "GCP",
})
_CAPS_TAG_RE = re.compile(r"[A-Z]{2,4}")
_TEAM_PHRASE_RE = re.compile(
    r"(?:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?\s+[Tt]eam|[Tt]eam\s+[A-Z][\w-]*)")
_LEAD_COLON_RE = re.compile(r"^(?P<tag>[*_]{0,2}[@\w][\w .&/-]{0,30}?[*_]{0,2})\s*:[*_]{0,2}\s+")


def _declared(name: str, names: frozenset[str]) -> bool:
    return name.lower() in names


def tag_owner(tag: str, names: frozenset[str] = frozenset()) -> str | None:
    """The owner a leading tag names (``[SRE]``, ``[DB]``, ``[Platform team]``), or None."""
    name = tag.strip().strip("*_").strip()
    if not name or len(name) > 40:
        return None
    if name[0] == "@":
        return name if HANDLE_RE.fullmatch(name) else None
    if _CAPS_TAG_RE.fullmatch(name):
        return None if name in NOT_TEAM_TAGS or name in _NOT_TICKET_KEYS else name
    if name.lower() in TEAM_WORDS:
        return name  # "[infra]": in a tag, a team word in any case
    return subject_name(name, names)


def subject_name(name: str, names: frozenset[str]) -> str | None:
    """``name`` when it surely names a team or a person (see TEAM_WORDS), else None."""
    if not name[:1].isupper() and name[:1] != "@":
        return None
    if name[0] == "@":
        return name if HANDLE_RE.fullmatch(name) else None
    if name.lower() in TEAM_WORDS or _declared(name, names) or _TEAM_PHRASE_RE.fullmatch(name):
        return name
    return None


# "Infra will run the upgrade", "Platform to build 4.0.3", "SRE and DB will …", "The
# Platform team owns …", "Infra upgraded the cluster": the subject, before its verb. A
# passive ("Data will be migrated") has no owner for a subject.
_SUBJECT_RE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<who>[@\w][\w.'&-]*(?:\s+(?:and\s+|&\s+)?[@\w][\w.'&-]*){0,3}?)"
    r"(?:\s+(?:will|shall|should|must|can|to|needs?\s+to|is\s+going\s+to|are\s+going\s+to|"
    r"is\s+to|are\s+to|(?:has|have)\s+(?=\w+ed\b))\s+(?!(?:be|been|not|never|have|also\s+be)\b)"
    r"|\s+(?:owns?|leads?|took|takes?)\s+|\s+(?=[a-z]{3,}ed\s))")
_SUBJECT_SPLIT_RE = re.compile(r"\s*(?:,|&|\band\b)\s*")


def subject_owner(text: str, names: frozenset[str]) -> str | None:
    """The team or person the sentence ``text`` starts with as its subject, or None.

    ``names`` are the document's declared names, lower-cased (``metadata.declared_names``)."""
    m = _SUBJECT_RE.match(text)
    if m is None:
        return None
    who = m.group("who")
    parts = [p for p in _SUBJECT_SPLIT_RE.split(who) if p]
    found = [subject_name(p, names) for p in parts]
    if not found or any(f is None for f in found):
        return None
    return ", ".join(f for f in found if f)


def lead_owner(description: str, names: frozenset[str]) -> str | None:
    """The owner an item without one names where it starts: a tag (``[SRE] …``, ``Infra:
    …``) or the sentence's subject ("Platform to build 4.0.3"). The text is left as written
    (the item's id comes from it, and the tag reads well in the issue's title)."""
    m = _LEAD_TAG_RE.match(description)
    if m:
        return tag_owner(m.group("tag"), names)
    m = _LEAD_COLON_RE.match(description) if ":" in description[:42] else None
    if m:
        owner = tag_owner(m.group("tag"), names)
        if owner is not None:
            return owner
    return subject_owner(description, names)


# Prefixes teams number their action items with ("AI-3", "FU-2"). Any other key leading an
# item ("[NOTIF-201] …", "OPS-12: …") is the tracking ticket pasted from Jira, not our id.
_ACTION_ID_PREFIXES = frozenset({
    "AI", "A", "AP", "ACT", "ACTION", "AIT", "FU", "FUP", "TODO", "TASK", "T", "ITEM", "R",
    "REM", "RA", "CA", "PA", "PMA", "PIR",
})
# "P1: …" / "**P1:** …" / "(P1): …": a priority tag, not part of the description.
_LEAD_PRIORITY_FIRST = frozenset("Pp*_(")
_LEAD_PRIORITY_RE = re.compile(
    r"^(?:\*\*|__)?\(?(?P<p>[Pp][0-4])\)?(?:\*\*|__)?\s*:(?:\*\*|__)?\s+")
_SEP_RE = re.compile(r"\s(?:—|–|-{1,2}|\|)\s")


def _has_sep_char(text: str) -> bool:
    """Whether ``text`` has a character every separator match needs (a cheap pre-test)."""
    return "-" in text or "|" in text or "—" in text or "–" in text


def _last_separator(body: str) -> tuple[int, int] | None:
    """(start, end) of the last `` — `` / `` - `` / `` | `` in ``body``."""
    found = None
    if not _has_sep_char(body):
        return None
    for m in _SEP_RE.finditer(body):
        found = (m.start(), m.end())
    return found


@dataclass
class ItemText:
    """An item's description (trailing metadata removed) and the fields read from it."""

    description: str
    fields: Fields
    explicit_id: str | None = None


# "**Owner:** Ana" / "__Due__: …": the emphasis is decoration of the key, not of the value.
_BOLD_KEY_RE = re.compile(
    r"(\*\*|__)((?i:" + alternation((*_FIELD_KEYS, *TICKET_KEYS), " ") + r"))(?::\1|\1:)")


def read_item(source: str, links: list[tuple[str, str]]) -> ItemText:
    """Description and fields of one list item (or a free-text table cell)."""
    text = source.strip()
    if "**" in text or "__" in text:
        text = _BOLD_KEY_RE.sub(r"\2:", text)
    fields = Fields()
    explicit_id: str | None = None
    # Strike-through of the whole text: done.
    m = _STRUCK_RE.fullmatch(text) if text.startswith("~~") else None
    if m:
        fields.status = "done"
        text = (m.group(1) + m.group(2)).strip()
    lead_ticket: str | None = None
    for _ in range(6):  # leading tags: id or ticket, status, priority, type
        m = _LEAD_ID_RE.match(text)
        if m and explicit_id is None and lead_ticket is None:
            key = m.group("a") or m.group("b")
            prefix = key.split("-", 1)[0]
            if prefix.isupper() and prefix not in _ACTION_ID_PREFIXES \
                    and prefix not in _NOT_TICKET_KEYS:
                lead_ticket = key  # a Jira-style project key
            else:
                explicit_id = key
            text = text[m.end():]
            continue
        m = _LEAD_PRIORITY_RE.match(text) \
            if fields.priority is None and text[:1] in _LEAD_PRIORITY_FIRST else None
        if m:
            fields.priority = m.group("p").upper()
            text = text[m.end():]
            continue
        m = _LEAD_STATUS_RE.match(text)
        if m:
            fields.status = fields.status or normalise_status(m.group("emoji") or m.group("word"))
            text = text[m.end():]
            continue
        m = _LEAD_TAG_RE.match(text)
        if m:
            got = _classify_group(m.group("tag"), links)
            if got is not None and (got.owner is None):
                fields.merge(got)
                text = text[m.end():]
                continue
        break
    # Trailing groups and separated tails, innermost last.
    for _ in range(6):
        stripped = text.rstrip()
        body = stripped.rstrip(".;, ")
        m = _EMPHASIS_GROUP_RE.search(body) if body[-2:] in (")_", ")*") else None
        if m:  # "… _(Ana)_": the group in italics
            got = _classify_group(m.group("inner"), links)
            if got is not None:
                fields.merge(got)
                text = body[: m.start()].rstrip()
                continue
        group = _trailing_group(body)
        if group is not None and not group[0].strip() and group[1].startswith("["):
            # The whole item is a link to its ticket: the link text is the description.
            got = _classify_group(group[1], links)
            m = _LINK_TEXT_RE.match(group[1])
            if got is not None and got.ticket and m:
                fields.merge(got)
                text = m.group(1)
                continue
            break
        if group is not None:
            got = _classify_group(group[1], links)
            if got is not None:
                fields.merge(got)
                text = group[0].rstrip()
                continue
        sep = _last_separator(body)
        if sep is not None:
            got = _classify_group(body[sep[1]:], links)
            if got is not None:
                fields.merge(got)
                text = body[: sep[0]].rstrip()
                continue
        m = _TRAIL_AUTOLINK_RE.search(body) if body.endswith(">") else None
        if m and is_ticket_url(m.group(1)):
            fields.ticket = fields.ticket or m.group(1)
            text = body[: m.start()].rstrip()
            continue
        parts = _split_parts(body[-80:]) if ("," in body[-80:] or ";" in body[-80:]) else []
        if len(parts) > 1:
            got = classify_part(parts[-1], links)
            if got is not None and (got.owner is None or _OWNER_WORD_RE.match(parts[-1])
                                    or got.owner.startswith("@")):
                fields.merge(got)
                text = body[: len(body) - len(parts[-1]) - 1].rstrip()
                continue
        tail = _trailing_tokens(body, links)
        if tail is not None:
            fields.merge(tail[1])
            text = tail[0]
            continue
        m = _TRAIL_OWNER_RE.search(body) if ":" in body else None
        if m:  # "… Owner: Bo Chen" closing the sentence
            got = classify_part(m.group("part"), links)
            if got is not None and got.owner:
                fields.merge(got)
                text = body[: m.start()].rstrip()
                continue
        break
    m = _LEAD_SEP_RE.match(text) if _has_sep_char(text) else None
    if m:
        got = _classify_group(m.group("head"), links)
        if got is not None and not (got.owner and _starts_with_verb(m.group("head"))):
            fields.merge(got)
            text = text[m.end():]
    if lead_ticket is not None:
        fields.ticket = _lead_ticket(lead_ticket, fields.ticket, links)
    text = " ".join(text.split()).rstrip(",;:-–— ").strip()  # split() agrees with \s
    _read_inside(text, text, links, fields)
    return ItemText(text, fields, explicit_id)


# A last word that may be metadata starts like one, or holds a digit (two patterns: the
# digit search alone can skip ahead to candidate characters).
_TOKEN_HINT_RE = re.compile(r"[@#\[(<*✅✔☑✓]|P[0-4]$|https?:|[A-Z]{2,}")
_DIGIT_RE = re.compile(r"\d")
_HINT_WORDS = set(PRIORITY_WORDS) | set(TYPE_WORDS) | set(_DONE_OR_OPEN)
# Spaces as written: these read the item before its spaces are made single.
_OWNER_WORD_RE = re.compile(r"(?i)^\s*" + alternation(OWNER_PART_KEYS, " ") + r"\b")
_OWNER_LABEL_RE = re.compile(r"(?i)[*_]{0,2}" + alternation(OWNER_KEYS) + r"[*_]{0,2}:[*_]{0,2}")
_TRAIL_OWNER_RE = re.compile(
    r"(?i)(?:^|\s)(?P<part>" + alternation(OWNER_KEYS, " ") + r"\s*:\s*[^:,;|—–()\[\]\d]{1,40})$")
_LEAD_SEP_RE = re.compile(r"^(?P<head>[^—–|]{1,60}?)\s+(?:—|–|-{1,2}|\|)\s+")
_EMPHASIS_GROUP_RE = re.compile(r"(?:^|\s)(?P<em>[*_]{1,2})\((?P<inner>[^()]*)\)(?P=em)$")
# Verbs action items start with: "Upgrade Postgres — the primary …" names a task, not an owner.
_ACTION_VERBS = frozenset({
    "add", "adjust", "alert", "audit", "automate", "backfill", "build", "bump", "cap", "change",
    "check", "clean", "configure", "create", "decommission", "define", "delete", "deploy",
    "deprecate", "detect", "disable", "document", "enable", "enforce", "ensure", "establish",
    "evaluate", "expand", "expose", "extend", "fix", "implement", "improve", "increase", "install",
    "introduce", "investigate", "limit", "lower", "migrate", "monitor", "move", "page", "patch",
    "pin", "publish", "raise", "reduce", "refactor", "remove", "rename", "replace", "restore",
    "retire", "review", "revert", "rewrite", "rotate", "run", "scale", "schedule", "set", "share",
    "split", "stage", "switch", "test", "track", "train", "tune", "update", "upgrade", "validate",
    "verify", "write",
    "adopt", "assign", "clarify", "communicate", "consider", "explore", "harden", "isolate", "make",
    "prevent", "provide", "redesign", "require", "restrict", "rework", "separate", "standardise",
    "standardize", "start", "stop", "use",
})


def _lead_ticket(key: str, found: str | None, links: list[tuple[str, str]]) -> str:
    """The ticket of an item led by ``[KEY-12]``: the key names it, so a ticket found at the
    end of the item ("(#45)", often the fixing PR) does not replace it; a link to the key's
    own page ("…/browse/KEY-12") is the same ticket, resolved."""
    if found is not None and key in found:
        return found
    for _text, href in links:
        if key in href:
            return href
    return key


def _starts_with_verb(text: str) -> bool:
    words = text.split(None, 1)
    return bool(words) and words[0].lower() in _ACTION_VERBS


def starts_with_action_verb(text: str) -> bool:
    """The text is an imperative ("Add an alert …"): it starts with a verb tasks start with."""
    return _starts_with_verb(text)


def _trailing_tokens(body: str, links: list[tuple[str, str]]) -> tuple[str, Fields] | None:
    """The shortest run of last words that is metadata (``@ana``, ``P1``, ``due 2026-03-01``).

    Bare capitalised words are not taken as owners here: at the end of a sentence they are
    far more often part of it ("talk to Support").
    """
    words = body.split(" ")
    last = words[-1]
    if not (_TOKEN_HINT_RE.match(last) or _DIGIT_RE.search(last)) \
            and last.lower().strip("[]().*") not in _HINT_WORDS:
        return None
    for count in range(1, min(5, len(words))):
        tail = " ".join(words[-count:])
        got = classify_part(tail, links)
        if got is None:
            continue
        if got.due_text is not None and not _DUE_ONLY_RE.match(tail.split(" ")[0] + " "):
            continue  # "for Q4 2026" stays in the sentence; "target Q4 2026" is a due
        if got.due is not None or got.impossible_dates:
            while count < len(words) - 1 and _DUE_ONLY_RE.match(words[-count - 1]):
                count += 1
        if got.owner is not None and not got.owner.startswith("@"):
            continue
        if got.owner is not None and count < len(words) - 1 \
                and _OWNER_LABEL_RE.fullmatch(words[-count - 1]) \
                and words[-count - 2][-1:] in ".;!)":
            count += 1  # "… communication. Owner: @ana": the label goes with its handle
        if got.type is not None:
            continue  # "Development of release process": a bare type word is the sentence's
        if got.status is not None and tail.islower() and tail.replace(" ", "").isalpha() \
                and count < len(words) and words[-count - 1].isalpha() \
                and words[-count - 1].islower():
            continue  # "… call it resolved": a lower-case word ending the sentence
        if got.due is None and not got.impossible_dates and tail.lower().startswith(
                ("due", "by", "before")) is False and got.ticket is not None \
                and not tail.startswith("http"):
            continue  # a bare reference at the end of a sentence stays in the sentence
        return " ".join(words[:-count]).rstrip(), got
    return None


# The longest ``_DUE_KEY_RE`` match whose spaces are single ("no later than : on ") is 19
# characters; the window is wider.
_DUE_KEY_WINDOW = 48


def _due_key_before(text: str, end: int) -> bool:
    """``_DUE_KEY_RE.search(text[:end])``, reading only the last characters before ``end``.

    Searching the whole prefix once per date of an item is quadratic in the number of
    dates. The regex ends at ``end`` (``$``), and when the window before it has no
    whitespace but single spaces (item text always; ``isprintable`` is False for any other
    whitespace), a match cannot be longer than the window: it lies inside. ``\\b`` still
    sees the character before the window (``search`` with ``pos`` does)."""
    start = max(0, end - _DUE_KEY_WINDOW)
    window = text[start:end]
    if start and (not window.isprintable() or "  " in window):
        start = 0
    return _DUE_KEY_RE.search(text, start, end) is not None


def _exact_piece(word: str) -> str:
    """The longest piece of ``word`` without the letters (i, s, k) that ignore-case patterns
    also match in non-ASCII forms: a text the keyword matches in holds the piece."""
    return max(re.split("[iks]", word), key=len)


# An item text has single spaces, so a keyword's spaces are spaces there.
_DUE_PIECES = tuple(sorted({_exact_piece(w) for w in _DUE_BEFORE_DATE}))


def _read_inside(text: str, source: str, links: list[tuple[str, str]], fields: Fields) -> None:
    """Metadata written inside the sentence: keyed fields, @handles, due phrases, tickets."""
    keyed = ":" in text or "=" in text  # every "key: value" pattern below needs one
    if fields.owner is None:
        m = _OWNER_KEY_RE.search(text) if keyed else None
        if m:  # "Owner: Ana." ends a sentence: the period is not part of the name
            fields.owner = _NAME_STOP_RE.sub("", clean(m.group(1)))
        elif "@" in text:
            h = HANDLE_RE.search(text)
            if h:
                fields.owner = "@" + h.group(1)
    # A due date or timeframe inside the sentence needs a due keyword before it; these
    # lower-case pieces of the keywords avoid the letters (i, s, k) that ignore-case regexes
    # also match in non-ASCII forms, so the test is exact.
    low = text.lower()
    due_word = any(piece in low for piece in _DUE_PIECES)
    if fields.due is None and due_word:
        for found in find_dates(text):
            if _due_key_before(text, found.start):
                if found.impossible:
                    fields.impossible_dates.append(found.raw)
                else:
                    fields.due = found.value
                break
    if fields.due is None and fields.due_text is None and due_word:
        frame = find_timeframe(text)
        if frame:
            start = text.find(frame)
            if _due_key_before(text, start):
                fields.due_text = frame
    if fields.priority is None:
        m = _PRIORITY_KEY_RE.search(text) if keyed else None
        if m:
            fields.priority = normalise_priority(m.group(1))
        elif "P" in text:
            p = _P_RE.search(text)
            if p:
                fields.priority = f"P{p.group(1)}"
    if fields.type is None and keyed:
        m = _TYPE_KEY_RE.search(text)
        if m:
            fields.type = normalise_type(m.group(1))
    if fields.status is None and keyed:
        m = _STATUS_KEY_RE.search(text)
        if m:
            fields.status = normalise_status(m.group(1))
    if fields.ticket is None:
        fields.ticket = link_ticket(links) or text_ticket(source)


# Past tense reports of finished work ("Removed the legacy credentials", "We improved the
# alert", "The exporter now runs on every node"): the item is done. Only an item's own
# wording is read, and only when nothing else (a checkbox, a status word or column, its
# group) gives its status. Verbs in the past tense that are not reports of work done:
_NOT_DONE_PAST = frozenset({
    "need", "needed", "planned", "proposed", "suggested", "requested", "required", "expected",
    "scheduled", "delayed", "blocked", "related", "based", "detailed", "dedicated", "advanced",
    "unused", "limited", "speed", "feed", "seed", "embed", "shred", "hundred",
    "proceed", "succeed", "exceed", "bleed", "breed", "shed", "red", "bed", "wed", "unrelated",
    "intended", "desired", "supposed", "assumed", "considered", "discussed", "recommended",
    "preferred", "unexpected", "undocumented", "untested",
})
# Participles that also serve as adjectives ("Improved alerting for the queue" names a
# deliverable): past tense only with an object after them ("Improved the alert").
_ADJECTIVE_PAST = frozenset({
    "automated", "improved", "enhanced", "increased", "reduced", "extended", "expanded",
    "centralized", "centralised", "unified", "simplified", "standardized", "standardised",
    "structured", "distributed", "integrated", "shared", "managed", "versioned", "isolated",
    "hardened", "consolidated", "refined", "optimized", "optimised", "better", "enriched",
})
_IRREGULAR_PAST = frozenset({
    "built", "rebuilt", "wrote", "rewrote", "made", "ran", "reran", "took", "gave", "sent",
    "began", "found", "held", "kept", "led", "brought", "bought", "chose", "drew", "drove",
    "got", "laid", "sought", "spent", "taught", "told", "undertook", "withdrew", "did",
    "redid", "undid", "overrode", "froze", "hid", "dealt", "spun", "wound", "threw", "broke",
    "spoke", "rolled", "shipped",
})
_OBJECT_WORDS = frozenset({
    "the", "a", "an", "our", "all", "its", "their", "this", "these", "those", "each", "every",
    "some", "any", "it", "them", "both", "his", "her", "my",
})
_DONE_SUBJECTS = frozenset({"we", "we've", "i", "i've", "team"})
# The subject's own verb: a clause ("issues that have been created", "once it is now …")
# before it is not a report.
_MAIN_CLAUSE = r"^(?:(?!\b(?:that|which|who|if|when|once|until|whether|after)\b)[^.;:]){0,80}?"
_DONE_PASSIVE_RE = re.compile(
    _MAIN_CLAUSE + r"\b(?:has|have) (?:now |already )?been (?:[a-z]{3,}ed|done|built|made|"
    r"rewritten|written|set up|rolled out)\b|" + _MAIN_CLAUSE + r"\b(?:is|are) now\b|"
    + _MAIN_CLAUSE + r"\bnow\s+(?!needs\b|seems\b|has to\b|have to\b)[a-z]{3,}s\b",
    re.IGNORECASE)
_LEAD_TAGS_RE = re.compile(r"^(?:\[[^\]\[]{1,20}\]\s*)+")
# An adverb between the subject and its verb ("We've significantly tightened …").
_ADVERB_RE = re.compile(r"^[a-z]{3,}ly$")
# Prefixes written with a hyphen before a verb ("Re-worked", "Pre-provisioned").
_VERB_PREFIXES = frozenset({"re", "pre", "co", "de", "auto", "double", "cross", "over"})


def worded_status(text: str) -> str | None:
    """``done`` when the item reports finished work in the past tense, else None."""
    text = _LEAD_TAGS_RE.sub("", text.strip()).replace("\u2019", "'")
    words = text.split(None, 8)
    if not words or not words[0][:1].isalpha():
        return None
    first = words[0].lower()
    if first in _DONE_SUBJECTS or (first == "the" and len(words) > 1
                                    and words[1].lower() == "team"):
        words = words[2:] if first == "the" else words[1:]
        # "We have already …", "We've significantly tightened the release workflow"
        while words and (words[0].lower() in ("have", "has", "already", "also", "then", "now")
                         or _ADVERB_RE.match(words[0])):
            words = words[1:]
    elif first in ("have", "has", "already"):
        words = words[1:]
    elif not words[0][0].isupper():
        return None
    if words and _is_past(words[0].lower().rstrip(",.;:"), words[1:2]):
        return "done"
    if _starts_with_verb(text):
        return None  # an imperative ("Make sure the job now runs …") is work to do
    return "done" if _DONE_PASSIVE_RE.search(text) else None


def _is_past(word: str, after: list[str]) -> bool:
    prefix, _, rest = word.partition("-")
    if rest and prefix in _VERB_PREFIXES:
        word = rest  # "Re-worked the secrets management", "Pre-provisioned spare nodes"
    if word in _IRREGULAR_PAST:
        return True
    if len(word) < 5 or not word.endswith("ed") or word in _NOT_DONE_PAST \
            or not word.isalpha():
        return False
    if word in _ADJECTIVE_PAST:
        return bool(after) and after[0].lower() in _OBJECT_WORDS
    return True
