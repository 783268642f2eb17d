"""Templates are overridable by name from the user's repository (``templates_dir``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from action_tracker.markers import find_marker
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import config_from_mapping
from action_tracker.tracking.desired import build_desired, render_issue

DOC = """---
title: Cache stampede
date: 2026-03-02
---
# Cache stampede

## Action items

| Action | Owner | Due | Priority |
|---|---|---|---|
| Cap the warmup concurrency | @alice | 2026-03-20 | P1 |
"""


def checkout(tmp_path: Path, template: str, text: str) -> Path:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "2026-03-02-cache.md").write_text(DOC, encoding="utf-8")
    folder = tmp_path / ".github" / "action-tracker" / "templates"
    folder.mkdir(parents=True)
    (folder / template).write_text(text, encoding="utf-8")
    (tmp_path / ".github" / "action-tracker.yml").write_text(
        "templates_dir: .github/action-tracker/templates\n", encoding="utf-8"
    )
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "action_tracker", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=60,
    )


def test_digest_template_is_overridden_by_name(tmp_path: Path) -> None:
    root = checkout(
        tmp_path, "digest.md.j2",
        "# Our weekly follow-ups\n{% for row in overdue %}* {{ row.action }}\n{% endfor %}",
    )
    out = run(root, "digest", "--dry-run", "--today", "2026-04-01")
    assert out.returncode == 0, out.stderr
    assert "# Our weekly follow-ups" in out.stdout
    assert "Cap the warmup concurrency" in out.stdout


def test_issue_body_override_keeps_the_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the checkout: templates_dir must be inside it
    folder = tmp_path / "tpl"
    folder.mkdir()
    custom = "Custom body for {{ description | md_inline }}\n"
    (folder / "issue_body.md.j2").write_text(custom, encoding="utf-8")
    config = config_from_mapping({"templates_dir": "tpl"})
    pm = Postmortem(
        path="postmortems/x.md", id="x", title="X",
        actions=[ActionItem(id="a1", description="Cap the warmup concurrency", line=3)],
    )
    (desired,) = build_desired([pm], config, DocLink())
    body = render_issue(desired, config).body
    assert body.startswith("Custom body for Cap the warmup concurrency")
    marker = find_marker(body)  # a custom template can neither drop nor forge the marker
    assert marker is not None and marker.key == ("x", "a1")


def test_a_broken_override_is_one_config_error_line(tmp_path: Path) -> None:
    root = checkout(tmp_path, "digest.md.j2", "{% for x in %}\n")
    out = run(root, "digest", "--dry-run", "--today", "2026-04-01")
    assert out.returncode == 2
    assert "digest.md.j2:1: template error" in out.stderr
    assert len(out.stderr.strip().splitlines()) <= 2  # the "no token" note, then the error
    assert "Traceback" not in out.stderr


def test_a_missing_templates_dir_names_the_option(tmp_path: Path) -> None:
    (tmp_path / "action-tracker.yml").write_text("templates_dir: nowhere\n", encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "a.md").write_text(DOC, encoding="utf-8")
    out = run(tmp_path, "digest", "--dry-run", "--today", "2026-04-01")
    assert out.returncode == 2
    assert "templates_dir: folder 'nowhere' does not exist" in out.stderr
