"""The owner an item without one names where it starts: a leading tag or the subject."""

from __future__ import annotations

import re

from action_tracker.parsing.fields.values import _NOT_TICKET_KEYS, HANDLE_RE

LEAD_TAG_RE = re.compile(r"^\[(?P<tag>[^\]\[]{1,20})\](?:\s+|(?=\[))")
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
    m = LEAD_TAG_RE.match(description)
    if m:
        return tag_owner(m.group("tag"), names)
    m = _LEAD_COLON_RE.match(description) if ":" in description[:42] else None
    if m:
        owner = tag_owner(m.group("tag"), names)
        if owner is not None:
            return owner
    return subject_owner(description, names)


