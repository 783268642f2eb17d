"""``validate`` on a pull request: about the postmortems it changes, in a real git checkout.

Each test builds a real repository (git is a test dependency of the runner anyway): a base
commit with old postmortems, a pull-request branch, and the merge commit
``actions/checkout`` checks out on ``pull_request``; the run gets the event payload file
GitHub writes (``GITHUB_EVENT_PATH``) with the base and head commits.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.parser.cli_helpers import run_cli

GOOD = """# Replica lag outage

Date: 2026-01-12

## Action items

- [ ] Add a lag alert @ana due 2026-03-01
"""
BROKEN = "---\ntitle: [unclosed\n---\n# Broken\n"
OLD_WARNING = GOOD + "- Nobody owns this one\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@dataclass
class PullRequest:
    origin: Path
    base: str
    head: str
    merge: str


@pytest.fixture(autouse=True)
def _git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git that ignores the machine's own config, and a run outside Actions by default."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.com")
    for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH",
                 "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


def make_pull_request(tmp_path: Path, base_files: dict[str, str],
                      pr_files: dict[str, str]) -> PullRequest:
    """A repository whose ``main`` holds ``base_files``, a branch ``pr`` that adds or changes
    ``pr_files``, and a branch ``merge`` at the merge commit GitHub would build."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    for rel, text in {"README.md": "# Postmortems\n", **base_files}.items():
        write(origin / rel, text)
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "base")
    base = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "-b", "pr")
    for rel, text in pr_files.items():
        write(origin / rel, text)
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "the pull request")
    head = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "-b", "merge", "main")
    git(origin, "merge", "-q", "--no-ff", "--no-edit", "pr")
    merge = git(origin, "rev-parse", "HEAD")
    return PullRequest(origin, base, head, merge)


def on_pull_request(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pr: PullRequest,
                    checkout: Path, *, actions: bool = False,
                    event_name: str = "pull_request") -> Path:
    """The variables a runner sets for a ``pull_request`` run; returns the summary file."""
    event = {"action": "synchronize", "number": 7, "pull_request": {
        "number": 7, "head": {"sha": pr.head, "ref": "pr"}, "base": {"sha": pr.base, "ref": "main"},
    }}
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", event_name)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    monkeypatch.setenv("GITHUB_SHA", pr.merge)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    if actions:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(checkout)
    return summary


OLD = {"postmortems/2025-01-01-old.md": BROKEN, "postmortems/2025-02-01-warn.md": OLD_WARNING}


@pytest.mark.parametrize("event_name", ["pull_request", "pull_request_target"])
def test_only_the_changed_postmortem_is_reported_and_old_errors_do_not_fail(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], event_name: str) -> None:
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": GOOD})
    summary = on_pull_request(monkeypatch, tmp_path, pr, pr.origin, event_name=event_name)
    code, out, _ = run_cli(capsys, "validate")
    assert code == 0, out  # the old broken document does not block a good new one
    assert "2025-01-01-old.md" not in out and "2025-02-01-warn.md" not in out
    assert out.strip().splitlines() == [
        "1 changed postmortem checked: 0 error(s), 0 warning(s)",
        "2 problems in 2 other postmortems not changed by this pull request (they do not fail "
        "this check); run validate locally or with --all to see them",
    ]
    text = summary.read_text(encoding="utf-8")
    assert "0 error(s), 0 warning(s) in 1 changed postmortem" in text
    assert "No problems found." in text and "2 problems in 2 other postmortems" in text


def test_the_pull_requests_own_broken_row_is_the_one_annotated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    new = GOOD + "\n| Action | Owner |\n|---|---|\n| Ragged | Ana | extra |\n"
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": new,
                                           "postmortems/2026-01-13-bad.md": BROKEN})
    on_pull_request(monkeypatch, tmp_path, pr, pr.origin, actions=True)
    code, out, _ = run_cli(capsys, "validate")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("::warning file=postmortems/2026-01-12-new.md,line=11::")
    assert lines[1].startswith("::error file=postmortems/2026-01-13-bad.md,line=")
    assert lines[2] == "2 changed postmortems checked: 1 error(s), 1 warning(s)"
    assert lines[3].startswith("2 problems in 2 other postmortems not changed")
    assert len(lines) == 4


def test_all_reports_every_postmortem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": OLD_WARNING})
    on_pull_request(monkeypatch, tmp_path, pr, pr.origin)
    code, out, _ = run_cli(capsys, "validate", "--all")
    assert code == 1
    lines = out.strip().splitlines()
    # The pull request's own problem first, then the rest of the repository's.
    assert lines[0].startswith("postmortems/2026-01-12-new.md:8: warning:")
    assert lines[1].startswith("postmortems/2025-01-01-old.md:3: error:")
    assert lines[2].startswith("postmortems/2025-02-01-warn.md:8: warning:")
    assert lines[-1] == "3 file(s) checked: 1 error(s), 2 warning(s)"


