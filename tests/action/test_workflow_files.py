"""The shipped action.yml and workflows are safe to copy: least privilege, pinned, no injection.

These read the files as GitHub would (YAML) and check the rules a reviewer of a copied
workflow cares about. actionlint and zizmor (tools/lint-workflows.sh, run by .ci/run) check
the rest.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
SHA_RE = re.compile(r"^[0-9a-f]{40}$")
EXPECTED = {"ci.yml", "postmortem-validate.yml", "postmortem-sync.yml", "postmortem-digest.yml",
            "release.yml"}


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


def test_the_workflows_exist() -> None:
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
            elif path.name == "release.yml" and job == "release":
                assert writes == {"contents"}, f"{path.name}:{job}"
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
    matrix = test_job["strategy"]["matrix"]
    assert matrix["python-version"] == ["3.11", "3.12", "3.13"]
    # Once on the lowest allowed versions (oldest Python), once on the action's pinned set
    # (its default Python).
    assert {"python-version": "3.11", "deps": "lowest"} in matrix["include"]
    default_python = load(ACTION)["inputs"]["python-version"]["default"]
    assert {"python-version": default_python, "deps": "action"} in matrix["include"]
    install = next(step["run"] for step in test_job["steps"] if step.get("name") == "Install")
    assert "--constraint constraints-lowest.txt" in install
    assert "--constraint action-constraints.txt" in install
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


README_TEST_COMMAND = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' "
    "&& python -m pytest"
)


def test_ci_script_runs_the_readme_test_command_then_the_lowest_versions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{README_TEST_COMMAND}\n```" in readme
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines()
                if line.strip() and not line.startswith("#")
                and not line.startswith(("set ", "cd "))]
    assert commands[0] == README_TEST_COMMAND
    lowest = [line for line in commands if "constraints-lowest.txt" in line]
    assert lowest and "pip install" in lowest[0]
    assert any("pytest" in line for line in commands[commands.index(lowest[0]):])


# --------------------------------------------------------------------------- releases


def _version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def test_changelog_has_an_entry_for_the_current_version() -> None:
    """The release workflow publishes this entry as the release notes: a version bump
    without it fails here, not at release time."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "changelog_entry.py"), _version()],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "\n## [Unreleased]\n" in changelog
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{_version()}]")


def test_changelog_entry_tool_refuses_a_missing_or_undated_version(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import changelog_entry
    finally:
        sys.path.remove(str(ROOT / "tools"))
    text = "# Changelog\n\n## [Unreleased]\n\n## [1.2.0]\n\n- x\n\n## [1.1.0] - 2026-01-02\n"
    with pytest.raises(ValueError, match=re.escape("no '## [9.9.9]")):
        changelog_entry.entry(text, "9.9.9")
    with pytest.raises(ValueError, match="has no date"):
        changelog_entry.entry(text, "1.2.0")
    with pytest.raises(ValueError, match="empty"):
        changelog_entry.entry(text, "1.1.0")
    body = "## [1.1.0] - 2026-01-02\n\n### Fixed\n\n- y\n\n[1.1.0]: https://example.com\n"
    assert changelog_entry.entry(body, "1.1.0") == "### Fixed\n\n- y\n"


def test_release_workflow_tags_publishes_and_moves_the_major_tag() -> None:
    path = ROOT / ".github" / "workflows" / "release.yml"
    workflow = load(path)
    on = triggers(workflow)
    assert on["push"] == {"branches": ["main"], "paths": ["pyproject.toml"]}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, release = workflow["jobs"]["build"], workflow["jobs"]["release"]
    assert build["permissions"] == {"contents": "read"}
    assert release["permissions"] == {"contents": "write"}
    assert release["needs"] == "build"
    build_scripts = " ".join(step.get("run", "") for step in build["steps"])
    assert 'refs/tags/v$version' in build_scripts  # a version already tagged is not released
    assert "tools/changelog_entry.py" in build_scripts and "python -m build" in build_scripts
    release_scripts = " ".join(step.get("run", "") for step in release["steps"])
    assert 'gh release create "v$VERSION" dist/*' in release_scripts
    assert '--notes-file release-notes.md' in release_scripts
    assert 'major="v${VERSION%%.*}"' in release_scripts
    assert "git/refs/tags/$major" in release_scripts and "force=true" in release_scripts


def test_readme_shows_the_major_tag_and_the_pinned_sha_form_of_this_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uses: OWNER/action-tracker@v0\n" in readme
    assert f"uses: OWNER/action-tracker@<full-commit-sha> # v{_version()}\n" in readme
    pinned = re.findall(r"uses: OWNER/action-tracker@<[\w-]+> # v(\S+)", readme)
    assert pinned and set(pinned) == {_version()}, "README names another version"


def _readme_workflows() -> dict[str, dict[str, Any]]:
    """The README's example workflows, by `name:`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = {}
    for block in re.findall(r"```yaml\n(.*?)```", readme, re.S):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "jobs" in data:
            found[data["name"]] = data
    return found


def _as_in_repository(value: Any) -> Any:
    """A README example with `uses: OWNER/action-tracker@...` read as this repository's
    own `uses: ./`."""
    if isinstance(value, dict):
        return {key: ("./" if key == "uses" and str(item).startswith("OWNER/action-tracker@")
                      else _as_in_repository(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_in_repository(item) for item in value]
    return value


@pytest.mark.parametrize("name", ["postmortem-validate.yml", "postmortem-sync.yml",
                                  "postmortem-digest.yml"])
def test_readme_example_is_the_repository_workflow(name: str) -> None:
    """Users copy the README's examples: they must be the files this repository runs."""
    workflow = load(ROOT / ".github" / "workflows" / name)
    examples = _readme_workflows()
    assert workflow["name"] in examples, f"README has no example named {workflow['name']!r}"
    assert _as_in_repository(examples[workflow["name"]]) == workflow
