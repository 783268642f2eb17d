#!/usr/bin/env python3
"""Parse time of pathological documents: the parser must stay linear on any input.

Each case is one repeated unit (a run of ``[``, ``(a``, ``@``, digits, table rows, nested
list markers, ...) placed where the parser reads it most closely: inside an action item, a
table cell of an action table, a heading, a paragraph, many lines, or the front matter. The
goal (issue 9) is at most about 1 s per 100 KB of document on any input; each case is timed
at ``--size`` bytes and at a quarter of it, and the ratio of the two times shows how the cost
grows (about 4 for linear, 16 for quadratic).

Usage:
    python benchmarks/adversarial_benchmark.py [--size 100000] [--only SUBSTRING] [--limit S]

``--limit`` stops a case after S seconds (reported as ``>S``) so one bad pattern does not
hold up the others.
"""

from __future__ import annotations

import argparse
import signal
import time
from collections.abc import Callable

from action_tracker.parsing import parse_text

# Units repeated to fill the size; each is a shape some rule of the parser looks for.
UNITS = [
    "[", "]", "(", ")", "[a", "(a", "[a](", "[a][", "](", "*", "**", "_", "__", "`", "~~", "|",
    "-", " - ", "—", "@", "@a ", "#", "#1 ", " ", "\t", "1", "2026-", "2026-01-01 ", "1/", ":",
    "a:", "owner: ", "owner: a ", "due ", "by 2026-01-01 ", "P1 ", "p", "a, ", ",", ";", "a ",
    "A", "AB-1 ", "<", "<http://", "http://a", "!", "&", "\\", "~", "Q1 ", "of ", "é", "\u200b",
    "status: ", "[x] ", "(owner: a, ", "a.", ".", "'", "\"", "{", "/", "b/1",
]


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit.encode())))


# Where the payload goes (each returns the whole document).
CONTEXTS: dict[str, Callable[[str], str]] = {
    "item": lambda p: f"# T\n\n## Action items\n\n- Fix {p} end\n",
    "item-tail": lambda p: f"# T\n\n## Action items\n\n- Fix x {p}\n",
    "cell": lambda p: f"# T\n\n## Action items\n\n| Action | Owner |\n|---|---|\n| {p} | a |\n",
    "heading": lambda p: f"# {p}\n\n## Action items\n\n- Fix it\n",
    "paragraph": lambda p: f"# T\n\n{p}\n\n## Action items\n\n- Fix it\n",
    "lines": lambda p: "# T\n\n## Action items\n\n" + "\n".join(
        f"- {p[i:i + 60]}" for i in range(0, len(p), 60)) + "\n",
}


