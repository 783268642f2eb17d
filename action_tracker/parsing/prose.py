"""Actions written as prose: commitments, lead-ins to lists, and one item per line.

Not every team writes follow-ups as a list under "Action items". Some write a paragraph
("The setup page will be rewritten to …"), a lead-in sentence over a list ("Going forward,
we will do the following:"), or one imperative per line without list markers. These rules
say which prose commits to work; they are deliberately narrow, because a rule that fires on
the narrative of what happened during the incident costs more than it finds.
"""

from __future__ import annotations

import re

from action_tracker.parsing.fields import starts_with_action_verb

# A sentence that commits to future (or just finished) work, as its author says it.
_COMMIT_RE = re.compile(
    r"^\W*(?:(?:we|i|they|the team|[\w-]+ team)\s+(?:will(?! never)|shall|must(?! have)|need to|"
    r"should(?! have)|plan to|"
    r"intend to|are going to|'re going to|are planning to|are committed to|commit to|"
    r"have (?:started|begun) to)\b|we'll\b|we’ll\b|"
    r"(?:going|moving) forward\b|in the future\b|next,? we\b|"
    r"todo\b|to ?do\s*:|(?:action|follow[- ]?up)\s*:)",
    re.IGNORECASE,
)
# "The setup page will be rewritten", "Alerts are now routed to …", "X has been moved to …":
# a subject and a future or completed change, the usual shape of a prose follow-up.
_SUBJECT_CHANGE_RE = re.compile(
    r"^\W*(?:the|our|all|each|every|a|an|this|these|[A-Z][\w.-]*)\b[^.;:!?]{0,80}?\s"
    r"(?:will (?:be|now|also|get|have|no longer|start|stop|run|move|use|require)|"
    r"(?:is|are) (?:now (?:\w+ed|being)|being \w+ed|going to be|planned|scheduled)|"
    r"now (?:runs?|uses?|has|have|"
    r"requires?|alerts?|pages?|lives?|blocks?|checks?)|"
    r"(?:has|have) (?:now )?been (?:\w+ed|built|rewritten|written|set up|made|taken|run))\b",
)
# Lead-in to a list of commitments ("Going forward, we will do the following:",
# "To prevent this from happening again we will:"); it ends with a colon.
_LEAD_RE = re.compile(
    r"\b(?:we(?:'ll|’ll| will| shall| plan to| intend to| are going to| are planning to| "
    r"need to| must| have (?:committed|decided) to| are (?:committing|taking|making))|"
    r"(?:going|moving) forward|in the future|next steps?|to prevent (?:this|a recurrence|"
    r"recurrence|similar|future|it)|follow[- ]?ups?|action items?|improvements? (?:we|that)|"
    r"changes? (?:we|that we))\b",
    re.IGNORECASE,
)
# The narrative of the incident: time stamps and "At 14:02 …", "On March 3 …", "During …".
_NARRATIVE_RE = re.compile(
    r"^\W*(?:\d{1,2}:\d\d|at \d|on (?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)|during\b|while\b|when\b|after (?:the|we)\b|before (?:the|we)\b|"
    r"this (?:incident|outage|postmortem|document|section)\b|these (?:items|actions)\b|"
    r"the following\b|below\b|here (?:are|is)\b|we (?:identified|found|have identified|"
    r"discussed|noticed|observed|saw)\b|no (?:further )?(?:action|follow)|none\b|nothing\b)",
    re.IGNORECASE,
)
# A leading tag ("[SRE] Removed …", "[DB] Add …") names a team, not the work.
_TAG_RE = re.compile(r"^\W{0,3}\[[^\[\]]{1,20}\]\s*")
_LINE_START_RE = re.compile(r"^[\W_]*[A-Z0-9@\[]")
# A line that ends like this continues on the next one (soft-wrapped prose).
_WRAP_END_RE = re.compile(
    r"(?:[,;(\-–—/&]|\b(?:the|a|an|and|or|nor|but|of|to|for|in|on|at|with|by|from|via|into|"
    r"onto|about|than|as|if|so|because|when|where|who|whose|which|that|while|after|before|"
    r"until|using|between|across|over|under|per|not|no|all|any|each|every|this|these|those|"
    r"its|their|his|her|your|my|our|we|they|it|is|are|was|were|be|been|being|has|have|had|"
    r"will|would|could|should|can|may|might|must|do|does|did|i))$",
    re.IGNORECASE,
)


# "First,", "Additionally,", "In addition," before the sentence's subject.
_SEQUENCE_RE = re.compile(
    r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|also|additionally|further|"
    r"furthermore|moreover|in addition|as well|next|then|separately)\b,?\s+", re.IGNORECASE)
