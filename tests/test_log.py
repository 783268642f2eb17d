"""Secrets never reach a log line, and -vv leaves nothing behind for the next run."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from action_tracker.cli import main
from action_tracker.runtime import log


def test_registered_secret_is_masked_in_messages_and_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log.register_secret("ghp_example_secret_token_123")
    logger = log.setup(1)
    logger.warning("token is %s", "ghp_example_secret_token_123")
    logger.info("url https://hooks.example/ghp_example_secret_token_123/x")
    err = capsys.readouterr().err
    assert "ghp_example_secret_token_123" not in err
    assert err.count("***") == 2


def test_library_handlers_from_a_verbose_run_are_removed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log.setup(2)
    assert any(h.filters for h in logging.getLogger("github").handlers)
    log.setup(0)
    for name in ("github", "urllib3"):  # the detail of -vv only: no debug lines now
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)
    log.reset()


def test_document_text_in_a_log_line_stays_on_that_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logger = log.setup(0)
    logger.info("%s: has errors", "postmortems/x\n::error::pwned.md")
    logger.warning("warning: %s", "title ##[add-mask]s")
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "postmortems/x\\n::error::pwned.md: has errors", "warning: title ##\\[add-mask]s"]


def test_a_secret_urls_long_path_and_query_are_masked_on_their_own() -> None:
    log.register_secret_url("https://hooks.example.org/services/T0111/B0222/pathsecretpathsecret")
    log.register_secret_url("https://chat.example.org/hooks?key=querysecretquerysecret")
    log.register_secret_url("https://short.example.org/hook")
    line = log.mask(
        '"POST /services/T0111/B0222/pathsecretpathsecret HTTP/1.1" 200; '
        "GET /hooks?key=querysecretquerysecret; see /hook for details"
    )
    assert "pathsecret" not in line and "querysecret" not in line
    assert line.endswith("see /hook for details")  # a short path is a word, not a secret


def test_a_log_line_goes_to_the_current_stderr_not_a_closed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An in-process run (tests, CliRunner) swaps stderr and closes the old one: the handler
    set up while the old one was in place must not write to it ("Logging error")."""
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logger = log.setup(0)
    first.close()
    monkeypatch.setattr(sys, "stderr", second)
    logger.warning("warning: still shown")
    assert second.getvalue() == "warning: still shown\n"
    log.reset()


def test_no_handler_outlives_a_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """The run's handlers go when the command ends, and the HTTP libraries are left as if
    never configured: a ``-vv`` run leaves no DEBUG level behind for the next one."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["-vv", "parse", "missing.md"])
    assert not logging.getLogger(log.LOGGER_NAME).handlers
    for name in ("github", "urllib3"):
        assert not logging.getLogger(name).handlers
        assert logging.getLogger(name).level == logging.NOTSET


def test_a_library_handler_bound_to_a_closed_stream_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyGithub adds a stderr handler of its own when imported, bound to the stderr of that
    moment (in a test run: a capture that is closed later) and unmasked: a run replaces it
    with the tool's masked handler, so ``-vv`` lines never hit a closed stream."""
    stale = io.StringIO()
    logging.getLogger("github").addHandler(logging.StreamHandler(stale))
    stale.close()
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    log.register_secret("ghp_library_line_secret_1")
    log.setup(2)
    logging.getLogger("github.Requester").debug("GET /x %s", "ghp_library_line_secret_1")
    log.reset()
    assert out.getvalue() == "GET /x ***\n"
