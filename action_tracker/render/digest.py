"""Turning a :class:`Digest` into what people read: the issue body, JSON, the chat message.

Pure functions. Document and issue text is untrusted, so every cell is escaped here
(``render.markdown``) before it reaches a template: a user's template override cannot
forget to, and nothing in a document can forge the tool's markers. Bodies must fit
GitHub's 65,536-character limit, so lists shrink (with "…and N more") until they do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from action_tracker.digest.build import (
    GROUP_PROGRESS_DEFINITION,
    PROGRESS_DEFINITION,
    AttentionItem,
    Digest,
    PostmortemGroup,
    PostmortemLessons,
)
from action_tracker.digest.period import utc_date
from action_tracker.digest.records import ActionRecord
from action_tracker.errors import ConfigError
from action_tracker.markers import render_marker
from action_tracker.render import github_text, safe_text
from action_tracker.render import markdown as esc
from action_tracker.render.ages import age, overdue_text
from action_tracker.render.templates import render
from action_tracker.runtime.config import Config
from action_tracker.tracking.owners import Owner, is_login

GITHUB_BODY_LIMIT = github_text.BODY_LIMIT
BODY_BUDGET = 65_000  # a margin under GitHub's limit
DIGEST_TEMPLATE = "digest.md.j2"
CHAT_TEMPLATE = "digest_chat.md.j2"
CHAT_TOP_OVERDUE = 5
_SLACK_MENTION_RE = re.compile(r"@[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?")
_LESSON_SECTIONS = (
    ("went_wrong", "What went wrong"),
    ("went_well", "What went well"),
    ("got_lucky", "Where we got lucky"),
    ("other", "Other lessons"),
)


def digest_title(digest: Digest, config: Config) -> str:
    """``config.digest.title`` with ``{period}`` filled in (a bad placeholder is a config error)."""
    try:
        return config.digest.title.format(period=digest.period.label)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"digest.title: '{config.digest.title}' can only use the placeholder {{period}} ({exc})"
        ) from None


def digest_marker(digest: Digest) -> str:
    return render_marker("digest", {"period": digest.period.label})


def _link(text: str, url: str | None) -> str:
    """A Markdown link whose text is a safe table cell (brackets escaped too)."""
    cell = esc.table_cell(text).replace("[", "\\[").replace("]", "\\]")
    return f"[{cell}]({url})" if url else cell


def _issue_cell(record: ActionRecord) -> str:
    if record.issue is None:
        return "—"
    return f"[#{record.issue}]({record.url})" if record.url else f"#{record.issue}"


def _postmortem_cell(record: ActionRecord) -> str:
    title = record.postmortem_title or record.postmortem_id or record.path or "?"
    return _link(title, record.postmortem_url)


def _action_cell(record: ActionRecord) -> str:
    """The action, with a link to its line in the postmortem (where the reader lands to
    change it); without a repository, its ``path:line`` when there is no issue either."""
    text = esc.table_cell(record.description)
    if record.line and record.action_url and record.action_url != record.postmortem_url:
        text += f" ([line {record.line}]({record.action_url}))"
    elif record.issue is None and record.path:
        where = f"{record.path}:{record.line}" if record.line else record.path
        text += " (" + esc.code(where).replace("|", "\\|") + ")"
    return text


def _grouped(records: Sequence[ActionRecord]) -> list[ActionRecord]:
    """``records`` with each postmortem's rows together, postmortems in the order they
    first appear (so the worst stays on top); within one, the given order is kept."""
    first: dict[str, int] = {}
    for record in records:
        first.setdefault(record.group_key, len(first))
    return sorted(records, key=lambda r: first[r.group_key])


def _ditto(rows: list[dict[str, str]], records: Sequence[ActionRecord]) -> None:
    """The postmortem is named (and linked) once per run of its rows, not on every row."""
    previous = None
    for row, record in zip(rows, records, strict=True):
        key = record.group_key
        if key == previous:
            row["postmortem"] = "〃"
        previous = key


def _owner_cell(owner: Owner) -> str:
    """Assignees GitHub reported are mentioned (they own the issue); any other owner text
    comes from a document and is shown without notifying anyone."""
    if owner.assigned and owner.logins and all(is_login(x) for x in owner.logins):
        return ", ".join(f"@{login}" for login in owner.logins)
    return esc.table_cell(owner.display)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def owner_line(digest: Digest, limit: int = 6) -> str:
    """``@alice 3 overdue · unassigned 2 overdue · Dana Scully 1 overdue``: whose they are,
    most first (owners as the tables show them: only assignees are mentions)."""
    groups = sorted(digest.overdue, key=lambda g: -len(g.items))  # stable: worst first
    parts = [f"{_owner_cell(g.owner)} {len(g.items)} overdue" for g in groups[:limit]]
    if len(groups) > limit:
        parts.append(f"…and {len(groups) - limit} more owners")
    return " · ".join(parts)


def _more_hint(digest: Digest, command: str) -> str:
    """Where the rows a digest leaves out are: GitHub's search, or the ``status`` command."""
    run = f"`action-tracker {command}` lists them all"
    if digest.search_url:
        return f": {run}, or see [the open follow-ups on GitHub]({digest.search_url})"
    return f": {run}"


