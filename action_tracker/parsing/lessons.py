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
from action_tracker.parsing.document import Block, ListBlock, ListItem, Paragraph
from action_tracker.parsing.fields.vocabulary import ACTION_POINT_LABELS, alternation
from action_tracker.parsing.outline import Context
from action_tracker.parsing.prose import commits_to_work, is_commitment_lead, item_lines
from action_tracker.parsing.sections import LessonCategory, label_text, lesson_category
from action_tracker.parsing.text import is_placeholder, resolve_references

_LUCKY_LEAD_RE = re.compile(r"^(?:we (?:were|got) lucky|luckily|fortunately)\b", re.IGNORECASE)
_ACTION_POINT_RE = re.compile(
    r"^\W{0,3}" + alternation(ACTION_POINT_LABELS, " ") + r"\s*:", re.IGNORECASE)
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
    # A lead-in ends with a colon, or a comma ("… For example,"): the list after it says it.
    return not (is_placeholder(t) or t.endswith((":", ",")) or _ACTION_POINT_RE.match(t)
                or _NO_ITEM_RE.match(t))


def _is_label(plain: str) -> bool:
    """A sub-heading written as a line ("What went well:"); a short sentence that ends with
    a full stop ("Alerts fired on time.") is a lesson, not a label."""
    if label_text(plain) is None or len(plain.split()) > 6:
        return False
    return not plain.rstrip("*_ ").endswith((".", "!"))


def collect_lessons(blocks: list[Block], contexts: list[Context]) -> Lessons:
    lessons = Lessons()
    previous: Block | None = None
    for block, ctx in zip(blocks, contexts, strict=True):
        after_point = isinstance(previous, Paragraph) and bool(
            _ACTION_POINT_RE.match(previous.text.source)
            or is_commitment_lead(previous.text.plain))  # its list is actions (actions.py)
        previous = block
        if ctx.kind != "lessons":
            continue
        texts: list[tuple[LessonCategory, str]] = []
        if isinstance(block, ListBlock) and not block.quoted and not after_point:
            texts = _item_lessons(block.items, ctx.category)
        elif (isinstance(block, Paragraph) and not block.quoted
              and not _is_label(block.text.plain)
              and not is_commitment_lead(block.text.plain)):
            # A paragraph is a lesson even beside a list; a lead-in ("We learned the
            # following:") ends with a colon and is dropped by ``_keep``. Written one item
            # per physical line, it is one lesson per line.
            lines = item_lines(block.text.lines) or [block.text.source]
            texts = [(ctx.category, line) for line in lines]
        if ctx.mixed:  # "Lessons learned and next steps": the commitments are actions
            texts = [(c, t) for c, t in texts if not commits_to_work(t)]
        for category, text in texts:
            category, text = _lead_label(category, text)
            if _keep(text):
                _add(lessons, category, text.strip())
    return lessons


_LEAD_IN_RE = re.compile(
    r"(?i)\b(?:following|below|these|those|include[sd]?|are|were|lessons?|learn(?:ed|t)|"
    r"takeaways?|observations?|notes?)\W*$|^\W*(?:here|some|a few|other)\b")


def _item_lessons(items: list[ListItem], category: LessonCategory
                  ) -> list[tuple[LessonCategory, str]]:
    """Lessons of list items. An item ending in ":" with nested items is a label: one that
    names a category ("👍 What went well:") sorts its nested items, any other
    ("Finding the cause took too long:") is a lesson itself, with its nested items as
    lessons of the same category; neither drops them."""
    out: list[tuple[LessonCategory, str]] = []
    for item in items:
        text = item.text.source
        label = text.rstrip("*_ ").rstrip(":").strip("*_ ")
        named = lesson_category(label) if item.children and len(label.split()) <= 8 else None
        if item.children and (named is not None or text.rstrip("*_ ").endswith(":")):
            if named is None and label and not _LEAD_IN_RE.search(label):
                out.append((category, label))
            out.extend(_item_lessons(item.children, named or category))
            continue
        out.append((category, text))
    return out


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
