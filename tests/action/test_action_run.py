"""The action in a runner-like environment, against the fake GitHub server.

Each test drives action.yml's own run step (see conftest) with real-shaped `pull_request`
and `push` payloads, and checks what a user sees: annotations in the log, the job summary,
the step outputs, issues and the one sticky pull-request comment.
"""

from __future__ import annotations

import json

from tests.action.conftest import Workspace

DOC = """---
title: Database failover took 40 minutes
date: 2026-01-12
severity: SEV2
status: final
---

# Database failover took 40 minutes

## Action items

| Action | Owner | Due | Priority |
|---|---|---|---|
| Add an alert on replication lag | @alice | 2026-02-09 | P1 |
| Document the manual failover steps | @bob | 2026-02-20 | P2 |
"""

NEW_ROW = "| Rehearse the failover every quarter | @carol | 2026-03-31 | P2 |"
DOC_MORE = DOC + NEW_ROW + "\n"

DOC_DONE = DOC.replace(
    "| Action | Owner | Due | Priority |\n|---|---|---|---|",
    "| Action | Owner | Due | Priority | Status |\n|---|---|---|---|---|",
).replace("| 2026-02-09 | P1 |", "| 2026-02-09 | P1 | done |").replace(
    "| 2026-02-20 | P2 |", "| 2026-02-20 | P2 | |"
)

PM = "postmortems/2026-01-12-db.md"


def open_pr(ws: Workspace) -> int:
    ws.pr_number = ws.fake.seed_pull_request("acme/widgets", "Postmortem: database failover")
    return ws.pr_number