def _row(record: ActionRecord) -> dict[str, str]:
    issue = _issue_cell(record)
    return {
        "owner": _owner_cell(record.owner),
        "issue": issue,
        "issue_cell": f" {issue} |",
        "action": _action_cell(record),
        "postmortem": _postmortem_cell(record),
        "due": record.due.isoformat() if record.due else "—",
        "days": "",
    }


def _marks(record: ActionRecord) -> str:
    """`` · **escalated**``, `` · snoozed until 2026-12-20``: why a row reads differently.
    A snoozed action stays listed (it is still overdue); only its reminders wait. Whether
    it is snoozed today is the reminder rule's to say (``snoozed_until`` is set only
    then), not this function's."""
    marks = ""
    if record.escalated:
        marks += " · **escalated**"
    if record.snoozed_until is not None:
        marks += f" · snoozed until {record.snoozed_until.isoformat()}"
    return marks


def _overdue_row(record: ActionRecord) -> dict[str, str]:
    row = _row(record)
    row["days"] = overdue_text(record.days_overdue or 0) + _marks(record)
    return row


def _due_soon_row(record: ActionRecord) -> dict[str, str]:
    row = _row(record)
    days = record.days_until_due or 0
    row["days"] = ("today" if days == 0 else age(days)) + _marks(record)
    return row


def _overdue_rows(digest: Digest, limit: int) -> tuple[list[dict[str, str]], int]:
    items = digest.overdue_items
    shown = _grouped(items[:limit])
    rows = [_overdue_row(record) for record in shown]
    _ditto(rows, shown)
    return rows, max(0, len(items) - limit)


def _due_soon_rows(digest: Digest, limit: int) -> tuple[list[dict[str, str]], int]:
    shown = _grouped(digest.due_soon[:limit])
    rows = [_due_soon_row(record) for record in shown]
    _ditto(rows, shown)
    return rows, max(0, len(digest.due_soon) - limit)


def group_heading(group: PostmortemGroup) -> str:
    """``**[Database outage](…/issues/12)** (#12) · 3 of 5 done``: the postmortem linked to
    its parent issue when it has one, else to its document, and its progress."""
    if group.parent is not None:
        heading = f"**{_link(group.title, group.parent.url)}** (#{group.parent.number})"
    else:
        heading = f"**{_link(group.title, group.url)}**"
    progress = group.progress
    if progress.actions:
        heading += f" · {progress.done} of {progress.actions} done"
    return heading


def _group_views(
    digest: Digest, limit: int, which: str,
    row: Callable[[ActionRecord], dict[str, str]],
) -> list[dict[str, Any]]:
    """``which`` (``overdue`` or ``due_soon``) of each postmortem group, in the groups'
    order, at most ``limit`` rows in all (the "…and N more" line counts the rest)."""
    views: list[dict[str, Any]] = []
    left = limit
    for group in digest.groups:
        items: list[ActionRecord] = getattr(group, which)
        if not items or left <= 0:
            continue
        shown = items[:left]
        left -= len(shown)
        views.append({"heading": group_heading(group), "group": group,
                      "rows": [row(record) for record in shown]})
    return views


def _closed_rows(digest: Digest, limit: int) -> tuple[list[dict[str, str]], int]:
    shown = _grouped(digest.closed[:limit])
    rows = []
    for record in shown:
        row = _row(record)
        row["closed"] = utc_date(record.closed_at).isoformat() if record.closed_at else "—"
        who = f"@{record.closed_by}" if record.closed_by else "—"
        if record.state_reason == "not_planned":
            who += " (not planned)"
        row["closed_by"] = esc.table_cell(who)
        rows.append(row)
    _ditto(rows, shown)
    return rows, max(0, len(digest.closed) - limit)


def _lesson_view(pm: PostmortemLessons, limit: int) -> dict[str, Any]:
    heading = _link(pm.title, pm.url)
    if pm.date:
        heading += f" — {pm.date.isoformat()}"
    sections = []
    for key, name in _LESSON_SECTIONS:
        items: list[str] = getattr(pm.lessons, key)
        if items:
            sections.append({
                "name": name,
                "entries": [esc.inline(item) for item in items[:limit]],
                "more": max(0, len(items) - limit),
            })
    return {"heading": heading, "sections": sections}