def test_an_id_clash_with_an_unchanged_document_is_the_pull_requests(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    clashing = "---\nid: 2025-02-01-warn\n---\n" + GOOD
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": clashing})
    on_pull_request(monkeypatch, tmp_path, pr, pr.origin)
    code, out, _ = run_cli(capsys, "validate", "--format", "json")
    assert code == 1
    report = json.loads(out)
    clash = [(p["path"], p["severity"]) for p in report["problems"]
             if "postmortem id '2025-02-01-warn'" in p["message"]]
    assert sorted(clash) == [("postmortems/2025-02-01-warn.md", "error"),
                             ("postmortems/2026-01-12-new.md", "error")]
    # The old document's own warning is not about the pull request: only counted.
    assert not any("no owner" in p["message"] for p in report["problems"])
    assert report["not_changed_by_pull_request"] == {"problems": 2, "errors": 1, "files": 2}


def test_a_pull_request_that_changes_no_postmortem_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pr = make_pull_request(tmp_path, OLD, {"README.md": "# Postmortems, reworded\n"})
    summary = on_pull_request(monkeypatch, tmp_path, pr, pr.origin)
    code, out, err = run_cli(capsys, "validate")
    assert code == 0
    assert out.strip().splitlines()[0] == "This pull request changes no postmortem."
    assert "no postmortems found" not in err  # there are: the pull request changes none
    text = summary.read_text(encoding="utf-8")
    assert "This pull request changes no postmortem." in text
    assert "2 problems in 2 other postmortems not changed by this pull request" in text
    assert "No problems found." not in text


def test_a_changed_config_reports_everything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pr = make_pull_request(tmp_path, OLD, {".github/action-tracker.yml": "owners: {}\n"})
    on_pull_request(monkeypatch, tmp_path, pr, pr.origin)
    code, out, _ = run_cli(capsys, "validate")
    assert code == 1
    assert "postmortems/2025-01-01-old.md:3: error:" in out
    assert "note: this pull request changes the config (.github/action-tracker.yml)" in out


def test_shallow_merge_checkout_needs_its_parents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``actions/checkout`` with ``fetch-depth: 2`` holds the merge commit and its two
    parents (and not the base's history): enough. The default depth 1 is not: everything is
    reported, with a note saying what to change."""
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": GOOD})
    for depth in ("2", "1"):
        checkout = tmp_path / f"depth{depth}"
        git(tmp_path, "clone", "-q", "--depth", depth, "--branch", "merge",
            pr.origin.as_uri(), checkout.name)
        on_pull_request(monkeypatch, tmp_path, pr, checkout)
        code, out, _ = run_cli(capsys, "validate")
        if depth == "2":
            assert code == 0 and "2 problems in 2 other postmortems" in out
        else:
            assert code == 1 and "postmortems/2025-01-01-old.md:3: error:" in out
            assert "note: cannot tell which files this pull request changes" in out
            assert "fetch-depth: 2" in out


def test_outside_a_git_checkout_everything_is_reported_with_a_note(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": GOOD})
    plain = tmp_path / "plain"
    for rel in (*OLD, "postmortems/2026-01-12-new.md"):
        write(plain / rel, (pr.origin / rel).read_text(encoding="utf-8"))
    summary = on_pull_request(monkeypatch, tmp_path, pr, plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, _ = run_cli(capsys, "validate")
    assert code == 1
    assert "note: cannot tell which files this pull request changes: not a git checkout" in out
    assert "> [!NOTE]" in summary.read_text(encoding="utf-8")


def test_changed_files_three_dot_and_merge_commit_agree(tmp_path: Path) -> None:
    from action_tracker.runtime.pr_changes import changed_files

    pr = make_pull_request(tmp_path, OLD, {"postmortems/2026-01-12-new.md": GOOD,
                                           "postmortems/2025-02-01-warn.md": GOOD})
    expected = frozenset({"postmortems/2026-01-12-new.md", "postmortems/2025-02-01-warn.md"})
    three_dot = changed_files(pr.base, pr.head, pr.origin)
    assert three_dot.paths == expected and "..." in three_dot.how
    merge_only = changed_files("0" * 40, pr.head, pr.origin)  # base not in the checkout
    assert merge_only.paths == expected and "merge commit" in merge_only.how
    # A payload value that is not a commit id never reaches git's command line.
    assert changed_files("--output=/tmp/x", pr.head, pr.origin).paths == expected
    # Paths are the postmortems' display paths: relative to the folder the tool runs in.
    sub = changed_files(pr.base, pr.head, pr.origin / "postmortems")
    assert sub.paths == frozenset({"2026-01-12-new.md", "2025-02-01-warn.md"})
