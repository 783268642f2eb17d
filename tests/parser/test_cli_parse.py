"""``action-tracker parse``: the JSON contract, the text summary, exit codes, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.parser.cli_helpers import run_cli

GOOD = """---
title: Replica lag outage
date: 2026-01-12
severity: SEV2
status: final
authors: [Ana Silva]
---
# Replica lag outage

## What went well

- Alerts fired within a minute

## Action items

- [ ] Add a lag alert @ana due 2026-03-01 (P1, [detect], acme/db#12)
- [x] Restart the replica (Bo Chen)
- Rotate the keys due 2026-02-30
"""

POSTMORTEM_KEYS = {"path", "id", "title", "date", "severity", "status", "authors", "actions",
                   "lessons", "problems"}
ACTION_KEYS = {"id", "description", "owner", "due", "priority", "type", "status", "ticket",
               "line"}


@pytest.fixture
def good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "2026-01-12-replica-lag.md"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_json_has_exactly_the_contract_keys(good: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "parse", good.name)
    assert code == 0 and err == ""
    (doc,) = json.loads(out)
    assert set(doc) == POSTMORTEM_KEYS
    assert all(set(a) == ACTION_KEYS for a in doc["actions"])
    assert set(doc["lessons"]) == {"went_well", "went_wrong", "got_lucky", "other"}
    assert all(set(p) == {"line", "severity", "message"} for p in doc["problems"])


def test_json_values(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "parse", good.name)
    (doc,) = json.loads(out)
    assert {k: doc[k] for k in ("path", "id", "title", "date", "severity", "status",
                                "authors")} == {
        "path": good.name, "id": "2026-01-12-replica-lag", "title": "Replica lag outage",
        "date": "2026-01-12", "severity": "SEV2", "status": "final", "authors": ["Ana Silva"]}
    first, second, third = doc["actions"]
    assert {k: v for k, v in first.items() if k != "id"} == {
        "description": "Add a lag alert", "owner": "@ana", "due": "2026-03-01",
        "priority": "P1", "type": "detect", "status": "open", "ticket": "acme/db#12",
        "line": 16}
    assert (second["status"], second["owner"], second["due"]) == ("done", "Bo Chen", None)
    assert (third["due"], third["status"]) == (None, "unknown")
    assert doc["lessons"]["went_well"] == ["Alerts fired within a minute"]
    assert doc["problems"] == [{"line": 18, "severity": "warning",
                                "message": doc["problems"][0]["message"]}]


def test_warnings_alone_exit_zero(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "parse", good.name)
    assert code == 0 and json.loads(out)[0]["problems"][0]["severity"] == "warning"


def test_several_files_one_bad_others_still_printed(
        good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("binary.md").write_bytes(b"\x00\x01\x02\x03")
    Path("latin1.md").write_bytes("# Caf\xe9 outage\n".encode("latin-1"))
    Path("broken.md").write_text("---\ntitle: [oops\n---\n# B\n", encoding="utf-8")
    Path("folder.md").mkdir()
    code, out, err = run_cli(capsys, "parse", "binary.md", good.name, "latin1.md",
                             "broken.md", "folder.md")
    assert code == 1
    docs = json.loads(out)
    assert [d["path"] for d in docs] == ["binary.md", good.name, "latin1.md", "broken.md",
                                         "folder.md"]
    assert len(docs[1]["actions"]) == 3
    lines = err.strip().splitlines()
    assert len(lines) == 4
    for name, line in zip(["binary.md", "latin1.md", "broken.md", "folder.md"],
                          lines, strict=True):
        assert line.startswith("error: ") and name in line
    assert all(d["problems"][0]["severity"] == "error" for d in docs if d["path"] != good.name)
    # A path that is not there is a usage error (exit 2) before anything is printed.
    code, out, err = run_cli(capsys, "parse", good.name, "missing.md")
    assert (code, out) == (2, "") and err == "error: missing.md: no such file or folder\n"


def test_empty_file_is_a_warning_not_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run_cli(capsys, "parse", str(empty))
    assert code == 0
    assert json.loads(out)[0]["problems"][0]["severity"] == "warning"


def test_text_format_is_a_readable_summary(good: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "parse", "--format", "text", good.name)
    assert code == 0
    assert "Replica lag outage" in out and "2026-01-12" in out
    assert "Add a lag alert" in out and "@ana" in out and "2026-03-01" in out
    assert "Alerts fired within a minute" in out
    assert "2026-02-30" in out  # the warning is shown too
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_json_keeps_non_ascii_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "emoji.md"
    path.write_text("# Café 🔥\n\n## Action items\n\n- Réparer le cache 🚨\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "parse", str(path))
    assert "Café 🔥" in out
    assert json.loads(out)[0]["actions"][0]["description"] == "Réparer le cache 🚨"


@pytest.mark.parametrize("args", [("parse",), ("parse", "--format", "yaml", "x.md"),
                                  ("parse", "--bogus", "x.md")])
def test_usage_errors_exit_two(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == "" and err.strip()
