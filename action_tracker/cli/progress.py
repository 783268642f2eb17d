"""``n/N`` progress on stderr while a long run writes to GitHub.

Writes are spaced by ``github.write_interval`` (1 s by default), so a 300-action first sync
takes five minutes; without progress a person (or a workflow's log) sees nothing until the
end. On a terminal the line updates in place (a bar); elsewhere (CI logs, files) a plain
line is printed now and then: at most one per ``every`` seconds and per ``fraction`` of the
work, whichever is rarer, so a log gets at most ten of them. Nothing is shown for a run that
ends within a few seconds. The text itself is :func:`render.report.progress_line`.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from action_tracker.render.report import progress_line
from action_tracker.runtime.log import LOGGER_NAME

_BAR = 20
_REDRAW = 0.1  # seconds between two redraws of the terminal line
DELAY = 2.0  # a terminal shows nothing for a run shorter than this (seconds)
EVERY = 10.0  # in a log, at most one line per this many seconds…
FRACTION = 0.1  # …and per this share of the work, whichever is rarer


def is_terminal(stream: TextIO, *, in_actions: bool) -> bool:
    """Whether ``stream`` can show a line updated in place (a terminal that understands
    ``\r`` and erase-line; Actions logs and ``TERM=dumb`` get plain lines)."""
    return stream.isatty() and not in_actions and os.environ.get("TERM") != "dumb"


class Progress:
    """Counts finished writes and shows ``done/total`` on ``stream``; a context manager
    (while open, a log line on the terminal first clears the bar, so the two never mix)."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        interactive: bool,
        enabled: bool = True,
        delay: float | None = None,
        every: float | None = None,
        fraction: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.interactive = interactive
        self.enabled = enabled and total > 0
        self.delay = DELAY if delay is None else delay
        self.every = EVERY if every is None else every
        self.step = max(1, math.ceil(total * (FRACTION if fraction is None else fraction)))
        self.clock = clock
        self.done = 0
        self.lines = 0  # plain lines printed (CI)
        self._start = clock()
        self._last_time = self._start
        self._last_done = 0
        self._visible = False  # the terminal line is on screen
        self._filter = _ClearBeforeLog(self)

    # -- the context: log lines clear the bar --------------------------------------------
    def __enter__(self) -> Progress:
        if self.enabled and self.interactive:
            for handler in logging.getLogger(LOGGER_NAME).handlers:
                handler.addFilter(self._filter)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handler in logging.getLogger(LOGGER_NAME).handlers:
            handler.removeFilter(self._filter)
        self.finish()

    # -- events --------------------------------------------------------------------------
    def advance(self, count: int = 1) -> None:
        """``count`` more writes are done."""
        self.done += count
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self._start
        if self.interactive:
            if elapsed >= self.delay and (
                not self._visible or now - self._last_time >= _REDRAW or self.done >= self.total
            ):
                self._draw(elapsed)
                self._last_time = now
        elif now - self._last_time >= self.every and self.done - self._last_done >= self.step:
            self._line(elapsed)
            self._last_time, self._last_done = now, self.done

    def clear(self) -> None:
        """Take the terminal line off the screen (before another line is printed)."""
        if self._visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._visible = False

    def finish(self) -> None:
        """The end: the terminal line goes; a log that had progress lines gets the last one."""
        if not self.enabled:
            return
        if self.interactive:
            self.clear()
        elif self.lines and self._last_done != self.done:
            self._line(self.clock() - self._start)
            self._last_done = self.done

    # -- output --------------------------------------------------------------------------
    def _line(self, elapsed: float) -> None:
        self.stream.write(progress_line(self.done, self.total, elapsed) + "\n")
        self.stream.flush()
        self.lines += 1

    def _draw(self, elapsed: float) -> None:
        filled = _BAR * self.done // self.total
        text = f"[{'#' * filled}{'.' * (_BAR - filled)}] " + progress_line(
            self.done, self.total, elapsed
        )
        width = shutil.get_terminal_size().columns - 1  # never wrap: \r could not undo it
        self.stream.write("\r" + text[:width] + "\x1b[K")
        self.stream.flush()
        self._visible = True


class _ClearBeforeLog(logging.Filter):
    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.clear()
        return True
