"""The chat webhook client against a real HTTP server on loopback."""

from __future__ import annotations

import pytest

from action_tracker.errors import NotifyError
from action_tracker.runtime.notifier import post_webhook
from tests.digest.webhook_server import WebhookServer


class Sleeps(list[float]):
    """Records the backoff waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_success_posts_the_payload_once() -> None:
    with WebhookServer(200) as hook:
        attempts = post_webhook(hook.url, {"text": "hello"}, sleep=Sleeps())
    assert attempts == 1
    assert hook.received == [{"text": "hello"}]


def test_500_then_success_is_retried_with_backoff() -> None:
    sleeps = Sleeps()
    with WebhookServer(500, 503, 200) as hook:
        attempts = post_webhook(hook.url, {"text": "hi"}, retries=3, backoff=0.5, sleep=sleeps)
    assert attempts == 3
    assert sleeps == [0.5, 1.0]
    assert len(hook.received) == 3


def test_always_500_gives_up_after_bounded_retries_without_the_url() -> None:
    sleeps = Sleeps()
    with WebhookServer(500) as hook, pytest.raises(NotifyError) as info:
        post_webhook(hook.url, {"text": "hi"}, retries=2, sleep=sleeps)
    assert len(hook.received) == 3
    assert info.value.exit_code == 1
    assert str(info.value) == "chat webhook failed after 3 attempts: HTTP 500"
    assert "s3cr3t" not in str(info.value)


def test_a_4xx_is_not_retried() -> None:
    with WebhookServer(404) as hook, pytest.raises(NotifyError, match="HTTP 404"):
        post_webhook(hook.url, {"text": "hi"}, retries=3, sleep=Sleeps())
    assert len(hook.received) == 1


def test_timeout_is_retried_then_reported() -> None:
    with WebhookServer(0.6) as hook, pytest.raises(NotifyError) as info:
        post_webhook(hook.url, {"text": "hi"}, timeout=0.2, retries=1, sleep=Sleeps())
    assert "no answer within 0.2 s" in str(info.value)
    assert "s3cr3t" not in str(info.value)
    assert len(hook.received) == 2


def test_connection_refused_is_reported_without_the_url() -> None:
    with WebhookServer(200) as hook:
        url = hook.url
    with pytest.raises(NotifyError) as info:
        post_webhook(url, {"text": "hi"}, retries=1, sleep=Sleeps())
    assert "could not connect" in str(info.value)
    assert "s3cr3t" not in str(info.value) and "127.0.0.1" not in str(info.value)
