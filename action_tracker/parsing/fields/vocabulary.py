"""The words the field readers know, as data.

Each list is written once; every pattern that matches its words is built from it with
:func:`alternation`, so a word added here is read everywhere that list is read (the tests in
``tests/parser/test_vocabulary.py`` check each list in each place it serves). Lists that
extend another one say where and why: a word like "who" or "by" is a key in some places and
an ordinary word in others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- keys written "Key: value" -------------------------------------------------------------
# Read in an item ("Owner: Ana", "(owner: @ana)", "— assignee: Bo"), on a sub-bullet of its
# own ("- **Owner:** Ana"), and with the key in bold ("**DRI:** Ana").
OWNER_KEYS = ("owner", "owners", "assignee", "assignees", "assigned to", "dri")
# In a metadata part or group the question word is a key too ("(who: Ana)"); in a sentence
# "who" is an ordinary word.
OWNER_PART_KEYS = (*OWNER_KEYS, "who")
# Inside a sentence "Responsible: Ana" names the owner; as a part it is read as prose.
OWNER_SENTENCE_KEYS = (*OWNER_KEYS, "responsible")
DUE_KEYS = ("due", "due date", "deadline", "eta", "target", "target date")
# Words that introduce a due date without a colon ("… by 2026-03-01").
DUE_PREPOSITIONS = ("by", "before")
# Read before a date inside a sentence ("… no later than 2026-03-01") only.
DUE_SENTENCE_ONLY = ("no later than",)
# Every word read before a date inside a sentence as making it a due date.
DUE_BEFORE_DATE = (*DUE_KEYS, *DUE_PREPOSITIONS, *DUE_SENTENCE_ONLY)
# A word that ends the list of names after an owner key ("Owner: Ana, Bo due 2026-03-01").
DUE_AFTER_NAMES = ("due", "by", "before", "until", "eta", "deadline")
# Written in front of a timeframe that makes a part a due ("(by Q3)", "due: end of May").
DUE_TIMEFRAME_KEYS = ("due", "by", "target", "eta", "deadline")
PRIORITY_KEYS = ("priority",)
TYPE_KEYS = ("type", "category")
STATUS_KEYS = ("status", "state")
# A part that is only a status may carry this key ("(status: done)"); "state" there is prose.
STATUS_PART_KEYS = ("status",)
# Keys of a ticket written in bold inside an item ("**Jira:** AB-1").
TICKET_KEYS = ("ticket", "tickets", "issue", "issues", "jira")
# A sub-bullet that is only "Link: …" or "Tracking: …" names the item's ticket.
TICKET_LINE_KEYS = (*TICKET_KEYS, "bug", "bugs", "link", "links", "tracking")

# Every key of a field, as read on a line of its own ("- Owner: Ana") or in bold.
FIELD_KEYS = (*OWNER_KEYS, *DUE_KEYS, *PRIORITY_KEYS, *TYPE_KEYS, *STATUS_KEYS)

# A paragraph led by one of these is an action ("Action point: page the owner"); lessons
# leave a paragraph led by a label (with a colon) to the actions.
ACTION_POINT_LABELS = ("action point", "action points", "action item", "action items")
ACTION_POINT_LEADS = (*ACTION_POINT_LABELS, "follow up", "follow-up", "followup", "follow ups",
                      "follow-ups", "followups", "todo", "ai")

# --- front matter (``actions:`` entries), in the order they are looked up ------------------
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "description": ("description", "action", "title", "text", "summary", "task"),
    "owner": ("owner", "assignee", "who", "dri"),
    "due": ("due", "due_date", "deadline", "target", "eta"),
    "priority": ("priority", "severity"),
    "type": ("type", "category"),
    "status": ("status", "state"),
    "ticket": ("ticket", "issue", "link", "bug", "url"),
}

# --- table columns: a header naming one of these words gets the role -----------------------
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "status": (*STATUS_KEYS, "done", "done?", "complete", "completed", "progress", "resolved"),
    "due": (*DUE_KEYS, "by when", "when", "date"),
    "owner": (*OWNER_SENTENCE_KEYS, "assigned", "who", "poc", "lead"),
    "priority": (*PRIORITY_KEYS, "severity", "pri", "prio", "sev", "importance", "p"),
    "type": (*TYPE_KEYS, "kind", "class"),
    "ticket": (*TICKET_LINE_KEYS, "pr", "prs", "reference", "references", "tracker", "github",
               "url"),
    "description": ("action", "actions", "item", "items", "task", "tasks", "description",
                    "follow up", "follow-up", "followup", "follow ups", "follow-ups",
                    "followups", "todo", "what", "title", "summary", "remediation",
                    "deliverable", "deliverables", "improvement", "improvements", "measure",
                    "measures", "recommendation", "recommendations"),
}

# --- the document's own keys ("Date: …", "**Severity:** SEV2", front matter's header lines) ---
DOCUMENT_KEYS: dict[str, tuple[str, ...]] = {
    "date": ("date", "incident date", "date of incident", "date of the incident",
             "incident start", "occurred", "occurred on", "when", "day", "event date",
             "detected"),
    "severity": ("severity", "sev", "incident severity", "severity level", "impact level"),
    "status": ("status", "state", "document status", "postmortem status"),
    "authors": ("author", "authors", "created by", "written by", "prepared by",
                "postmortem owner", "postmortem owners", "team"),
    "title": ("title", "event", "incident"),
    # Who took part: names an item's subject or tag may use for its owner (never output).
    "teams": ("team", "teams", "team involved", "teams involved", "involved teams",
              "participants", "people involved", "responders", "roster",
              "incident commander", "incident commanders", "ic"),
}

# --- values ----------------------------------------------------------------------------------
PRIORITY_WORDS = {
    "critical": "P0", "urgent": "P0", "highest": "P0", "blocker": "P0",
    "high": "P1", "medium": "P2", "normal": "P2", "moderate": "P2", "med": "P2",
    "low": "P3", "lowest": "P4", "trivial": "P4",
}
TYPE_WORDS = {
    "mitigate": "mitigate", "mitigation": "mitigate", "prevent": "prevent",
    "prevention": "prevent", "preventive": "prevent", "preventative": "prevent",
    "detect": "detect", "detection": "detect", "repair": "repair", "process": "process",
    "fix": "fix", "investigate": "investigate", "investigation": "investigate",
}
# The normalised vocabulary: only these values become repository labels (anything else a
# document writes stays in the issue body; a label name is not the document's to invent).
PRIORITY_LEVELS = ("P0", "P1", "P2", "P3", "P4")
ACTION_TYPES = frozenset(TYPE_WORDS.values())
DONE_WORDS = (
    "done", "fixed", "completed", "complete", "resolved", "closed", "finished",
    "implemented", "merged", "shipped", "yes", "✅", "✔", "✔️", "☑", "☑️", "✓", "[x]",
)
# Closed without doing it: no longer open work (an "open" reading would nag owners about
# dropped work), and the contract has no third state, so the status is ``done``; sync closes
# such an issue as *not planned*, so the digest never counts it as completed.
CANCELLED_WORDS = (
    "won't fix", "won’t fix", "wont fix", "wontfix", "won't do", "won’t do", "wont do",
    "cancelled", "canceled", "dropped", "not planned", "descoped", "obsolete", "abandoned",
)
OPEN_WORDS = (
    "todo", "to do", "open", "ongoing", "in progress", "wip", "pending", "planned",
    "not started", "blocked", "in review", "started", "new", "backlog", "no", "[ ]",
    "to be done", "not done", "❌", "⏳",
)
# Words before a done word that make it work still to do ("to be done", "not yet fixed",
# "needs to be merged"): the item is open. Read as done, sync would close its issue.
NOT_YET_LEADS = (
    "not", "not yet", "yet to be", "to be", "needs to be", "need to be", "has to be",
    "must be", "will be", "should be", "to get", "waiting to be", "still to be",
)
# Status words written as a tag in capitals: leading an item ("DONE: …", "[WIP] …") and
# trailing a table's ticket cell ("Bug #5554823 TODO", where cancelled words count too).
STATUS_TAGS = ("done", "todo", "fixed", "completed", "wip", "ongoing", "open")
LEAD_STATUS_TAGS = (*STATUS_TAGS, "in progress")
TRAIL_STATUS_TAGS = (*STATUS_TAGS, "closed", "complete", "resolved")
# Status marks (check marks and crosses) among the words above.
STATUS_MARKS = tuple(w for w in DONE_WORDS + OPEN_WORDS if not w[0].isalnum() and w[0] != "[")

# Verbs action items start with: "Upgrade Postgres — the primary …" names a task, not an owner.
ACTION_VERBS = frozenset({
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

# Prefixes teams number their action items with ("AI-3", "FU-2"). Any other key leading an
# item ("[NOTIF-201] …", "OPS-12: …") is the tracking ticket pasted from Jira, not our id.
ACTION_ID_PREFIXES = frozenset({
    "AI", "A", "AP", "ACT", "ACTION", "AIT", "FU", "FUP", "TODO", "TASK", "T", "ITEM", "R",
    "REM", "RA", "CA", "PA", "PMA", "PIR",
})


def alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """A non-capturing regex group matching any of ``words``, longest first (so a longer
    spelling wins where a shorter one is its prefix, as ``owners?`` would), each space of a
    word matching ``space``."""
    escaped = (re.escape(w).replace(r"\ ", space)
               for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return "(?:" + "|".join(escaped) + ")"


def first_words(words: Iterable[str]) -> tuple[str, ...]:
    """The first word of each of ``words`` (for a cheap ``startswith`` test)."""
    return tuple(sorted({w.split()[0] for w in words}))
