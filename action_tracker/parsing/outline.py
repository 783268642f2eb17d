"""Each block's place in the document: which section kind it is in, under which groups.

Headings open sections that last until the next heading of the same or a higher level; a
heading that says nothing itself (``### Process``) inherits its parent's kind and becomes a
*group* of it. A plain line that is only a label ("Action Items:", "What Went Well:") opens a
section of its own until the next heading, because real documents use those as headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from action_tracker.parsing.document import Block, Heading, Inline, Paragraph
from action_tracker.parsing.sections import (
    LessonCategory,
    SectionKind,
    classify,
    classify_label,
    is_mixed,
    label_text,
    lesson_category,
)


@dataclass(slots=True)
class Context:
    kind: SectionKind
    root: int  # index of the heading/label that opened the actions or lessons section
    sub: int  # index of the innermost heading/label (paragraph grouping for lessons)
    category: LessonCategory = "other"
    groups: list[Inline] = field(default_factory=list)  # headings/labels below the root
    # A heading or label that is a group inside an actions or lessons section: that kind
    # (the heading itself may be an action: "#### 1) Log cleanup cron @dana").
    within: SectionKind = "other"
    # The section's name announces both lessons and work ("Lessons learned and future
    # improvements", "Takeaways and next steps"): its commitments are actions.
    mixed: bool = False


@dataclass(slots=True)
class _Scope:
    level: float
    kind: SectionKind
    index: int
    root: int
    category: LessonCategory
    groups: list[Inline]
    mixed: bool = False


def outline(blocks: list[Block]) -> list[Context]:
    stack: list[_Scope] = []
    contexts: list[Context] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            while stack and (stack[-1].level >= block.level
                             or stack[-1].level != int(stack[-1].level)):
                stack.pop()
            opened = _open(block.text, float(block.level), index, stack)
            # "#### TODO Configuration management" under "## Action items" names a section
            # of its own, yet sits inside the actions section: it may be a task.
            nested = bool(stack) and stack[-1].kind == "actions" == opened.kind
            stack.append(opened)
            inside = opened.root != index
            contexts.append(Context("other", opened.root, index,
                                    groups=list(opened.groups[:-1]) if inside else [],
                                    within=opened.kind if inside or nested else "other"))
            continue
        if isinstance(block, Paragraph) and not block.quoted:
            label = label_text(block.text.plain)
            if label is not None:
                scope = _label_scope(label, block.text, index, stack)
                if scope is not None:
                    while stack and stack[-1].level != int(stack[-1].level):
                        stack.pop()  # a label ends the previous label's section
                    stack.append(scope)
                    contexts.append(Context(
                        "other", index, index,
                        within=scope.kind if scope.root != index else "other"))
                    continue
        top = stack[-1] if stack else None
        if top is None:
            contexts.append(Context("other", -1, -1))
        else:
            contexts.append(Context(top.kind, top.root, top.index, top.category,
                                    list(top.groups), mixed=top.mixed))
    return contexts


def _open(text: Inline, level: float, index: int, stack: list[_Scope]) -> _Scope:
    own = classify(text.plain)
    parent = stack[-1] if stack else None
    if own == "other" and parent is not None and parent.kind != "other":
        category = lesson_category(text.plain) or (
            parent.category if parent.kind == "lessons" else "other")
        return _Scope(level, parent.kind, index, parent.root, category,
                      [*parent.groups, text], parent.mixed)
    if own == "lessons" and parent is not None and parent.kind == "lessons":
        category = lesson_category(text.plain) or "other"
        return _Scope(level, "lessons", index, parent.root, category, [*parent.groups, text],
                      parent.mixed or is_mixed(text.plain))
    category = lesson_category(text.plain) or "other"
    return _Scope(level, own, index, index, category, [],
                  own == "lessons" and is_mixed(text.plain))


def _label_scope(label: str, text: Inline, index: int, stack: list[_Scope]) -> _Scope | None:
    """A label line opens a section (or a group inside the current one)."""
    base = stack[-1] if stack else None
    heading_level = int(base.level) if base else 0
    level = heading_level + 0.5
    own = classify_label(label)
    if own == "lessons":
        category = lesson_category(label) or "other"
        if base is not None and base.kind == "lessons":
            return _Scope(level, "lessons", index, base.root, category,
                          [*_sibling_groups(base), text], base.mixed or is_mixed(label))
        return _Scope(level, "lessons", index, index, category, [], is_mixed(label))
    if own == "actions":
        if base is not None and base.kind == "actions":
            return _Scope(level, "actions", index, base.root, "other",
                          [*_sibling_groups(base), text])
        return _Scope(level, "actions", index, index, "other", [])
    if base is not None and base.kind == "actions" and (
            text.plain.rstrip().endswith(":") or _is_bold_line(text.source)):
        # "Improvements:", "**What we did**": a lead-in label groups the items below it.
        return _Scope(level, "actions", index, base.root, "other", [*_sibling_groups(base), text])
    return None


def _sibling_groups(base: _Scope) -> list[Inline]:
    """Groups a new label inherits. After a label that grouped items ("Completed:"), the next
    label ("Next:") is its sibling, not its child, so it must not inherit that label."""
    if base.level != int(base.level) and base.index != base.root:
        return base.groups[:-1]
    return base.groups


def _is_bold_line(source: str) -> bool:
    """A line wholly in bold (``**What we did**``), which writers use as a small heading."""
    text = source.strip()
    return len(text) > 4 and text[:2] in ("**", "__") and text.rstrip(":")[-2:] == text[:2]