def _attention_line(item: AttentionItem) -> str:
    if item.issue is not None:
        where = f"[#{item.issue}]({item.url})" if item.url else f"#{item.issue}"
    else:
        loc = f"{item.path}:{item.line}" if item.line else (item.path or "?")
        where = esc.code(loc)
    return f"{where} {esc.inline(item.title)}: {esc.inline(item.reason)}"


def backlog_text(digest: Digest) -> str:
    """The backlog section's one paragraph: how many, how many past due, the oldest, and
    where the full list is (``status``); never a table row per action."""
    section = digest.backlog
    if section is None:
        return ""
    text = (
        f"{section.open} open {'action' if section.open == 1 else 'actions'} from postmortems "
        f"dated before {section.since.isoformat()}, filed under `backlog`"
        + (f" ({section.overdue} past their due date)" if section.overdue else "")
        + ": kept out of the tables above."
    )
    if section.oldest is not None:
        oldest = section.oldest
        where = f" ({section.oldest_date.isoformat()})" if section.oldest_date else ""
        issue = f"{_issue_cell(oldest)} " if oldest.issue is not None else ""
        text += (f" Oldest: {issue}{esc.inline(oldest.description)} — "
                 f"{_postmortem_cell(oldest)}{where}.")
    return text + " `action-tracker status` lists them all."


def _percent(rate: float) -> str:
    """``27%``; never ``0%`` for some done nor ``100%`` for not all done."""
    shown = round(rate * 100)
    if shown == 0 and rate > 0:
        return "<1%"
    if shown == 100 and rate < 1:
        return ">99%"
    return f"{shown}%"


def headline_line(digest: Digest) -> str:
    """One line of counts, the part a busy reader actually reads."""
    h = digest.headline
    parts = [
        f"**{h.open} open**",
        f"**{h.overdue} overdue**" + (f" ({h.escalated} escalated)" if h.escalated else ""),
        f"{h.due_soon} due in the next {_days(h.due_soon_days)}",
    ]
    if digest.source == "github":
        parts.append(f"{h.closed} closed this {digest.period.noun}")
    if h.completion_rate is not None:
        parts.append(f"{h.done} of {h.actions} actions done ({_percent(h.completion_rate)})")
    if h.median_days_to_close is not None:
        median = h.median_days_to_close
        shown = f"{median:g}"
        parts.append(f"median {shown} {'day' if median == 1 else 'days'} to close")
    return " · ".join(parts)


def priority_line(digest: Digest) -> str:
    counts = digest.headline.by_priority
    if not counts:
        return ""
    parts = []
    for c in counts:
        name = "no priority" if c.priority == "none" else esc.inline(c.priority)
        extra = f" ({c.overdue} overdue)" if c.overdue else ""
        parts.append(f"{name}: {c.open}{extra}")
    return "Open by priority: " + " · ".join(parts)


def _context(digest: Digest, config: Config, limit: int) -> dict[str, Any]:
    overdue, overdue_more = _overdue_rows(digest, limit)
    due_soon, due_soon_more = _due_soon_rows(digest, limit)
    closed, closed_more = _closed_rows(digest, limit)
    overdue_groups = _group_views(digest, limit, "overdue", _overdue_row)
    due_soon_groups = _group_views(digest, limit, "due_soon", _due_soon_row)
    with_issues = digest.source == "github"
    if not with_issues:  # from documents alone there is no Issue column
        grouped = [row for view in (*overdue_groups, *due_soon_groups) for row in view["rows"]]
        for row in (*overdue, *due_soon, *grouped):
            row["issue_cell"] = ""
    where = f" for {digest.repo}" if digest.repo else ""
    return {
        "digest": digest,
        "marker": digest_marker(digest),
        "mention": config.digest.mention or "",
        "title": esc.inline(digest_title(digest, config)),
        "source": digest.source,
        "issue_head": " Issue |" if with_issues else "",
        "issue_rule": " --- |" if with_issues else "",
        "headline": headline_line(digest),
        "owners": owner_line(digest),
        "overdue_hint": _more_hint(digest, "status --overdue"),
        "more_hint": _more_hint(digest, "status"),
        "by_priority": priority_line(digest),
        "group_by": digest.group_by,
        # Flat tables (``group_by: owner``, and templates written before grouping)...
        "overdue": overdue,
        "overdue_more": overdue_more,
        "due_soon": due_soon,
        "due_soon_more": due_soon_more,
        # ...and the same rows per postmortem (``group_by: postmortem``; same "more" counts).
        "overdue_groups": overdue_groups,
        "due_soon_groups": due_soon_groups,
        "closed": closed,
        "closed_more": closed_more,
        "postmortems": [_lesson_view(pm, limit) for pm in digest.postmortems[:limit]],
        "postmortems_more": max(0, len(digest.postmortems) - limit),
        "backlog": backlog_text(digest),
        "attention": [_attention_line(a) for a in digest.needs_attention[:limit]],
        "attention_more": max(0, len(digest.needs_attention) - limit),
        "footer": (
            f"{digest.period.describe()}, as of {digest.today.isoformat()} (UTC){where}. "
            + (f"{PROGRESS_DEFINITION} " if digest.headline.actions else "")
            + (f"{GROUP_PROGRESS_DEFINITION} " if digest.groups else "")
            + "Posted by action-tracker."
        ),
    }


