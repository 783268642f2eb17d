"""A hostile postmortem through every command, against the fake GitHub: what people and the
Actions runner get from it.

The document's id and file name hold a newline and a workflow command, its text pings
people and teams and opens raw HTML, its front matter invents labels and its owner is
huge. Nothing of that may reach a printed line as a command, a reader as a mention or
markup, the repository as a label, or make an issue impossible to write.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.hostile import foreign_html, mentions, runner_commands
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

HOSTILE = """---
id: "x\\n::error::pwned-id"
title: "Outage ##[add-mask]pwned-title"
date: 2026-01-12
---

# Outage

## What went wrong

- Paging was slow <details><summary>pwned-lesson
- Ask @torvalds ##[stop-commands]pwned-lesson

## Action items

| Action | Owner | Due | Priority | Type | Status |
|---|---|---|---|---|---|
| Add alert, ping @torvalds, @acme/everyone <details> | @alice | 2026-02-01 | P1 | \
approved-by-security | open |
| Write the runbook | @acme/everyone | 2026-02-01 | urgent-now | prevent | open |
"""

PLAIN_ROWS = [("Rotate the keys", "", "", "", "", "open")]
# Our own annotations, the only lines allowed to start with "::".
_OURS = re.compile(r"^::(error|warning|notice)( [^:]*)?::")


def _write_hostile(checkout: Checkout) -> None:
    (checkout.root / "postmortems" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    # A file name with a newline and a command (valid on Linux), with a warning to report.
    name = "evil\n::error::pwned-path\n##[add-mask]x.md"
    (checkout.root / "postmortems" / name).write_text(
        "---\ntitle: Evil name\ndate: 2026-01-12\n---\n\n# Evil\n\n## Action items\n\n"
        "- Rotate the keys\n", encoding="utf-8")


def _injections(result: CliRun) -> list[str]:
    printed = result.stdout + "\n" + result.stderr
    # A line that is our annotation is read as that annotation (the runner tries "::" first,
    # and its file and message are escaped); any other such line is an injection.
    return [line for line in runner_commands(printed) if not _OURS.match(line.lstrip())]


@pytest.mark.parametrize("in_actions", [False, True])
def test_no_document_text_reaches_a_printed_line_as_a_workflow_command(
    checkout: Checkout, run_cli: Run, gh: Gh, in_actions: bool
) -> None:
    _, env = gh
    _write_hostile(checkout)
    actions_env = {"GITHUB_ACTIONS": "true"} if in_actions else {}
    no_token = {k: v for k, v in env.items() if k != "GITHUB_TOKEN"} | actions_env
    full = env | actions_env
    paths = [str(p) for p in sorted((checkout.root / "postmortems").iterdir())]
    runs = {
        "parse json": run_cli("parse", *paths),
        "parse text": run_cli("parse", "--format", "text", *paths),
        "validate text": run_cli("validate", "--format", "text", env=actions_env),
        "validate json": run_cli("validate", "--format", "json", env=actions_env),
        "validate github": run_cli("validate", "--format", "github", env=actions_env),
        "sync dry text": run_cli("-v", "sync", "--dry-run", env=no_token),
        "sync dry json": run_cli("sync", "--dry-run", "--format", "json", env=no_token),
        "digest dry": run_cli("digest", "--dry-run", "--today", "2026-02-05", env=no_token),
        "digest dry lessons": run_cli("digest", "--dry-run", "--today", "2026-01-13",
                                      env=no_token),
        "digest dry json": run_cli("digest", "--dry-run", "--format", "json",
                                   "--today", "2026-01-13", env=no_token),
        "preview dry": run_cli("preview", "--dry-run", env=no_token),
        "preview dry json": run_cli("preview", "--dry-run", "--format", "json", env=no_token),
        "sync": run_cli("-v", "sync", env=full),
        "sync again": run_cli("-vv", "sync", "--format", "json", env=full),
        "status": run_cli("status", "--today", "2026-02-05", env=full),
        "status json": run_cli("status", "--format", "json", env=full),
        "digest with issues": run_cli("digest", "--dry-run", "--today", "2026-02-05", env=full),
        "preview with issues": run_cli("preview", "--dry-run", env=full),
    }
    for name, result in runs.items():
        assert result.code in (0, 1), (name, result.stderr)
        assert _injections(result) == [], name
    # The text is still there for a person to read, escaped, not lost.
    assert "x\\n::error::pwned-id" in runs["sync dry text"].stdout
    assert "evil\\n" in runs["validate text"].stdout


def test_issue_and_digest_mention_only_assignable_owners_and_render_no_document_html(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _write_hostile(checkout)
    result = run_cli("sync", "postmortems/hostile.md", env=env)
    assert result.code == 0, result.stderr
    issues = {i["title"]: i for i in fake.issues(REPO)}
    alert = next(i for t, i in issues.items() if t.startswith("Add alert"))
    runbook = issues["Write the runbook"]
    assert [a["login"] for a in alert["assignees"]] == ["alice"]
    assert mentions(alert["body"]) == {"alice"}  # the assignee, not @torvalds or the team
    assert mentions(runbook["body"]) == set()  # "@acme/everyone" is named, not pinged
    assert "`@acme/everyone`" in runbook["body"]
    for issue in (alert, runbook):
        assert foreign_html(issue["body"]) == [], issue["body"]
    # The weekly digest mentions the assignee GitHub reports, nobody a document names.
    digest = run_cli("digest", "--today", "2026-02-05", env=env)
    assert digest.code == 0, digest.stderr
    (body,) = [i["body"] for i in fake.issues(REPO) if "postmortem-digest" in
               {label["name"] for label in i["labels"]}]
    assert mentions(body) == {"alice"}
    assert "`@acme/everyone`" in body
    assert foreign_html(body) == [], body


def test_only_the_normalised_vocabulary_becomes_labels(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _write_hostile(checkout)
    assert run_cli("sync", "postmortems/hostile.md", env=env).code == 0
    names = {label["name"] for label in fake.labels(REPO)}
    on_issues = {label["name"] for i in fake.issues(REPO) for label in i["labels"]}
    assert "type:approved-by-security" not in on_issues | names
    assert not any(n.startswith("priority:urgent") for n in on_issues | names)
    assert {"priority:P1", "type:prevent"} <= on_issues
    alert = next(i for i in fake.issues(REPO) if i["title"].startswith("Add alert"))
    assert "approved-by-security" in alert["body"]  # still said, in the body


def test_a_huge_owner_still_fits_the_issue_body(checkout: Checkout, run_cli: Run,
                                                 gh: Gh) -> None:
    fake, env = gh
    owner = "🚀" * 7_400  # 12 characters each once percent-encoded in the marker
    checkout.write("big", "Big owner", [("Fix it", owner, "2026-02-01", "P1", "fix", "open")])
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    (issue,) = [i for i in fake.issues(REPO) if find_marker(i["body"]) is not None]
    assert len(issue["body"]) <= 65_536
    marker = find_marker(issue["body"])
    assert marker is not None and marker.key is not None
    assert len(marker.get("owner") or "") <= 600
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0  # and it converges: the capped marker matches next time


def test_an_id_too_long_for_a_marker_is_a_document_error(checkout: Checkout,
                                                           run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    long_id = "pm-" + "x" * 7_400
    (checkout.root / "postmortems" / "long.md").write_text(
        f"---\nid: {long_id}\ntitle: Long id\ndate: 2026-01-12\n---\n\n# Long\n\n"
        "## Action items\n\n- Fix the thing (@alice, due 2026-02-01)\n", encoding="utf-8")
    checkout.write("ok", "Fine", PLAIN_ROWS)
    validate = run_cli("validate", "--format", "text")
    assert validate.code == 1
    assert "postmortem id is 7403 characters long" in validate.stdout
    result = run_cli("sync", env=env)
    assert result.code == 1  # the document's problem is reported ...
    titles = [i["title"] for i in tracked(fake)]
    assert titles == ["Rotate the keys"]  # ... and the healthy document still synced
