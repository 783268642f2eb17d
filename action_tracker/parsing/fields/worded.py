"""Whether an item reports finished work in the past tense (then it is done)."""

from __future__ import annotations

import re

from action_tracker.parsing.fields.values import starts_with_action_verb

# wording is read, and only when nothing else (a checkbox, a status word or column, its
# group) gives its status. Verbs in the past tense that are not reports of work done:
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
    if starts_with_action_verb(text):
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
