"""An item's description and fields: strip leading readers, strip trailing readers, read
inside.

- Leading readers (``_LEAD_READERS``) take an id, ticket key, priority, status or tag off the
  start of the item, in any order, up to six times.
- Trailing readers (``_TRAIL_READERS``) take metadata off the end, innermost last: a group
  in parentheses or brackets, the text after the last " — ", an autolink, a last
  comma-separated part, last words, an "Owner: …" label.
- Then what is left is the description, and the sentence is read inside
  (``_INSIDE_READERS``) for fields written in it ("… Owner: Ana …", "… by 2026-03-01").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from action_tracker.parsing.dates import find_dates, find_timeframe
from action_tracker.parsing.fields.owners import LEAD_TAG_RE
from action_tracker.parsing.fields.parts import (
    DUE_ONLY_RE,
    OWNER_KEY_RE,
    _classify_group,
    _split_parts,
    classify_part,
)
from action_tracker.parsing.fields.values import (
    _DONE_OR_OPEN,
    _NOT_TICKET_KEYS,
    HANDLE_RE,
    Fields,
    clean,
    is_ticket_url,
    link_ticket,
    normalise_priority,
    normalise_status,
    normalise_type,
    starts_with_action_verb,
    text_ticket,
)
from action_tracker.parsing.fields.vocabulary import (
    ACTION_ID_PREFIXES,
    DUE_BEFORE_DATE,
    FIELD_KEYS,
    LEAD_STATUS_TAGS,
    OWNER_KEYS,
    OWNER_PART_KEYS,
    PRIORITY_KEYS,
    PRIORITY_WORDS,
    STATUS_KEYS,
    STATUS_MARKS,
    TICKET_KEYS,
    TYPE_KEYS,
    TYPE_WORDS,
    alternation,
)

_DUE_KEY_RE = re.compile(
    r"(?i)\b" + alternation(DUE_BEFORE_DATE) + r"\s*[:=]?\s*(?:on\s+)?$")
_PRIORITY_KEY_RE = re.compile(r"(?i)\b" + alternation(PRIORITY_KEYS) + r"\s*[:=]\s*([\w-]+)")
_TYPE_KEY_RE = re.compile(r"(?i)\b" + alternation(TYPE_KEYS) + r"\s*[:=]\s*([\w-]+)")
_STATUS_KEY_RE = re.compile(
    r"(?i)\b" + alternation(STATUS_KEYS) + r"\s*[:=]\s*([\w -]+?)(?=$|[,;|)\]])")
_P_RE = re.compile(r"(?<![\w-])P([0-4])(?![\w-])")
_STRUCK_RE = re.compile(r"~~(.+?)~~(.*)")
_LINK_TEXT_RE = re.compile(r"\[(.*)\]")
_TRAIL_AUTOLINK_RE = re.compile(r"\s<(https?://[^>\s]+)>$")
_NAME_STOP_RE = re.compile(r"(?<=\w\w)\.$")


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
_LEAD_ID_RE = re.compile(r"^(?:\[(?P<a>[A-Za-z][A-Za-z0-9]*-\d+)\]|(?P<b>[A-Z][A-Z0-9]*-\d+):)\s*")


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
    r"(\*\*|__)((?i:" + alternation((*FIELD_KEYS, *TICKET_KEYS), " ") + r"))(?::\1|\1:)")


@dataclass(slots=True)
class _Reading:
    """An item being read: the text its readers have not taken yet, and what they found."""

    text: str
    links: list[tuple[str, str]]
    fields: Fields = field(default_factory=Fields)
    explicit_id: str | None = None
    lead_ticket: str | None = None  # "[OPS-12] …": a Jira key leading the item


def read_item(source: str, links: list[tuple[str, str]]) -> ItemText:
    """Description and fields of one list item (or a free-text table cell)."""
    text = source.strip()
    if "**" in text or "__" in text:
        text = _BOLD_KEY_RE.sub(r"\2:", text)
    item = _Reading(text, links)
    _struck_through(item)
    _read_leading(item)
    _read_trailing(item)
    _lead_separated(item)
    fields = item.fields
    if item.lead_ticket is not None:
        fields.ticket = _lead_ticket(item.lead_ticket, fields.ticket, links)
    text = " ".join(item.text.split()).rstrip(",;:-–— ").strip()  # split() agrees with \s
    sentence = _Sentence(text, links)
    for inside_reader in _INSIDE_READERS:
        inside_reader(sentence, fields)
    return ItemText(text, fields, item.explicit_id)


def _read_leading(item: _Reading) -> None:
    """Leading tags, in any order (id or ticket, priority, status, tag), up to six."""
    for _ in range(6):
        for reader in _LEAD_READERS:
            if reader(item):
                break
        else:
            return


def _read_trailing(item: _Reading) -> None:
    """Trailing groups and separated tails, innermost last, up to six."""
    for _ in range(6):
        body = item.text.rstrip().rstrip(".;, ")
        for reader in _TRAIL_READERS:
            took = reader(item, body)
            if took is not False:
                break
        if not took:
            return


def _struck_through(item: _Reading) -> None:
    """``~~Add the alert~~``: strike-through of the whole text says done."""
    m = _STRUCK_RE.fullmatch(item.text) if item.text.startswith("~~") else None
    if m:
        item.fields.status = "done"
        item.text = (m.group(1) + m.group(2)).strip()


# Leading readers: each takes one thing off the start of ``item.text`` and says whether it
# did; the first that does starts the next round.

def _lead_id(item: _Reading) -> bool:
    """``[AI-3] …``, ``FU-2: …``: the item's own id; ``[OPS-12] …``: its ticket's key."""
    m = _LEAD_ID_RE.match(item.text)
    if m is None or item.explicit_id is not None or item.lead_ticket is not None:
        return False
    key = m.group("a") or m.group("b")
    prefix = key.split("-", 1)[0]
    if prefix.isupper() and prefix not in ACTION_ID_PREFIXES and prefix not in _NOT_TICKET_KEYS:
        item.lead_ticket = key  # a Jira-style project key
    else:
        item.explicit_id = key
    item.text = item.text[m.end():]
    return True


def _lead_priority(item: _Reading) -> bool:
    """``P1: …``, ``**P1:** …``, ``(P1): …``."""
    if item.fields.priority is not None or item.text[:1] not in _LEAD_PRIORITY_FIRST:
        return False
    m = _LEAD_PRIORITY_RE.match(item.text)
    if m is None:
        return False
    item.fields.priority = m.group("p").upper()
    item.text = item.text[m.end():]
    return True


def _lead_status(item: _Reading) -> bool:
    """``✅ …``, ``DONE: …``, ``[WIP] …``."""
    m = _LEAD_STATUS_RE.match(item.text)
    if m is None:
        return False
    status = normalise_status(m.group("emoji") or m.group("word"))
    item.fields.status = item.fields.status or status
    item.text = item.text[m.end():]
    return True


def _lead_tag(item: _Reading) -> bool:
    """``[P1] …``, ``[prevent][high] …``: a tag that is metadata (a team tag is left for
    ``owners.lead_owner``, which reads it with the document's names)."""
    m = LEAD_TAG_RE.match(item.text)
    if m is None:
        return False
    got = _classify_group(m.group("tag"), item.links)
    if got is None or got.owner is not None:
        return False
    item.fields.merge(got)
    item.text = item.text[m.end():]
    return True


_LEAD_READERS: tuple[Callable[[_Reading], bool], ...] = (
    _lead_id, _lead_priority, _lead_status, _lead_tag)


def _lead_separated(item: _Reading) -> None:
    """``Ana — Fix the alert``: a head before the first dash or bar that is metadata. Read
    once the tail is gone (the dash before a trailing "— @ana" is not this one)."""
    m = _LEAD_SEP_RE.match(item.text) if _has_sep_char(item.text) else None
    if m is None:
        return
    got = _classify_group(m.group("head"), item.links)
    if got is not None and not (got.owner and starts_with_action_verb(m.group("head"))):
        item.fields.merge(got)
        item.text = item.text[m.end():]


# Trailing readers: each looks at ``body`` (the text without its closing punctuation) and
# returns True when it took metadata off the end, False when the end is not its shape, and
# None when the end is certainly not metadata (reading the tail stops).

def _take(item: _Reading, got: Fields, rest: str) -> bool:
    item.fields.merge(got)
    item.text = rest
    return True


def _trail_emphasis_group(item: _Reading, body: str) -> bool | None:
    """``… _(Ana)_``: a group in italics."""
    m = _EMPHASIS_GROUP_RE.search(body) if body[-2:] in (")_", ")*") else None
    got = _classify_group(m.group("inner"), item.links) if m else None
    return m is not None and got is not None and _take(item, got, body[: m.start()].rstrip())


def _trail_group(item: _Reading, body: str) -> bool | None:
    """``… (Ana, 2026-03-01)``, ``… [high]``, ``… [#12](…)``; or the whole item a link to
    its ticket, whose text is then the description."""
    group = _trailing_group(body)
    if group is None:
        return False
    before, inner = group
    got = _classify_group(inner, item.links)
    if not before.strip() and inner.startswith("["):
        m = _LINK_TEXT_RE.match(inner)
        if got is not None and got.ticket and m:
            return _take(item, got, m.group(1))
        return None
    return got is not None and _take(item, got, before.rstrip())


def _trail_separated(item: _Reading, body: str) -> bool | None:
    """``… — @ana, P2``, ``… | done``: the text after the last dash or bar."""
    sep = _last_separator(body)
    got = _classify_group(body[sep[1]:], item.links) if sep is not None else None
    return sep is not None and got is not None and _take(item, got, body[: sep[0]].rstrip())


def _trail_autolink(item: _Reading, body: str) -> bool | None:
    """``… <https://…/issues/7>``: the ticket."""
    m = _TRAIL_AUTOLINK_RE.search(body) if body.endswith(">") else None
    if m is None or not is_ticket_url(m.group(1)):
        return False
    item.fields.ticket = item.fields.ticket or m.group(1)
    item.text = body[: m.start()].rstrip()
    return True


def _trail_last_part(item: _Reading, body: str) -> bool | None:
    """``…, due 2026-03-01``, ``…; owner: Bo``: the last comma-separated part (a bare name
    there is the sentence's, unless it is a handle or has its key)."""
    end = body[-80:]
    parts = _split_parts(end) if ("," in end or ";" in end) else []
    if len(parts) < 2:
        return False
    last = parts[-1]
    got = classify_part(last, item.links)
    if got is None or not (got.owner is None or _OWNER_WORD_RE.match(last)
                           or got.owner.startswith("@")):
        return False
    return _take(item, got, body[: len(body) - len(last) - 1].rstrip())


def _trail_words(item: _Reading, body: str) -> bool | None:
    """``… @ana P1``, ``… due 2026-03-01``: the last words (see ``_trailing_tokens``)."""
    tail = _trailing_tokens(body, item.links)
    return tail is not None and _take(item, tail[1], tail[0])


def _trail_owner_label(item: _Reading, body: str) -> bool | None:
    """``… Owner: Bo Chen`` closing the sentence."""
    m = _TRAIL_OWNER_RE.search(body) if ":" in body else None
    got = classify_part(m.group("part"), item.links) if m else None
    return (m is not None and got is not None and bool(got.owner)
            and _take(item, got, body[: m.start()].rstrip()))


_TRAIL_READERS: tuple[Callable[[_Reading, str], bool | None], ...] = (
    _trail_emphasis_group, _trail_group, _trail_separated, _trail_autolink, _trail_last_part,
    _trail_words, _trail_owner_label,
)


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
        if got is None or _stays_in_sentence(got, tail):
            continue
        count = _with_key_before(got, words, count)
        if got.status is not None and tail.islower() and tail.replace(" ", "").isalpha() \
                and count < len(words) and words[-count - 1].isalpha() \
                and words[-count - 1].islower():
            continue  # "… call it resolved": a lower-case word ending the sentence
        return " ".join(words[:-count]).rstrip(), got
    return None


def _stays_in_sentence(got: Fields, tail: str) -> bool:
    """Last words that read as metadata but belong to the sentence: a timeframe without a
    due key ("for Q4 2026"; "target Q4 2026" is a due), a name that is not a handle, a bare
    type word ("Development of release process"), a bare reference."""
    if got.due_text is not None and not DUE_ONLY_RE.match(tail.split(" ")[0] + " "):
        return True
    if (got.owner is not None and not got.owner.startswith("@")) or got.type is not None:
        return True
    return (got.due is None and not got.impossible_dates and got.ticket is not None
            and not tail.lower().startswith(("due", "by", "before"))
            and not tail.startswith("http"))


def _with_key_before(got: Fields, words: list[str], count: int) -> int:
    """``count`` grown over the key words before the value: "due by 2026-03-01", and "…
    communication. Owner: @ana", where the label goes with its handle."""
    if got.due is not None or got.impossible_dates:
        while count < len(words) - 1 and DUE_ONLY_RE.match(words[-count - 1]):
            count += 1
    if got.owner is not None and count < len(words) - 1 \
            and _OWNER_LABEL_RE.fullmatch(words[-count - 1]) \
            and words[-count - 2][-1:] in ".;!)":
        count += 1
    return count


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


# An item text has single spaces, so a keyword's spaces are spaces there. The most frequent
# first ("by" and "due" are in most items that have one).
_DUE_PIECES = tuple(sorted({_exact_piece(w) for w in DUE_BEFORE_DATE}, key=len))


def _has_due_word(low: str) -> bool:
    for piece in _DUE_PIECES:  # noqa: SIM110 (a generator costs more: this runs per item)
        if piece in low:
            return True
    return False


@dataclass(slots=True)
class _Sentence:
    """The description, as the inside readers look at it."""

    text: str
    links: list[tuple[str, str]]
    # Every "key: value" pattern needs one of these.
    keyed: bool = field(init=False)
    # A due date or timeframe inside the sentence needs a due keyword before it; these
    # lower-case pieces of the keywords avoid the letters (i, s, k) that ignore-case
    # patterns also match in non-ASCII forms, so the test is exact.
    due_word: bool = field(init=False)

    def __post_init__(self) -> None:
        self.keyed = ":" in self.text or "=" in self.text
        self.due_word = _has_due_word(self.text.lower())


# Inside readers: metadata written inside the sentence is read and left in place; each
# fills its field when nothing before filled it.

def _inside_owner(s: _Sentence, fields: Fields) -> None:
    """``… Owner: Ana …``, else the first ``@handle``."""
    if fields.owner is not None:
        return
    m = OWNER_KEY_RE.search(s.text) if s.keyed else None
    if m:  # "Owner: Ana." ends a sentence: the period is not part of the name
        fields.owner = _NAME_STOP_RE.sub("", clean(m.group(1)))
    elif "@" in s.text:
        h = HANDLE_RE.search(s.text)
        if h:
            fields.owner = "@" + h.group(1)


def _inside_due(s: _Sentence, fields: Fields) -> None:
    """``… by 2026-03-01``: the first date after a due keyword; else ``… by Q3``."""
    if fields.due is not None or not s.due_word:
        return
    for found in find_dates(s.text):
        if _due_key_before(s.text, found.start):
            if found.impossible:
                fields.impossible_dates.append(found.raw)
            else:
                fields.due = found.value
            break
    if fields.due is None and fields.due_text is None:
        frame = find_timeframe(s.text)
        if frame and _due_key_before(s.text, s.text.find(frame)):
            fields.due_text = frame


def _inside_priority(s: _Sentence, fields: Fields) -> None:
    """``… priority: high …``, else a ``P1`` word."""
    if fields.priority is not None:
        return
    m = _PRIORITY_KEY_RE.search(s.text) if s.keyed else None
    if m:
        fields.priority = normalise_priority(m.group(1))
    elif "P" in s.text:
        p = _P_RE.search(s.text)
        if p:
            fields.priority = f"P{p.group(1)}"


def _inside_type(s: _Sentence, fields: Fields) -> None:
    """``… type: detect …``."""
    m = _TYPE_KEY_RE.search(s.text) if fields.type is None and s.keyed else None
    if m:
        fields.type = normalise_type(m.group(1))


def _inside_status(s: _Sentence, fields: Fields) -> None:
    """``… status: done …``."""
    m = _STATUS_KEY_RE.search(s.text) if fields.status is None and s.keyed else None
    if m:
        fields.status = normalise_status(m.group(1))


def _inside_ticket(s: _Sentence, fields: Fields) -> None:
    """A link to a ticket, else a reference or ticket URL written in the text."""
    if fields.ticket is None:
        fields.ticket = link_ticket(s.links) or text_ticket(s.text)


_INSIDE_READERS: tuple[Callable[[_Sentence, Fields], None], ...] = (
    _inside_owner, _inside_due, _inside_priority, _inside_type, _inside_status, _inside_ticket)
