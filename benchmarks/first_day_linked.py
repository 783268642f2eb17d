"""A real repository's first day, linked issues present (issue 12): copy a folder of
postmortems (e.g. the shared corpus; never committed here) into a temporary checkout, seed
the fake GitHub with every GitHub issue or pull request the documents link (open issues,
merged pull requests), run ``sync`` with the default config and count what happened.

    python benchmarks/first_day_linked.py CORPUS_DIR [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.cli import main as cli_main  # noqa: E402
from action_tracker.markers import find_marker  # noqa: E402
from action_tracker.parsing import parse_text  # noqa: E402
from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402
from action_tracker.tracking.linked import find_link  # noqa: E402

REPO = "acme/postmortems"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--today", default=dt.date.today().isoformat())
    args = parser.parse_args()
    today = dt.date.fromisoformat(args.today)
    docs = sorted(p for p in args.corpus.glob("*.md") if p.name.lower() != "readme.md")
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".github").mkdir()
        (root / ".github" / "action-tracker.yml").write_text(
            "github:\n  write_interval: 0\n", encoding="utf-8")
        (root / "postmortems").mkdir()
        repos = {REPO: fake.create_repo(REPO)}
        seeded: set[tuple[str, int]] = set()
        for doc in docs:
            shutil.copy(doc, root / "postmortems" / doc.name)
            pm = parse_text(doc.read_text(encoding="utf-8"), f"postmortems/{doc.name}")
            for action in pm.actions:
                ref = find_link(action.ticket, REPO)
                if ref is None or ref.same_repo(REPO) or (ref.repo, ref.number) in seeded:
                    continue  # this repository's "#N" would be its own, unknown issues
                repo = repos.get(ref.repo) or repos.setdefault(ref.repo,
                                                               fake.create_repo(ref.repo))
                repo.next_number = ref.number
                pull = "/pull/" in ref.text
                fake.seed_issue(ref.repo, f"linked {ref.number}", pull_request=pull,
                                state="closed" if pull else "open",
                                state_reason="merged" if pull else None)
                seeded.add((ref.repo, ref.number))
        env = {**fake.env(REPO), "GITHUB_SHA": "0" * 40}
        os.environ.update(env)
        os.chdir(root)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                contextlib.suppress(SystemExit):
            cli_main(["sync", "--format", "json"])
        result = json.loads(out.getvalue())
        ops = result["operations"]
        opened = [i for i in fake.issues(REPO) if find_marker(i["body"] or "")]
        overdue = [i for i in opened if (m := find_marker(i["body"])) and m.get("due")
                   and dt.date.fromisoformat(m.get("due") or "") < today]
        in_place = [o for o in ops if "tracked in" in o["reason"]]
        unreadable = [w for w in result["warnings"] if "linked issue" in w]
        print(f"documents {len(docs)}, actions {len(ops)}")
        print(f"issues opened {len(opened)}, assigned {sum(1 for i in opened if i['assignees'])}"
              f", overdue on arrival {len(overdue)}")
        print(f"linked in place {len(in_place)} (links seeded: {len(seeded)}), "
              f"unreadable links warned {len(unreadable)}")


if __name__ == "__main__":
    main()
