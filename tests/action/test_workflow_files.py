"""The shipped action.yml and workflows are safe to copy: least privilege, pinned, no injection.

These read the files as GitHub would (YAML) and check the rules a reviewer of a copied
workflow cares about. actionlint and zizmor (tools/lint-workflows.sh, run by .ci/run) check
the rest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
SHA_RE = re.compile(r"^[0-9a-f]{40}$")
EXPECTED = {"ci.yml", "postmortem-validate.yml", "postmortem-sync.yml", "postmortem-digest.yml"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` block (YAML 1.1 reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def all_steps(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if path.name == "action.yml":
        return list(data["runs"]["steps"])
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_the_four_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= EXPECTED


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_declares_top_level_permissions_and_per_job_grants(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name}: no top-level permissions"
    assert workflow["permissions"] in ({}, None) or isinstance(workflow["permissions"], dict)
    for name, job in workflow["jobs"].items():
        perms = job.get("permissions", workflow["permissions"])
        assert isinstance(perms, dict), f"{path.name}:{name}: permissions must be a mapping"
        assert "write-all" not in str(perms)
        for scope, level in perms.items():
            assert level in ("read", "write", "none"), f"{path.name}:{name}:{scope}={level}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda p: p.name)
def test_third_party_actions_are_pinned_by_full_sha_with_version_comment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    uses = [step["uses"] for step in all_steps(path) if "uses" in step]
    assert uses, f"{path.name}: expected at least one `uses:`"
    for ref in uses:
        if ref.startswith("./"):
            continue  # this repository's own action, at the commit being run
        version = ref.partition("@")[2]
        assert SHA_RE.match(version), f"{path.name}: {ref} is not pinned to a 40-hex commit"
        assert re.search(rf"{re.escape(ref)} # v\d", text), f"{path.name}: {ref} lacks '# vX'"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    for step in all_steps(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda p: p.name)
def test_no_expression_is_interpolated_into_a_script(path: Path) -> None:
    """Template injection: values reach `run:` scripts through `env:` only."""
    for step in all_steps(path):
        script = step.get("run")
        if script is not None:
            assert "${{" not in script, f"{path.name}: step {step.get('name')!r} interpolates"


def jobs_permissions(name: str) -> dict[str, dict[str, str]]:
    workflow = load(ROOT / ".github" / "workflows" / name)
    return {job_id: job.get("permissions", {}) for job_id, job in workflow["jobs"].items()}


def test_only_sync_and_digest_may_write_issues() -> None:
    for path in WORKFLOWS:
        for job, perms in jobs_permissions(path.name).items():
            writes = {scope for scope, level in perms.items() if level == "write"}
            if path.name in ("postmortem-sync.yml", "postmortem-digest.yml"):
                assert writes == {"issues"}, f"{path.name}:{job}"
            elif path.name == "postmortem-validate.yml":
                assert writes == {"pull-requests"}, f"{path.name}:{job}"
            else:
                assert writes == set(), f"{path.name}:{job}"


def test_sync_runs_on_push_with_paths_and_dispatch_serialised() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "postmortem-sync.yml")
    on = triggers(workflow)
    assert "postmortems/**" in on["push"]["paths"]
    assert "workflow_dispatch" in on
    assert workflow["concurrency"] == {
        "group": "postmortem-sync-${{ github.repository }}",
        "cancel-in-progress": False,
    }
    job = workflow["jobs"]["sync"]
    assert job["if"] == "github.ref_name == github.event.repository.default_branch"
    assert job["permissions"] == {"contents": "read", "issues": "write"}


def test_digest_is_weekly_at_an_odd_minute_and_dispatchable() -> None:
    on = triggers(load(ROOT / ".github" / "workflows" / "postmortem-digest.yml"))
    assert "workflow_dispatch" in on
    (entry,) = on["schedule"]
    minute, _hour, dom, month, dow = entry["cron"].split()
    assert minute not in ("0", "00", "*") and dom == "*" and month == "*" and dow not in ("*",)


def test_validate_runs_on_pull_requests_touching_postmortems() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "postmortem-validate.yml")
    on = triggers(workflow)
    assert set(on) == {"pull_request"}
    assert "postmortems/**" in on["pull_request"]["paths"]
    steps = all_steps(ROOT / ".github" / "workflows" / "postmortem-validate.yml")
    commands = [s["with"]["command"] for s in steps if s.get("uses") == "./"]
    assert commands == ["validate", "preview"]
    # validate tells the pull request's own postmortems by the merge commit's first parent.
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] >= 2


def test_ci_covers_supported_pythons_with_tests_ruff_and_mypy() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "ci.yml")
    test_job = workflow["jobs"]["test"]
    assert test_job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    scripts = " ".join(step.get("run", "") for step in test_job["steps"])
    assert "pytest" in scripts and "ruff check" in scripts and "mypy action_tracker" in scripts
    lint = " ".join(s.get("run", "") for j in workflow["jobs"].values() for s in j["steps"])
    assert "tools/lint-workflows.sh" in lint


def test_action_inputs_outputs_and_env_wiring() -> None:
    action = load(ACTION)
    inputs = action["inputs"]
    assert {"command", "config", "repo", "token", "dry-run", "python-version",
            "working-directory", "args"} <= set(inputs)
    assert inputs["token"]["default"] == "${{ github.token }}"
    assert action["runs"]["using"] == "composite"
    steps = {step.get("id"): step for step in action["runs"]["steps"]}
    run = steps["run"]
    # Every input reaches the tool through the run step's environment, not the script text.
    env_values = " ".join(str(v) for v in run["env"].values())
    for name in ("command", "config", "repo", "dry-run", "args", "token"):
        assert f"inputs.{name}" in env_values
    assert run["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
    for counts in ("created", "updated", "closed", "unchanged", "failed", "removed",
                   "overdue", "due_soon", "would_create", "would_update", "would_close"):
        assert counts in action["outputs"]


def test_action_installs_from_its_own_checkout_with_constraints() -> None:
    action = load(ACTION)
    install = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '--constraint "$ACTION_PATH/action-constraints.txt" "$ACTION_PATH"' in install["run"]
    constraints = (ROOT / "action-constraints.txt").read_text(encoding="utf-8")
    pins = [line for line in constraints.splitlines() if line and not line.startswith("#")]
    assert pins and all(re.match(r"^[a-z0-9_.-]+==[\w.]+$", line) for line in pins)
    assert any(line.startswith("pygithub==") for line in pins)
