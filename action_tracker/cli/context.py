"""State shared by every command: global options, loaded lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from action_tracker.config import Config, load_config
from action_tracker.environment import RunEnvironment


@dataclass
class AppContext:
    """Global options, plus the config and environment read on first use."""

    config_path: Path | None
    verbosity: int = 0
    _config: Config | None = field(default=None, repr=False)
    _env: RunEnvironment | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def env(self) -> RunEnvironment:
        if self._env is None:
            self._env = RunEnvironment.from_environ()
        return self._env
