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
from dataclasses import dataclass

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
    r"(\*\*|__)((?i:" + alternation((*FIELD_KEYS, *TICKET_KEYS), " ") + r"))(?::\1|\1:)")


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
        m = LEAD_TAG_RE.match(text)
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
        if got is not None and not (got.owner and starts_with_action_verb(m.group("head"))):
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
        if got is None:
            continue
        if got.due_text is not None and not DUE_ONLY_RE.match(tail.split(" ")[0] + " "):
            continue  # "for Q4 2026" stays in the sentence; "target Q4 2026" is a due
        if got.due is not None or got.impossible_dates:
            while count < len(words) - 1 and DUE_ONLY_RE.match(words[-count - 1]):
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
_DUE_PIECES = tuple(sorted({_exact_piece(w) for w in DUE_BEFORE_DATE}))


def _read_inside(text: str, source: str, links: list[tuple[str, str]], fields: Fields) -> None:
    """Metadata written inside the sentence: keyed fields, @handles, due phrases, tickets."""
    keyed = ":" in text or "=" in text  # every "key: value" pattern below needs one
    if fields.owner is None:
        m = OWNER_KEY_RE.search(text) if keyed else None
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