def test_preview_comment_is_created_once_then_edited_in_place(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.in_subprocess = True  # the first run starts the tool exactly as the runner does
    pr = open_pr(ws)
    ws.write(PM, DOC)

    first = ws.run(command="preview")
    assert first.returncode == 0, first.stderr
    (comment,) = fake.comments("acme/widgets", pr)
    assert "Merging this pull request will open 2 issues, update 0, close 0." in comment["body"]
    assert "Add an alert on replication lag" in comment["body"]
    assert first.outputs["would_create"] == "2"
    assert first.outputs["comment_id"] == str(comment["id"])
    assert "Merging this pull request will open 2 issues" in first.summary
    assert fake.issues("acme/widgets") == []  # a preview never writes issues

    ws.in_subprocess = False
    ws.write(PM, DOC_MORE)  # another push to the pull request
    second = ws.run(command="preview")
    assert second.returncode == 0, second.stderr
    (edited,) = fake.comments("acme/widgets", pr)
    assert edited["id"] == comment["id"]
    assert "will open 3 issues" in edited["body"]
    assert fake.count("POST", r"/issues/\d+/comments$") == 1
    assert fake.count("PATCH", r"/issues/comments/\d+$") == 1

    fake.clear_log()
    third = ws.run(command="preview")  # nothing changed: the comment is left alone
    assert third.returncode == 0, third.stderr
    assert fake.writes == 0
    assert len(fake.comments("acme/widgets", pr)) == 1


def test_preview_comment_never_shows_a_secret_and_stays_unchanged(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    pr = open_pr(ws)
    ws.write(PM, DOC)
    ws.write(".github/action-tracker.yml",
             "github:\n  write_interval: 0\ntemplates_dir: .github/templates\n")
    ws.write(".github/templates/pr_preview.md.j2", f"{{{{ headline }}}} (token {fake.token})\n")
    first = ws.run(command="preview")
    assert first.returncode == 0, first.stderr
    (comment,) = fake.comments("acme/widgets", pr)
    assert "will open 2 issues, update 0, close 0. (token ***)" in comment["body"]
    assert fake.token not in comment["body"]
    fake.clear_log()
    assert ws.run(command="preview").returncode == 0
    assert fake.writes == 0  # what GitHub holds is the masked text: nothing to edit


def test_preview_leaves_peoples_comments_alone(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    pr = open_pr(ws)
    fake.person_comment("acme/widgets", pr, "Looks good, but who owns the runbook?")
    ws.write(PM, DOC)
    for _ in range(2):
        assert ws.run(command="preview").returncode == 0
    bodies = [c["body"] for c in fake.comments("acme/widgets", pr)]
    assert bodies[0] == "Looks good, but who owns the runbook?"
    assert len(bodies) == 2


def test_preview_after_sync_shows_closes_and_opens(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.write(PM, DOC)
    ws.event_name = "push"
    synced = ws.run(command="sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.outputs["created"] == "2"

    ws.event_name = "pull_request"
    pr = open_pr(ws)
    ws.write(PM, DOC_DONE + f"{NEW_ROW} open |\n")
    result = ws.run(command="preview")
    assert result.returncode == 0, result.stderr
    (comment,) = fake.comments("acme/widgets", pr)
    assert "Merging this pull request will open 1 issue, update 0, close 1." in comment["body"]
    assert result.outputs["would_close"] == "1"
    # still only what sync wrote: two issues and their postmortem's parent issue
    assert len(fake.issues("acme/widgets")) == 3


def test_fork_pull_request_falls_back_to_the_job_summary(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    pr = open_pr(ws)
    ws.write(PM, DOC)
    fake.read_only = True  # a fork's GITHUB_TOKEN: reads work, writes get 403

    result = ws.run(command="preview")
    assert result.returncode == 0, result.stderr
    assert "::warning" in result.stderr and "read-only" in result.stderr
    assert "Merging this pull request will open 2 issues" in result.summary
    assert "[!WARNING]" in result.summary
    assert result.outputs["comment_id"] == ""
    assert fake.comments("acme/widgets", pr) == []


def test_sync_on_push_writes_outputs_and_summary_and_is_idempotent(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.event_name = "push"
    ws.write(PM, DOC)

    first = ws.run(command="sync")
    assert first.returncode == 0, first.stderr
    assert first.outputs["created"] == "2" and first.outputs["failed"] == "0"
    assert "Add an alert on replication lag" in first.summary
    titles = sorted(i["title"] for i in fake.issues("acme/widgets"))
    assert titles == ["Add an alert on replication lag", "Document the manual failover steps",
                      "Follow-ups: Database failover took 40 minutes"]

    fake.clear_log()
    again = ws.run(command="sync")
    assert again.returncode == 0, again.stderr
    assert again.outputs["created"] == "0" and again.outputs["unchanged"] == "2"
    assert fake.writes == 0


def test_dry_run_input_writes_nothing(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.event_name = "push"
    ws.write(PM, DOC)
    result = ws.run(command="sync", dry_run="true")
    assert result.returncode == 0, result.stderr
    assert "would create" in result.stdout
    assert fake.writes == 0 and fake.issues("acme/widgets") == []


def test_validate_annotates_problems_in_the_log(workspace: Workspace) -> None:
    ws = workspace
    ws.write(PM, DOC)
    ws.write("postmortems/2026-02-01-broken.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    result = ws.run(command="validate")
    assert result.returncode == 1
    assert "::error file=postmortems/2026-02-01-broken.md" in result.stdout
    assert "file=postmortems/2026-01-12-db.md" not in result.stdout  # the clean one is quiet
    # The job summary lists every problem (annotations are capped at 10 per step).
    assert "Postmortem validation: 1 error(s)" in result.summary
    assert "| error | `postmortems/2026-02-01-broken.md` | 3 |" in result.summary
    assert result.outputs["errors"] == "1" and result.outputs["files"] == "2"


def test_unknown_command_input_is_a_clear_error(workspace: Workspace) -> None:
    result = workspace.run(command="deploy")
    assert result.returncode == 2
    assert "::error title=action-tracker::input 'command' must be sync, digest" in result.stdout


def test_inputs_are_never_evaluated_by_the_shell(workspace: Workspace) -> None:
    ws = workspace
    ws.write(PM, DOC)
    result = ws.run(command="validate", args="$(touch pwned) `touch pwned2` ;touch pwned3")
    assert result.returncode == 2  # the words are taken as (missing) paths: a usage error
    assert not any((ws.root / name).exists() for name in ("pwned", "pwned2", "pwned3"))
    assert "error: $(touch: no such file or folder" in result.stderr


def test_multi_line_args_pass_every_line(workspace: Workspace) -> None:
    """A YAML block (``args: |``) gives one argument list over all its lines, still without
    any shell evaluation: globs and quotes stay literal words."""
    ws = workspace
    ws.write(PM, DOC)
    ws.write("postmortems/2026-02-01-cache.md", DOC.replace("Database failover", "Cache"))
    ws.write("postmortems/2026-03-01-dns.md", DOC.replace("Database failover", "DNS"))
    result = ws.run(
        command="validate",
        args=f"{PM}\n  postmortems/2026-02-01-cache.md\r\n\npostmortems/2026-03-01-dns.md\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.outputs["files"] == "3"

    result = ws.run(command="validate", args=f"{PM}\n'postmortems/*.md'\n")
    assert result.returncode == 2  # the quoted glob is one literal (missing) path
    assert "error: 'postmortems/*.md': no such file or folder" in result.stderr


def test_preview_outside_a_pull_request_says_what_to_do(workspace: Workspace) -> None:
    ws = workspace
    ws.event_name = "push"
    ws.write(PM, DOC)
    result = ws.run(command="preview")
    assert result.returncode == 2
    assert "run it on a pull_request event or pass --pr N" in result.stderr
    assert ws.fake.writes == 0


def test_digest_after_sync_reports_overdue_actions(workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.event_name = "push"
    ws.write(PM, DOC)
    assert ws.run(command="sync").returncode == 0

    result = ws.run(command="digest", args="--today 2026-02-16")  # first action is 7 days late
    assert result.returncode == 0, result.stderr
    assert result.outputs["overdue"] == "1"
    number = int(result.outputs["digest_issue"])
    digest = fake.issue("acme/widgets", number)
    assert "Add an alert on replication lag" in digest["body"]
    assert result.outputs["digest_url"] == digest["html_url"]
    assert "Add an alert on replication lag" in result.summary


def test_preview_never_adopts_a_marked_comment_someone_else_wrote(workspace: Workspace) -> None:
    """Anyone who can comment can paste the preview marker; only the token's own comment is
    the sticky preview (item 10: the tool used to adopt and rewrite the first marked one)."""
    ws, fake = workspace, workspace.fake
    pr = open_pr(ws)
    ws.write(PM, DOC)
    first = ws.run(command="preview")
    assert first.returncode == 0, first.stderr
    (ours,) = fake.comments("acme/widgets", pr)
    # Someone copies the whole comment, marker included, and posts it as their own.
    planted = "Merging this pull request changes nothing, ignore the bot.\n" + ours["body"]
    fake.person_comment("acme/widgets", pr, planted, actor="mallory")

    ws.write(PM, DOC_MORE)
    second = ws.run(command="preview")
    assert second.returncode == 0, second.stderr
    comments = fake.comments("acme/widgets", pr)
    assert [c["user"]["login"] for c in comments] == ["github-actions[bot]", "mallory"]
    assert comments[1]["body"] == planted  # never edited
    assert "will open 3 issues" in comments[0]["body"]
    assert second.outputs["comment_id"] == str(ours["id"])


def test_preview_with_only_someone_elses_marked_comment_posts_its_own(
    workspace: Workspace,
) -> None:
    ws, fake = workspace, workspace.fake
    pr = open_pr(ws)
    ws.write(PM, DOC)
    fake.person_comment("acme/widgets", pr, f"<!-- action-tracker:preview v=1 pr={pr} -->",
                        actor="mallory")
    result = ws.run(command="preview")
    assert result.returncode == 0, result.stderr
    comments = fake.comments("acme/widgets", pr)
    assert len(comments) == 2 and comments[0]["body"].startswith("<!-- action-tracker:preview")
    assert comments[1]["user"]["login"] == "github-actions[bot]"
    assert "will open 2 issues" in comments[1]["body"]
    assert fake.count("PATCH", r"/issues/comments/\d+$") == 0


def test_preview_shows_before_and_after_with_owners_as_sync_assigns_them(
        workspace: Workspace) -> None:
    ws, fake = workspace, workspace.fake
    ws.write(".github/action-tracker.yml",
             "github:\n  write_interval: 0\nowners:\n  Carol Jones: carol\n")
    ws.write(PM, DOC)
    ws.event_name = "push"
    assert ws.run(command="sync").returncode == 0

    ws.event_name = "pull_request"
    pr = open_pr(ws)
    ws.write(PM, DOC.replace("| @bob | 2026-02-20 | P2 |", "| Carol Jones | 2026-03-15 | P1 |")
             .replace("| @alice | 2026-02-09 |", "| Dana Doe | 2026-02-09 |")
             + NEW_ROW.replace("@carol", "@dave") + "\n")
    result = ws.run(command="preview")
    assert result.returncode == 0, result.stderr
    (comment,) = fake.comments("acme/widgets", pr)
    body = comment["body"]
    issues = {i["title"]: i["number"] for i in fake.issues("acme/widgets")}
    alert, steps = issues["Add an alert on replication lag"], issues[
        "Document the manual failover steps"]
    assert f"| #{steps} | `@carol` |" in body and "Carol Jones" not in body
    assert f"| #{alert} | Dana Doe (unassigned) |" in body
    # As sync would find: GitHub does not let @dave be assigned here (asked, as sync asks).
    assert "| new | `@dave` (cannot be assigned in this repository) |" in body
    assert (f"- #{steps} Document the manual failover steps: **owner** `@bob` → `@carol`; "
            "**due** 2026-02-20 → 2026-03-15; **priority** P2 → P1") in body
    assert (f"- #{alert} Add an alert on replication lag: **owner** `@alice` → "
            "Dana Doe (unassigned)") in body

    dry = ws.run(command="preview", dry_run="true", args="--format json")
    assert dry.returncode == 0, dry.stderr
    rows = {row["issue"]: row for row in json.loads(dry.stdout)["changes"]}
    assert rows[steps]["owner"] == "Carol Jones" and rows[steps]["owners"] == ["@carol"]
    assert rows[steps]["field_changes"] == [
        {"field": "owner", "before": "@bob", "after": "@carol"},
        {"field": "due", "before": "2026-02-20", "after": "2026-03-15"},
        {"field": "priority", "before": "P2", "after": "P1"},
    ]
