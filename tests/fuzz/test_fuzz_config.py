"""Config loading on random YAML: a :class:`ConfigError` naming the problem, or a config
whose values work (its globs can be expanded, its due days added to any document date)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import given

from action_tracker.errors import ConfigError
from action_tracker.runtime.config import load_config
from action_tracker.runtime.discovery import discover
from tests.fuzz.strategies import FUZZ, config_data, config_text_pieces


def _load(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "action-tracker.yml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            config = load_config(path)
        except ConfigError as exc:
            assert str(exc).startswith(str(path))
            return
        discover([], globs=config.paths, exclude=config.exclude, root=Path(tmp))
        for priority in (None, "P0", "P1", "P9", *config.due_days):
            days = config.days_for_priority(priority)
            assert dt.date(2999, 12, 31) + dt.timedelta(days=days) <= dt.date.max


@FUZZ
@given(config_data)
def test_config_from_random_structures_loads_or_names_the_problem(data: object) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        return
    _load(text)


@FUZZ
@given(config_text_pieces)
def test_config_from_random_text_loads_or_names_the_problem(text: str) -> None:
    _load(text)
