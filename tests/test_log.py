"""Secrets never reach a log line, and -vv leaves nothing behind for the next run."""

from __future__ import annotations

import logging

import pytest

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
    assert not [
        h for h in logging.getLogger("github").handlers
        if any(isinstance(f, log.MaskingFilter) for f in h.filters)
    ]


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
