"""What a heading (or a heading-like plain line) announces: actions, lessons, or neither.

Matching is on the heading's words with emoji, numbering and punctuation removed, so
``## ☑️ Follow-up tasks``, ``### Action Items:`` and ``**Corrective actions**`` all match.
Lessons patterns are tried first because "What could be improved" is a lesson, while
"Improvements" alone is a list of things to do.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from action_tracker.parsing.brackets import sub_enclosed

SectionKind = Literal["actions", "lessons", "other"]
LessonCategory = Literal["went_well", "went_wrong", "got_lucky", "other"]

_WELL = re.compile(r"went (?:really |very |pretty )?well|what worked|things that worked|"
                   r"what we did (?:well|right)|good things|positives|^the good$|did well")
_WRONG = re.compile(
    r"went (?:wrong|poorly|badly|less well|not so well)|didn ?t go (?:so |very |too |as )?well|"
    r"did not go (?:so |very )?well|could (?:have )?(?:gone|been|go) better|"
    r"(?:could|can|should) be improved|things to improve|to improve|room for improvement|"
    r"areas? (?:for|of|to) improve|what didn ?t work|what was (?:bad|hard|difficult)|"
    r"negatives|^the bad$|what went not"
)
_LUCKY = re.compile(r"\blucky\b|\bluck\b")
_LESSONS = re.compile(r"lessons?|\blearn(?:ed|t|ings?)?\b|takeaways?|key insights?|^insights?$|"
                      r"retrospective|reflections?|how d ?we do|how did we do")
_ACTIONS = re.compile(
    r"^(?:\w+ )?action(?:able)? (?:items?|points?|plan|list|tasks?)|^actions?$|"
    r"follow[ -]?ups?|followups?|corrective|preventi?v|remediation|next steps|"
    r"^to ?dos?$|^todo|improvements?$|^improving|recommendations?$|^future work|"
    r"what happens next|what we (?:are|re|will) (?:doing|do|changing|change)|^work items|"
    r"^(?:open |pending )?tasks$|measures$"
)
_NEVER_ACTIONS = re.compile(r"timeline|summary|taken|completed actions|history")
_PARENTHETICAL_RE = re.compile(r"\([^)]*\)")
_NUMBERING_RE = re.compile(r"^\s*(?:\d+[.)]|[ivx]+\.)\s+")
_NOT_WORD_RE = re.compile(r"[^a-z0-9\s-]")
_SPACES_RE = re.compile(r"\s+")
_LABEL_WITH_TEXT_RE = re.compile(r"[:：][*_]*\s+\S")


# Headings and labels repeat across documents ("Action Items", "What went well"): their
# classification is memoised (pure functions of a short string).
@lru_cache(maxsize=4096)
def normalise_heading(text: str) -> str:
    """Lower-case words only: emoji, numbering, punctuation and parentheticals removed."""
    text = sub_enclosed(_PARENTHETICAL_RE, " ", text, ")")  # linear, unlike .sub
    text = text.lower().replace("’", "'").replace("'", " ")
    text = _NUMBERING_RE.sub("", text)
    text = _NOT_WORD_RE.sub(" ", text)
    text = text.replace("-", " ").replace("follow up", "follow-up")
    return _SPACES_RE.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def lesson_category(text: str) -> LessonCategory | None:
    """The lesson category a heading or label names, or None if it names none."""
    words = normalise_heading(text)
    if _LUCKY.search(words):
        return "got_lucky"
    if _WELL.search(words):
        return "went_well"
    if _WRONG.search(words):
        return "went_wrong"
    return None


@lru_cache(maxsize=4096)
def classify(text: str) -> SectionKind:
    words = normalise_heading(text)
    if not words:
        return "other"
    if lesson_category(text) is not None or _LESSONS.search(words):
        return "lessons"
    if _NEVER_ACTIONS.search(words):
        return "other"
    if _ACTIONS.search(words.replace("follow-up", "follow up")):
        return "actions"
    return "other"


def label_text(plain: str) -> str | None:
    """A paragraph that is only a label (``Action Items:``, ``**What went well**``), else None."""
    text = plain.strip()
    if not text or len(text) > 60 or "\n" in text:
        return None
    stripped = text.strip("*_ ").rstrip(":").strip("*_ ")
    if len(stripped.split()) > 6 or _LABEL_WITH_TEXT_RE.search(stripped):
        return None  # "What went well: alerts fired" is an item under its label, not a label
    if text.endswith(":") or text.startswith(("**", "__")) or stripped == text:
        return stripped
    return None


_AND_RE = re.compile(r" (?:and|plus|then) ")


@lru_cache(maxsize=4096)
def is_mixed(text: str) -> bool:
    """A lessons heading that also names work to do ("Lessons learned and future
    improvements", "Takeaways and next steps"): each part is classified on its own."""
    parts = _AND_RE.split(normalise_heading(text.replace("&", " and ").replace("/", " and ")))
    if len(parts) < 2:
        return False
    named_work = any(_ACTIONS.search(part) and not _LESSONS.search(part) for part in parts)
    return named_work and any(_LESSONS.search(part) or lesson_category(part) for part in parts)


# Labels over a list (``**What we did**``, ``What we will do:``) name work done or to do
# even where the same words as a heading would be the story of the response: a label is a
# group of items, a heading a part of the story.
_LABEL_ACTIONS = re.compile(
    r"^what we(?: have| ve| re| are| will| ll)? (?:did|done|do|doing|changed|change|changing|"
    r"fixed|fix|improved|improve)(?: (?:since|after|about it|next|to prevent it))?$")


@lru_cache(maxsize=4096)
def classify_label(text: str) -> SectionKind:
    """What a label line announces: :func:`classify`, and the labels that name work."""
    own = classify(text)
    if own == "other" and _LABEL_ACTIONS.match(normalise_heading(text)):
        return "actions"
    return own
