"""One field's value: normalising a priority, type or status word, finding a ticket in a
text or among an item's links, and the :class:`Fields` an item or cell carries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from action_tracker.parsing.fields.vocabulary import (
    ACTION_VERBS,
    CANCELLED_WORDS,
    DONE_WORDS,
    NOT_YET_LEADS,
    OPEN_WORDS,
    PRIORITY_WORDS,
    TYPE_WORDS,
    alternation,
)

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
_SEV_RE = re.compile(r"(?i)^sev(?:erity)?[\s-]?([0-4])$")
# Compiled once (``re``'s own cache lookup costs more than most of these matches).
_NOT_STATUS_CHAR_RE = re.compile(r"[^\w\s✅✔☑✓❌⏳\[\]]")
_P_PRIORITY_RE = re.compile(r"(?i)p\s?([0-4])(?:\s*[-:(].*)?")


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
_NEGATED_RE = re.compile(r"\b" + alternation(NOT_YET_LEADS) + r"\s+$")
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



_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def _has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, without the per-character loop for ASCII text."""
    if text.isascii():
        return _ASCII_DIGIT_RE.search(text) is not None
    return any(c.isdigit() for c in text)



def starts_with_action_verb(text: str) -> bool:
    """The text is an imperative ("Add an alert …"): it starts with a verb tasks start with."""
    words = text.split(None, 1)
    return bool(words) and words[0].lower() in ACTION_VERBS
