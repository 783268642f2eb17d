"""Template overrides are repository code: sandboxed, real files inside the checkout, checked
when the config loads, rendered by the dry run, and never a way to publish a secret."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import CONFIG, Checkout, CliRun
from tests.sync.helpers import tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
ROWS = [("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open")]
TEMPLATES = ".github/action-tracker/templates"
FAKE_SECRET = "FAKE-SECRET-do-not-publish-4242"


def overrides(checkout: Checkout, **templates: str) -> Path:
    """Put templates (``issue_body_md_j2="..."`` -> ``issue_body.md.j2``) in the override
    folder and point the config at it."""
    folder = checkout.root / TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in templates.items():
        (folder / name.replace("_md_j2", ".md.j2")).write_text(text, encoding="utf-8")
    set_templates_dir(checkout, TEMPLATES)
    return folder


def set_templates_dir(checkout: Checkout, value: str) -> None:
    text = CONFIG + f"templates_dir: {yaml.safe_dump(value).splitlines()[0]}\n"
    (checkout.root / ".github" / "action-tracker.yml").write_text(text, encoding="utf-8")


def error_line(result: CliRun) -> str:
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert "internal error" not in errors[0] and "Traceback" not in result.stderr
    return errors[0]


def test_symlinked_template_is_refused_and_its_target_never_published(
    checkout: Checkout, run_cli: Run, gh: Gh, tmp_path_factory: pytest.TempPathFactory
) -> None:
    fake, env = gh
    outside = tmp_path_factory.mktemp("outside") / "environ"
    outside.write_text(f"GITHUB_TOKEN={FAKE_SECRET}\n", encoding="utf-8")
    folder = overrides(checkout)
    (folder / "issue_body.md.j2").symlink_to(outside)
    checkout.write("2026-01-12-db", "Database failover", ROWS)

    for args in (("sync", "--dry-run"), ("sync",)):
        result = run_cli(*args, env=env)
        assert result.code == 2, (args, result.stderr)
        line = error_line(result)
        assert f"{TEMPLATES}/issue_body.md.j2" in line and "symbolic link" in line
        assert FAKE_SECRET not in result.stdout + result.stderr
    assert fake.issues(REPO) == []


def test_symlinked_templates_dir_is_a_config_error_in_validate(
    checkout: Checkout, run_cli: Run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    real = tmp_path_factory.mktemp("elsewhere")
    (real / "issue_body.md.j2").write_text("{{ description }}\n", encoding="utf-8")
    (checkout.root / ".github" / "tpl").symlink_to(real, target_is_directory=True)
    set_templates_dir(checkout, ".github/tpl")
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli("validate")
    assert result.code == 2, result.stderr
    line = error_line(result)
    assert "templates_dir" in line and "symbolic link" in line


@pytest.mark.parametrize("where", ["../outside-templates", "/etc", "sub/../../x"])
def test_templates_dir_outside_the_repository_is_a_config_error(
    checkout: Checkout, run_cli: Run, where: str
) -> None:
    (checkout.root.parent / "outside-templates").mkdir(exist_ok=True)
    set_templates_dir(checkout, where)
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    for args in (("validate",), ("sync", "--dry-run")):
        result = run_cli(*args)
        assert result.code == 2, (args, result.stderr)
        assert "templates_dir" in error_line(result)
        assert "outside the repository" in result.stderr


@pytest.mark.parametrize("command", [("validate",), ("sync", "--dry-run"), ("sync",),
                                     ("digest", "--dry-run"), ("preview", "--dry-run")])
def test_missing_templates_dir_fails_every_command_naming_the_key(
    checkout: Checkout, run_cli: Run, gh: Gh, command: tuple[str, ...]
) -> None:
    """Every command that reads the config (``parse`` reads documents only)."""
    fake, env = gh
    set_templates_dir(checkout, ".github/action-tracker/templates")  # the README's folder
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli(*command, env=env)
    assert fake.writes == 0
    assert result.code == 2, result.stderr
    line = error_line(result)
    assert "action-tracker.yml: templates_dir: folder" in line and "does not exist" in line


def test_a_file_as_templates_dir_is_a_config_error(checkout: Checkout, run_cli: Run) -> None:
    (checkout.root / "notes.txt").write_text("x", encoding="utf-8")
    set_templates_dir(checkout, "notes.txt")
    result = run_cli("validate")
    assert result.code == 2
    assert "templates_dir: 'notes.txt' is not a folder" in error_line(result)


def test_sandbox_refuses_code_execution_and_runs_nothing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    overrides(checkout, issue_body_md_j2=(
        '{{ cycler.__init__.__globals__.os.popen("touch pwned").read() }}\n'
    ))
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    for args in (("sync", "--dry-run"), ("sync",)):
        result = run_cli(*args, env=env)
        assert result.code == 2, result.stderr
        line = error_line(result)
        assert f"{TEMPLATES}/issue_body.md.j2: template refused by the sandbox" in line
    assert not (checkout.root / "pwned").exists()
    assert tracked(fake) == []


def test_dry_run_renders_every_body_so_a_broken_override_fails_it(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    rows = [ROWS[0], ("Write the runbook", "@bob", "", "P2", "mitigate", "open")]
    checkout.write("2026-01-12-db", "Database failover", rows)
    assert run_cli("sync", env=env).code == 0
    # The done comment is only rendered when an issue closes: the dry run still renders it.
    overrides(checkout, issue_comment_done_md_j2="Closed: {{ no_such_name }}\n")
    done = [rows[0], (*rows[1][:5], "done")]
    checkout.write("2026-01-12-db", "Database failover", done)
    for args in (("sync", "--dry-run"), ("preview", "--dry-run")):  # the PR check too
        result = run_cli(*args, env=env)
        assert result.code == 2, result.stderr
        assert f"{TEMPLATES}/issue_comment_done.md.j2: template error" in error_line(result)
    fake.clear_log()
    assert run_cli("sync", env=env).code == 2  # what the dry run predicted
    assert fake.count("POST", r"/issues/\d+/comments$") == 0


def test_secrets_are_masked_in_everything_sent_to_github(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    webhook = "https://hooks.example.com/services/T0AAAAAAA/B0BBBBBBB/whsecretwhsecretwhsecret"
    env = {**env, "ACTION_TRACKER_WEBHOOK_URL": webhook}
    overrides(
        checkout,
        issue_body_md_j2=f"{{{{ description }}}}\nDebug: {fake.token} {webhook}\n",
        issue_comment_done_md_j2=f"Done; token {fake.token}\n",
    )
    leaky = (f"Rotate {fake.token} now", "@alice", "2026-02-01", "P1", "prevent", "open")
    checkout.write("2026-01-12-db", "Database failover", [leaky])
    assert run_cli("sync", env=env).code == 0
    (issue,) = tracked(fake)
    assert issue["title"] == "Rotate *** now"
    assert "Debug: *** ***" in issue["body"]
    assert fake.token not in issue["body"] and "whsecret" not in issue["body"]

    checkout.write("2026-01-12-db", "Database failover", [(*leaky[:5], "done")])
    assert run_cli("sync", env=env).code == 0
    (comment,) = fake.comments(REPO, issue["number"])
    assert comment["body"].startswith("Done; token ***\n")  # then the hidden done marker
    assert fake.token not in comment["body"]
    sent = " ".join(str(i) for i in fake.issues(REPO)) + str(fake.labels(REPO))
    assert fake.token not in sent and not re.search("whsecret", sent)


def readme_config() -> str:
    """The YAML of the README's configuration section, as a user would copy it."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: config -->", 1)[1].split("<!-- /section: config -->")[0]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_readme_config_works_for_a_real_sync(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    data = yaml.safe_load(readme_config())
    data["github"]["write_interval"] = 0  # GitHub asks for 1 s; the fake does not
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    for args in (("validate",), ("sync", "--dry-run"), ("sync",)):
        result = run_cli(*args, env=env)
        assert result.code == 0, (args, result.stderr)
    assert len(tracked(fake)) == 1

    # Its templates_dir line, uncommented, works once the folder exists (as it says).
    line = next(x for x in readme_config().splitlines() if "templates_dir:" in x)
    data["templates_dir"] = yaml.safe_load(line.lstrip("# ").split("#")[0])["templates_dir"]
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run_cli("validate").code == 2
    (checkout.root / data["templates_dir"]).mkdir(parents=True)
    assert run_cli("sync", env=env).code == 0, "an empty override folder keeps every template"
