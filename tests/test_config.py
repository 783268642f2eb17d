"""The config file: defaults when absent, errors that name the offending key."""

from __future__ import annotations

from pathlib import Path

import pytest

from action_tracker.errors import ConfigError
from action_tracker.runtime.config import load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".github" / "action-tracker.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_absent_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    assert config.labels.tracking == "postmortem-action"
    assert config.days_for_priority("P0") == 7
    assert config.days_for_priority("P3") == 90
    assert config.days_for_priority(None) == 90


def test_default_location_is_found(tmp_path: Path) -> None:
    write(tmp_path, "labels:\n  tracking: follow-up\nowners:\n  Alice Smith: '@alice'\n")
    config = load_config(None, cwd=tmp_path)
    assert config.labels.tracking == "follow-up"
    assert config.owners == {"Alice Smith": "alice"}


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "digest:\n  perod: week\n")
    with pytest.raises(ConfigError, match=r"unknown key 'digest\.perod'"):
        load_config(path)


def test_wrong_type_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "digest:\n  due_soon_days: soon\n")
    with pytest.raises(ConfigError, match=r"digest\.due_soon_days"):
        load_config(path)


def test_bad_enum_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "digest:\n  period: fortnight\n")
    with pytest.raises(ConfigError, match=r"digest\.period"):
        load_config(path)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "labels:\n  tracking: [unclosed\n")
    with pytest.raises(ConfigError, match=r"action-tracker\.yml:\d+: invalid YAML"):
        load_config(path)


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml")


def test_label_color_must_be_hex(tmp_path: Path) -> None:
    path = write(tmp_path, "labels:\n  color: purple\n")
    with pytest.raises(ConfigError, match=r"labels\.color: must be 6 hex digits"):
        load_config(path)


@pytest.mark.parametrize(("text", "message"), [
    # each of these ended in "internal error" (or a run that never found its issues) before
    ("paths: ['/srv/x/*.md']\n", r"paths\[0\]: '/srv/x/\*\.md': must be relative"),
    ("paths: ['postmortems/*.md', '']\n", r"paths\[1\]: '': must not be empty"),
    ("paths: ['postmortems/**.md']\n", r"paths\[0\]: .*'\*\*' must be a whole path part"),
    # PyYAML 6.0 composes it (and the depth check refuses it); later releases give up first
    ("paths: " + "[" * 3000 + "]" * 3000 + "\n",
     r"action-tracker\.yml:1: (invalid YAML|the config is nested more than 100 levels)"),
    ("due_days:\n  P1: " + "1" * 5001 + "\n", r"due_days\.P1: .*integer"),
    ("due_days:\n  P1: 1000000000\n", r"due_days: P1: at most 36500 days"),
    ("labels:\n  tracking: postmortem,action\n", r"labels\.tracking: must not contain a comma"),
    ("labels:\n  digest: 'digest,weekly'\n", r"labels\.digest: must not contain a comma"),
    ("labels:\n  removed: " + "x" * 51 + "\n", r"labels\.removed: .*at most 50 characters"),
    ("labels:\n  priority_prefix: " + "p" * 45 + "\n", r"labels\.priority_prefix: at most 40"),
    ("digest:\n  title: 'Follow-ups {week}'\n", r"digest\.title: only \{period\}"),
    ("digest:\n  title: 'Follow-ups {period:>999999999}'\n", r"digest\.title: only \{period\}"),
    ("digest:\n  title: 'Follow-ups {'\n", r"digest\.title: Single '\{'"),
    ("digest:\n  max_items: !!float many\n", r"invalid YAML: could not convert"),
    ("digest:\n  max_items: !!float\n", r"action-tracker\.yml: invalid YAML"),  # IndexError
    ("a: &a [x, x]\npaths: *a\n", r"action-tracker\.yml:2: the config uses the YAML alias \*a"),
])
def test_a_value_that_would_fail_later_is_a_config_error_naming_the_key(
        tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_valid_patterns_titles_and_labels_load(tmp_path: Path) -> None:
    path = write(tmp_path, "paths: ['./postmortems/**/*.md', 'docs/*.md']\n"
                           "digest:\n  title: 'Follow-ups {period} {{team}}'\n"
                           "labels:\n  tracking: 'follow-up: postmortem'\n")
    config = load_config(path)
    assert config.paths == ["./postmortems/**/*.md", "docs/*.md"]
    assert config.labels.tracking == "follow-up: postmortem"