# "We are adding …", "We're also improving …", "We have added …", "We improved …": the
# verb after the subject says which work (see :func:`_is_work_verb`).
_WE_VERB_RE = re.compile(
    r"^(?:we|our team|the team)(?:(?:'re|’re| are|'ve|’ve| have)(?: also| now| already| since)?)?"
    r"\s+(\w+)\b", re.IGNORECASE)
# A promise to the reader, not work: "We will publish an update once these changes ship."
_UPDATE_PROMISE_RE = re.compile(
    r"\b(?:(?:publish|post|share|provide|send|give)\s+(?:an?\s+|further\s+|more\s+)?"
    r"(?:updates?|follow-up post|details)|keep (?:you|everyone|customers|users) "
    r"(?:updated|posted|informed)|continue to (?:monitor|watch|investigate))\b",
    re.IGNORECASE,
)
# Where the work is tracked, not work: "Action items will be tracked in Jira."
_TRACKING_RE = re.compile(
    r"^(?:all |the |these |our |remaining |further )?(?:action items?|actions|follow[- ]?ups?|"
    r"tasks?|tickets?|issues?|items?|these|they|this work|progress)\b[^.]*?\b(?:tracked|listed|"
    r"captured|recorded|filed|linked|found|documented|reported)\b", re.IGNORECASE)
_IRREGULAR_DONE = frozenset({"built", "rebuilt", "wrote", "written", "rewrote", "rewritten"})


def _bare(text: str) -> str:
    """The sentence without emphasis, a leading team tag or a sequence word."""
    t = _TAG_RE.sub("", text.strip().lstrip("*_ "))
    return _SEQUENCE_RE.sub("", t) if t[:1].isalpha() else t


def _is_work_verb(word: str) -> bool:
    """``word`` is a form of a verb tasks start with: "adding", "improved", "built"."""
    word = word.lower()
    if word in _IRREGULAR_DONE:
        return True
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            candidates = (stem, stem + "e", stem[:-1], stem[:-1] + "y" if stem[-1] == "i" else "")
            if any(c and starts_with_action_verb(c) for c in candidates):
                return True
    return False


def is_commitment(text: str) -> bool:
    """An item or sentence that commits to work: an imperative ("Add an alert …"), a promise
    ("We will …", "Going forward …", "We are adding …") or a stated change ("The runbook will
    be rewritten", "Alerts are now routed to …")."""
    t = _bare(text)
    if not t:
        return False
    if starts_with_action_verb(t) or _COMMIT_RE.match(t) or _SUBJECT_CHANGE_RE.match(t):
        return True
    m = _WE_VERB_RE.match(t)
    return m is not None and _is_work_verb(m.group(1))


def reports_work_done(text: str) -> bool:
    """Prose that opens with completed work ("Removed the legacy access keys", "Rotated
    all tokens"): under an actions heading that is a finished action, not the story."""
    words = _bare(text).split(None, 1)
    word = words[0].rstrip(",:").lower() if words else ""
    return bool(word) and not word.endswith("ing") and _is_work_verb(word)


def is_narrative(text: str) -> bool:
    """Prose about the incident or the document, never an action even under an actions
    heading ("At 14:02 the primary failed over", "The following items were identified.",
    "We will publish an update once these changes ship.")."""
    t = text.strip().lstrip("*_ ")
    return _NARRATIVE_RE.match(t) is not None or _TRACKING_RE.match(t) is not None or (
        not starts_with_action_verb(t) and _UPDATE_PROMISE_RE.search(t) is not None)


def commits_to_work(text: str) -> bool:
    """In a mixed lessons-and-work section: the item is an action, not a lesson."""
    return is_commitment(text) and not is_narrative(text)


def is_commitment_lead(text: str) -> bool:
    """A sentence ending in a colon (or "the following.") that introduces a list of
    commitments."""
    t = text.strip().rstrip("*_ ")
    ends = t.endswith(":") or t.lower().endswith(("the following.", "the following"))
    return ends and len(t) <= 200 and _LEAD_RE.search(t) is not None


def item_lines(lines: list[str]) -> list[str] | None:
    """The lines of a paragraph written one item per physical line (soft line breaks, no
    list markers), or None when it reads as one wrapped paragraph.

    Each line must start like an item (a capital, a digit, a handle, a tag) and no line may
    end mid-sentence (a comma, an article, a preposition), as soft-wrapped prose does."""
    if len(lines) < 2:
        return None
    for index, line in enumerate(lines):
        if not _LINE_START_RE.match(line):
            return None
        if index < len(lines) - 1 and _WRAP_END_RE.search(line.rstrip()):
            return None
    return lines