def _lines_case(size: int) -> dict[str, str]:
    """Whole-document shapes that are not one repeated unit in one place."""
    def rows(row: str) -> str:
        head = "# T\n\n## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n"
        return head + row * (size // len(row))

    return {
        "table rows": rows("| Fix a | @a | 2026-01-01 |\n"),
        "table wide": "# T\n\n## Action items\n\n" + "|a" * (size // 4) + "|\n"
                      + "|-" * (size // 4) + "|\n" + "|a" * (size // 4) + "|\n",
        "nested list": "# T\n\n## Action items\n\n" + "".join(
            "  " * i + "- a\n" for i in range(int((size / 2) ** 0.5))),
        "deep list": "# T\n\n## Action items\n\n" + "- " * (size // 2) + "a\n",
        "deep quote": "# T\n\n## Action items\n\n" + "> " * (size // 2) + "a\n",
        "quote lines": "# T\n\n## Action items\n\n" + "".join(
            ">" * i + " a\n" for i in range(int((2 * size) ** 0.5))),
        "headings": "".join(f"## Action items {i}\n\n- Fix {i}\n\n" for i in range(size // 30)),
        "blank lines": "# T\n\n## Action items\n\n- a" + "\n" * size,
        "blank lines intro": "# T\n\nSome text\n" + "\n" * size + "more\n",
        "space lines intro": "# T\n\nSome text\n" + " \n" * (size // 2) + "more\n",
        "tab lines intro": "Some text\n" + "\t\n" * (size // 2) + "# T\n",
        "timeframe spaces": "# T\n\n## Action items\n\n### Later (Q1" + " " * size + "x)\n\n- a\n",
        "key spaces heading": "# see" + " " * size + "x: y\n\ntext\n",
        "dates after due": "# T\n\n## Action items\n\n- Fix by x " + "2026-01-01 x " * (size // 13)
                           + "\n",
        "dots before ref": "# T\n\n## Action items\n\n- Fix " + "." * size + " #1 end\n",
        "long line": "# T\n\n## Action items\n\n- " + "word " * (size // 5) + "\n",
        "items": "# T\n\n## Action items\n\n" + "- [ ] Fix @a due 2026-01-01 (P1)\n" * (size // 34),
        "prose lines": "# T\n\n## Action items\n\n" + "Add the thing\n" * (size // 14),
        "prose sentence": "# T\n\n## Action items\n\nThe " + "a " * (size // 2) + "will be\n",
        "lead-in lines": "# T\n\n## Conclusion\n\n" + "we will x:\n" * (size // 10),
        "task headings": "# T\n\n## Action items\n\n" + "### 1) Add x\n\nDetail\n\n"
                         * (size // 26),
        "template braces": "# T\n\n## Action items\n\n- " + "{{<add" * (size // 6) + "\n",
        "front matter keys": "---\n" + "".join(f"k{i}: v\n" for i in range(size // 8))
                             + "---\n# T\n",
        "front matter list": "---\nactions:\n" + "  - a\n" * (size // 6) + "---\n# T\n",
        "front matter flow": "---\nx: " + "[" * (size // 2) + "]" * (size // 2) + "\n---\n# T\n",
        "toml deep": "+++\nx = " + "[" * (size // 2) + "]" * (size // 2) + "\n+++\n# T\n",
        "toml inline": "+++\nx = " + "{a=" * (size // 3) + "1" + "}" * (size // 3) + "\n+++\n",
        "reference defs": "# T\n\n## Action items\n\n- [a][r0]\n\n" + "".join(
            f"[r{i}]: http://x/{i}\n" for i in range(size // 16)),
        "emphasis": "# T\n\n## Action items\n\n- " + "*a _b " * (size // 6) + "\n",
        "link nest": "# T\n\n## Action items\n\n- " + "[" * (size // 3) + "a" + "](x)" * 0
                     + "]" * (size // 3) + "(u)\n",
        "html": "# T\n\n## Action items\n\n- " + "<a " * (size // 3) + "\n",
    }


def cases(size: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for unit in UNITS:
        payload = _fill(unit, size)
        for name, build in CONTEXTS.items():
            out[f"{name} {unit!r}"] = build(payload)
    out.update(_lines_case(size))
    return out


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _time(text: str, limit: float) -> float | None:
    """Seconds to parse ``text``; None past ``limit``; an exception is a bug (re-raised)."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        parse_text(text, "adversarial.md")
    except _Timeout:
        return None
    except Exception as exc:  # reported per case, the run goes on
        print(f"  raised {type(exc).__name__}: {str(exc)[:80]}")
        return float("nan")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--size", type=int, default=100_000, help="bytes of each document")
    ap.add_argument("--only", default="", help="run the cases whose name holds this")
    ap.add_argument("--limit", type=float, default=10.0, help="seconds before giving up a case")
    ap.add_argument("--worst", type=int, default=0, help="print only the N slowest cases")
    args = ap.parse_args()
    parse_text("# warm-up\n\n- a\n", "w.md")
    big, small = cases(args.size), cases(args.size // 4)
    results = []
    for name, text in big.items():
        if args.only and args.only not in name:
            continue
        t_small = _time(small[name], args.limit)
        t_big = _time(text, args.limit) if t_small is not None else None
        results.append((name, len(text.encode()), t_small, t_big))
    if args.worst:
        results.sort(key=lambda r: -(r[3] if r[3] is not None else float("inf")))
        results = results[: args.worst]
    over = 0
    for name, size, t_small, t_big in results:
        big_s = f"{t_big:8.3f} s" if t_big is not None else f"  >{args.limit:.0f} s  "
        ratio = f"x{t_big / t_small:5.1f}" if t_big and t_small else "   -  "
        per_100k = (t_big / size * 100_000) if t_big is not None else float("inf")
        flag = "" if per_100k <= 1.0 else "  SLOW"
        over += bool(flag)
        print(f"{name:32} {size / 1000:7.0f} KB {big_s} {ratio}{flag}")
    print(f"{len(results)} cases, {over} over 1 s per 100 KB")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
