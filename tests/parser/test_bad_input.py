"""Bad input gives a problem entry or one stderr line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from action_tracker.parsing import parse_file, parse_text


def run(*args: str, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "action_tracker", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60, env=env)


def test_unreadable_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    assert "binary" in parse_file(tmp_path / "bin.md").problems[0].message
    latin = parse_file(tmp_path / "latin.md").problems[0]
    assert (latin.severity, latin.line) == ("error", 1) and "UTF-8" in latin.message
    assert "no such file" in parse_file(tmp_path / "missing.md").problems[0].message
    assert "folder" in parse_file(tmp_path).problems[0].message


def test_empty_and_broken_front_matter() -> None:
    assert parse_text("", "e.md").problems[0].message == "document is empty"
    pm = parse_text("---\ntitle: [unclosed\n---\n\n## Action items\n\n- Still read\n", "b.md")
    assert pm.problems[0].severity == "error" and "YAML" in pm.problems[0].message
    assert pm.actions[0].description == "Still read"
    bad_date = parse_text("---\ndate: 30/30/30\n---\n# T\n", "d.md")
    assert bad_date.date is None and "not a real date" in bad_date.problems[0].message


def test_big_document_parses(tmp_path: Path) -> None:
    item = "- Check the replica lag dashboard after every deploy @ops due 2026-01-02\n"
    text = "# Big\n\n## Action items\n\n" + item * 4000
    pm = parse_text(text, "big.md")
    assert len(pm.actions) == 4000
    assert pm.actions[-1].id.endswith("-4000")


def test_parse_cli_json_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Good\n\n## Action items\n\n- [ ] Ship it @me\n", encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\xff\x00")
    out = run("parse", str(good), str(binary))
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data[0]["actions"][0]["owner"] == "@me"
    assert data[1]["problems"][0]["severity"] == "error"
    assert "binary.md" in out.stderr and "Traceback" not in out.stderr
    missing = run("parse", str(good), str(tmp_path / "nope.md"))  # usage: exit 2, no JSON
    assert missing.returncode == 2 and missing.stdout == ""
    assert "nope.md: no such file or folder" in missing.stderr
    ok = run("parse", "--format", "text", str(good))
    assert ok.returncode == 0 and "Ship it" in ok.stdout
    assert run("parse").returncode == 2


def test_validate_formats_and_exit_codes(tmp_path: Path) -> None:
    pm = tmp_path / "postmortems" / "2026-01-05-x.md"
    pm.parent.mkdir()
    pm.write_text("# X\n\nDate: 2026-01-05\n\n## Action items\n\n"
                  "- [AI-1] First @a due 2026-01-01\n- [AI-1] Second @b\n- Third\n",
                  encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true"}
    out = run("validate", cwd=tmp_path, env=env)
    assert out.returncode == 1
    assert "::error file=postmortems/2026-01-05-x.md,line=7::" in out.stdout
    assert "::warning file=postmortems/2026-01-05-x.md,line=7::" in out.stdout  # due < date
    assert "::warning file=postmortems/2026-01-05-x.md,line=9::" in out.stdout  # no owner/due
    text = run("validate", "--format", "text", str(pm), cwd=tmp_path, env=env)
    assert "error" in text.stdout and text.returncode == 1
    clean = tmp_path / "clean.md"
    clean.write_text("# C\n\n## Action items\n\n- Do it @a\n", encoding="utf-8")
    out = run("validate", "--format", "json", str(clean), cwd=tmp_path, env=env)
    assert out.returncode == 0 and json.loads(out.stdout)["errors"] == 0
    missing = run("validate", "--format", "text", "nope.md", cwd=tmp_path, env=env)
    assert missing.returncode == 2 and "nope.md: no such file" in missing.stderr
