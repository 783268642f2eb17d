#!/usr/bin/env python3
"""Check that a parser change leaves every result unchanged.

Speed work on the parser must not move a single field, so this script snapshots the JSON of
``action-tracker parse --format json`` for a fixed set of documents and later compares:

- every ``*.md`` of the real corpus (``--corpus``, default ``/work/shared/corpus``), of
  ``examples/postmortems/`` and under ``tests/``;
- ``--generated`` documents from the parse benchmark's generator (fixed ``--seed``);
- optionally ``--recorded``: a JSON list of ``[text, path]`` pairs (for instance every input
  the test suite gave ``parse_text``), parsed in-process;
- optionally ``--mutated N``: N randomly mutated copies of those documents (lines deleted,
  copied, swapped; metadata and Markdown constructs spliced in), parsed in-process.

Usage:
    python benchmarks/parse_equivalence.py snapshot before.json --mutated 20000
    python benchmarks/parse_equivalence.py compare before.json --mutated 20000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_benchmark import document  # noqa: E402


def _cli_parse(files: list[str], cwd: Path) -> dict[str, object]:
    """``action-tracker parse --format json`` over ``files`` (relative to ``cwd``)."""
    out: dict[str, object] = {}
    for start in range(0, len(files), 200):
        batch = files[start:start + 200]
        proc = subprocess.run(
            [sys.executable, "-m", "action_tracker", "parse", "--format", "json", *batch],
            cwd=cwd, capture_output=True, text=True, check=False)
        for name, result in zip(batch, json.loads(proc.stdout), strict=True):
            out[name] = result
    return out


def collect(args: argparse.Namespace) -> dict[str, object]:
    results: dict[str, object] = {}
    corpus = Path(args.corpus)
    if corpus.is_dir():
        files = sorted(p.name for p in corpus.glob("*.md") if p.name != "README.md")
        results.update({f"corpus/{k}": v for k, v in _cli_parse(files, corpus).items()})
    local = sorted(str(p.relative_to(ROOT)) for p in
                   [*(ROOT / "examples" / "postmortems").glob("*.md"),
                    *(ROOT / "tests").rglob("*.md")])
    results.update(_cli_parse(local, ROOT))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for index in range(args.generated):
            name = f"gen-{index:05d}.md"
            (Path(tmp) / name).write_text(document(rng, index), encoding="utf-8")
            names.append(name)
        results.update({f"generated/{k}": v for k, v in _cli_parse(names, Path(tmp)).items()})
    if args.mutated:
        results.update(_mutated(args, corpus))
    if args.recorded:
        from action_tracker.parsing import parse_text

        pairs = json.loads(Path(args.recorded).read_text(encoding="utf-8"))
        for index, (text, path) in enumerate(pairs):
            pm = parse_text(text, path)
            results[f"recorded/{index:04d}:{path}"] = json.loads(
                json.dumps(pm.to_contract(), ensure_ascii=False))
    return results


# Constructs spliced into documents by ``--mutated``: metadata shapes, Markdown structure
# and the characters the fast paths test for.
_SNIPPETS = [
    "(owner: Ana Lima)", " — @ana", "[P1] ", "[prevent]", "~~", "Q3 2026", "due 1 Dec 2026",
    "| x | y |", "by 2026-02-30", "#123", "ABC-42", "https://github.com/o/r/issues/7",
    "**Owner:** Bo", "✅ ", "DONE: ", "(Ana, 2026-03-01)", ", P2", "; status: done", " - SRE team",
    "<https://jira.example.com/browse/AB-1>", "[link](http://x/pull/3)", "_(Ana)_",
    "next sprint", "Owner: Bo Chen", "priority: high", "type: detect", "03/04/2026",
    "6th November, 2022", "`code`", "\\|", "&amp;", "<br>", "\n", "\n\n", "  ", "# ",
    "## Action Items\n", "### What went well\n", "- [ ] ", "- [x] ", "1. ", "* ", "> ",
    "```\n", "---\n", "===\n", "Action Items:\n", "Lessons learned\n", "Date: 2025-11-02\n",
    "[ref]: http://x/issues/9\n", "| Action | Owner | Due |\n|---|---|---|\n", "<!-- c -->",
    "<div>\n", "~~~\n", "\t", "(", ")", "[", "]", ":", "|", "@", "*", "_",
]


def _mutate(text: str, rng: random.Random) -> str:
    """A few random line deletions, copies, swaps and spliced-in snippets."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            lines = [""]
        index = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.2:
            del lines[index]
        elif op < 0.35:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif op < 0.45:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            line = lines[index]
            at = rng.randint(0, len(line))
            lines[index] = line[:at] + rng.choice(_SNIPPETS) + line[at:]
    return "\n".join(lines)


def _mutated(args: argparse.Namespace, corpus: Path) -> dict[str, object]:
    """``--mutated`` variants of the corpus, the local documents and generated ones,
    parsed in-process (the fast paths' refusals and edge cases live in such documents)."""
    from action_tracker.parsing import parse_text

    sources = [p for p in sorted(corpus.glob("*.md")) if p.name != "README.md"]
    sources += sorted([*(ROOT / "examples" / "postmortems").glob("*.md"),
                       *(ROOT / "tests").rglob("*.md")])
    seeds = [(p.read_text(encoding="utf-8", errors="replace"), p.name) for p in sources]
    gen = random.Random(args.seed)
    seeds += [(document(gen, index), f"gen-{index}.md") for index in range(300)]
    rng = random.Random(args.seed + 1)
    out: dict[str, object] = {}
    for index in range(args.mutated):
        text, name = seeds[rng.randrange(len(seeds))]
        pm = parse_text(_mutate(text, rng), name)
        out[f"mutated/{index:05d}:{name}"] = json.loads(
            json.dumps(pm.to_contract(), ensure_ascii=False))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("mode", choices=["snapshot", "compare"])
    ap.add_argument("file")
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--generated", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--recorded", default=None)
    ap.add_argument("--mutated", type=int, default=0,
                    help="also compare N randomly mutated documents (e.g. 20000)")
    args = ap.parse_args()
    results = collect(args)
    if args.mode == "snapshot":
        Path(args.file).write_text(json.dumps(results, indent=1, ensure_ascii=False),
                                   encoding="utf-8")
        print(f"snapshot of {len(results)} documents written to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text(encoding="utf-8"))
    missing = sorted(set(before) - set(results))
    changed = sorted(k for k in before if k in results and before[k] != results[k])
    for key in changed:
        print(f"CHANGED {key}")
        old, new = before[key], results[key]
        if isinstance(old, dict) and isinstance(new, dict):
            for field in sorted(set(old) | set(new)):
                if old.get(field) != new.get(field):
                    print(f"  {field}:\n    before {old.get(field)!r}"
                          f"\n    after  {new.get(field)!r}")
    for key in missing:
        print(f"MISSING {key}")
    print(f"compared {len(before)} documents: {len(changed)} changed, {len(missing)} missing, "
          f"{len(set(results) - set(before))} new")
    return 1 if changed or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
