"""A 3xx from the API that PyGithub does not follow is an error, never an empty repository.

PyGithub follows a 301 only on the same host; a 302/307/308, or a 301 to another host,
comes back as the redirect's own body, which read as "No tracked actions" (``status``, exit
0) or crashed ``sync``. The token must never go to another host.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.fake_github.faults import Fault
from tests.sync.conftest import Checkout, CliRun

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
ROWS = [("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open")]


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("command", ["status", "sync"])
def test_a_redirect_on_the_issue_listing_is_a_clear_error(
    checkout: Checkout, run_cli: Run, gh: Gh, status: int, command: str
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    assert run_cli("sync", env=env).code == 0
    with FakeGitHub(token=fake.token) as elsewhere:
        elsewhere.create_repo(REPO)
        # Another host (PyGithub follows a 301 only to its own host and port).
        target = elsewhere.api_url.replace("127.0.0.1", "localhost") + "/repos/acme/moved/issues"
        fake.add_fault(Fault("GET", r"/issues$", "status", "before", status,
                             {"message": "Moved Permanently", "url": target},
                             {"Location": target}))
        fake.clear_log()
        result = run_cli(command, env=env)
        assert elsewhere.requests == []  # nothing (and so no token) went to the other host
    assert result.code == 2, result.stdout
    assert f"GitHub answered {status} (a redirect" in result.stderr
    assert "GITHUB_API_URL" in result.stderr
    assert "internal error" not in result.stderr and "No tracked actions" not in result.stdout
    assert fake.token not in result.stderr + result.stdout
    assert fake.writes == 0


def test_a_next_page_link_to_another_host_is_refused(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.seed_issue(REPO, "one", "body", labels=["postmortem-action"])
    with FakeGitHub(token=fake.token) as elsewhere:
        elsewhere.create_repo(REPO)
        link = (elsewhere.api_url.replace("127.0.0.1", "localhost")
                + "/repositories/1/issues?page=2")
        fake.add_fault(Fault("GET", r"/issues$", "status", "after", 200, fake.issues(REPO),
                             {"Link": f'<{link}>; rel="next", <{link}>; rel="last"'}))
        result = run_cli("status", env=env)
        assert elsewhere.requests == []
    assert result.code == 2
    assert "link points at another host (localhost)" in result.stderr
    assert "internal error" not in result.stderr
