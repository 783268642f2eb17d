"""The config file: defaults when absent, errors that name the offending key."""

from __future__ import annotations

from pathlib import Path

import pytest

from action_tracker.config import load_config
from action_tracker.errors import ConfigError


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