def render_markdown(digest: Digest, config: Config, *, budget: int = BODY_BUDGET) -> str:
    """The digest issue body, shrinking its lists until it fits ``budget`` characters.

    The digest marker is how the next run finds this issue again, so a template override
    that leaves out ``{{ marker }}`` gets it appended (as issue bodies and the preview do):
    without it every run would open another digest issue.
    """
    marker = digest_marker(digest)

    def body_with(items: int) -> str:
        context = _context(digest, config, items)
        return _with_marker(render(DIGEST_TEMPLATE, context, user_dir=config.templates_dir), marker)

    body = github_text.shrink_to_fit(body_with, config.digest.max_items, budget)
    if len(body) > budget:  # only fixed text is left; never fail to post
        note = "\n\n…(cut: the digest is longer than a GitHub issue allows)\n"
        body = _with_marker(body[: budget - len(note) - len(marker) - 2] + note, marker)
    return body


def _with_marker(body: str, marker: str) -> str:
    """``body`` ending in a newline and carrying ``marker`` (appended when missing)."""
    if marker not in body:
        body = f"{body.rstrip()}\n\n{marker}\n"
    return body if body.endswith("\n") else body + "\n"


def render_json(digest: Digest, config: Config, extra: dict[str, Any] | None = None) -> str:
    """The full digest (no list is cut) as JSON, for scripts."""
    data: dict[str, Any] = {"title": digest_title(digest, config)}
    data.update(digest.model_dump(mode="json"))
    data.update(extra or {})
    return safe_text.json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def slack_escape(text: str | None) -> str:
    """Slack mrkdwn control characters (``& < >``), on one line, notifying nobody.

    Backticks become ``'`` so that the code spans wrapped around ``@here``, ``@channel`` or
    ``@name`` pair as intended (Slack does not parse mentions inside code); control
    characters and runner commands are defused as for any printed line.
    """
    text = safe_text.one_line(" ".join((text or "").split()).replace("`", "'"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_MENTION_RE.sub(r"`\g<0>`", text)


def _chat_line(record: ActionRecord) -> str:
    what = slack_escape(record.description)
    if record.url and record.issue is not None:
        ref = f"<{record.url}|#{record.issue}> "
    elif record.issue is not None:
        ref = f"#{record.issue} "
    else:
        ref = ""
    pm = slack_escape(record.postmortem_title or record.postmortem_id or "")
    owner = slack_escape(record.owner.display)
    mark = ", escalated" if record.escalated else ""
    return f"{ref}{what} ({pm}): {owner}, {age(record.days_overdue or 0)} overdue{mark}"


def chat_payload(digest: Digest, config: Config, *, digest_url: str | None) -> dict[str, Any]:
    """The Slack-compatible webhook body: ``{"text": ...}`` with counts and the top overdue
    (escalated first, as in the digest)."""
    overdue: Sequence[ActionRecord] = sorted(
        digest.overdue_items,
        key=lambda r: (not r.escalated, -(r.days_overdue or 0), r.issue or 0),
    )
    h = digest.headline
    escalated = f" ({h.escalated} escalated)" if h.escalated else ""
    counts = (
        f"{h.overdue} overdue{escalated} · {h.due_soon} due in the next "
        f"{_days(h.due_soon_days)} · "
        f"{h.closed} closed this {digest.period.noun} · {h.open} open"
    )
    context = {
        "digest": digest,
        "title": slack_escape(digest_title(digest, config)),
        "counts": counts,
        "overdue": [_chat_line(r) for r in overdue[:CHAT_TOP_OVERDUE]],
        "overdue_more": max(0, len(overdue) - CHAT_TOP_OVERDUE),
        "digest_link": f"<{digest_url}|Read the digest>" if digest_url else "",
    }
    text = render(CHAT_TEMPLATE, context, user_dir=config.templates_dir).strip()
    return {"text": text}
