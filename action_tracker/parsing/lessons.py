"""Lessons learned, sorted into went_well / went_wrong / got_lucky / other.

A lessons section's items are its list items; where a subsection has no list, its
paragraphs are the items. Lead-in lines ("Start with the following:"), italic template
guidance, placeholders ("TBD.") and quoted prompts are not lessons. The category comes
from the nearest heading or label (What went well, What went poorly, Where we got lucky),
or from a lead-in such as "We were lucky that …".
"""

from __future__ import annotations

import re

from action_tracker.models import Lessons
from action_tracker.parsing.document import Block, ListBlock, Paragraph
from action_tracker.parsing.outline import Context
from action_tracker.parsing.prose import commits_to_work, is_commitment_lead, item_lines
from action_tracker.parsing.sections import LessonCategory, label_text, lesson_category
from action_tracker.parsing.text import is_placeholder, resolve_references

_LUCKY_LEAD_RE = re.compile(r"^(?:we (?:were|got) lucky|luckily|fortunately)\b", re.IGNORECASE)
_ACTION_POINT_RE = re.compile(r"^\W{0,3}(?:action points?|action items?)\s*:", re.IGNORECASE)
_LEAD_LABEL_RE = re.compile(
    r"^[*_]{0,2}(?P<label>[^:*_]{3,40}?)[*_]{0,2}\s*:[*_]{0,2}\s+(?P<rest>\S.*)$", re.DOTALL)
# "Where we got lucky" answered with "We didn't, really.": the author says there is no item.
_NO_ITEM_RE = re.compile(
    r"^(?:we (?:didn[’']?t|did not|weren[’']?t|were not)|not really|none|nothing)"
    r"(?:\W+(?:really|at all|that we know of|to report|so far))?\W*$",
    re.IGNORECASE,
)


def _keep(text: str) -> bool:
    t = text.strip()
    return not (is_placeholder(t) or t.endswith(":") or _ACTION_POINT_RE.match(t)
                or _NO_ITEM_RE.match(t))


def _is_label(plain: str) -> bool:
    """A sub-heading written as a line ("What went well:"); a short sentence that ends with
    a full stop ("Alerts fired on time.") is a lesson, not a label."""
    if label_text(plain) is None or len(plain.split()) > 6:
        return False
    return not plain.rstrip("*_ ").endswith((".", "!"))


def collect_lessons(blocks: list[Block], contexts: list[Context]) -> Lessons:
    subs_with_lists = {
        ctx.sub for block, ctx in zip(blocks, contexts, strict=True)
        if ctx.kind == "lessons" and isinstance(block, ListBlock) and not block.quoted
    }
    lessons = Lessons()
    previous: Block | None = None
    for block, ctx in zip(blocks, contexts, strict=True):
        after_point = isinstance(previous, Paragraph) and bool(
            _ACTION_POINT_RE.match(previous.text.source)
            or is_commitment_lead(previous.text.plain))  # its list is actions (actions.py)
        previous = block
        if ctx.kind != "lessons":
            continue
        texts: list[str] = []
        if isinstance(block, ListBlock) and not block.quoted and not after_point:
            texts = [item.text.source for item in block.items]
        elif (isinstance(block, Paragraph) and not block.quoted
              and ctx.sub not in subs_with_lists
              and not _is_label(block.text.plain)):
            texts = item_lines(block.text.lines) or [block.text.source]
        if ctx.mixed:  # "Lessons learned and next steps": the commitments are actions
            texts = [t for t in texts if not commits_to_work(t)]
        for text in texts:
            category, text = _lead_label(ctx.category, text)
            if _keep(text):
                _add(lessons, category, text.strip())
    return lessons


def _lead_label(category: LessonCategory, text: str) -> tuple[LessonCategory, str]:
    """``**What went well:** Alerts fired.``: the label on the item's own line names its
    category (Confluence and Notion write lessons as one line per category)."""
    m = _LEAD_LABEL_RE.match(text.strip()) if ":" in text else None
    if m:
        named = lesson_category(m.group("label"))
        if named is not None:
            return named, m.group("rest")
    return category, text


def _add(lessons: Lessons, category: LessonCategory, text: str) -> None:
    if category == "other" and _LUCKY_LEAD_RE.match(text):
        category = "got_lucky"
    getattr(lessons, category).append(text)


def resolved_lessons(lessons: Lessons, references: dict[str, str]) -> Lessons:
    """``lessons`` with reference-style links made inline from the document's definitions:
    a lesson is read away from the document (an issue, the digest), without them."""
    if not references and not any("][" in t for t in _all(lessons)):
        return lessons
    return Lessons(**{
        key: [resolve_references(t, references) for t in getattr(lessons, key)]
        for key in ("went_well", "went_wrong", "got_lucky", "other")
    })


def _all(lessons: Lessons) -> list[str]:
    return [*lessons.went_well, *lessons.went_wrong, *lessons.got_lucky, *lessons.other]
