"""Front matter made of plain ``key: value`` lines is read without building a YAML loader;
it must give exactly what the loader gives (values, their types, problems), and anything
the shortcut is not sure of must go to the loader."""

from __future__ import annotations

import random

import pytest

from action_tracker.parsing import frontmatter

KEYS = ["title", "date", "severity", "id", "yes", "on", "Null", "a b", "a  b", "x.y", "k-1",
        "True", "key ", "a:b", "A" * 1030, "n", "status", "a,b", "a[b]", "a{b}", "a'b", 'a"b',
        "a!b", "a%b", "a@b", "a|b", "a>b", "a?b", "a&b", "a*b", "a\\b"]
VALUES = ["Incident 1", "2026-07-08", "2026-02-30", "2026-7-8", "2026-07-08 10:00:00",
          "2026-07-08T10:00:00Z", "SEV1", "1", "1.5", "1:20", "0x1F", "0o17", "017", "yes",
          "No", "on", "null", "~", "true", "x: y", "x:y", "x #c", "x#c", "a:", "a ", "1e3",
          "1_000", ".inf", "a, b", "a [b]", "a {b}", "a 'b'", 'a "b"', "a|b", "a > b", "a - b",
          "9999-12-31", "0000-01-01", "2026-13-01", "2026-01-01 1:02:03.5 +1", "a  b", "NaN",
          "-", "a%b", "a`b", "=", "2026", "20:15", "1,000", "a\tb", "Café", "x\u00a0y"]


def _with_loader(raw: str) -> frontmatter.FrontMatter:
    result = frontmatter.FrontMatter()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontmatter, "_simple_yaml", lambda raw: None)
        frontmatter._load_yaml(raw, result)
    return result


def _seen(result: frontmatter.FrontMatter) -> str:
    return repr((result.data, [type(v) for v in result.data.values()], result.problems,
                 result.item_lines))


def test_shortcut_reads_what_the_loader_reads() -> None:
    rng = random.Random(1)
    shortcut_used = 0
    for _ in range(4000):
        lines = [f"{rng.choice(KEYS)}: {rng.choice(VALUES)}" for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.05:
            lines.insert(rng.randrange(len(lines) + 1),
                         rng.choice(["", "  ", "---", "# c", "  x: y", "- a"]))
        raw = "\n".join(lines)
        if not raw.strip():
            continue
        fast = frontmatter.FrontMatter()
        frontmatter._load_yaml(raw, fast)
        shortcut_used += frontmatter._simple_yaml(raw) is not None
        assert _seen(fast) == _seen(_with_loader(raw)), raw
    assert shortcut_used > 300  # the comparison really covers the shortcut


@pytest.mark.parametrize("raw", ["title: x\nactions:\n  - Fix it", "date: yes", "a: b: c",
                                 "title: x # note", "title: Café", "title: 'quoted'"])
def test_anything_unusual_goes_to_the_loader(raw: str) -> None:
    assert frontmatter._simple_yaml(raw) is None
