"""``action-tracker validate``: problems with file and line, formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.parser.cli_helpers import run_cli

CLEAN = """# Replica lag outage

Date: 2026-01-12

## Action items

- [ ] Add a lag alert @ana due 2026-03-01
- [x] Restart the replica
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with no config file, outside GitHub Actions."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_document_exits_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pm.md", CLEAN)
    code, out, _ = run_cli(capsys, "validate", "pm.md")
    assert code == 0
    assert out.strip() == "1 file(s) checked: 0 error(s), 0 warning(s)"


def test_sync_hazards_are_warnings_and_exit_zero(repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pm.md", CLEAN + "- Nobody owns this one\n- Late already @bo due 2026-01-02\n"
          "- [x] Finished without owner\n")
    code, out, _ = run_cli(capsys, "validate", "pm.md")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("pm.md:9: warning:") and "no owner" in lines[0]
    assert lines[1].startswith("pm.md:10: warning:") and "before the postmortem date" in lines[1]
    assert lines[-1] == "1 file(s) checked: 0 error(s), 2 warning(s)"  # done items are fine


def test_duplicate_explicit_ids_are_an_error(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pm.md", CLEAN + "- [AI-1] First @a\n- [AI-1] Second @b\n")
    code, out, _ = run_cli(capsys, "validate", "pm.md")
    assert code == 1
    assert "pm.md:9: error:" in out and "'AI-1' is used 2 times (lines 9, 10)" in out


def test_problems_from_the_parser_are_reported_with_lines(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pm.md", CLEAN + "\n| Action | Owner |\n|---|---|\n| Ragged | Ana | extra |\n"
          "- Due on a day that does not exist @bo due 2026-02-30\n")
    _, out, _ = run_cli(capsys, "validate", "pm.md")
    assert "pm.md:12: warning: table row has 3 cells" in out


def test_json_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "a.md", "---\ntitle: [broken\n---\n# A\n")
    write(repo / "b.md", CLEAN + "- Nobody owns this one\n")
    code, out, _ = run_cli(capsys, "validate", "--format", "json", "a.md", "b.md")
    assert code == 1
    report = json.loads(out)
    assert (report["files"], report["errors"], report["warnings"]) == (2, 1, 1)
    assert [(p["path"], p["line"], p["severity"]) for p in report["problems"]] == [
        ("a.md", 3, "error"), ("b.md", 9, "warning")]
    assert all(set(p) == {"path", "line", "severity", "message"} for p in report["problems"])


def test_github_format_annotations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "postmortems" / "pm.md", CLEAN + "- Nobody owns this one\n")
    write(repo / "postmortems" / "bad.md", "---\ntitle: [broken\n---\n# A\n")
    code, out, _ = run_cli(capsys, "validate", "--format", "github", "postmortems")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("::error file=postmortems/bad.md,line=3::front matter")
    assert lines[1].startswith("::warning file=postmortems/pm.md,line=9::action ")
    assert lines[-1] == "2 file(s) checked: 1 error(s), 1 warning(s)"


def test_github_format_is_the_default_inside_actions(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "pm.md", CLEAN + "- Nobody owns this one\n")
    _, plain, _ = run_cli(capsys, "validate", "pm.md")
    assert plain.startswith("pm.md:9: warning:")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, annotated, _ = run_cli(capsys, "validate", "pm.md")
    assert annotated.startswith("::warning file=pm.md,line=9::")
    _, forced, _ = run_cli(capsys, "validate", "--format", "text", "pm.md")
    assert forced == plain


def test_annotation_escaping(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The file name holds a comma and a colon; the message a % and a newline (explicit ids).
    write(repo / "db, cache: v2.md", '---\nactions:\n'
          '  - {id: "50%\\nup", description: One, owner: Ana}\n'
          '  - {id: "50%\\nup", description: Two, owner: Bo}\n---\n# T\n')
    _, out, _ = run_cli(capsys, "validate", "--format", "github", "db, cache: v2.md")
    lines = out.splitlines()
    assert len(lines) == 2  # one annotation, one summary: nothing split across lines
    assert lines[0].startswith("::error file=db%2C cache%3A v2.md,line=3::action id '50%25")


def test_default_paths_are_the_configured_globs(repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "postmortems" / "2026" / "a.md", CLEAN)
    write(repo / "docs" / "postmortems" / "b.md", CLEAN)
    write(repo / "postmortems" / "README.md", "- [AI-1] x\n- [AI-1] y\n")  # excluded
    write(repo / "notes" / "c.md", "---\ntitle: [broken\n---\n")  # not a postmortem path
    code, out, _ = run_cli(capsys, "validate")
    assert code == 0
    assert out.strip().endswith("2 file(s) checked: 0 error(s), 0 warning(s)")


def test_configured_paths_and_exclude(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "action-tracker.yml", 'paths: ["incidents/*.md"]\nexclude: ["**/draft-*"]\n')
    write(repo / "incidents" / "a.md", CLEAN + "- Nobody owns this one\n")
    write(repo / "incidents" / "draft-b.md", "---\ntitle: [broken\n---\n")
    code, out, _ = run_cli(capsys, "validate")
    assert code == 0
    assert out.splitlines()[0].startswith("incidents/a.md:9: warning:")
    assert out.strip().endswith("1 file(s) checked: 0 error(s), 1 warning(s)")


def test_no_postmortems_found_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "validate")
    assert code == 0 and "warning: 0 postmortems matched the configured paths" in err


@pytest.mark.parametrize("config", ["paths: [unclosed\n", "no_such_key: 1\n"])
def test_config_error_exits_two_with_one_line(repo: Path, config: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "action-tracker.yml", config)
    write(repo / "postmortems" / "a.md", CLEAN)
    code, out, err = run_cli(capsys, "validate")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "action-tracker.yml" in err


def test_bad_format_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_cli(capsys, "validate", "--format", "xml")
    assert code == 2


def test_unreadable_file_is_an_error_and_others_still_checked(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "good.md", CLEAN)
    (repo / "bin.md").write_bytes(b"\x00\xff\x00")
    code, out, _ = run_cli(capsys, "validate", "bin.md", "good.md")
    assert code == 1
    assert "bin.md: error: binary file" in out
    assert out.strip().endswith("2 file(s) checked: 1 error(s), 0 warning(s)")
    code, out, err = run_cli(capsys, "validate", "bin.md", "good.md", "missing.md")
    assert code == 2 and out == "" and "missing.md: no such file or folder" in err
