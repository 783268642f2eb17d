"""State shared by every command: global options, loaded lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded on first use: ``parse`` never needs them
    from action_tracker.config import Config
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
            from action_tracker.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    @property
    def env(self) -> RunEnvironment:
        if self._env is None:
            from action_tracker.environment import RunEnvironment

            self._env = RunEnvironment.from_environ()
        return self._env
